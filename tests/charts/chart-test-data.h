/* chart-test-data.h: chart inputs for the chart tests: the sample
 * scenarios through the real report, plus hand-built simulation and
 * training data (the simulation engine is another module). */
#pragma once

#include <math.h>

#include "lev-chart-export.h"
#include "lev-scenario-io.h"

static inline char *
chart_test_scenario_path (const char *name)
{
  const char *src = g_getenv ("LEVERAGE_SOURCE_DIR");
  return g_build_filename (src ? src : ".", "data", "scenarios", name, NULL);
}

/* Φ⁻¹ by bisection on erfc: slow, exact enough, and independent of the
 * code under test. */
static inline double
chart_test_normal_quantile (double p)
{
  double lo = -10, hi = 10;
  for (int i = 0; i < 100; i++)
    {
      double mid = (lo + hi) / 2;
      if (0.5 * erfc (-mid / G_SQRT2) < p)
        lo = mid;
      else
        hi = mid;
    }
  return (lo + hi) / 2;
}

/* Simulation-shaped data around the deterministic total: samples at the
 * normal's quantiles (so percentiles are known analytically), a tornado
 * from the largest items, a fan widening by month. */
static inline void
chart_test_add_simulated (LevChartSet *set,
                          double       total,
                          double       budget,
                          guint        n)
{
  g_autofree double *samples = g_new (double, n);
  double sd = total * 0.08;

  for (guint i = 0; i < n; i++)
    samples[i] = total + sd * chart_test_normal_quantile ((i + 0.5) / n);
  set->n_samples = n;
  set->histogram = lev_histogram_data_new_from_samples (samples, n, 40, budget);
  set->exceedance = lev_exceedance_data_new_from_samples (samples, n, 200, budget);

  set->tornado = g_new0 (LevTornadoData, 1);
  set->tornado->base = total;
  set->tornado->n = 6;
  set->tornado->bars = g_new0 (LevTornadoBar, 6);
  {
    const char *labels[6] = { "MFU", "H100 price per hour", "LLM engineer salary",
                              "Tokens", "Corpus price per TB", "Pilot cost per month" };
    const double swing[6] = { 0.09, 0.07, 0.05, 0.03, 0.012, 0.004 };
    for (guint i = 0; i < 6; i++)
      set->tornado->bars[i] = (LevTornadoBar) {
        g_strdup (labels[i]),
        /* MFU works the other way: more utilisation, lower cost. */
        total * (1 + (i == 0 ? swing[i] : -swing[i] * 0.8)),
        total * (1 + (i == 0 ? -swing[i] * 0.7 : swing[i])),
      };
  }
  if (set->fan != NULL)
    {
      LevFanData *f = set->fan;
      for (guint m = 0; m < f->n_months; m++)
        {
          double spread = f->p50[m] * (0.04 + 0.1 * m / MAX (f->n_months - 1, 1));
          f->p10[m] = f->p50[m] - spread;
          f->p90[m] = f->p50[m] + spread * 1.3;
        }
      f->deterministic = FALSE;
    }
}

static inline void
chart_test_add_training (LevChartSet *set,
                         guint        epochs)
{
  LevTrainingCurves *t = g_new0 (LevTrainingCurves, 1);

  t->n_points = epochs;
  t->train_loss = g_new (double, epochs);
  t->val_loss = g_new (double, epochs);
  t->train_metric = g_new (double, epochs);
  t->val_metric = g_new (double, epochs);
  for (guint e = 0; e < epochs; e++)
    {
      t->train_loss[e] = 0.25 + 0.45 * exp (-0.45 * e);
      t->val_loss[e] = 0.30 + 0.40 * exp (-0.40 * e) + 0.004 * e;
      t->train_metric[e] = 0.92 - 0.3 * exp (-0.5 * e);
      t->val_metric[e] = 0.88 - 0.3 * exp (-0.45 * e);
    }
  set->training = t;
}

/* A scenario's chart set with every chart filled. */
static inline LevChartSet *
chart_test_full_set (const char *scenario_file)
{
  g_autofree char *path = chart_test_scenario_path (scenario_file);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) scenario = lev_scenario_load_file (path, &error);
  g_autoptr(LevReport) report = NULL;
  LevChartSet *set;

  g_assert_no_error (error);
  report = lev_report_new (scenario, &error);
  g_assert_no_error (error);
  set = lev_chart_set_new_from_report (report, lev_scenario_get_start (scenario));
  chart_test_add_simulated (set, report->eval.leveraged, report->eval.budget, 20000);
  chart_test_add_training (set, 10);
  return set;
}
