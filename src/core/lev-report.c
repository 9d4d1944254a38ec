/* lev-report.c: one evaluation at the point values, and its outputs. */
#define G_LOG_DOMAIN "lev-report"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-report.h"

LevReport *
lev_report_new (LevScenario  *scenario,
                GError      **error)
{
  LevReport *self;
  LevSnapshot *snap = lev_snapshot_new (scenario, error);
  guint n;

  if (snap == NULL)
    return NULL;

  n = snap->n_items;
  self = g_new0 (LevReport, 1);
  self->snapshot = snap;
  self->values = g_new0 (double, MAX (snap->n_inputs, 1));
  self->eval.item_leveraged = g_new0 (double, MAX (n, 1));
  self->eval.item_baseline = g_new0 (double, MAX (n, 1));
  self->eval.item_quantity = g_new0 (double, MAX (n, 1));
  self->eval.monthly = g_new0 (double, snap->n_months);
  self->eval.scratch = g_new0 (double, 3 * MAX (n, 1));

  lev_snapshot_point_values (snap, self->values);
  lev_snapshot_eval (snap, self->values, &self->eval);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    self->requirement[a] = snap->requirement[a] == LEV_NO_INPUT ? NAN
                                                                : self->values[snap->requirement[a]];
  return self;
}

void
lev_report_free (LevReport *self)
{
  if (self == NULL)
    return;
  g_free (self->eval.item_leveraged);
  g_free (self->eval.item_baseline);
  g_free (self->eval.item_quantity);
  g_free (self->eval.monthly);
  g_free (self->eval.scratch);
  g_free (self->values);
  lev_snapshot_unref (self->snapshot);
  g_free (self);
}

/* Money as an integer where it is one, so JSON reads 13000000, not 1.3e7. */
static void
add_money (JsonBuilder *b,
           const char  *name,
           double       v)
{
  if (name != NULL)
    json_builder_set_member_name (b, name);
  if (fabs (v) < 9e15 && v == floor (v))
    json_builder_add_int_value (b, (gint64) v);
  else
    json_builder_add_double_value (b, v);
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       v)
{
  json_builder_set_member_name (b, name);
  if (isfinite (v))
    add_money (b, NULL, v);
  else
    json_builder_add_null_value (b);
}

JsonNode *
lev_report_to_json (const LevReport *self)
{
  const LevSnapshot *s = self->snapshot;
  const LevEval *e = &self->eval;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "scenario");
  json_builder_add_string_value (b, s->name);
  json_builder_set_member_name (b, "currency");
  json_builder_add_string_value (b, lev_currency_to_id (s->currency));
  add_money (b, "budget", e->budget);
  json_builder_set_member_name (b, "horizon_months");
  json_builder_add_int_value (b, s->horizon_months);

  json_builder_set_member_name (b, "areas");
  json_builder_begin_object (b);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      json_builder_set_member_name (b, lev_area_kind_to_id (a));
      json_builder_begin_object (b);
      add_money (b, "baseline", e->area_baseline[a]);
      add_money (b, "leveraged", e->area_leveraged[a]);
      add_money (b, "savings", e->area_baseline[a] - e->area_leveraged[a]);
      if (!isnan (self->requirement[a]))
        {
          json_builder_set_member_name (b, "coverage");
          json_builder_begin_object (b);
          add_double (b, "covered", e->area_covered[a]);
          add_double (b, "required", self->requirement[a]);
          json_builder_set_member_name (b, "unit");
          json_builder_add_string_value (b, s->requirement_unit[a]);
          add_double (b, "fraction", self->requirement[a] > 0
                                       ? e->area_covered[a] / self->requirement[a] : NAN);
          json_builder_end_object (b);
        }
      json_builder_set_member_name (b, "items");
      json_builder_begin_array (b);
      for (guint i = 0; i < s->n_items; i++)
        {
          const LevSnapshotItem *it = &s->items[i];
          if (it->area != a)
            continue;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, it->id);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, it->name);
          json_builder_set_member_name (b, "channel");
          json_builder_add_string_value (b, lev_channel_to_id (it->channel));
          if (!isnan (e->item_quantity[i]))
            add_double (b, "quantity", e->item_quantity[i]);
          add_money (b, "baseline", e->item_baseline[i]);
          add_money (b, "leveraged", e->item_leveraged[i]);
          add_money (b, "savings", e->item_baseline[i] - e->item_leveraged[i]);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  add_money (b, "baseline", e->baseline);
  add_money (b, "leveraged", e->leveraged);
  add_money (b, "savings", e->savings);
  json_builder_end_object (b);

  if (s->has_plan)
    {
      json_builder_set_member_name (b, "compute_plan");
      json_builder_begin_object (b);
      add_double (b, "flops", e->plan_flops);
      add_double (b, "accelerator_hours", e->plan_hours);
      add_double (b, "cost", e->plan_cost);
      json_builder_end_object (b);
    }

  json_builder_set_member_name (b, "monthly");
  json_builder_begin_array (b);
  for (guint m = 0; m < s->n_months; m++)
    add_money (b, NULL, e->monthly[m]);
  json_builder_end_array (b);
  add_money (b, "peak_monthly", e->peak_monthly);
  json_builder_set_member_name (b, "runway_months");
  if (e->runway_months >= s->n_months)
    json_builder_add_null_value (b);
  else
    json_builder_add_int_value (b, (gint64) e->runway_months);
  json_builder_set_member_name (b, "within_budget");
  json_builder_add_boolean_value (b, e->leveraged <= e->budget);

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Terminal columns taken by @text: CJK characters take two. */
static int
display_width (const char *text)
{
  int w = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return w;
}

/* @text cut to @width columns, with an ellipsis where it was cut. */
static char *
fit (const char *text,
     int         width)
{
  GString *out;
  int w = 0;

  if (display_width (text) <= width)
    return g_strdup (text);
  out = g_string_new (NULL);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      int cw = g_unichar_iswide (c) ? 2 : 1;

      if (w + cw > width - 1)
        break;
      g_string_append_unichar (out, c);
      w += cw;
    }
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static void
append_padded (GString    *out,
               const char *text,
               int         width,
               gboolean    right)
{
  int pad = MAX (0, width - display_width (text));

  if (right)
    g_string_append_printf (out, "%*s%s", pad, "", text);
  else
    g_string_append_printf (out, "%s%*s", text, pad, "");
}

static void
append_row (GString    *out,
            const char *label,
            const char *c1,
            const char *c2,
            const char *c3,
            int         indent)
{
  g_autofree char *name = fit (label, 42 - indent);

  g_string_append_printf (out, "%*s", indent, "");
  append_padded (out, name, 42 - indent, FALSE);
  append_padded (out, c1, 16, TRUE);
  append_padded (out, c2, 16, TRUE);
  append_padded (out, c3, 16, TRUE);
  g_string_append_c (out, '\n');
}

char *
lev_report_to_text (const LevReport *self,
                    LevMoneyLocale   locale)
{
  const LevSnapshot *s = self->snapshot;
  const LevEval *e = &self->eval;
  GString *out = g_string_new (NULL);
  LevCurrency cur = s->currency;

#define MONEY(v) lev_money_format ((v), cur, LEV_MONEY_FULL, locale)

  g_string_append_printf (out, "%s\n", s->name);
  {
    g_autofree char *budget = MONEY (e->budget);
    g_string_append_printf (out, _("Currency: %s · Horizon: %u months · Budget: %s\n\n"),
                            lev_currency_to_id (cur), s->horizon_months, budget);
  }
  append_row (out, "", _("Baseline"), _("Leveraged"), _("Savings"), 0);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      g_autofree char *b = MONEY (e->area_baseline[a]);
      g_autofree char *l = MONEY (e->area_leveraged[a]);
      g_autofree char *v = MONEY (e->area_baseline[a] - e->area_leveraged[a]);

      append_row (out, lev_area_kind_label (a), b, l, v, 0);
      for (guint i = 0; i < s->n_items; i++)
        {
          g_autofree char *ib = NULL, *il = NULL, *iv = NULL;
          if (s->items[i].area != a)
            continue;
          ib = MONEY (e->item_baseline[i]);
          il = MONEY (e->item_leveraged[i]);
          iv = MONEY (e->item_baseline[i] - e->item_leveraged[i]);
          append_row (out, s->items[i].name, ib, il, iv, 2);
        }
      if (!isnan (self->requirement[a]))
        {
          g_autofree char *cov = lev_number_format (e->area_covered[a], locale);
          g_autofree char *req = lev_number_format (self->requirement[a], locale);
          /* Translators: coverage of an area's requirement, e.g. "1 of 1 TB covered" */
          g_string_append_printf (out, _("  Coverage: %s of %s %s covered\n"),
                                  cov, req, s->requirement_unit[a]);
        }
    }
  {
    g_autofree char *b = MONEY (e->baseline);
    g_autofree char *l = MONEY (e->leveraged);
    g_autofree char *v = MONEY (e->savings);
    g_string_append_c (out, '\n');
    append_row (out, _("Total"), b, l, v, 0);
  }
  if (s->has_plan)
    {
      g_autofree char *hours = lev_number_format (e->plan_hours, locale);
      g_autofree char *cost = MONEY (e->plan_cost);
      g_string_append_printf (out, _("\nCompute plan: %.3g FLOPs, %s accelerator-hours, %s\n"),
                              e->plan_flops, hours, cost);
    }
  {
    g_autofree char *peak = MONEY (e->peak_monthly);
    g_string_append_printf (out, _("Peak monthly spend: %s\n"), peak);
    if (e->runway_months >= s->n_months)
      g_string_append_printf (out, _("Runway: the budget covers all %u months\n"), s->n_months);
    else
      g_string_append_printf (out, _("Runway: %.0f months before spending exceeds the budget\n"),
                              e->runway_months);
  }
#undef MONEY
  return g_string_free (out, FALSE);
}

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    return;
  if (v == floor (v) && fabs (v) < 9e15)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) v);
  else
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, v));
}

char *
lev_report_to_csv (const LevReport *self)
{
  const LevSnapshot *s = self->snapshot;
  const LevEval *e = &self->eval;
  GString *out = g_string_new ("area,id,name,channel,quantity,baseline,leveraged,savings\n");

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      for (guint i = 0; i < s->n_items; i++)
        {
          if (s->items[i].area != a)
            continue;
          g_string_append_printf (out, "%s,", lev_area_kind_to_id (a));
          csv_field (out, s->items[i].id);
          g_string_append_c (out, ',');
          csv_field (out, s->items[i].name);
          g_string_append_printf (out, ",%s,", lev_channel_to_id (s->items[i].channel));
          csv_number (out, e->item_quantity[i]);
          g_string_append_c (out, ',');
          csv_number (out, e->item_baseline[i]);
          g_string_append_c (out, ',');
          csv_number (out, e->item_leveraged[i]);
          g_string_append_c (out, ',');
          csv_number (out, e->item_baseline[i] - e->item_leveraged[i]);
          g_string_append_c (out, '\n');
        }
      g_string_append_printf (out, "%s,,(area total),,,", lev_area_kind_to_id (a));
      csv_number (out, e->area_baseline[a]);
      g_string_append_c (out, ',');
      csv_number (out, e->area_leveraged[a]);
      g_string_append_c (out, ',');
      csv_number (out, e->area_baseline[a] - e->area_leveraged[a]);
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "total,,(total),,,");
  csv_number (out, e->baseline);
  g_string_append_c (out, ',');
  csv_number (out, e->leveraged);
  g_string_append_c (out, ',');
  csv_number (out, e->savings);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
