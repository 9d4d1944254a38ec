/* test-dist.c: the distributions against analytic values, the Philox
 * known-answer vectors, the text syntax and CSV columns. References are
 * computed here independently of lev-dist.c (erfc from libm, closed
 * forms, numerical integration of the beta density). */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lev-dist.h"
#include "lev-error.h"
#include "lev-number-text.h"
#include "lev-philox.h"
#include "lev-scenario-io.h"

#define N_DRAWS 200000

/* ------------------------------------------------------------------ */
/* Philox4x32-10: the Random123 kat_vectors file. */

static void
test_philox_kat (void)
{
  static const struct {
    guint32 ctr[4], key[2], out[4];
  } kat[] = {
    { { 0, 0, 0, 0 }, { 0, 0 }, { 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8 } },
    { { 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff }, { 0xffffffff, 0xffffffff },
      { 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd } },
    { { 0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344 }, { 0xa4093822, 0x299f31d0 },
      { 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1 } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kat); i++)
    {
      guint32 out[4];

      lev_philox4x32_10 (kat[i].ctr, kat[i].key, out);
      for (guint w = 0; w < 4; w++)
        g_assert_cmphex (out[w], ==, kat[i].out[w]);
    }
  /* Uniforms stay strictly inside (0, 1), even from all-zero and all-one bits. */
  g_assert_cmpfloat (lev_philox_uniform (0, 0), >, 0.0);
  g_assert_cmpfloat (lev_philox_uniform (0xffffffff, 0xffffffff), <, 1.0);
}

/* ------------------------------------------------------------------ */
/* Reference CDFs. */

static double
ref_phi (double x)
{
  return 0.5 * erfc (-x / sqrt (2.0));
}

static void
test_normal_quantile (void)
{
  /* Φ(Φ⁻¹(p)) = p, with Φ from libm's erfc. */
  for (int i = 1; i < 2000; i++)
    {
      double p = i / 2000.0;
      double z = lev_normal_quantile (p);

      g_assert_cmpfloat_with_epsilon (ref_phi (z), p, 2e-15);
    }
  for (int e = 3; e <= 300; e += 7)
    {
      double p = pow (10.0, -e);

      /* Far tails (p < 1e-11) use AS 241's third rational function,
       * good to a few parts in 10^12 in z; Φ'/Φ ≈ |z| turns that into
       * about 3e-10 relative in p, far below any Monte Carlo use. */
      g_assert_cmpfloat_with_epsilon (ref_phi (lev_normal_quantile (p)) / p, 1.0, 1e-9);
    }
  g_assert_cmpfloat_with_epsilon (lev_normal_quantile (0.975), 1.959963984540054, 1e-15);
  g_assert_cmpfloat_with_epsilon (lev_normal_quantile (0.95), 1.6448536269514722, 1e-15);
  g_assert_cmpfloat (lev_normal_quantile (0.5), ==, 0.0);
}

/* The beta CDF by Simpson integration of the density on a fine grid: an
 * independent route to the same numbers as the continued fraction. */
typedef struct {
  double  a, b;
  guint   n;
  double *cdf;  /* at x = i / n */
} BetaTable;

static double
beta_density (double x, double a, double b, double lbeta)
{
  if (x <= 0 || x >= 1)
    return (x <= 0 ? (a == 1 ? exp (-lbeta) : 0) : (b == 1 ? exp (-lbeta) : 0));
  return exp ((a - 1) * log (x) + (b - 1) * log1p (-x) - lbeta);
}

static BetaTable *
beta_table_new (double a, double b)
{
  BetaTable *t = g_new0 (BetaTable, 1);
  double lbeta = lgamma (a) + lgamma (b) - lgamma (a + b);
  double h;

  t->a = a;
  t->b = b;
  t->n = 20000;
  t->cdf = g_new0 (double, t->n + 1);
  h = 1.0 / t->n;
  for (guint i = 1; i <= t->n; i++)
    {
      double x0 = (i - 1) * h, x1 = i * h;

      /* The end cells hold x^(a−1) and (1−x)^(b−1), whose derivatives blow
       * up for shapes below 2: integrate their series there instead. */
      if (i == 1)
        t->cdf[i] = exp (a * log (h) - lbeta) / a * (1 - (b - 1) * a * h / (a + 1));
      else if (i == t->n)
        t->cdf[i] = 1.0;
      else
        t->cdf[i] = t->cdf[i - 1] +
                    h / 6.0 * (beta_density (x0, a, b, lbeta) +
                               4 * beta_density (0.5 * (x0 + x1), a, b, lbeta) +
                               beta_density (x1, a, b, lbeta));
    }
  return t;
}

static double
beta_table_cdf (const BetaTable *t, double x)
{
  double pos = CLAMP (x, 0, 1) * t->n;
  guint i = MIN ((guint) pos, t->n - 1);

  return t->cdf[i] + (pos - i) * (t->cdf[i + 1] - t->cdf[i]);
}

static void
test_beta_cdf (void)
{
  double shapes[][2] = { { 1, 1 }, { 3, 3 }, { 1.4, 4.6 }, { 5, 1 }, { 2.2, 3.8 } };

  for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      BetaTable *t = beta_table_new (shapes[s][0], shapes[s][1]);

      for (int i = 1; i < 100; i++)
        {
          double x = i / 100.0, p = lev_beta_cdf (x, shapes[s][0], shapes[s][1]);

          g_assert_cmpfloat_with_epsilon (p, beta_table_cdf (t, x), 1e-8);
          g_assert_cmpfloat_with_epsilon (lev_beta_quantile (p, shapes[s][0], shapes[s][1]), x, 1e-10);
        }
      g_free (t->cdf);
      g_free (t);
    }
}

/* ------------------------------------------------------------------ */
/* Each distribution: moments, quantiles and a KS test. */

typedef struct {
  const char *name;
  LevNumber   number;
  double      lo, hi;       /* truncation */
  double      mean, var;    /* analytic */
  double      (*cdf) (gconstpointer data, double x);
  gconstpointer cdf_data;
} Case;

static double
cdf_uniform (gconstpointer data, double x)
{
  const double *p = data;
  return CLAMP ((x - p[0]) / (p[1] - p[0]), 0, 1);
}

static double
cdf_triangular (gconstpointer data, double x)
{
  const double *p = data;
  double a = p[0], c = p[1], b = p[2];

  if (x <= a)
    return 0;
  if (x >= b)
    return 1;
  if (x <= c)
    return (x - a) * (x - a) / ((b - a) * (c - a));
  return 1 - (b - x) * (b - x) / ((b - a) * (b - c));
}

static double
cdf_pert (gconstpointer data, double x)
{
  const double *p = data;
  const BetaTable *t = *(BetaTable *const *) (p + 3);

  return beta_table_cdf (t, (x - p[0]) / (p[2] - p[0]));
}

static double
cdf_normal_trunc0 (gconstpointer data, double x)
{
  const double *p = data;
  double z0 = ref_phi ((0 - p[0]) / p[1]);

  if (x <= 0)
    return 0;
  return (ref_phi ((x - p[0]) / p[1]) - z0) / (1 - z0);
}

static double
cdf_lognormal (gconstpointer data, double x)
{
  const double *p = data;
  double mu = 0.5 * (log (p[0]) + log (p[1]));
  double sigma = (log (p[1]) - log (p[0])) / (2 * 1.6448536269514722);

  return x <= 0 ? 0 : ref_phi ((log (x) - mu) / sigma);
}

static double
cdf_empirical (gconstpointer data, double x)
{
  const double *v = data; /* sorted, 8 values */
  guint k = 0;

  while (k < 8 && v[k] <= x)
    k++;
  return k / 8.0;
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
check_case (const Case *c)
{
  LevDistSampler s;
  g_autofree double *x = g_new (double, N_DRAWS);
  guint32 key[2] = { 12345, 678 };
  double sum = 0, ss = 0, mean, var, d = 0;
  const double levels[] = { 0.05, 0.25, 0.5, 0.75, 0.95 };
  gboolean discrete = c->number.kind == LEV_DIST_EMPIRICAL;

  lev_dist_sampler_init (&s, &c->number, c->lo, c->hi);
  lev_dist_sampler_prepare (&s);
  for (guint i = 0; i < N_DRAWS; i += 2)
    {
      guint32 ctr[4] = { i / 2, 7, 0, 0 }, out[4];

      lev_philox4x32_10 (ctr, key, out);
      x[i] = lev_dist_sampler_draw (&s, lev_philox_uniform (out[0], out[1]));
      x[i + 1] = lev_dist_sampler_draw (&s, lev_philox_uniform (out[2], out[3]));
    }
  for (guint i = 0; i < N_DRAWS; i++)
    sum += x[i];
  mean = sum / N_DRAWS;
  for (guint i = 0; i < N_DRAWS; i++)
    ss += (x[i] - mean) * (x[i] - mean);
  var = ss / (N_DRAWS - 1);

  /* The sample mean has standard error σ/√n and the sample variance
   * about σ²·√((κ − 1)/n) with kurtosis κ < 6 for every case here: five
   * standard errors make a false alarm a one-in-a-million event. */
  g_test_message ("%s: mean %.10g (want %.10g), var %.10g (want %.10g)",
                  c->name, mean, c->mean, var, c->var);
  g_assert_cmpfloat (fabs (mean - c->mean), <=, 5 * sqrt (c->var / N_DRAWS));
  g_assert_cmpfloat (fabs (var - c->var), <=, 5 * c->var * sqrt (5.0 / N_DRAWS));

  qsort (x, N_DRAWS, sizeof (double), cmp_double);
  /* Kolmogorov–Smirnov: D·√n < 1.95 (1 in 1000 to fail by chance). */
  for (guint i = 0; i < N_DRAWS; i++)
    {
      double f = c->cdf (c->cdf_data, x[i]);

      d = MAX (d, MAX (fabs ((i + 1.0) / N_DRAWS - f), discrete ? 0 : fabs (f - (double) i / N_DRAWS)));
    }
  if (!discrete)
    {
      g_test_message ("%s: KS D·√n = %.3f", c->name, d * sqrt (N_DRAWS));
      g_assert_cmpfloat (d * sqrt (N_DRAWS), <, 1.95);
    }

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      double p = levels[l];
      double q = x[(gsize) (p * (N_DRAWS - 1))];
      double exact = lev_dist_sampler_quantile (&s, p);

      /* The sample p-quantile's CDF value is Beta-distributed with sd
       * √(p(1−p)/n): allow five of those. */
      if (!discrete)
        {
          g_assert_cmpfloat (fabs (c->cdf (c->cdf_data, q) - p), <=, 5 * sqrt (p * (1 - p) / N_DRAWS));
          /* And the exact quantile inverts the reference CDF. */
          g_assert_cmpfloat_with_epsilon (c->cdf (c->cdf_data, exact), p, 2e-6);
        }
    }
  lev_dist_sampler_clear (&s);
}

static void
test_distributions (void)
{
  static double uni[] = { 2e6, 5e6 };
  static double tri[] = { 1e5, 1.5e5, 4e5 };
  static double tri_left[] = { 3, 3, 5 };
  static double pert[4] = { 0.3, 0.5, 1.0 };
  static double norm[] = { 1.0, 1.0 };
  static double norm_far[] = { 100.0, 7.0 };
  static double logn[] = { 14.4, 28.8 };
  static double emp[] = { 3, 5, 5, 8, 13, 21, 34, 55 };
  BetaTable *bt;
  double alpha, beta, pm;
  g_autoptr(LevEmpirical) samples = NULL;
  double mu, sigma, trunc_mean, trunc_var, phi_a, z;

  alpha = 1 + 4 * (pert[1] - pert[0]) / (pert[2] - pert[0]);
  beta = 1 + 4 * (pert[2] - pert[1]) / (pert[2] - pert[0]);
  bt = beta_table_new (alpha, beta);
  memcpy (&pert[3], &bt, sizeof bt);
  pm = (pert[0] + 4 * pert[1] + pert[2]) / 6;

  mu = 0.5 * (log (logn[0]) + log (logn[1]));
  sigma = (log (logn[1]) - log (logn[0])) / (2 * 1.6448536269514722);

  /* Normal(1, 1) truncated at 0: α = −1, Z = 1 − Φ(−1). */
  phi_a = exp (-0.5) / sqrt (2 * G_PI);
  z = 1 - ref_phi (-1);
  trunc_mean = 1 + phi_a / z;
  trunc_var = 1 + (-1) * phi_a / z - (phi_a / z) * (phi_a / z);

  samples = lev_empirical_new (emp, G_N_ELEMENTS (emp), NULL, NULL);

  {
    Case cases[] = {
      { "uniform", lev_number_uniform (uni[0], uni[1]), 0, 1e15,
        (uni[0] + uni[1]) / 2, (uni[1] - uni[0]) * (uni[1] - uni[0]) / 12, cdf_uniform, uni },
      { "triangular", lev_number_triangular (tri[0], tri[1], tri[2]), 0, 1e15,
        (tri[0] + tri[1] + tri[2]) / 3,
        (tri[0] * tri[0] + tri[1] * tri[1] + tri[2] * tri[2] - tri[0] * tri[1] - tri[0] * tri[2] -
         tri[1] * tri[2]) / 18, cdf_triangular, tri },
      { "triangular-mode-at-min", lev_number_triangular (3, 3, 5), 0, 600,
        11.0 / 3, (9 + 9 + 25 - 9 - 15 - 15) / 18.0, cdf_triangular, tri_left },
      /* PERT: mean (a + 4m + b)/6, variance (μ − a)(b − μ)/7. */
      { "pert", lev_number_pert (pert[0], pert[1], pert[2]), 0, 1000,
        pm, (pm - pert[0]) * (pert[2] - pm) / 7, cdf_pert, pert },
      { "normal-truncated-at-zero", lev_number_normal (norm[0], norm[1]), 0, 1e15,
        trunc_mean, trunc_var, cdf_normal_trunc0, norm },
      { "normal", lev_number_normal (norm_far[0], norm_far[1]), 0, 1e15,
        norm_far[0], norm_far[1] * norm_far[1], cdf_normal_trunc0, norm_far },
      { "lognormal", lev_number_lognormal (logn[0], logn[1]), 0, 1e15,
        exp (mu + sigma * sigma / 2), (exp (sigma * sigma) - 1) * exp (2 * mu + sigma * sigma),
        cdf_lognormal, logn },
      { "empirical", lev_number_empirical (samples), 0, 1e15, 18, 0, cdf_empirical, emp },
    };
    double m = 18, v = 0;

    for (guint i = 0; i < G_N_ELEMENTS (emp); i++)
      v += (emp[i] - m) * (emp[i] - m);
    cases[G_N_ELEMENTS (cases) - 1].var = v / G_N_ELEMENTS (emp);

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        check_case (&cases[i]);
        lev_number_clear (&cases[i].number);
      }
  }

  /* The lognormal's 5th and 95th percentiles are its low and high. */
  {
    LevNumber n = lev_number_lognormal (80, 120);
    LevDistSampler s;

    lev_dist_sampler_init (&s, &n, 0, 1e15);
    g_assert_cmpfloat_with_epsilon (lev_dist_sampler_quantile (&s, 0.05), 80, 1e-9);
    g_assert_cmpfloat_with_epsilon (lev_dist_sampler_quantile (&s, 0.95), 120, 1e-9);
    g_assert_cmpfloat_with_epsilon (lev_number_value (&n), sqrt (80.0 * 120.0), 1e-9);
    lev_dist_sampler_clear (&s);
  }
  /* Truncation to a field's range keeps draws inside it. */
  {
    LevNumber n = lev_number_normal (0.9, 0.2);
    LevDistSampler s;

    lev_dist_sampler_init (&s, &n, 1e-6, 1);
    lev_dist_sampler_prepare (&s);
    for (int i = 1; i < 1000; i++)
      {
        double x = lev_dist_sampler_draw (&s, i / 1000.0);
        g_assert_cmpfloat (x, <=, 1.0);
        g_assert_cmpfloat (x, >=, 1e-6);
      }
    lev_dist_sampler_clear (&s);
  }
  g_free (bt->cdf);
  g_free (bt);
}

/* ------------------------------------------------------------------ */
/* The text syntax. */

static void
test_text_valid (void)
{
  static const struct {
    const char *text;
    LevDistKind kind;
    double a, b, c;
  } ok[] = {
    { "500000", LEV_DIST_POINT, 500000 },
    { "50万", LEV_DIST_POINT, 500000 },
    { "1.2亿", LEV_DIST_POINT, 120000000 },
    { "2.5M", LEV_DIST_POINT, 2500000 },
    { "300k", LEV_DIST_POINT, 300000 },
    { "2T", LEV_DIST_POINT, 2e12 },
    { "2万亿", LEV_DIST_POINT, 2e12 },
    { "1,000,000", LEV_DIST_POINT, 1000000 },
    { "  40% ", LEV_DIST_POINT, 0.4 },
    { "3e6", LEV_DIST_POINT, 3e6 },
    { "0.1", LEV_DIST_POINT, 0.1 },
    { "80万 to 120万", LEV_DIST_LOGNORMAL, 800000, 1200000 },
    { "80万-120万", LEV_DIST_LOGNORMAL, 800000, 1200000 },
    { "80万到120万", LEV_DIST_LOGNORMAL, 800000, 1200000 },
    { "80万~120万", LEV_DIST_LOGNORMAL, 800000, 1200000 },
    { "2.0 – 4.0", LEV_DIST_LOGNORMAL, 2, 4 },
    { "~100万", LEV_DIST_LOGNORMAL, 800000, 1200000 },
    { "uniform(1万, 2万)", LEV_DIST_UNIFORM, 10000, 20000 },
    { "triangular(1, 2, 4)", LEV_DIST_TRIANGULAR, 1, 2, 4 },
    { "pert(30%, 40%, 50%)", LEV_DIST_PERT, 0.3, 0.4, 0.5 },
    { "normal(100, 10)", LEV_DIST_NORMAL, 100, 10 },
    { "lognormal(1, 2)", LEV_DIST_LOGNORMAL, 1, 2 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(GError) error = NULL;
      LevNumber n = lev_number_none ();

      g_test_message ("parsing “%s”", ok[i].text);
      g_assert_true (lev_number_parse_text (ok[i].text, &n, &error));
      g_assert_no_error (error);
      g_assert_cmpint (n.kind, ==, ok[i].kind);
      /* Exact: 1.2亿 is 120000000, not 119999999.99999999. */
      g_assert_cmpfloat (n.p[0], ==, ok[i].a);
      g_assert_cmpfloat (n.p[1], ==, ok[i].b);
      g_assert_cmpfloat (n.p[2], ==, ok[i].c);
    }
}

static void
test_text_malformed (void)
{
  static const char *bad[] = {
    "", "   ", "abc", "1..2", "1.2.3", "50万万", "to 100", "100 to", "100 to to 200",
    "120万 to 80万", "-5", "~", "~0", "~-5", "1e", "1e+", "5 万x", "uniform(1)",
    "uniform(2, 1)", "pert(1, 5, 3)", "normal(5, 0)", "normal(5, -1)", "foo(1, 2)",
    "uniform(1, 2", "uniform(1, 2, 3)", "0 to 5", "NaN", "inf", "1e999", "50%%", "1 2",
    "empirical(a.csv)", "100 tox 200", "5,00", ".", "¥100",
  };

  g_assert_cmpuint (G_N_ELEMENTS (bad), >=, 20);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      LevNumber n = lev_number_none ();

      g_assert_false (lev_number_parse_text (bad[i], &n, &error));
      g_assert_nonnull (error);
      g_assert_true (error->domain == LEV_ERROR);
      g_assert_true (error->code == LEV_ERROR_PARSE || error->code == LEV_ERROR_VALUE);
      g_test_message ("“%s” → %s", bad[i], error->message);
      /* A message a founder can act on: more than a bare "invalid". */
      g_assert_cmpuint (strlen (error->message), >, 20);
      g_assert_cmpint (n.kind, ==, LEV_DIST_NONE);
    }
}

static void
test_text_round_trip (void)
{
  guint32 key[2] = { 99, 1 };

  /* Random points and ranges, in both unit systems, survive text. */
  for (guint i = 0; i < 2000; i++)
    {
      guint32 ctr[4] = { i, 0, 0, 0 }, out[4];
      LevNumber n, back = lev_number_none ();
      g_autofree char *cn = NULL, *west = NULL;
      double a, b;

      lev_philox4x32_10 (ctr, key, out);
      a = floor (lev_philox_uniform (out[0], out[1]) * pow (10, 1 + i % 12)) / pow (10, i % 4);
      b = a + 1 + floor (lev_philox_uniform (out[2], out[3]) * 1e6);
      switch (i % 6)
        {
        case 0: n = lev_number_point (a); break;
        case 1: n = lev_number_lognormal (a + 1, b + 1); break;
        case 2: n = lev_number_uniform (a, b); break;
        case 3: n = lev_number_triangular (a, (a + b) / 2, b); break;
        case 4: n = lev_number_pert (a, a, b); break;
        default: n = lev_number_normal (a, b); break;
        }
      cn = lev_number_to_text (&n, TRUE);
      west = lev_number_to_text (&n, FALSE);
      g_assert_true (lev_number_parse_text (cn, &back, NULL));
      g_assert_true (lev_number_equal (&n, &back));
      g_assert_true (lev_number_parse_text (west, &back, NULL));
      g_assert_true (lev_number_equal (&n, &back));
    }
  {
    LevNumber n = lev_number_point (500000);
    g_autofree char *t = lev_number_to_text (&n, TRUE);
    g_autofree char *w = lev_number_to_text (&n, FALSE);
    LevNumber r = lev_number_lognormal (800000, 1200000);
    g_autofree char *rt = lev_number_to_text (&r, TRUE);

    g_assert_cmpstr (t, ==, "50万");
    /* The same K as money on screen (¥500K), not a lower-case k. */
    g_assert_cmpstr (w, ==, "500K");
    {
      /* For showing, computed values are cut to four significant digits;
       * typed ones stay exact. */
      LevNumber third = lev_number_point (1.0 / 3.0), peak = lev_number_point (9.963069075733234e9);
      LevNumber typed = lev_number_point (123456), range = lev_number_lognormal (800000, 1200000);
      g_autofree char *a = lev_number_to_readable_text (&third, FALSE);
      g_autofree char *b = lev_number_to_readable_text (&peak, FALSE);
      g_autofree char *c = lev_number_to_readable_text (&peak, TRUE);
      g_autofree char *d = lev_number_to_readable_text (&typed, FALSE);
      g_autofree char *e = lev_number_to_readable_text (&range, FALSE);
      g_assert_cmpstr (a, ==, "0.3333");
      g_assert_cmpstr (b, ==, "9.963B");
      g_assert_cmpstr (c, ==, "99.63亿");
      g_assert_cmpstr (d, ==, "123.456K");
      g_assert_cmpstr (e, ==, "800K to 1.2M");
    }
    {
      /* Training tokens and peak FLOP/s read as people write them. */
      LevNumber tokens = lev_number_point (2e12), peak = lev_number_point (989e12);
      g_autofree char *tt = lev_number_to_text (&tokens, FALSE);
      g_autofree char *pt = lev_number_to_text (&peak, FALSE);
      g_autofree char *ct = lev_number_to_text (&tokens, TRUE);
      g_autofree char *cp = lev_number_to_text (&peak, TRUE);
      g_assert_cmpstr (tt, ==, "2T");
      g_assert_cmpstr (pt, ==, "989T");
      g_assert_cmpstr (ct, ==, "2万亿");
      g_assert_cmpstr (cp, ==, "989万亿");
    }
    g_assert_cmpstr (rt, ==, "80万 to 120万");
  }
}

/* ------------------------------------------------------------------ */
/* JSON and CSV. */

static void
test_json_round_trip (void)
{
  const double v[] = { 1, 2, 2, 7.5 };
  g_autoptr(LevEmpirical) e = lev_empirical_new (v, 4, NULL, NULL);
  LevNumber numbers[] = {
    lev_number_point (12.5), lev_number_uniform (1, 2), lev_number_triangular (1, 2, 3),
    lev_number_pert (1, 1, 3), lev_number_normal (10, 2), lev_number_lognormal (0.5, 4),
    lev_number_empirical (e),
  };
  LevNumberRange range = { 0, 1e15, FALSE };

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autoptr(JsonNode) node = lev_number_to_json (&numbers[i]);
      g_auto(LevNumber) back = { 0 };
      g_autoptr(GError) error = NULL;

      g_assert_true (lev_number_from_json (node, "$.x", &range, &back, &error));
      g_assert_no_error (error);
      g_assert_true (lev_number_equal (&numbers[i], &back));
      lev_number_clear (&numbers[i]);
    }
}

static void
test_csv_column (void)
{
  g_autofree char *dir = g_dir_make_tmp ("leverage-dist-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "quotes.csv", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.csv", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.csv", NULL);
  /* BOM, semicolons, a quoted field with the delimiter, CRLF. */
  const char *text = "\xEF\xBB\xBFvendor;usd;note\r\nA;2.5;\"cheap; slow\"\r\nB;3.99;x\r\n\"C\";\" 2.99 \";y\r\n";
  g_autoptr(LevEmpirical) e = NULL;
  g_autoptr(GError) error = NULL;
  const double *values;
  gsize n;

  g_assert_true (g_file_set_contents (good, text, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "vendor,usd\nA,2.5\nB,three\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  e = lev_empirical_load_csv (good, "quotes.csv", "usd", &error);
  g_assert_no_error (error);
  values = lev_empirical_get_values (e, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (values[0], ==, 2.5);
  g_assert_cmpfloat (values[1], ==, 3.99);
  g_assert_cmpfloat (values[2], ==, 2.99);
  g_clear_pointer (&e, lev_empirical_unref);

  e = lev_empirical_load_csv (good, "quotes.csv", "eur", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "quotes.csv: row 1"));
  g_clear_error (&error);

  e = lev_empirical_load_csv (bad, "bad.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "bad.csv: row 3, column \"usd\": \"three\""));
  g_clear_error (&error);

  e = lev_empirical_load_csv (empty, "empty.csv", "usd", &error);
  g_assert_null (e);
  g_assert_nonnull (strstr (error->message, "empty.csv"));
  g_clear_error (&error);

  e = lev_empirical_load_csv (missing, "missing.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_IO);
  g_clear_error (&error);

  g_unlink (good);
  g_unlink (bad);
  g_unlink (empty);
  g_rmdir (dir);
}

/* What the CSV reader let through or named wrongly: a ragged row (1,5 was
 * read as 1), a hex cell, a FIFO (which blocked forever), a device, and a
 * value out of range blamed on "$.budget.values[1]", which is not in the
 * scenario file. */
static void
test_csv_hostile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("leverage-dist-XXXXXX", NULL);
  g_autofree char *ragged = g_build_filename (dir, "ragged.csv", NULL);
  g_autofree char *short_row = g_build_filename (dir, "short.csv", NULL);
  g_autofree char *hex = g_build_filename (dir, "hex.csv", NULL);
  g_autofree char *infinite = g_build_filename (dir, "inf.csv", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.csv", NULL);
  g_autofree char *costs = g_build_filename (dir, "costs.csv", NULL);
  g_autofree char *scenario = NULL;
  g_autoptr(LevEmpirical) e = NULL;
  g_autoptr(LevScenario) s = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (ragged, "usd\n2\n1,5\n", -1, NULL));
  g_assert_true (g_file_set_contents (short_row, "vendor,usd,note\nA,2,x\nB,3\n", -1, NULL));
  g_assert_true (g_file_set_contents (hex, "usd\n2\n0x10\n", -1, NULL));
  g_assert_true (g_file_set_contents (infinite, "usd\n2\ninf\n", -1, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  e = lev_empirical_load_csv (ragged, "ragged.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "ragged.csv: row 3: 2 fields, but the header has 1");
  g_clear_error (&error);

  e = lev_empirical_load_csv (short_row, "short.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "short.csv: row 3: 2 fields, but the header has 3");
  g_clear_error (&error);

  e = lev_empirical_load_csv (hex, "hex.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "hex.csv: row 3, column \"usd\": \"0x10\" is not a number"));
  g_clear_error (&error);

  e = lev_empirical_load_csv (infinite, "inf.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "inf.csv: row 3"));
  g_clear_error (&error);

  e = lev_empirical_load_csv (fifo, "fifo.csv", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "fifo.csv: not a regular file (a pipe (FIFO))");
  g_clear_error (&error);

  e = lev_empirical_load_csv ("/dev/null", "/dev/null", "usd", &error);
  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "/dev/null: not a regular file (a device)");
  g_clear_error (&error);

  /* Read, then range-checked: the message names the CSV file and row. */
  g_assert_true (g_file_set_contents (costs, "usd\n2\n-5\n7\n", -1, NULL));
  scenario = g_strdup_printf ("{\"format\": \"leverage-scenario\", \"version\": 1, \"name\": \"E\", "
                              "\"currency\": \"USD\", \"start\": \"2026-01\", \"horizon_months\": 12, "
                              "\"budget\": {\"dist\": \"empirical\", \"file\": \"costs.csv\", \"column\": \"usd\"}, "
                              "\"areas\": {\"data\": {\"items\": []}, \"compute\": {\"items\": []}, "
                              "\"talent\": {\"items\": []}, \"market\": {\"items\": []}}}");
  s = lev_scenario_load_data_in (scenario, strlen (scenario), "plan.json", dir, &error);
  g_assert_null (s);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "plan.json: $.budget: costs.csv, row 3, column \"usd\": "));
  g_assert_null (strstr (error->message, "values["));
  g_clear_error (&error);

  g_unlink (ragged);
  g_unlink (short_row);
  g_unlink (hex);
  g_unlink (infinite);
  g_unlink (fifo);
  g_unlink (costs);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/dist/philox-known-answers", test_philox_kat);
  g_test_add_func ("/core/dist/normal-quantile", test_normal_quantile);
  g_test_add_func ("/core/dist/beta-cdf", test_beta_cdf);
  g_test_add_func ("/core/dist/moments-quantiles-ks", test_distributions);
  g_test_add_func ("/core/dist/text-valid", test_text_valid);
  g_test_add_func ("/core/dist/text-malformed", test_text_malformed);
  g_test_add_func ("/core/dist/text-round-trip", test_text_round_trip);
  g_test_add_func ("/core/dist/json-round-trip", test_json_round_trip);
  g_test_add_func ("/core/dist/csv-column", test_csv_column);
  g_test_add_func ("/core/dist/csv-hostile", test_csv_hostile);
  return g_test_run ();
}
