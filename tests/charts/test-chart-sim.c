/* test-chart-sim.c: the adapter from Monte Carlo results to chart data,
 * checked against the raw samples of a real run, and the simulation
 * charts drawn from it. */
#define G_LOG_DOMAIN "test-chart-sim"
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "chart-test-data.h"
#include "chart-test-pixels.h"
#include "lev-chart-sim.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* Hyndman–Fan type 7, written out here rather than borrowed. */
static double
type7 (const double *sorted, gsize n, double q)
{
  double h = (n - 1) * q;
  gsize lo = (gsize) floor (h);
  return lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[n - 1];
}

static void
test_adapter (void)
{
  g_autofree char *path = chart_test_scenario_path ("llm-startup-7b.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) scenario = lev_scenario_load_file (path, &error);
  g_autoptr(LevReport) report = NULL;
  g_autoptr(LevSimResult) result = NULL;
  g_autoptr(LevSensitivity) sens = NULL;
  g_autoptr(LevChartSet) set = NULL;
  g_autofree double *sorted = NULL;
  LevSimOptions opts = { 0 };
  const guint n = 6000;
  double total = 0, budget;
  gsize within = 0;

  g_assert_no_error (error);
  report = lev_report_new (scenario, &error);
  g_assert_no_error (error);
  opts.n_samples = n;
  opts.seed = 42;
  result = lev_simulate (report->snapshot, &opts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->n_uncertain, >, 0);
  sens = lev_sensitivity_new (report->snapshot, NULL, LEV_OUTPUT_LEVERAGED);
  set = lev_chart_set_new_from_report (report, lev_scenario_get_start (scenario));
  budget = report->eval.budget;
  lev_chart_set_add_simulation (set, result, sens, budget);

  sorted = g_memdup2 (result->samples[LEV_OUTPUT_LEVERAGED], n * sizeof (double));
  qsort (sorted, n, sizeof (double), cmp_double);
  for (guint i = 0; i < n; i++)
    within += sorted[i] <= budget;

  /* Histogram: every sample in a bin, percentiles and the chance of
   * staying within budget as the raw samples say. */
  g_assert_true (lev_chart_set_has (set, LEV_CHART_HISTOGRAM));
  for (guint b = 0; b < set->histogram->n_bins; b++)
    total += set->histogram->counts[b];
  g_assert_cmpfloat (total, ==, n);
  g_assert_cmpfloat (set->histogram->edges[0], <=, sorted[0]);
  g_assert_cmpfloat (set->histogram->edges[set->histogram->n_bins], >=, sorted[n - 1] * (1 - 1e-12));
  g_assert_cmpfloat (fabs (set->histogram->p10 - type7 (sorted, n, 0.1)), <=, 1e-6 * sorted[n - 1]);
  g_assert_cmpfloat (fabs (set->histogram->p50 - type7 (sorted, n, 0.5)), <=, 1e-6 * sorted[n - 1]);
  g_assert_cmpfloat (fabs (set->histogram->p90 - type7 (sorted, n, 0.9)), <=, 1e-6 * sorted[n - 1]);
  g_assert_cmpfloat (fabs (set->histogram->p_within - (double) within / n), <, 1e-12);
  g_assert_cmpuint (set->n_samples, ==, n);

  /* Exceedance: at each point, the share of samples above it. */
  g_assert_true (lev_chart_set_has (set, LEV_CHART_EXCEEDANCE));
  for (guint i = 0; i < set->exceedance->n; i++)
    {
      gsize above = 0;
      for (guint k = 0; k < n; k++)
        above += sorted[k] > set->exceedance->x[i];
      g_assert_cmpfloat (fabs ((double) above / n - set->exceedance->p[i]), <=, 0.01 + 2.0 / n);
      if (i > 0)
        g_assert_cmpfloat (set->exceedance->x[i], >=, set->exceedance->x[i - 1]);
    }
  g_assert_true (set->exceedance->has_p_over);
  g_assert_cmpfloat (fabs (set->exceedance->p_over - (1 - (double) within / n)), <, 1e-12);

  /* Fan: the band holds the median; cumulative spend never falls. */
  g_assert_false (set->fan->deterministic);
  g_assert_cmpuint (set->fan->n_months, ==, result->n_months);
  g_assert_cmpstr (set->fan->start, ==, "2027-01");
  for (guint m = 0; m < set->fan->n_months; m++)
    {
      g_assert_cmpfloat (set->fan->p10[m], <=, set->fan->p50[m]);
      g_assert_cmpfloat (set->fan->p50[m], <=, set->fan->p90[m]);
      if (m > 0)
        g_assert_cmpfloat (set->fan->p50[m], >=, set->fan->p50[m - 1] - 1e-6);
    }
  /* The last month's median is the median total. */
  g_assert_cmpfloat (fabs (set->fan->p50[set->fan->n_months - 1] - set->histogram->p50),
                     <=, 0.02 * set->histogram->p50);

  /* Tornado: labels from the snapshot, swings largest first. */
  g_assert_true (lev_chart_set_has (set, LEV_CHART_TORNADO));
  g_assert_cmpuint (set->tornado->n, ==, MIN (sens->n_rows, 12));
  for (guint i = 0; i < set->tornado->n; i++)
    {
      g_assert_cmpstr (set->tornado->bars[i].label, ==, report->snapshot->inputs[sens->rows[i].input].label);
      if (i > 0)
        g_assert_cmpfloat (fabs (set->tornado->bars[i].high - set->tornado->bars[i].low), <=,
                           fabs (set->tornado->bars[i - 1].high - set->tornado->bars[i - 1].low) + 1e-6);
    }

  /* Every simulation chart draws from it, cleanly. */
  for (int kind = LEV_CHART_HISTOGRAM; kind <= LEV_CHART_FAN; kind++)
    {
      LevChartStyle style;
      LevChartInfo info;
      LevRgb bg;
      cairo_surface_t *s;

      lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
      bg = lev_palette_role (LEV_PALETTE_BACKGROUND, LEV_THEME_LIGHT);
      s = lev_chart_render_image (set, kind, &style, 1920, 1080, 1, &info, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (info.unknown_glyphs, ==, 0);
      g_assert_cmpuint (info.overlapping_labels, ==, 0);
      g_assert_cmpfloat (test_ink_fraction (s, info.plot.x, info.plot.y, info.plot.width, info.plot.height, bg), >, 0.01);
      cairo_surface_destroy (s);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/sim/adapter", test_adapter);
  return g_test_run ();
}
