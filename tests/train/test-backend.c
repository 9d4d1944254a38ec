/* test-backend.c: every backend operation against a float64 computation
 * written here from the definitions in lev-backend.h, on every backend this
 * build has (as ggml's test-backend-ops does). Outputs are poisoned with NaN
 * first so an element a backend forgets to write is caught. */
#define G_LOG_DOMAIN "test-backend"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-backend.h"

typedef struct {
  const char *name;
} BackendCase;

static GRand *rng;

static float *
random_floats (gsize n,
               float lo,
               float hi)
{
  float *v = g_new (float, n);

  for (gsize i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rng, lo, hi);
  return v;
}

static double
ref_act (LevActivation act,
         double        z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0 ? z : 0;
    case LEV_ACT_TANH: return tanh (z);
    case LEV_ACT_SIGMOID: return 1 / (1 + exp (-z));
    case LEV_ACT_GELU: return 0.5 * z * (1 + erf (z / sqrt (2)));
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default: return z;
    }
}

static LevBackend *
open_backend (const BackendCase *bc)
{
  g_autoptr(GError) error = NULL;
  LevBackend *be = lev_backend_new_by_name (bc->name, NULL, &error);

  if (be == NULL)
    g_test_skip_printf ("backend %s unavailable: %s", bc->name, error->message);
  return be;
}

/* Scaled error: |got − want| / (1 + |want|), the normalised error ggml uses
 * in spirit, tolerant of float32 rounding over K-long sums. */
static void
assert_close (const float  *got,
              const double *want,
              gsize         n,
              double        tol,
              const char   *what)
{
  for (gsize i = 0; i < n; i++)
    {
      double err = fabs ((double) got[i] - want[i]) / (1.0 + fabs (want[i]));

      if (!(err <= tol))
        g_error ("%s: element %" G_GSIZE_FORMAT ": got %.9g, want %.9g", what, i, got[i], want[i]);
    }
}

static void
test_gemm (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  static const gsize shapes[][3] = {
    { 1, 1, 1 }, { 32, 64, 30 }, { 32, 1, 32 }, { 5, 17, 3 }, { 33, 70, 65 },
    { 64, 30, 32 }, { 300, 40, 50 }, { 2, 3, 0 },
    { 600, 80, 64 }, /* large enough for the second thread */
  };

  if (be == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int orient = LEV_GEMM_NN; orient <= LEV_GEMM_TN; orient++)
      for (int act = LEV_ACT_LINEAR; act < LEV_N_ACTIVATIONS; act++)
        for (int variant = 0; variant < 2; variant++)
          {
            gsize m = shapes[s][0], n = shapes[s][1], k = shapes[s][2];
            /* variant 1: accumulate into C with beta, no bias, alpha ≠ 1 */
            float alpha = variant ? 0.5f : 1.0f, beta = variant ? 0.75f : 0.0f;
            g_autofree float *a = random_floats (m * k + 1, -1, 1);
            g_autofree float *b = random_floats (k * n + 1, -1, 1);
            g_autofree float *c0 = random_floats (m * n, -1, 1);
            g_autofree float *bias = random_floats (n, -1, 1);
            g_autofree float *c = g_new (float, m * n);
            g_autofree float *z = g_new (float, m * n);
            g_autofree double *want_c = g_new (double, m * n);
            g_autofree double *want_z = g_new (double, m * n);
            g_autoptr(GError) error = NULL;
            gsize off_a = 3, off_b, off_c, off_bias, off_z, total;
            LevBuffer *buf;

            off_b = off_a + m * k + 1;
            off_bias = off_b + k * n + 1;
            off_c = off_bias + n;
            off_z = off_c + m * n;
            total = off_z + m * n;
            buf = lev_backend_alloc (be, total, &error);
            g_assert_no_error (error);
            lev_backend_fill (be, lev_view (buf, 0), NAN, total);
            lev_backend_upload (be, lev_view (buf, off_a), a, m * k);
            lev_backend_upload (be, lev_view (buf, off_b), b, k * n);
            lev_backend_upload (be, lev_view (buf, off_bias), bias, n);
            if (variant)
              lev_backend_upload (be, lev_view (buf, off_c), c0, m * n);

            for (gsize i = 0; i < m; i++)
              for (gsize j = 0; j < n; j++)
                {
                  double sum = 0;

                  for (gsize kk = 0; kk < k; kk++)
                    {
                      double x = orient == LEV_GEMM_TN ? a[kk * m + i] : a[i * k + kk];
                      double y = orient == LEV_GEMM_NT ? b[j * k + kk] : b[kk * n + j];
                      sum += x * y;
                    }
                  sum = alpha * sum + (variant ? beta * c0[i * n + j] : bias[j]);
                  want_z[i * n + j] = sum;
                  want_c[i * n + j] = ref_act (act, sum);
                }

            lev_backend_gemm (be, orient, m, n, k, alpha, lev_view (buf, off_a), lev_view (buf, off_b),
                              beta, lev_view (buf, off_c),
                              variant ? lev_view_none () : lev_view (buf, off_bias),
                              act, lev_view (buf, off_z));
            g_assert_true (lev_backend_download (be, c, lev_view (buf, off_c), m * n, &error));
            g_assert_no_error (error);
            g_assert_true (lev_backend_download (be, z, lev_view (buf, off_z), m * n, &error));
            assert_close (c, want_c, m * n, 1e-5, "gemm C");
            assert_close (z, want_z, m * n, 1e-5, "gemm Z");
            lev_backend_free_buffer (be, buf);
          }
}

static void
test_act_backward (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  const gsize n = 1000;

  if (be == NULL)
    return;
  for (int act = LEV_ACT_LINEAR; act < LEV_N_ACTIVATIONS; act++)
    {
      g_autofree float *z = random_floats (n, -4, 4);
      g_autofree float *da = random_floats (n, -1, 1);
      g_autofree float *dz = g_new (float, n);
      g_autofree double *want = g_new (double, n);
      g_autoptr(GError) error = NULL;
      LevBuffer *buf = lev_backend_alloc (be, 3 * n, &error);

      g_assert_no_error (error);
      for (gsize i = 0; i < n; i++)
        {
          /* The derivative by central differences in float64, away from
           * ReLU's kink. */
          double h = 1e-6;

          if (act == LEV_ACT_RELU && fabs (z[i]) < 1e-3)
            z[i] = 0.5f;
          want[i] = da[i] * (ref_act (act, (double) z[i] + h) - ref_act (act, (double) z[i] - h)) / (2 * h);
        }
      lev_backend_fill (be, lev_view (buf, 0), NAN, 3 * n);
      lev_backend_upload (be, lev_view (buf, 0), z, n);
      lev_backend_upload (be, lev_view (buf, n), da, n);
      lev_backend_act_backward (be, act, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, 2 * n));
      g_assert_true (lev_backend_download (be, dz, lev_view (buf, 2 * n), n, &error));
      assert_close (dz, want, n, 1e-5, lev_activation_to_string (act));
      /* In place (dz == da) gives the same. */
      lev_backend_act_backward (be, act, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, n));
      g_assert_true (lev_backend_download (be, dz, lev_view (buf, n), n, &error));
      assert_close (dz, want, n, 1e-5, "in place");
      lev_backend_free_buffer (be, buf);
    }
}

static void
test_bias_grad (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  const gsize m = 97, n = 19;
  g_autofree float *dz = NULL, *db0 = NULL, *got = NULL;
  g_autofree double *want = NULL;
  g_autoptr(GError) error = NULL;
  LevBuffer *buf;

  if (be == NULL)
    return;
  dz = random_floats (m * n, -1, 1);
  db0 = random_floats (n, -1, 1);
  got = g_new (float, n);
  want = g_new (double, n);
  buf = lev_backend_alloc (be, m * n + n, &error);
  g_assert_no_error (error);
  for (int accumulate = 0; accumulate < 2; accumulate++)
    {
      for (gsize j = 0; j < n; j++)
        {
          want[j] = accumulate ? 0.5 * db0[j] : 0;
          for (gsize i = 0; i < m; i++)
            want[j] += dz[i * n + j];
        }
      lev_backend_upload (be, lev_view (buf, 0), dz, m * n);
      if (accumulate)
        lev_backend_upload (be, lev_view (buf, m * n), db0, n);
      else
        lev_backend_fill (be, lev_view (buf, m * n), NAN, n);
      lev_backend_bias_grad (be, m, n, lev_view (buf, 0), accumulate ? 0.5f : 0.0f, lev_view (buf, m * n));
      g_assert_true (lev_backend_download (be, got, lev_view (buf, m * n), n, &error));
      assert_close (got, want, n, 1e-5, "bias_grad");
    }
  lev_backend_free_buffer (be, buf);
}

static void
test_loss (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);

  if (be == NULL)
    return;
  for (int kind = 0; kind < LEV_N_LOSSES; kind++)
    {
      const gsize m = 40, n = kind == LEV_LOSS_SIGMOID_BCE ? 1 : 4;
      gsize ny = kind == LEV_LOSS_SOFTMAX_CE ? m : m * n;
      g_autofree float *z = random_floats (m * n, -6, 6);
      g_autofree float *y = g_new (float, ny);
      g_autofree float *p = g_new (float, m * n);
      g_autofree float *g = g_new (float, m * n);
      g_autofree double *want_p = g_new (double, m * n);
      g_autofree double *want_g = g_new (double, m * n);
      float res[2];
      double want_res[2] = { 0, 0 };
      g_autoptr(GError) error = NULL;
      const float scale = 1.0f / m;
      gsize o_y = m * n, o_p = o_y + ny, o_g = o_p + m * n, o_r = o_g + m * n;
      LevBuffer *buf = lev_backend_alloc (be, o_r + 2, &error);

      g_assert_no_error (error);
      for (gsize i = 0; i < ny; i++)
        y[i] = kind == LEV_LOSS_SIGMOID_BCE ? (float) g_rand_int_range (rng, 0, 2)
             : kind == LEV_LOSS_SOFTMAX_CE ? (float) g_rand_int_range (rng, 0, (gint32) n)
             : (float) g_rand_double_range (rng, -3, 3);
      for (gsize i = 0; i < m; i++)
        {
          const float *zr = z + i * n;

          if (kind == LEV_LOSS_SIGMOID_BCE)
            {
              double pr = 1 / (1 + exp (-(double) zr[0]));

              want_res[0] += -(y[i] * log (pr) + (1 - y[i]) * log (1 - pr));
              want_res[1] += ((pr > 0.5) == (y[i] > 0.5));
              want_p[i] = pr;
              want_g[i] = scale * (pr - y[i]);
            }
          else if (kind == LEV_LOSS_SOFTMAX_CE)
            {
              double s = 0;
              gsize best = 0, label = (gsize) y[i];

              for (gsize j = 0; j < n; j++)
                {
                  s += exp ((double) zr[j]);
                  if (zr[j] > zr[best])
                    best = j;
                }
              want_res[0] += log (s) - zr[label];
              want_res[1] += best == label;
              for (gsize j = 0; j < n; j++)
                {
                  want_p[i * n + j] = exp ((double) zr[j]) / s;
                  want_g[i * n + j] = scale * (want_p[i * n + j] - (j == label));
                }
            }
          else
            for (gsize j = 0; j < n; j++)
              {
                double e = (double) zr[j] - y[i * n + j];

                want_res[0] += e * e / n;
                want_p[i * n + j] = zr[j];
                want_g[i * n + j] = scale * 2 * e / n;
              }
        }
      lev_backend_fill (be, lev_view (buf, 0), NAN, o_r + 2);
      lev_backend_upload (be, lev_view (buf, 0), z, m * n);
      lev_backend_upload (be, lev_view (buf, o_y), y, ny);
      lev_backend_loss (be, kind, m, n, lev_view (buf, 0), lev_view (buf, o_y), scale,
                        lev_view (buf, o_p), lev_view (buf, o_g), lev_view (buf, o_r));
      g_assert_true (lev_backend_download (be, p, lev_view (buf, o_p), m * n, &error));
      g_assert_true (lev_backend_download (be, g, lev_view (buf, o_g), m * n, &error));
      g_assert_true (lev_backend_download (be, res, lev_view (buf, o_r), 2, &error));
      g_assert_no_error (error);
      assert_close (p, want_p, m * n, 1e-5, "loss probs");
      assert_close (g, want_g, m * n, 1e-5, "loss grad");
      assert_close (res, want_res, 2, 1e-5, "loss sums");
      lev_backend_free_buffer (be, buf);
    }
}

static void
test_optimisers (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  const gsize n = 517;
  g_autofree float *p = NULL, *g = NULL, *got = NULL;
  g_autofree double *mp = NULL, *vp = NULL, *pp = NULL, *vel = NULL;
  g_autoptr(GError) error = NULL;
  LevBuffer *buf;

  if (be == NULL)
    return;
  p = random_floats (n, -1, 1);
  got = g_new (float, n);
  mp = g_new0 (double, n);
  vp = g_new0 (double, n);
  pp = g_new (double, n);
  vel = g_new0 (double, n);
  buf = lev_backend_alloc (be, 5 * n, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    pp[i] = p[i];
  lev_backend_upload (be, lev_view (buf, 0), p, n);
  lev_backend_fill (be, lev_view (buf, 2 * n), 0.0f, 2 * n);
  /* Three Adam steps with Keras's defaults against the same in float64. */
  for (int t = 1; t <= 3; t++)
    {
      double alpha = 1e-3 * sqrt (1 - pow (0.999, t)) / (1 - pow (0.9, t));

      g_free (g);
      g = random_floats (n, -2, 2);
      lev_backend_upload (be, lev_view (buf, n), g, n);
      lev_backend_adam (be, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, 2 * n),
                        lev_view (buf, 3 * n), (float) alpha, 0.9f, 0.999f, 1e-7f);
      for (gsize i = 0; i < n; i++)
        {
          mp[i] += (g[i] - mp[i]) * 0.1;
          vp[i] += ((double) g[i] * g[i] - vp[i]) * 0.001;
          pp[i] -= alpha * mp[i] / (sqrt (vp[i]) + 1e-7);
        }
    }
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), n, &error));
  assert_close (got, pp, n, 1e-6, "adam");

  /* SGD with momentum, plain then Nesterov, continuing from there. */
  lev_backend_fill (be, lev_view (buf, 4 * n), 0.0f, n);
  for (int t = 0; t < 4; t++)
    {
      gboolean nesterov = t >= 2;

      g_free (g);
      g = random_floats (n, -2, 2);
      lev_backend_upload (be, lev_view (buf, n), g, n);
      lev_backend_sgd (be, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, 4 * n), 0.01f, 0.9f, nesterov);
      for (gsize i = 0; i < n; i++)
        {
          vel[i] = 0.9 * vel[i] - 0.01 * g[i];
          pp[i] += nesterov ? 0.9 * vel[i] - 0.01 * g[i] : vel[i];
        }
    }
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), n, &error));
  assert_close (got, pp, n, 1e-6, "sgd");

  /* axpy and mul */
  lev_backend_axpy (be, n, -0.25f, lev_view (buf, n), lev_view (buf, 0));
  lev_backend_mul (be, n, lev_view (buf, n), lev_view (buf, 0));
  for (gsize i = 0; i < n; i++)
    pp[i] = (pp[i] - 0.25 * g[i]) * g[i];
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), n, &error));
  assert_close (got, pp, n, 1e-5, "axpy, mul");
  lev_backend_free_buffer (be, buf);
}

static void
test_gather_dropout (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  const gsize rows = 50, cols = 7, n = rows * cols;
  g_autofree float *src = NULL, *got = NULL, *mask = NULL;
  guint32 index[50];
  g_autoptr(GError) error = NULL;
  LevBuffer *buf;
  gsize kept = 0;

  if (be == NULL)
    return;
  src = random_floats (n, -1, 1);
  got = g_new (float, n);
  mask = g_new (float, n);
  for (gsize i = 0; i < rows; i++)
    index[i] = (guint32) ((i * 17 + 3) % rows);
  buf = lev_backend_alloc (be, 3 * n + rows, &error);
  g_assert_no_error (error);
  lev_backend_upload (be, lev_view (buf, 0), src, n);
  lev_backend_upload_u32 (be, lev_view (buf, n), index, rows);
  lev_backend_fill (be, lev_view (buf, n + rows), NAN, 2 * n);
  lev_backend_gather_rows (be, rows, cols, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, n + rows));
  g_assert_true (lev_backend_download (be, got, lev_view (buf, n + rows), n, &error));
  for (gsize i = 0; i < rows; i++)
    g_assert_cmpmem (got + i * cols, cols * sizeof (float), src + index[i] * cols, cols * sizeof (float));

  /* Dropout at rate 0.25: the mask is the header's hash, scaled by 4/3. */
  lev_backend_dropout (be, n, lev_view (buf, n + rows), lev_view (buf, 2 * n + rows), 0.25f, 42, 7);
  g_assert_true (lev_backend_download (be, mask, lev_view (buf, 2 * n + rows), n, &error));
  g_assert_true (lev_backend_download (be, got, lev_view (buf, n + rows), n, &error));
  for (gsize i = 0; i < n; i++)
    {
      gboolean keep = lev_dropout_keep (42, 7, (guint32) i, 0.25f);
      float want = keep ? 1.0f / 0.75f : 0.0f;

      g_assert_cmpfloat (mask[i], ==, want);
      g_assert_cmpfloat_with_epsilon (got[i], src[index[i / cols] * cols + i % cols] * want, 1e-6);
      kept += keep;
    }
  /* About three quarters kept (binomial, n = 350: ±5 sd is ±40). */
  g_assert_cmpuint (kept, >, 262 - 40);
  g_assert_cmpuint (kept, <, 262 + 40);
  lev_backend_free_buffer (be, buf);
}


/* ---- the front end's checks ---------------------------------------------
 * Every operation fed a view that runs past its buffer (64 words; each
 * call below reaches 4 words beyond), no buffer where one is required, or
 * another backend's buffer: the backend never sees it, and the next sync,
 * download and alloc report LEV_BACKEND_ERROR_INVALID naming the
 * operation, on every backend alike. */

#define WORDS 64

typedef struct {
  const char *op;
  void      (*call) (LevBackend *be, LevBuffer *buf, LevBuffer *foreign);
} BadCall;

static float host[WORDS + 8];
static guint32 host_u32[WORDS + 8];

/* 8 words from offset 60 of a 64-word buffer. */
#define PAST(buf) lev_view ((buf), WORDS - 4)

static void bad_upload (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_upload (be, PAST (b), host, 8); }
static void bad_upload_u32 (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_upload_u32 (be, PAST (b), host_u32, 8); }
static void bad_fill (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_fill (be, PAST (b), 1.0f, 8); }
static void bad_copy (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_copy (be, lev_view (b, 0), PAST (b), 8); }
static void bad_copy_overlap (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_copy (be, lev_view (b, 4), lev_view (b, 0), 8); }
static void
bad_gemm (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  /* C is 8×8 = 64 words from offset 4. */
  lev_backend_gemm (be, LEV_GEMM_NN, 8, 8, 2, 1.0f, lev_view (b, 0), lev_view (b, 16), 0.0f,
                    lev_view (b, 4), lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
}
static void
bad_gemm_foreign (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  lev_backend_gemm (be, LEV_GEMM_NN, 2, 2, 2, 1.0f, lev_view (f, 0), lev_view (b, 8), 0.0f,
                    lev_view (b, 16), lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
}
static void
bad_gemm_bias (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  lev_backend_gemm (be, LEV_GEMM_NN, 2, 8, 2, 1.0f, lev_view (b, 0), lev_view (b, 8), 0.0f,
                    lev_view (b, 32), PAST (b), LEV_ACT_RELU, lev_view_none ());
}
static void bad_act_backward (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_act_backward (be, LEV_ACT_RELU, 8, lev_view (b, 0), lev_view (b, 8), PAST (b)); }
static void bad_bias_grad (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_bias_grad (be, 8, 8, lev_view (b, 4), 0.0f, lev_view (b, 0)); }
static void
bad_loss (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  lev_backend_loss (be, LEV_LOSS_SIGMOID_BCE, 4, 1, lev_view (b, 0), lev_view (b, 4), 1.0f,
                    lev_view_none (), lev_view_none (), lev_view (b, WORDS - 1));
}
static void
bad_loss_none (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  lev_backend_loss (be, LEV_LOSS_MSE, 4, 1, lev_view (b, 0), lev_view_none (), 1.0f, lev_view_none (),
                    lev_view_none (), lev_view (b, 8));
}
static void
bad_adam (LevBackend *be, LevBuffer *b, LevBuffer *f)
{
  lev_backend_adam (be, 8, lev_view (b, 0), lev_view (b, 8), lev_view (b, 16), PAST (b), 0.1f, 0.9f, 0.999f, 1e-7f);
}
static void bad_sgd (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_sgd (be, 8, PAST (b), lev_view (b, 0), lev_view (b, 8), 0.1f, 0.9f, FALSE); }
static void bad_axpy (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_axpy (be, 8, 2.0f, lev_view (b, 0), PAST (b)); }
static void bad_gather (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_gather_rows (be, 2, 4, lev_view (b, 0), lev_view (b, WORDS - 1), lev_view (b, 8)); }
static void bad_gather_dst (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_gather_rows (be, 2, 4, lev_view (b, 0), lev_view (b, 8), PAST (b)); }
static void bad_dropout (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_dropout (be, 8, PAST (b), lev_view (b, 0), 0.5f, 1, 2); }
static void bad_mul (LevBackend *be, LevBuffer *b, LevBuffer *f) { lev_backend_mul (be, 8, lev_view (f, 0), lev_view (b, 0)); }

static const BadCall bad_calls[] = {
  { "upload", bad_upload }, { "upload_u32", bad_upload_u32 }, { "fill", bad_fill },
  { "copy", bad_copy }, { "copy", bad_copy_overlap }, { "gemm", bad_gemm },
  { "gemm", bad_gemm_foreign }, { "gemm", bad_gemm_bias }, { "act_backward", bad_act_backward },
  { "bias_grad", bad_bias_grad }, { "loss", bad_loss }, { "loss", bad_loss_none },
  { "adam", bad_adam }, { "sgd", bad_sgd }, { "axpy", bad_axpy }, { "gather_rows", bad_gather },
  { "gather_rows", bad_gather_dst }, { "dropout", bad_dropout }, { "mul", bad_mul },
};

static void
test_out_of_range (gconstpointer data)
{
  g_autoptr(LevBackend) other = lev_backend_new_by_name ("cpu", NULL, NULL);
  LevBuffer *foreign = lev_backend_alloc (other, WORDS, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad_calls) + 1; i++)
    {
      g_autoptr(LevBackend) be = open_backend (data);
      g_autoptr(GError) error = NULL;
      LevBuffer *buf;
      float out[WORDS];

      if (be == NULL)
        break;
      buf = lev_backend_alloc (be, WORDS, &error);
      g_assert_no_error (error);
      lev_backend_fill (be, lev_view (buf, 0), 0.5f, WORDS);
      if (i == G_N_ELEMENTS (bad_calls))
        {
          /* download itself checks its view, and fails at once */
          g_assert_false (lev_backend_download (be, out, PAST (buf), 8, &error));
          g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, "download"));
          lev_backend_free_buffer (be, buf);
          continue;
        }
      bad_calls[i].call (be, buf, foreign);
      /* A valid call after it is skipped: the buffer keeps its 0.5s. */
      lev_backend_fill (be, lev_view (buf, 0), 7.0f, WORDS);
      g_assert_false (lev_backend_sync (be, &error));
      g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
      g_test_message ("%s: %s", bad_calls[i].op, error->message);
      g_assert_nonnull (strstr (error->message, bad_calls[i].op));
      g_clear_error (&error);
      g_assert_false (lev_backend_download (be, out, lev_view (buf, 0), WORDS, &error));
      g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
      g_clear_error (&error);
      g_assert_null (lev_backend_alloc (be, 4, &error));
      g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
      lev_backend_free_buffer (be, buf);
    }
  lev_backend_free_buffer (other, foreign);
}

/* upload_u32 moves the same 32-bit words whichever way a backend does it. */
static void
test_upload_u32 (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  g_autoptr(GError) error = NULL;
  guint32 words[5] = { 0, 1, 0x7FC00001u, 0xFFFFFFFFu, 123456789u };
  guint32 back[5];
  LevBuffer *buf;

  if (be == NULL)
    return;
  buf = lev_backend_alloc (be, 5, &error);
  g_assert_no_error (error);
  lev_backend_upload_u32 (be, lev_view (buf, 0), words, 5);
  g_assert_true (lev_backend_download (be, (float *) (void *) back, lev_view (buf, 0), 5, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (back, sizeof back, words, sizeof words);
  lev_backend_free_buffer (be, buf);
}

/* Gather indices live on the backend, out of the front end's sight: a row
 * index past the source gives a row of NaN on every backend, never a read
 * out of bounds. */
static void
test_gather_past_source (gconstpointer data)
{
  g_autoptr(LevBackend) be = open_backend (data);
  g_autoptr(GError) error = NULL;
  float src[6] = { 1, 2, 3, 4, 5, 6 }, out[6];
  guint32 index[3] = { 2, 3, 0xFFFFFFFFu };
  LevBuffer *buf;

  if (be == NULL)
    return;
  buf = lev_backend_alloc (be, 6 + 3 + 6, &error);
  g_assert_no_error (error);
  lev_backend_upload (be, lev_view (buf, 0), src, 6);
  lev_backend_upload_u32 (be, lev_view (buf, 6), index, 3);
  /* source: rows of 2 at offset 0, but only 3 rows fit before the index */
  lev_backend_gather_rows (be, 3, 2, lev_view (buf, 0), lev_view (buf, 6), lev_view (buf, 9));
  g_assert_true (lev_backend_download (be, out, lev_view (buf, 9), 6, &error));
  g_assert_no_error (error);
  /* Rows 3 and beyond hold the index and the output, not source rows the
   * caller meant; whatever they read, the last index is past the buffer. */
  g_assert_cmpfloat (out[0], ==, 5);
  g_assert_cmpfloat (out[1], ==, 6);
  g_assert_true (isnan (out[4]) && isnan (out[5]));
  lev_backend_free_buffer (be, buf);
}

static void
test_registry (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevBackend) cpu = lev_backend_new_by_name ("cpu", NULL, &error);
  LevBackend *bogus;
  LevBackendCaps caps;
  LevActivation act;

  g_assert_no_error (error);
  lev_backend_get_caps (cpu, &caps);
  g_assert_cmpstr (caps.name, ==, "cpu");
  g_assert_true (caps.flags & LEV_BACKEND_CAP_DETERMINISTIC);
  bogus = lev_backend_new_by_name ("quantum", NULL, &error);
  g_assert_null (bogus);
  g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE);
  g_assert_true (lev_activation_from_string ("GELU", &act));
  g_assert_cmpint (act, ==, LEV_ACT_GELU);
  g_assert_false (lev_activation_from_string ("swish", &act));
}

int
main (int argc, char **argv)
{
  const char * const *names = lev_backend_list_names ();
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  int status;

  g_test_init (&argc, &argv, NULL);
  rng = g_rand_new_with_seed (1234);
  g_test_add_func ("/train/backend/registry", test_registry);
  for (guint i = 0; names[i] != NULL; i++)
    {
      BackendCase *bc = g_new0 (BackendCase, 1);
      static const struct { const char *path; GTestDataFunc fn; } ops[] = {
        { "gemm", test_gemm },
        { "act-backward", test_act_backward },
        { "bias-grad", test_bias_grad },
        { "loss", test_loss },
        { "optimisers", test_optimisers },
        { "gather-dropout", test_gather_dropout },
        { "out-of-range", test_out_of_range },
        { "upload-u32", test_upload_u32 },
        { "gather-past-source", test_gather_past_source },
      };

      bc->name = names[i];
      g_ptr_array_add (cases, bc);
      for (guint j = 0; j < G_N_ELEMENTS (ops); j++)
        {
          g_autofree char *path = g_strdup_printf ("/train/backend/%s/%s", names[i], ops[j].path);
          g_test_add_data_func (path, bc, ops[j].fn);
        }
    }
  status = g_test_run ();
  g_rand_free (rng);
  return status;
}
