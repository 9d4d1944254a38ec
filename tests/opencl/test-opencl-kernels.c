/* test-opencl-kernels.c: each OpenCL kernel against a float64 reference
 * written here, on shapes that are not multiples of the tiles, with both
 * GEMM families (tiled for GPUs, vec for CPUs) forced in turn. Every output
 * is poisoned with NaN first and framed by poisoned guard words: an element
 * left unwritten or a write past the end fails. */
#define G_LOG_DOMAIN "test-opencl-kernels"
#include "config.h"

#include <string.h>

#include "opencl-test-util.h"

#define GUARD 37
#define TOL 1e-5

static GRand *rng;

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

static double
ref_act_grad (LevActivation act,
              double        z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0 ? 1 : 0;
    case LEV_ACT_TANH: return 1 - tanh (z) * tanh (z);
    case LEV_ACT_SIGMOID: return exp (-z) / ((1 + exp (-z)) * (1 + exp (-z)));
    case LEV_ACT_GELU: return 0.5 * (1 + erf (z / sqrt (2))) + z * exp (-z * z / 2) / sqrt (2 * G_PI);
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default: return 1;
    }
}

/* A region of @n words framed by GUARD poisoned words on each side. */
typedef struct {
  gsize at;   /* first word of the region */
  gsize n;
} Region;

static void
assert_guards (const float *all,
               Region       r,
               const char  *what)
{
  for (gsize g = 1; g <= GUARD; g++)
    {
      if (!isnan (all[r.at - g]) || !isnan (all[r.at + r.n + g - 1]))
        g_error ("%s: a write outside the output (guard word %" G_GSIZE_FORMAT ")", what, g);
    }
}

/* |got − want| ≤ TOL·bound[i] (+ a few float32 ulps of want), and written. */
static void
assert_within (const float  *got,
               const double *want,
               const double *bound,
               gsize         n,
               const char   *what)
{
  for (gsize i = 0; i < n; i++)
    {
      double err = fabs ((double) got[i] - want[i]);
      double allowed = TOL * bound[i] + 4 * FLT_EPSILON * fabs (want[i]) + 1e-30;

      if (isnan (got[i]))
        g_error ("%s: element %" G_GSIZE_FORMAT " was not written", what, i);
      if (!(err <= allowed))
        g_error ("%s: element %" G_GSIZE_FORMAT ": got %.9g, want %.9g (error %.3g > %.3g)",
                 what, i, got[i], want[i], err, allowed);
    }
}

static LevBackend *
backend_with_gemm (const char *family)
{
  g_setenv ("LEVERAGE_OPENCL_GEMM", family, TRUE);
  return opencl_test_backend ();
}

static void
check_gemm (LevBackend         *be,
            const char         *family,
            LevGemmOrientation  orient,
            gsize m, gsize n, gsize k,
            LevActivation       act,
            gboolean            accumulate)
{
  const float alpha = accumulate ? 0.5f : 1.0f, beta = accumulate ? -0.75f : 0.0f;
  g_autofree float *a = opencl_test_random (rng, m * k, -1, 1);
  g_autofree float *b = opencl_test_random (rng, k * n, -1, 1);
  g_autofree float *c0 = opencl_test_random (rng, m * n, -1, 1);
  g_autofree float *bias = opencl_test_random (rng, n, -1, 1);
  g_autofree double *want_z = g_new (double, MAX (m * n, 1));
  g_autofree double *want_c = g_new (double, MAX (m * n, 1));
  g_autofree double *bound = g_new (double, MAX (m * n, 1));
  g_autofree double *bound_c = g_new (double, MAX (m * n, 1));
  g_autofree float *all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = g_strdup_printf ("%s gemm %s %zux%zux%zu %s%s", family,
                                           orient == LEV_GEMM_NN ? "NN" : orient == LEV_GEMM_NT ? "NT" : "TN",
                                           m, n, k, lev_activation_to_string (act),
                                           accumulate ? " beta" : " bias");
  /* Offsets are deliberately odd: layers live at any offset of an arena. */
  Region ra = { GUARD + 3, m * k }, rb, rbias, rc, rz;
  gsize total;
  LevBuffer *buf;

  rb.at = ra.at + ra.n + 2 * GUARD + 1; rb.n = k * n;
  rbias.at = rb.at + rb.n + 2 * GUARD; rbias.n = n;
  rc.at = rbias.at + rbias.n + 2 * GUARD; rc.n = m * n;
  rz.at = rc.at + rc.n + 2 * GUARD; rz.n = m * n;
  total = rz.at + rz.n + GUARD;
  all = g_new (float, total);
  for (gsize i = 0; i < total; i++)
    all[i] = NAN;
  memcpy (all + ra.at, a, m * k * 4);
  memcpy (all + rb.at, b, k * n * 4);
  memcpy (all + rbias.at, bias, n * 4);
  if (accumulate)
    memcpy (all + rc.at, c0, m * n * 4);

  for (gsize i = 0; i < m; i++)
    for (gsize j = 0; j < n; j++)
      {
        double sum = 0, mag = 0, z;

        for (gsize kk = 0; kk < k; kk++)
          {
            double x = orient == LEV_GEMM_TN ? a[kk * m + i] : a[i * k + kk];
            double y = orient == LEV_GEMM_NT ? b[j * k + kk] : b[kk * n + j];
            sum += x * y;
            mag += fabs (x * y);
          }
        z = alpha * sum + (accumulate ? beta * c0[i * n + j] : bias[j]);
        want_z[i * n + j] = z;
        want_c[i * n + j] = ref_act (act, z);
        /* The error float32 accumulation may make is relative to the size
         * of the terms summed, not to a result that may cancel to 0. */
        bound[i * n + j] = fabs (alpha) * mag + (accumulate ? fabs (beta * c0[i * n + j]) : fabs (bias[j])) + 1e-6;
        bound_c[i * n + j] = 1.2 * bound[i * n + j];
      }

  buf = lev_backend_alloc (be, total, &error);
  g_assert_no_error (error);
  lev_backend_upload (be, lev_view (buf, 0), all, total);
  lev_backend_gemm (be, orient, m, n, k, alpha, lev_view (buf, ra.at), lev_view (buf, rb.at), beta,
                    lev_view (buf, rc.at), accumulate ? lev_view_none () : lev_view (buf, rbias.at),
                    act, lev_view (buf, rz.at));
  g_assert_true (lev_backend_download (be, all, lev_view (buf, 0), total, &error));
  g_assert_no_error (error);
  assert_within (all + rz.at, want_z, bound, m * n, what);
  assert_within (all + rc.at, want_c, bound_c, m * n, what);
  assert_guards (all, rc, what);
  assert_guards (all, rz, what);
  lev_backend_free_buffer (be, buf);
}

static void
test_gemm (gconstpointer data)
{
  const char *family = data;
  g_autoptr(LevBackend) be = backend_with_gemm (family);
  /* Tiles are 64×64×16 (tiled) and 8×VW / 4×4 (vec): cover one below, at
   * and above each edge, a ragged K, and the shapes training uses. */
  static const gsize shapes[][3] = {
    { 1, 1, 1 }, { 1, 1, 0 }, { 3, 5, 7 }, { 63, 65, 17 }, { 64, 64, 64 }, { 65, 129, 33 },
    { 130, 47, 191 }, { 32, 64, 30 }, { 32, 1, 32 }, { 257, 9, 100 }, { 8, 16, 1000 },
    /* An output layer with one unit: N = 1 and K = 1 take rewritten paths. */
    { 300, 1, 65 }, { 70, 33, 1 }, { 37, 1, 1 },
  };

  if (be == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int o = LEV_GEMM_NN; o <= LEV_GEMM_TN; o++)
      {
        LevActivation act = (LevActivation) ((s + o) % LEV_N_ACTIVATIONS);
        check_gemm (be, family, o, shapes[s][0], shapes[s][1], shapes[s][2], act, FALSE);
        check_gemm (be, family, o, shapes[s][0], shapes[s][1], shapes[s][2], LEV_ACT_LINEAR, TRUE);
      }
}

static void
test_act_backward (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  const gsize n = 1237;

  if (be == NULL)
    return;
  for (int act = 0; act < LEV_N_ACTIVATIONS; act++)
    {
      g_autofree float *z = opencl_test_random (rng, n, -5, 5);
      g_autofree float *da = opencl_test_random (rng, n, -2, 2);
      g_autofree double *want = g_new (double, n);
      g_autofree double *bound = g_new (double, n);
      const gsize total = 3 * n + 3 * GUARD;
      g_autofree float *all = g_new (float, total);
      g_autoptr(GError) error = NULL;
      Region r = { 2 * n + 2 * GUARD, n };
      LevBuffer *buf = lev_backend_alloc (be, total, &error);

      g_assert_no_error (error);
      for (gsize i = 0; i < total; i++)
        all[i] = NAN;
      for (gsize i = 0; i < n; i++)
        {
          want[i] = da[i] * ref_act_grad (act, z[i]);
          bound[i] = fabs (da[i]);
        }
      lev_backend_upload (be, lev_view (buf, 0), all, total);
      lev_backend_upload (be, lev_view (buf, 0), z, n);
      lev_backend_upload (be, lev_view (buf, n + GUARD), da, n);
      /* dZ at r, separate from dA... */
      lev_backend_act_backward (be, act, n, lev_view (buf, 0), lev_view (buf, n + GUARD),
                                lev_view (buf, r.at));
      g_assert_true (lev_backend_download (be, all, lev_view (buf, 0), total, &error));
      assert_within (all + r.at, want, bound, n, lev_activation_to_string (act));
      assert_guards (all, r, "act_backward");
      /* ...and in place. */
      lev_backend_act_backward (be, act, n, lev_view (buf, 0), lev_view (buf, n + GUARD),
                                lev_view (buf, n + GUARD));
      g_assert_true (lev_backend_download (be, all, lev_view (buf, n + GUARD), n, &error));
      assert_within (all, want, bound, n, "act_backward in place");
      lev_backend_free_buffer (be, buf);
    }
}

static void
test_bias_grad (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  static const gsize shapes[][2] = { { 1, 1 }, { 63, 19 }, { 64, 64 }, { 65, 3 }, { 1000, 130 }, { 0, 5 } };

  if (be == NULL)
    return;
  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    for (int accumulate = 0; accumulate < 2; accumulate++)
      {
        gsize m = shapes[s][0], n = shapes[s][1];
        float beta = accumulate ? 0.5f : 0.0f;
        g_autofree float *dz = opencl_test_random (rng, m * n, -1, 1);
        g_autofree float *db0 = opencl_test_random (rng, n, -1, 1);
        g_autofree double *want = g_new (double, n);
        g_autofree double *bound = g_new (double, n);
        g_autofree float *got = g_new (float, n + 2 * GUARD);
        g_autofree float *again = g_new (float, n + 2 * GUARD);
        g_autoptr(GError) error = NULL;
        Region r = { GUARD, n };
        LevBuffer *buf = lev_backend_alloc (be, m * n + n + 2 * GUARD, &error);

        g_assert_no_error (error);
        for (gsize j = 0; j < n; j++)
          {
            want[j] = accumulate ? beta * db0[j] : 0;
            bound[j] = fabs (want[j]) + 1e-6;
            for (gsize i = 0; i < m; i++)
              {
                want[j] += dz[i * n + j];
                bound[j] += fabs (dz[i * n + j]);
              }
          }
        for (int run = 0; run < 2; run++)
          {
            lev_backend_fill (be, lev_view (buf, 0), NAN, m * n + n + 2 * GUARD);
            lev_backend_upload (be, lev_view (buf, 0), dz, m * n);
            if (accumulate)
              lev_backend_upload (be, lev_view (buf, m * n + GUARD), db0, n);
            lev_backend_bias_grad (be, m, n, lev_view (buf, 0), beta, lev_view (buf, m * n + GUARD));
            g_assert_true (lev_backend_download (be, run ? again : got, lev_view (buf, m * n),
                                                 n + 2 * GUARD, &error));
          }
        assert_within (got + GUARD, want, bound, n, "bias_grad");
        assert_guards (got, r, "bias_grad");
        /* Per-chunk partials in a fixed order: bitwise the same each run. */
        g_assert_cmpmem (got, n * 4 + 2 * GUARD * 4, again, n * 4 + 2 * GUARD * 4);
        lev_backend_free_buffer (be, buf);
      }
}

static void
check_loss (LevBackend *be,
            LevLoss     kind,
            gsize       m,
            gsize       n,
            gboolean    in_place)
{
  gsize n_targets = kind == LEV_LOSS_SOFTMAX_CE ? m : m * n;
  g_autofree float *z = opencl_test_random (rng, m * n, -6, 6);
  g_autofree float *y = g_new (float, MAX (n_targets, 1));
  g_autofree double *want_p = g_new (double, MAX (m * n, 1));
  g_autofree double *want_d = g_new (double, MAX (m * n, 1));
  g_autofree double *bound = g_new (double, MAX (m * n, 1));
  g_autofree float *got = NULL;
  g_autoptr(GError) error = NULL;
  const float scale = 1.0f / (float) MAX (m, 1);
  double loss = 0, loss_mag = 1e-6, correct = 0;
  gsize at_z = GUARD, at_y, at_p, at_d, at_r, total;
  LevBuffer *buf;
  float result[2];

  for (gsize i = 0; i < n_targets; i++)
    y[i] = kind == LEV_LOSS_SOFTMAX_CE ? (float) g_rand_int_range (rng, 0, (gint32) n)
         : kind == LEV_LOSS_MSE ? (float) g_rand_double_range (rng, -2, 2)
         : (float) g_rand_int_range (rng, 0, 2);
  for (gsize i = 0; i < m; i++)
    {
      const float *zr = z + i * n;
      double row = 0;
      gboolean right = TRUE;

      if (kind == LEV_LOSS_SIGMOID_BCE)
        for (gsize j = 0; j < n; j++)
          {
            double p = 1 / (1 + exp (-(double) zr[j]));
            row += fmax (zr[j], 0) - zr[j] * (double) y[i * n + j] + log1p (exp (-fabs (zr[j])));
            right = right && ((p > 0.5) == (y[i * n + j] > 0.5f));
            want_p[i * n + j] = p;
            want_d[i * n + j] = scale * (p - y[i * n + j]);
          }
      else if (kind == LEV_LOSS_SOFTMAX_CE)
        {
          double zmax = zr[0], sum = 0;
          gsize arg = 0, label = (gsize) y[i];
          for (gsize j = 1; j < n; j++)
            if (zr[j] > zmax)
              zmax = zr[arg = j];
          for (gsize j = 0; j < n; j++)
            sum += exp (zr[j] - zmax);
          row = log (sum) + zmax - zr[label];
          right = arg == label;
          for (gsize j = 0; j < n; j++)
            {
              want_p[i * n + j] = exp (zr[j] - zmax) / sum;
              want_d[i * n + j] = scale * (want_p[i * n + j] - (j == label ? 1 : 0));
            }
        }
      else
        {
          for (gsize j = 0; j < n; j++)
            {
              double d = (double) zr[j] - y[i * n + j];
              row += d * d / n;
              want_p[i * n + j] = zr[j];
              want_d[i * n + j] = scale * 2 * d / n;
            }
          right = FALSE;
        }
      loss += row;
      loss_mag += fabs (row);
      correct += right ? 1 : 0;
    }
  for (gsize i = 0; i < m * n; i++)
    bound[i] = fabs (want_p[i]) + scale * 1e-2;

  at_y = at_z + m * n + GUARD;
  at_p = at_y + n_targets + GUARD;
  at_d = in_place ? at_z : at_p + m * n + GUARD;
  at_r = at_p + 2 * m * n + 3 * GUARD;
  total = at_r + 2 + GUARD;
  got = g_new (float, total);
  buf = lev_backend_alloc (be, total, &error);
  g_assert_no_error (error);
  lev_backend_fill (be, lev_view (buf, 0), NAN, total);
  lev_backend_upload (be, lev_view (buf, at_z), z, m * n);
  lev_backend_upload (be, lev_view (buf, at_y), y, n_targets);
  lev_backend_loss (be, kind, m, n, lev_view (buf, at_z), lev_view (buf, at_y), scale,
                    lev_view (buf, at_p), lev_view (buf, at_d), lev_view (buf, at_r));
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), total, &error));
  g_assert_no_error (error);
  assert_within (got + at_p, want_p, bound, m * n, "loss probabilities");
  for (gsize i = 0; i < m * n; i++)
    bound[i] = fabs (want_d[i]) + scale;
  assert_within (got + at_d, want_d, bound, m * n, "loss gradient");
  memcpy (result, got + at_r, sizeof result);
  g_assert_cmpfloat_with_epsilon (result[0], loss, TOL * loss_mag);
  g_assert_cmpfloat (result[1], ==, correct);
  g_assert_true (isnan (got[at_r + 2]) && isnan (got[at_r - 1]));
  lev_backend_free_buffer (be, buf);
}

static void
test_loss (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();

  if (be == NULL)
    return;
  for (int in_place = 0; in_place < 2; in_place++)
    {
      check_loss (be, LEV_LOSS_SIGMOID_BCE, 1, 1, in_place);
      check_loss (be, LEV_LOSS_SIGMOID_BCE, 300, 1, in_place);
      check_loss (be, LEV_LOSS_SIGMOID_BCE, 37, 3, in_place);
      check_loss (be, LEV_LOSS_SOFTMAX_CE, 129, 5, in_place);
      check_loss (be, LEV_LOSS_MSE, 65, 2, in_place);
    }
  /* No rows: the sums are still written (as zeros). */
  check_loss (be, LEV_LOSS_SIGMOID_BCE, 0, 1, FALSE);
}

static void
test_optimisers (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  const gsize n = 1001;
  g_autofree float *p = NULL, *g = NULL, *m = NULL, *v = NULL, *got = NULL;
  g_autofree double *want = g_new (double, 4 * n), *bound = g_new (double, 4 * n);
  g_autoptr(GError) error = NULL;
  const double alpha = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-7;
  LevBuffer *buf;

  if (be == NULL)
    return;
  p = opencl_test_random (rng, n, -1, 1);
  g = opencl_test_random (rng, n, -1, 1);
  m = opencl_test_random (rng, n, -0.1, 0.1);
  v = opencl_test_random (rng, n, 0, 0.01);
  got = g_new (float, 4 * n);
  buf = lev_backend_alloc (be, 4 * n, &error);
  g_assert_no_error (error);
  lev_backend_upload (be, lev_view (buf, 0), p, n);
  lev_backend_upload (be, lev_view (buf, n), g, n);
  lev_backend_upload (be, lev_view (buf, 2 * n), m, n);
  lev_backend_upload (be, lev_view (buf, 3 * n), v, n);
  lev_backend_adam (be, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, 2 * n),
                    lev_view (buf, 3 * n), alpha, b1, b2, eps);
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), 4 * n, &error));
  for (gsize i = 0; i < n; i++)
    {
      double mi = m[i] + (g[i] - (double) m[i]) * (1 - b1);
      double vi = v[i] + ((double) g[i] * g[i] - v[i]) * (1 - b2);
      want[i] = p[i] - alpha * mi / (sqrt (vi) + eps);
      bound[i] = fabs (p[i]) + alpha;
      want[2 * n + i] = mi;
      bound[2 * n + i] = fabs (mi) + fabs (g[i]);
      want[3 * n + i] = vi;
      bound[3 * n + i] = fabs (vi) + (double) g[i] * g[i];
      want[n + i] = g[i];
      bound[n + i] = 0;
    }
  assert_within (got, want, bound, 4 * n, "adam");

  /* SGD with Nesterov momentum; velocity in the m slot. */
  lev_backend_upload (be, lev_view (buf, 0), p, n);
  lev_backend_upload (be, lev_view (buf, 2 * n), m, n);
  lev_backend_sgd (be, n, lev_view (buf, 0), lev_view (buf, n), lev_view (buf, 2 * n), 0.1f, 0.9f, TRUE);
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), 3 * n, &error));
  for (gsize i = 0; i < n; i++)
    {
      double vel = 0.9 * (double) m[i] - 0.1 * g[i];
      want[i] = p[i] + 0.9 * vel - 0.1 * g[i];
      bound[i] = fabs (p[i]) + 1;
      want[2 * n + i] = vel;
      bound[2 * n + i] = fabs (m[i]) + fabs (g[i]);
    }
  assert_within (got, want, bound, n, "sgd params");
  assert_within (got + 2 * n, want + 2 * n, bound + 2 * n, n, "sgd velocity");

  /* axpy and mul. */
  lev_backend_upload (be, lev_view (buf, 0), p, n);
  lev_backend_axpy (be, n, -0.25f, lev_view (buf, n), lev_view (buf, 0));
  lev_backend_mul (be, n, lev_view (buf, n), lev_view (buf, 0));
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), n, &error));
  for (gsize i = 0; i < n; i++)
    {
      want[i] = ((double) p[i] - 0.25 * g[i]) * g[i];
      bound[i] = fabs (p[i] * g[i]) + fabs (g[i] * g[i]);
    }
  assert_within (got, want, bound, n, "axpy then mul");
  lev_backend_free_buffer (be, buf);
}

static void
test_gather_dropout_fill (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  const gsize rows = 301, cols = 67, n_pick = 129;
  g_autofree float *src = NULL, *got = NULL;
  g_autofree guint32 *index = g_new (guint32, n_pick);
  g_autoptr(GError) error = NULL;
  gsize at_i = rows * cols, at_d = at_i + n_pick + GUARD, total = at_d + n_pick * cols + GUARD;
  Region r = { at_d, n_pick * cols };
  LevBuffer *buf;

  if (be == NULL)
    return;
  src = opencl_test_random (rng, rows * cols, -1, 1);
  got = g_new (float, total);
  for (gsize i = 0; i < n_pick; i++)
    index[i] = g_rand_int_range (rng, 0, (gint32) rows);
  index[0] = rows - 1;
  buf = lev_backend_alloc (be, total, &error);
  g_assert_no_error (error);
  lev_backend_fill (be, lev_view (buf, 0), NAN, total);
  lev_backend_upload (be, lev_view (buf, 0), src, rows * cols);
  lev_backend_upload_u32 (be, lev_view (buf, at_i), index, n_pick);
  lev_backend_gather_rows (be, n_pick, cols, lev_view (buf, 0), lev_view (buf, at_i), lev_view (buf, at_d));
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), total, &error));
  for (gsize i = 0; i < n_pick; i++)
    g_assert_cmpmem (got + at_d + i * cols, cols * 4, src + index[i] * cols, cols * 4);
  assert_guards (got, r, "gather");

  /* Dropout: the same units as the host's lev_dropout_keep, exactly. */
  lev_backend_dropout (be, n_pick * cols, lev_view (buf, at_d), lev_view (buf, 0), 0.3f, 1234, 77);
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), total, &error));
  for (gsize i = 0; i < n_pick * cols; i++)
    {
      float keep = lev_dropout_keep (1234, 77, (guint32) i, 0.3f) ? 1.0f / (1.0f - 0.3f) : 0.0f;
      g_assert_cmpfloat (got[i], ==, keep);
      g_assert_cmpfloat (got[at_d + i], ==, src[index[i / cols] * cols + i % cols] * keep);
    }

  /* Fill and copy touch exactly their range. */
  lev_backend_fill (be, lev_view (buf, 0), NAN, total);
  lev_backend_fill (be, lev_view (buf, GUARD), 2.5f, 1000);
  lev_backend_copy (be, lev_view (buf, 2000), lev_view (buf, GUARD), 1000);
  g_assert_true (lev_backend_download (be, got, lev_view (buf, 0), total, &error));
  for (gsize i = 0; i < 1000; i++)
    g_assert_true (got[GUARD + i] == 2.5f && got[2000 + i] == 2.5f);
  g_assert_true (isnan (got[GUARD - 1]) && isnan (got[GUARD + 1000]) && isnan (got[1999]) &&
                 isnan (got[3000]));
  lev_backend_free_buffer (be, buf);
}

/* A caller's mistake (a view past the end) is an error from the next sync,
 * never a write out of bounds or a crash. */
static void
test_bad_views (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  g_autoptr(GError) error = NULL;
  LevBuffer *buf;

  if (be == NULL)
    return;
  buf = lev_backend_alloc (be, 100, &error);
  g_assert_no_error (error);
  lev_backend_gemm (be, LEV_GEMM_NN, 10, 10, 10, 1, lev_view (buf, 0), lev_view (buf, 0), 0,
                    lev_view (buf, 95), lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
  g_assert_false (lev_backend_sync (be, &error));
  g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
  g_clear_error (&error);
  /* The error stays: later operations are no-ops and report it too. */
  g_assert_null (lev_backend_alloc (be, 10, &error));
  g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID);
  lev_backend_free_buffer (be, buf);
}

int
main (int argc, char **argv)
{
  g_autofree char *tmp = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp = opencl_test_private_caches ();
  rng = g_rand_new_with_seed (20261130);

  g_test_add_data_func ("/opencl/kernels/gemm/tiled", "tiled", test_gemm);
  g_test_add_data_func ("/opencl/kernels/gemm/vec", "vec", test_gemm);
  g_test_add_func ("/opencl/kernels/act-backward", test_act_backward);
  g_test_add_func ("/opencl/kernels/bias-grad", test_bias_grad);
  g_test_add_func ("/opencl/kernels/loss", test_loss);
  g_test_add_func ("/opencl/kernels/optimisers", test_optimisers);
  g_test_add_func ("/opencl/kernels/gather-dropout-fill", test_gather_dropout_fill);
  g_test_add_func ("/opencl/kernels/bad-views", test_bad_views);
  status = g_test_run ();
  g_rand_free (rng);
  test_remove_tree (tmp);
  return status;
}
