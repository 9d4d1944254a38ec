/* lev-chart-sim.c: simulation results into chart data. Charts keep
 * their own structs so they can be tested without running the engine and
 * so the engine's layout can change without touching a drawing. */
#define G_LOG_DOMAIN "lev-chart-sim"
#include "config.h"

#include <math.h>

#include "lev-chart-sim.h"

/* Tornado rows beyond this add nothing a slide can show. */
#define MAX_TORNADO_BARS 12

void
lev_chart_set_add_simulation (LevChartSet          *set,
                              const LevSimResult   *result,
                              const LevSensitivity *sensitivity,
                              double                budget)
{
  lev_chart_set_add_simulation_output (set, result, sensitivity, budget, LEV_OUTPUT_LEVERAGED, NULL);
}

void
lev_chart_set_add_simulation_output (LevChartSet          *set,
                                     const LevSimResult   *result,
                                     const LevSensitivity *sensitivity,
                                     double                budget,
                                     LevOutput             output,
                                     const char           *label)
{
  const LevOutputStats *st, *hs;
  g_autofree char *start = NULL;

  g_return_if_fail (set != NULL && result != NULL);
  g_return_if_fail (output < LEV_N_OUTPUTS);
  st = &result->outputs[LEV_OUTPUT_LEVERAGED];
  hs = &result->outputs[output];
  set->n_samples = result->n_samples;

  lev_histogram_data_free (set->histogram);
  set->histogram = NULL;
  if (hs->n_bins > 0 && hs->hist_counts != NULL)
    {
      LevHistogramData *h = g_new0 (LevHistogramData, 1);
      /* A budget compares with the whole plan only. */
      double hb = output == LEV_OUTPUT_LEVERAGED ? budget : NAN;

      h->n_bins = hs->n_bins;
      h->edges = g_new (double, hs->n_bins + 1);
      h->counts = g_new (double, hs->n_bins);
      for (guint b = 0; b <= hs->n_bins; b++)
        h->edges[b] = hs->hist_lo + b * hs->hist_width;
      for (guint b = 0; b < hs->n_bins; b++)
        h->counts[b] = (double) hs->hist_counts[b];
      h->p10 = hs->percentiles[LEV_P10];
      h->p50 = hs->percentiles[LEV_P50];
      h->p90 = hs->percentiles[LEV_P90];
      h->budget = hb;
      h->p_within = isfinite (hb) ? result->p_within_budget : NAN;
      h->n_samples = result->n_samples;
      h->label = label ? g_strdup (label) : NULL;
      set->histogram = h;
    }

  /* The engine gives the inverse CDF at each percent; exceedance is its
   * complement: P(X > cdf[i]) is at most 1 − i/100. */
  lev_exceedance_data_free (set->exceedance);
  set->exceedance = g_new0 (LevExceedanceData, 1);
  set->exceedance->n = LEV_CDF_POINTS;
  set->exceedance->x = g_new (double, LEV_CDF_POINTS);
  set->exceedance->p = g_new (double, LEV_CDF_POINTS);
  for (guint i = 0; i < LEV_CDF_POINTS; i++)
    {
      set->exceedance->x[i] = st->cdf[i];
      set->exceedance->p[i] = 1.0 - i / 100.0;
    }
  set->exceedance->budget = budget;
  set->exceedance->has_p_over = isfinite (budget);
  set->exceedance->p_over = 1.0 - result->p_within_budget;
  set->exceedance->p10 = st->percentiles[LEV_P10];
  set->exceedance->p50 = st->percentiles[LEV_P50];
  set->exceedance->p90 = st->percentiles[LEV_P90];

  if (result->n_months > 0 && result->months != NULL)
    {
      LevFanData *f = g_new0 (LevFanData, 1);

      if (set->fan != NULL)
        start = g_steal_pointer (&set->fan->start);
      f->n_months = result->n_months;
      f->p10 = g_new (double, f->n_months);
      f->p50 = g_new (double, f->n_months);
      f->p90 = g_new (double, f->n_months);
      f->runway_month = -1;
      for (guint m = 0; m < f->n_months; m++)
        {
          f->p10[m] = result->months[m].p10;
          f->p50[m] = result->months[m].p50;
          f->p90[m] = result->months[m].p90;
          if (f->runway_month < 0 && isfinite (budget) && f->p50[m] > budget * (1 + 1e-12))
            f->runway_month = (int) m;
        }
      f->funding = budget;
      f->start = g_steal_pointer (&start);
      f->deterministic = FALSE;
      lev_fan_data_free (set->fan);
      set->fan = f;
    }

  if (sensitivity != NULL && sensitivity->n_rows > 0)
    {
      const LevSnapshot *snap = result->snapshot;
      LevTornadoData *t = g_new0 (LevTornadoData, 1);

      t->base = sensitivity->output_base;
      t->n = MIN (sensitivity->n_rows, MAX_TORNADO_BARS);
      t->bars = g_new0 (LevTornadoBar, t->n);
      for (guint i = 0; i < t->n; i++)
        {
          const LevSensitivityRow *row = &sensitivity->rows[i];
          t->bars[i].label = g_strdup (row->input < snap->n_inputs ? snap->inputs[row->input].label : "?");
          t->bars[i].low = row->output_low;
          t->bars[i].high = row->output_high;
        }
      lev_tornado_data_free (set->tornado);
      set->tornado = t;
    }
}
