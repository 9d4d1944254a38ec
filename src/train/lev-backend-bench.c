/* lev-backend-bench.c: GEMM and training-step throughput of any backend,
 * measured through the front end (lev-backend.h). */
#define G_LOG_DOMAIN "lev-backend-bench"
#include "config.h"

#include <math.h>
#include <sys/resource.h>

#include "lev-backend-bench.h"

static void
fill_random (float  *v,
             gsize   n,
             GRand  *rng,
             double  scale)
{
  for (gsize i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rng, -scale, scale);
}

static double
cpu_seconds (void)
{
  struct rusage ru;

  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return 0;
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double
lev_bench_gemm (LevBackend          *backend,
                LevGemmOrientation   orient,
                gsize                m,
                gsize                n,
                gsize                k,
                guint                reps,
                GError             **error)
{
  double wall = -1;

  if (!lev_bench_gemm_full (backend, orient, m, n, k, reps, &wall, NULL, error))
    return -1;
  return wall;
}

gboolean
lev_bench_gemm_full (LevBackend          *backend,
                     LevGemmOrientation   orient,
                     gsize                m,
                     gsize                n,
                     gsize                k,
                     guint                reps,
                     double              *wall_gflops,
                     double              *cpu_gflops,
                     GError             **error)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (42);
  g_autofree float *host = NULL;
  LevBuffer *buf;
  gsize total = m * k + k * n + m * n;
  gint64 start = 0;
  double seconds, cpu_start = 0, flop = 2.0 * m * n * k * reps;
  gboolean ok;

  g_return_val_if_fail (reps > 0, FALSE);
  if ((buf = lev_backend_alloc (backend, total, error)) == NULL)
    return FALSE;
  host = g_new (float, m * k + k * n);
  fill_random (host, m * k + k * n, rng, 1.0);
  lev_backend_upload (backend, lev_view (buf, 0), host, m * k + k * n);
  /* The warm-up also pays any lazy per-kernel compile (PoCL). */
  for (guint r = 0; r <= reps; r++)
    {
      if (r == 1)
        {
          if (!lev_backend_sync (backend, error))
            {
              lev_backend_free_buffer (backend, buf);
              return FALSE;
            }
          start = g_get_monotonic_time ();
          cpu_start = cpu_seconds ();
        }
      lev_backend_gemm (backend, orient, m, n, k, 1.0f, lev_view (buf, 0),
                        lev_view (buf, m * k), 0.0f, lev_view (buf, m * k + k * n),
                        lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
    }
  ok = lev_backend_sync (backend, error);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  if (cpu_gflops != NULL)
    *cpu_gflops = flop / MAX (cpu_seconds () - cpu_start, 1e-9) / 1e9;
  if (wall_gflops != NULL)
    *wall_gflops = flop / MAX (seconds, 1e-9) / 1e9;
  lev_backend_free_buffer (backend, buf);
  return ok;
}

typedef struct {
  gsize in, out;
  gsize w, b;      /* offsets in the parameter arena */
  gsize a, z;      /* offsets of this layer's output and pre-activation */
} Layer;

double
lev_bench_mlp (LevBackend          *backend,
               gsize                n_inputs,
               const gsize         *hidden,
               guint                n_hidden,
               gsize                batch,
               guint                steps,
               GError             **error)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (7);
  guint n_layers = n_hidden + 1;
  g_autofree Layer *layers = g_new0 (Layer, n_layers);
  gsize n_params = 0, n_acts = 0, widest = n_inputs;
  gsize n_rows = MAX (batch * 4, (gsize) 4096);
  g_autofree float *host = NULL;
  g_autofree guint32 *order = NULL;
  LevBuffer *params = NULL, *grads = NULL, *m1 = NULL, *m2 = NULL, *data = NULL, *labels = NULL;
  LevBuffer *targets = NULL, *index = NULL, *acts = NULL, *scratch = NULL, *result = NULL;
  gint64 start = 0;
  double seconds;
  gboolean ok = FALSE;

  g_return_val_if_fail (steps > 0 && batch > 0, -1);
  for (guint l = 0; l < n_layers; l++)
    {
      layers[l].in = l == 0 ? n_inputs : hidden[l - 1];
      layers[l].out = l < n_hidden ? hidden[l] : 1;
      layers[l].w = n_params;
      n_params += layers[l].in * layers[l].out;
      layers[l].b = n_params;
      n_params += layers[l].out;
      layers[l].a = n_acts;
      n_acts += batch * layers[l].out;
      layers[l].z = n_acts;
      n_acts += batch * layers[l].out;
      widest = MAX (widest, layers[l].out);
    }

  if (!(params = lev_backend_alloc (backend, n_params, error)) ||
      !(grads = lev_backend_alloc (backend, n_params, error)) ||
      !(m1 = lev_backend_alloc (backend, n_params, error)) ||
      !(m2 = lev_backend_alloc (backend, n_params, error)) ||
      !(data = lev_backend_alloc (backend, n_rows * n_inputs, error)) ||
      !(labels = lev_backend_alloc (backend, n_rows, error)) ||
      !(targets = lev_backend_alloc (backend, batch, error)) ||
      !(index = lev_backend_alloc (backend, n_rows, error)) ||
      !(acts = lev_backend_alloc (backend, n_acts + batch * n_inputs, error)) ||
      !(scratch = lev_backend_alloc (backend, 2 * batch * widest, error)) ||
      !(result = lev_backend_alloc (backend, 2, error)))
    goto out;

  host = g_new (float, MAX (n_params, n_rows * n_inputs));
  /* Glorot-like scale keeps activations finite over many steps. */
  for (guint l = 0; l < n_layers; l++)
    fill_random (host + layers[l].w, layers[l].in * layers[l].out, rng,
                 sqrt (6.0 / (layers[l].in + layers[l].out)));
  for (guint l = 0; l < n_layers; l++)
    for (gsize j = 0; j < layers[l].out; j++)
      host[layers[l].b + j] = 0.0f;
  lev_backend_upload (backend, lev_view (params, 0), host, n_params);
  lev_backend_fill (backend, lev_view (m1, 0), 0.0f, n_params);
  lev_backend_fill (backend, lev_view (m2, 0), 0.0f, n_params);
  fill_random (host, n_rows * n_inputs, rng, 1.0);
  lev_backend_upload (backend, lev_view (data, 0), host, n_rows * n_inputs);
  /* A label the network can learn: the sign of the first input. */
  for (gsize r = 0; r < n_rows; r++)
    host[r] = host[r * n_inputs] > 0 ? 1.0f : 0.0f;
  lev_backend_upload (backend, lev_view (labels, 0), host, n_rows);
  order = g_new (guint32, n_rows);
  for (gsize r = 0; r < n_rows; r++)
    order[r] = (guint32) r;
  for (gsize r = n_rows - 1; r > 0; r--)
    {
      gsize j = g_rand_int_range (rng, 0, (gint32) (r + 1));
      guint32 t = order[r];
      order[r] = order[j];
      order[j] = t;
    }
  lev_backend_upload_u32 (backend, lev_view (index, 0), order, n_rows);

  for (guint s = 0; s <= steps; s++)
    {
      gsize first = (s * batch) % (n_rows - batch + 1);
      LevView x = lev_view (acts, n_acts);
      LevView dz = lev_view (scratch, 0), da = lev_view (scratch, batch * widest);
      float t = (float) (s + 1);
      float alpha = 0.001f * sqrtf (1.0f - powf (0.999f, t)) / (1.0f - powf (0.9f, t));

      if (s == 1)
        {
          if (!lev_backend_sync (backend, error))
            goto out;
          start = g_get_monotonic_time ();
        }
      /* Shuffled rows, gathered on the device, as a trainer's batch. */
      lev_backend_gather_rows (backend, batch, n_inputs, lev_view (data, 0), lev_view (index, first), x);
      lev_backend_gather_rows (backend, batch, 1, lev_view (labels, 0), lev_view (index, first),
                               lev_view (targets, 0));

      for (guint l = 0; l < n_layers; l++)
        {
          LevView in = l == 0 ? x : lev_view (acts, layers[l - 1].a);
          lev_backend_gemm (backend, LEV_GEMM_NN, batch, layers[l].out, layers[l].in, 1.0f, in,
                            lev_view (params, layers[l].w), 0.0f, lev_view (acts, layers[l].a),
                            lev_view (params, layers[l].b), l < n_hidden ? LEV_ACT_RELU : LEV_ACT_LINEAR,
                            lev_view (acts, layers[l].z));
        }
      lev_backend_loss (backend, LEV_LOSS_SIGMOID_BCE, batch, 1, lev_view (acts, layers[n_hidden].a),
                        lev_view (targets, 0), 1.0f / batch, lev_view_none (), dz, lev_view (result, 0));
      for (guint l = n_layers; l-- > 0;)
        {
          LevView in = l == 0 ? x : lev_view (acts, layers[l - 1].a);
          lev_backend_gemm (backend, LEV_GEMM_TN, layers[l].in, layers[l].out, batch, 1.0f, in, dz, 0.0f,
                            lev_view (grads, layers[l].w), lev_view_none (), LEV_ACT_LINEAR,
                            lev_view_none ());
          lev_backend_bias_grad (backend, batch, layers[l].out, dz, 0.0f, lev_view (grads, layers[l].b));
          if (l == 0)
            break;
          lev_backend_gemm (backend, LEV_GEMM_NT, batch, layers[l].in, layers[l].out, 1.0f, dz,
                            lev_view (params, layers[l].w), 0.0f, da, lev_view_none (), LEV_ACT_LINEAR,
                            lev_view_none ());
          lev_backend_act_backward (backend, LEV_ACT_RELU, batch * layers[l].in,
                                    lev_view (acts, layers[l - 1].z), da, dz);
        }
      lev_backend_adam (backend, n_params, lev_view (params, 0), lev_view (grads, 0), lev_view (m1, 0),
                        lev_view (m2, 0), alpha, 0.9f, 0.999f, 1e-7f);
    }
  ok = lev_backend_sync (backend, error);

out:
  seconds = (g_get_monotonic_time () - start) / 1e6;
  lev_backend_free_buffer (backend, params);
  lev_backend_free_buffer (backend, grads);
  lev_backend_free_buffer (backend, m1);
  lev_backend_free_buffer (backend, m2);
  lev_backend_free_buffer (backend, data);
  lev_backend_free_buffer (backend, labels);
  lev_backend_free_buffer (backend, targets);
  lev_backend_free_buffer (backend, index);
  lev_backend_free_buffer (backend, acts);
  lev_backend_free_buffer (backend, scratch);
  lev_backend_free_buffer (backend, result);
  if (!ok)
    return -1;
  return (double) batch * steps / MAX (seconds, 1e-9);
}
