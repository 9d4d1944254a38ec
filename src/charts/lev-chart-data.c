/* lev-chart-data.c: chart inputs, and the adapter from the deterministic
 * report. */
#define G_LOG_DOMAIN "lev-chart-data"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-chart-data.h"

static const struct {
  const char *id;
  const char *title;
  const char *summary;
} kinds[LEV_N_CHARTS] = {
  { "cost-by-area", N_("Cost by area"),
    N_("baseline beside leveraged cost of each area, savings labelled") },
  { "waterfall", N_("Savings by channel"),
    N_("baseline total, each channel's saving, leveraged total") },
  { "composition", N_("Where the money goes"),
    N_("leveraged cost by channel (donut, total in the centre)") },
  { "histogram", N_("Total cost, simulated"),
    N_("Monte Carlo histogram with 10th/50th/90th percentiles and budget") },
  { "exceedance", N_("Chance of exceeding each total"),
    N_("exceedance curve: probability that the total is higher than x") },
  { "tornado", N_("What moves the total most"),
    N_("sensitivity: each input from its 10th to its 90th percentile") },
  { "spend", N_("Cumulative spend against funding"),
    N_("monthly cumulative spend (10–90th percentile band), funding, runway") },
  { "training", N_("Training curves"),
    N_("loss and accuracy by epoch, training and validation") },
};

const char *
lev_chart_kind_to_id (LevChartKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_CHARTS, NULL);
  return kinds[kind].id;
}

gboolean
lev_chart_kind_from_id (const char   *id,
                        LevChartKind *out)
{
  for (guint i = 0; i < LEV_N_CHARTS; i++)
    if (id != NULL && g_str_equal (id, kinds[i].id))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
lev_chart_kind_summary (LevChartKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_CHARTS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, kinds[kind].summary);
}

const char *
lev_chart_kind_title (LevChartKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_CHARTS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, kinds[kind].title);
}

LevChartSet *
lev_chart_set_new (void)
{
  return g_new0 (LevChartSet, 1);
}

void
lev_cost_by_area_data_free (LevCostByAreaData *data)
{
  if (data == NULL)
    return;
  for (guint i = 0; i < data->n; i++)
    g_free (data->bars[i].label);
  g_free (data->bars);
  g_free (data);
}

void
lev_waterfall_data_free (LevWaterfallData *data)
{
  if (data == NULL)
    return;
  g_free (data->steps);
  g_free (data);
}

void
lev_composition_data_free (LevCompositionData *data)
{
  if (data == NULL)
    return;
  g_free (data->slices);
  g_free (data);
}

void
lev_histogram_data_free (LevHistogramData *data)
{
  if (data == NULL)
    return;
  g_free (data->edges);
  g_free (data->counts);
  g_free (data->label);
  g_free (data);
}

void
lev_exceedance_data_free (LevExceedanceData *data)
{
  if (data == NULL)
    return;
  g_free (data->x);
  g_free (data->p);
  g_free (data);
}

void
lev_tornado_data_free (LevTornadoData *data)
{
  if (data == NULL)
    return;
  for (guint i = 0; i < data->n; i++)
    g_free (data->bars[i].label);
  g_free (data->bars);
  g_free (data);
}

void
lev_fan_data_free (LevFanData *data)
{
  if (data == NULL)
    return;
  g_free (data->p10);
  g_free (data->p50);
  g_free (data->p90);
  g_free (data->start);
  g_free (data);
}

void
lev_training_curves_free (LevTrainingCurves *data)
{
  if (data == NULL)
    return;
  g_free (data->epoch);
  g_free (data->train_loss);
  g_free (data->val_loss);
  g_free (data->train_metric);
  g_free (data->val_metric);
  g_free (data->metric_label);
  g_free (data);
}

double
lev_training_curves_x (const LevTrainingCurves *data,
                       guint                    i)
{
  g_return_val_if_fail (data != NULL && i < data->n_points, NAN);
  return data->epoch != NULL ? data->epoch[i] : i + 1.0;
}

guint
lev_training_curves_n_epochs (const LevTrainingCurves *data)
{
  guint n = 0;

  g_return_val_if_fail (data != NULL, 0);
  for (guint i = 0; i < data->n_points; i++)
    {
      double x = lev_training_curves_x (data, i);
      if (x == floor (x))
        n++;
    }
  return n;
}

void
lev_chart_set_free (LevChartSet *self)
{
  if (self == NULL)
    return;
  g_free (self->scenario_name);
  lev_cost_by_area_data_free (self->cost_by_area);
  lev_waterfall_data_free (self->waterfall);
  lev_composition_data_free (self->composition);
  lev_histogram_data_free (self->histogram);
  lev_exceedance_data_free (self->exceedance);
  lev_tornado_data_free (self->tornado);
  lev_fan_data_free (self->fan);
  lev_training_curves_free (self->training);
  g_free (self);
}

gboolean
lev_chart_set_has (const LevChartSet *self,
                   LevChartKind       kind)
{
  g_return_val_if_fail (self != NULL, FALSE);
  switch (kind)
    {
    case LEV_CHART_COST_BY_AREA: return self->cost_by_area != NULL && self->cost_by_area->n > 0;
    case LEV_CHART_WATERFALL:    return self->waterfall != NULL;
    case LEV_CHART_COMPOSITION:  return self->composition != NULL && self->composition->n > 0;
    case LEV_CHART_HISTOGRAM:    return self->histogram != NULL && self->histogram->n_bins > 0;
    case LEV_CHART_EXCEEDANCE:   return self->exceedance != NULL && self->exceedance->n > 1;
    case LEV_CHART_TORNADO:      return self->tornado != NULL && self->tornado->n > 0;
    case LEV_CHART_FAN:          return self->fan != NULL && self->fan->n_months > 0;
    case LEV_CHART_TRAINING:     return self->training != NULL && self->training->n_points > 0
                                        && self->training->train_loss != NULL;
    case LEV_N_CHARTS:
    default:
      return FALSE;
    }
}

static int
cmp_slice (const void *a,
           const void *b)
{
  const LevSlice *x = a, *y = b;
  return (x->value < y->value) - (x->value > y->value);
}

static int
cmp_step (const void *a,
          const void *b)
{
  const LevWaterfallStep *x = a, *y = b;
  return (x->saving < y->saving) - (x->saving > y->saving);
}

/* Each item's leveraged cost with subsidies netted: a subsidy's
 * (negative) cost is spread over the items it covers in proportion to
 * their cost, so per-channel sums add up to the total without a negative
 * part, which neither a donut nor a stacked bar can show. Returns whether
 * anything was netted. */
static gboolean
net_item_costs (const LevReport *report,
                double          *net)
{
  const LevSnapshot *s = report->snapshot;
  const LevEval *e = &report->eval;
  gboolean netted = FALSE;

  for (guint i = 0; i < s->n_items; i++)
    net[i] = e->item_leveraged[i];
  for (guint i = 0; i < s->n_items; i++)
    {
      const LevSnapshotItem *it = &s->items[i];
      double covered = 0;

      if (it->form != LEV_COST_SUBSIDY || it->n_covers == 0 || e->item_leveraged[i] >= 0)
        continue;
      for (guint k = 0; k < it->n_covers; k++)
        covered += MAX (e->item_leveraged[it->covers[k]], 0);
      if (covered <= 0)
        continue;
      for (guint k = 0; k < it->n_covers; k++)
        net[it->covers[k]] += e->item_leveraged[i] * MAX (e->item_leveraged[it->covers[k]], 0)
                              / covered;
      net[i] = 0;
      netted = TRUE;
    }
  return netted;
}

static LevCompositionData *
composition_from_net (const LevReport *report,
                      const double    *net,
                      gboolean         netted)
{
  const LevSnapshot *s = report->snapshot;
  double by_channel[LEV_N_CHANNELS] = { 0 };
  LevCompositionData *c = g_new0 (LevCompositionData, 1);

  for (guint i = 0; i < s->n_items; i++)
    by_channel[s->items[i].channel] += net[i];
  c->netted = netted;
  c->total = report->eval.leveraged;
  c->slices = g_new0 (LevSlice, LEV_N_CHANNELS);
  for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
    if (by_channel[ch] > 0.5)
      c->slices[c->n++] = (LevSlice) { ch, by_channel[ch] };
  qsort (c->slices, c->n, sizeof (LevSlice), cmp_slice);
  return c;
}

LevChartSet *
lev_chart_set_new_from_report (const LevReport *report,
                               const char      *start)
{
  const LevSnapshot *s;
  const LevEval *e;
  LevChartSet *set;
  double saving[LEV_N_CHANNELS] = { 0 };
  gboolean used[LEV_N_CHANNELS] = { FALSE };
  g_autofree double *net = NULL;
  gboolean netted;

  g_return_val_if_fail (report != NULL, NULL);
  s = report->snapshot;
  e = &report->eval;
  set = lev_chart_set_new ();
  set->scenario_name = g_strdup (s->name);
  set->currency = s->currency;
  net = g_new0 (double, MAX (s->n_items, 1));
  netted = net_item_costs (report, net);

  set->cost_by_area = g_new0 (LevCostByAreaData, 1);
  set->cost_by_area->n = LEV_N_AREAS;
  set->cost_by_area->bars = g_new0 (LevAreaBar, LEV_N_AREAS);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      LevAreaBar *bar = &set->cost_by_area->bars[a];
      double positive = 0;
      gboolean negative = FALSE;

      bar->label = g_strdup (lev_area_kind_label (a));
      bar->baseline = e->area_baseline[a];
      bar->leveraged = e->area_leveraged[a];
      for (guint i = 0; i < s->n_items; i++)
        if (s->items[i].area == a)
          bar->channel[s->items[i].channel] += net[i];
      for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
        {
          negative |= bar->channel[ch] < -0.5;
          positive += MAX (bar->channel[ch], 0);
        }
      /* Stack only when the segments really add up to the bar (a subsidy
       * covering another area's item would leave a negative part). */
      bar->stacked = !negative && fabs (positive - bar->leveraged) <= 1e-6 * MAX (1, bar->leveraged);
    }

  for (guint i = 0; i < s->n_items; i++)
    {
      saving[s->items[i].channel] += e->item_baseline[i] - e->item_leveraged[i];
      used[s->items[i].channel] = TRUE;
    }
  set->waterfall = g_new0 (LevWaterfallData, 1);
  set->waterfall->baseline = e->baseline;
  set->waterfall->leveraged = e->leveraged;
  set->waterfall->steps = g_new0 (LevWaterfallStep, LEV_N_CHANNELS);
  for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
    if (used[ch] && fabs (saving[ch]) >= 0.5)
      set->waterfall->steps[set->waterfall->n++] = (LevWaterfallStep) { ch, saving[ch] };
  qsort (set->waterfall->steps, set->waterfall->n, sizeof (LevWaterfallStep), cmp_step);

  set->composition = composition_from_net (report, net, netted);

  if (s->n_months > 0 && e->monthly != NULL)
    {
      LevFanData *f = g_new0 (LevFanData, 1);
      double cum = 0;

      f->n_months = s->n_months;
      f->p10 = g_new (double, s->n_months);
      f->p50 = g_new (double, s->n_months);
      f->p90 = g_new (double, s->n_months);
      for (guint m = 0; m < s->n_months; m++)
        {
          cum += e->monthly[m];
          f->p10[m] = f->p50[m] = f->p90[m] = cum;
        }
      f->funding = e->budget;
      f->runway_month = e->runway_months >= s->n_months ? -1 : (int) e->runway_months;
      f->start = g_strdup (start);
      f->deterministic = TRUE;
      set->fan = f;
    }
  return set;
}

static int
cmp_double (const void *a,
            const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

double
lev_percentile_sorted (const double *sorted,
                       gsize         n,
                       double        q)
{
  double h;
  gsize lo;

  if (n == 0)
    return NAN;
  h = (n - 1) * CLAMP (q, 0, 1);
  lo = (gsize) floor (h);
  if (lo + 1 >= n)
    return sorted[n - 1];
  return sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
}

static double *
sorted_copy (const double *samples,
             gsize         n)
{
  double *v = g_memdup2 (samples, n * sizeof (double));
  qsort (v, n, sizeof (double), cmp_double);
  return v;
}

LevHistogramData *
lev_histogram_data_new_from_samples (const double *samples,
                                     gsize         n,
                                     guint         n_bins,
                                     double        budget)
{
  g_autofree double *v = NULL;
  LevHistogramData *h;
  double lo, hi, width;
  gsize within = 0;

  g_return_val_if_fail (samples != NULL && n > 0 && n_bins > 0, NULL);
  v = sorted_copy (samples, n);
  h = g_new0 (LevHistogramData, 1);
  lo = v[0];
  hi = v[n - 1];
  if (hi <= lo)
    hi = lo + MAX (fabs (lo) * 1e-6, 1);
  width = (hi - lo) / n_bins;
  h->n_bins = n_bins;
  h->edges = g_new (double, n_bins + 1);
  h->counts = g_new0 (double, n_bins);
  for (guint b = 0; b <= n_bins; b++)
    h->edges[b] = lo + b * width;
  h->edges[n_bins] = hi;
  for (gsize i = 0; i < n; i++)
    {
      guint b = (guint) MIN ((v[i] - lo) / width, n_bins - 1);
      h->counts[b]++;
      if (!isnan (budget) && v[i] <= budget)
        within++;
    }
  h->p10 = lev_percentile_sorted (v, n, 0.1);
  h->p50 = lev_percentile_sorted (v, n, 0.5);
  h->p90 = lev_percentile_sorted (v, n, 0.9);
  h->budget = budget;
  h->p_within = isnan (budget) ? NAN : (double) within / n;
  h->n_samples = n;
  return h;
}

LevExceedanceData *
lev_exceedance_data_new_from_samples (const double *samples,
                                      gsize         n,
                                      guint         n_points,
                                      double        budget)
{
  g_autofree double *v = NULL;
  LevExceedanceData *x;

  g_return_val_if_fail (samples != NULL && n > 0 && n_points >= 2, NULL);
  v = sorted_copy (samples, n);
  x = g_new0 (LevExceedanceData, 1);
  x->n = n_points;
  x->x = g_new (double, n_points);
  x->p = g_new (double, n_points);
  for (guint j = 0; j < n_points; j++)
    {
      gsize idx = (gsize) ((double) j * (n - 1) / (n_points - 1));
      gsize above = idx;

      /* P(total > x): count strictly greater, so ties do not lower it. */
      while (above < n && v[above] <= v[idx])
        above++;
      x->x[j] = v[idx];
      x->p[j] = (double) (n - above) / n;
    }
  x->budget = budget;
  if (!isnan (budget))
    {
      gsize over = 0;
      for (gsize i = 0; i < n; i++)
        over += v[i] > budget;
      x->p_over = (double) over / n;
      x->has_p_over = TRUE;
    }
  x->p10 = lev_percentile_sorted (v, n, 0.1);
  x->p50 = lev_percentile_sorted (v, n, 0.5);
  x->p90 = lev_percentile_sorted (v, n, 0.9);
  return x;
}
