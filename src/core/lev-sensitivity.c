/* lev-sensitivity.c: tornado swings and Spearman rank correlations. The
 * tornado needs two evaluations per uncertain input at the snapshot's
 * exact 10th and 90th percentiles; the correlations read a run's kept
 * input draws. */
#define G_LOG_DOMAIN "lev-sensitivity"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lev-json.h"
#include "lev-sensitivity.h"

static double
output_of (const LevEval *e, LevOutput o)
{
  switch (o)
    {
    case LEV_OUTPUT_LEVERAGED: return e->leveraged;
    case LEV_OUTPUT_BASELINE: return e->baseline;
    case LEV_OUTPUT_SAVINGS: return e->savings;
    case LEV_OUTPUT_PEAK_MONTHLY: return e->peak_monthly;
    case LEV_OUTPUT_RUNWAY_MONTHS: return e->runway_months;
    case LEV_OUTPUT_AREA_DATA:
    case LEV_OUTPUT_AREA_COMPUTE:
    case LEV_OUTPUT_AREA_TALENT:
    case LEV_OUTPUT_AREA_MARKET:
      return e->area_leveraged[o - LEV_OUTPUT_AREA_DATA];
    case LEV_N_OUTPUTS:
    default:
      g_return_val_if_reached (NAN);
    }
}

typedef struct {
  double value;
  gsize  index;
} Keyed;

static int
compare_keyed (gconstpointer a, gconstpointer b)
{
  const Keyed *x = a, *y = b;

  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return (x->index > y->index) - (x->index < y->index);
}

/* Ranks from 1, ties sharing their average rank. */
static void
ranks_of (const double *x, gsize n, double *rank, Keyed *work)
{
  for (gsize i = 0; i < n; i++)
    {
      work[i].value = x[i];
      work[i].index = i;
    }
  qsort (work, n, sizeof (Keyed), compare_keyed);
  for (gsize i = 0; i < n;)
    {
      gsize j = i + 1;
      double avg;

      while (j < n && work[j].value == work[i].value)
        j++;
      avg = 0.5 * (i + j - 1) + 1.0;
      for (gsize t = i; t < j; t++)
        rank[work[t].index] = avg;
      i = j;
    }
}

static double
pearson (const double *x, const double *y, gsize n)
{
  double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;

  for (gsize i = 0; i < n; i++)
    {
      mx += x[i];
      my += y[i];
    }
  mx /= n;
  my /= n;
  for (gsize i = 0; i < n; i++)
    {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
      syy += (y[i] - my) * (y[i] - my);
    }
  if (sxx == 0 || syy == 0)
    return 0.0;
  return sxy / sqrt (sxx * syy);
}

double
lev_spearman (const double *x,
              const double *y,
              gsize         n)
{
  g_autofree double *rx = g_new (double, MAX (n, 1));
  g_autofree double *ry = g_new (double, MAX (n, 1));
  g_autofree Keyed *work = g_new (Keyed, MAX (n, 1));

  if (n < 2)
    return NAN;
  ranks_of (x, n, rx, work);
  ranks_of (y, n, ry, work);
  return pearson (rx, ry, n);
}

static int
compare_rows (gconstpointer a, gconstpointer b)
{
  const LevSensitivityRow *x = a, *y = b;

  if (x->swing != y->swing)
    return x->swing > y->swing ? -1 : 1;
  return (x->input > y->input) - (x->input < y->input);
}

LevSensitivity *
lev_sensitivity_new (LevSnapshot        *snapshot,
                     const LevSimResult *result,
                     LevOutput           output)
{
  LevSensitivity *self;
  g_autofree double *values = NULL, *monthly = NULL, *scratch = NULL, *out_ranks = NULL;
  LevEval e = { 0 };
  guint n_rows = 0;
  double total_sq = 0;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (output < LEV_N_OUTPUTS, NULL);

  values = g_new (double, MAX (snapshot->n_inputs, 1));
  monthly = g_new0 (double, MAX (snapshot->n_months, 1));
  scratch = g_new0 (double, 3 * MAX (snapshot->n_items, 1));
  e.monthly = monthly;
  e.scratch = scratch;

  self = g_new0 (LevSensitivity, 1);
  self->output = output;
  self->rows = g_new0 (LevSensitivityRow, MAX (snapshot->n_inputs, 1));

  lev_snapshot_point_values (snapshot, values);
  lev_snapshot_eval (snapshot, values, &e);
  self->output_base = output_of (&e, output);

  for (guint i = 0; i < snapshot->n_inputs; i++)
    {
      const LevSnapshotInput *in = &snapshot->inputs[i];
      LevSensitivityRow *row;
      double median = values[i];

      if (!lev_number_is_uncertain (&in->number))
        continue;
      row = &self->rows[n_rows++];
      row->input = i;
      row->low_value = lev_dist_sampler_quantile (&in->sampler, 0.10);
      row->high_value = lev_dist_sampler_quantile (&in->sampler, 0.90);
      values[i] = row->low_value;
      lev_snapshot_eval (snapshot, values, &e);
      row->output_low = output_of (&e, output);
      values[i] = row->high_value;
      lev_snapshot_eval (snapshot, values, &e);
      row->output_high = output_of (&e, output);
      values[i] = median;
      row->swing = fabs (row->output_high - row->output_low);
      row->spearman = NAN;
      row->variance_share = NAN;
    }
  self->n_rows = n_rows;

  if (result != NULL && result->input_samples != NULL && result->n_samples >= 2)
    {
      gsize n = result->n_samples;
      g_autofree double *rin = g_new (double, n);
      g_autofree Keyed *work = g_new (Keyed, n);

      out_ranks = g_new (double, n);
      ranks_of (result->samples[output], n, out_ranks, work);
      for (guint r = 0; r < n_rows; r++)
        {
          LevSensitivityRow *row = &self->rows[r];

          for (guint j = 0; j < result->n_uncertain; j++)
            if (result->uncertain[j] == row->input)
              {
                ranks_of (result->input_samples[j], n, rin, work);
                row->spearman = pearson (rin, out_ranks, n);
                total_sq += row->spearman * row->spearman;
              }
        }
      /* Share of variance: each input's ρ² over the sum, the usual
       * reading of a rank-correlation tornado (as @RISK and Crystal Ball
       * present "contribution to variance"). */
      for (guint r = 0; r < n_rows; r++)
        self->rows[r].variance_share = total_sq > 0 && !isnan (self->rows[r].spearman)
                                         ? self->rows[r].spearman * self->rows[r].spearman / total_sq
                                         : 0.0;
    }

  qsort (self->rows, n_rows, sizeof (LevSensitivityRow), compare_rows);
  return self;
}

void
lev_sensitivity_free (LevSensitivity *self)
{
  if (self == NULL)
    return;
  g_free (self->rows);
  g_free (self);
}

JsonNode *
lev_sensitivity_to_json (const LevSensitivity *self,
                         const LevSnapshot    *snapshot)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "output");
  json_builder_add_string_value (b, lev_output_id (self->output));
  lev_json_add_number_or_null (b, "base", self->output_base);
  json_builder_set_member_name (b, "inputs");
  json_builder_begin_array (b);
  for (guint r = 0; r < self->n_rows; r++)
    {
      const LevSensitivityRow *row = &self->rows[r];
      const LevSnapshotInput *in = &snapshot->inputs[row->input];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, in->path);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, in->label);
      json_builder_set_member_name (b, "dist");
      json_builder_add_string_value (b, lev_dist_kind_to_id (in->number.kind));
      lev_json_add_number_or_null (b, "p10", row->low_value);
      lev_json_add_number_or_null (b, "p90", row->high_value);
      lev_json_add_number_or_null (b, "output_at_p10", row->output_low);
      lev_json_add_number_or_null (b, "output_at_p90", row->output_high);
      lev_json_add_number_or_null (b, "swing", row->swing);
      lev_json_add_number_or_null (b, "spearman", row->spearman);
      lev_json_add_number_or_null (b, "variance_share", row->variance_share);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
