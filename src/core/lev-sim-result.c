/* lev-sim-result.c: a simulation's result: its reference count and its
 * two outside forms, JSON and the raw samples as CSV. */
#define G_LOG_DOMAIN "lev-simulate"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-json.h"
#include "lev-simulate.h"
#include "lev-tsan.h"

LevSimResult *
lev_sim_result_ref (LevSimResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lev_sim_result_unref (LevSimResult *self)
{
  g_return_if_fail (self != NULL);
  /* GLib's atomic count orders each holder's use before the free. */
  LEV_TSAN_RELEASE (self);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  LEV_TSAN_ACQUIRE (self);
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      g_free (self->samples[o]);
      g_free (self->outputs[o].hist_counts);
    }
  if (self->input_samples != NULL)
    for (guint j = 0; j < self->n_uncertain; j++)
      g_free (self->input_samples[j]);
  g_free (self->input_samples);
  g_free (self->uncertain);
  g_free (self->months);
  lev_snapshot_unref (self->snapshot);
  g_free (self);
}

JsonNode *
lev_sim_result_to_json (const LevSimResult *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const LevSnapshot *snap = self->snapshot;
  double budget;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_string_value (b, snap->name);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, lev_currency_to_id (snap->currency));
  json_builder_set_member_name (b, "samples");
  json_builder_add_int_value (b, self->n_samples);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) self->seed);
  json_builder_set_member_name (b, "chunk_size");
  json_builder_add_int_value (b, self->chunk_size);
  budget = lev_dist_sampler_quantile (&snap->inputs[snap->budget].sampler, 0.5);
  lev_json_add_number_or_null (b, "budget", budget);
  lev_json_add_number_or_null (b, "p_within_budget", self->p_within_budget);

  json_builder_set_member_name (b, "outputs");
  json_builder_begin_object (b);
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      const LevOutputStats *st = &self->outputs[o];

      json_builder_set_member_name (b, lev_output_id (o));
      json_builder_begin_object (b);
      lev_json_add_number_or_null (b, "mean", st->mean);
      lev_json_add_number_or_null (b, "sd", st->sd);
      lev_json_add_number_or_null (b, "min", st->min);
      lev_json_add_number_or_null (b, "max", st->max);
      json_builder_set_member_name (b, "percentiles");
      json_builder_begin_object (b);
      for (guint p = 0; p < LEV_N_PERCENTILES; p++)
        {
          char name[8];

          g_snprintf (name, sizeof name, "%d", (int) lround (lev_percentile_levels[p] * 100));
          lev_json_add_number_or_null (b, name, st->percentiles[p]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "histogram");
      json_builder_begin_object (b);
      lev_json_add_number_or_null (b, "lo", st->hist_lo);
      lev_json_add_number_or_null (b, "width", st->hist_width);
      json_builder_set_member_name (b, "counts");
      json_builder_begin_array (b);
      for (guint i = 0; i < st->n_bins; i++)
        json_builder_add_int_value (b, (gint64) st->hist_counts[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "cdf");
      json_builder_begin_array (b);
      for (guint i = 0; i < LEV_CDF_POINTS; i++)
        json_builder_add_double_value (b, st->cdf[i]);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "monthly_cumulative");
  json_builder_begin_array (b);
  for (guint m = 0; m < self->n_months; m++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "month");
      json_builder_add_int_value (b, m);
      lev_json_add_number_or_null (b, "p10", self->months[m].p10);
      lev_json_add_number_or_null (b, "p50", self->months[m].p50);
      lev_json_add_number_or_null (b, "p90", self->months[m].p90);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "uncertain_inputs");
  json_builder_begin_array (b);
  for (guint j = 0; j < self->n_uncertain; j++)
    {
      const LevSnapshotInput *in = &snap->inputs[self->uncertain[j]];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "path");
      json_builder_add_string_value (b, in->path);
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, in->label);
      json_builder_set_member_name (b, "dist");
      json_builder_add_string_value (b, lev_dist_kind_to_id (in->number.kind));
      lev_json_add_number_or_null (b, "median", lev_dist_sampler_quantile (&in->sampler, 0.5));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static void
csv_field (GString *line, const char *text)
{
  /* Labels hold item names, which may hold commas and quotes. */
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (line, text);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

gboolean
lev_sim_result_write_csv (const LevSimResult *self,
                          GOutputStream      *out,
                          GCancellable       *cancellable,
                          GError            **error)
{
  g_autoptr(GString) buf = g_string_sized_new (1 << 20);
  guint n_in = self->input_samples ? self->n_uncertain : 0;
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (buf, "sample");
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      g_string_append_c (buf, ',');
      g_string_append (buf, lev_output_id (o));
    }
  for (guint j = 0; j < n_in; j++)
    {
      g_string_append_c (buf, ',');
      csv_field (buf, self->snapshot->inputs[self->uncertain[j]].path);
    }
  g_string_append_c (buf, '\n');

  for (guint i = 0; i < self->n_samples; i++)
    {
      g_string_append_printf (buf, "%u", i);
      for (guint o = 0; o < LEV_N_OUTPUTS + n_in; o++)
        {
          double v = o < LEV_N_OUTPUTS ? self->samples[o][i]
                                       : self->input_samples[o - LEV_N_OUTPUTS][i];

          g_string_append_c (buf, ',');
          g_string_append (buf, g_ascii_formatd (num, sizeof num, "%.17g", v));
        }
      g_string_append_c (buf, '\n');
      if (buf->len > (1 << 20) - 4096 || i + 1 == self->n_samples)
        {
          if (!g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
            return FALSE;
          g_string_truncate (buf, 0);
        }
    }
  if (self->n_samples == 0 &&
      !g_output_stream_write_all (out, buf->str, buf->len, NULL, cancellable, error))
    return FALSE;
  return TRUE;
}
