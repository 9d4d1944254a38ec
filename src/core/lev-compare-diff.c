/* lev-compare-diff.c: what changed between two plans, item by item, and
 * a comparison as JSON. Items are matched by id, as inputs are. */
#define G_LOG_DOMAIN "lev-compare"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-compare.h"
#include "lev-json.h"
#include "lev-number-text.h"

static const char *change_ids[] = { "added", "removed", "changed" };

const char *
lev_item_change_kind_to_id (LevItemChangeKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (change_ids), NULL);
  return change_ids[kind];
}

/* Each item's leveraged cost with every input at its median. */
static double *
point_costs (const LevSnapshot *s)
{
  g_autofree double *values = g_new (double, MAX (s->n_inputs, 1));
  g_autofree double *scratch = g_new0 (double, 3 * MAX (s->n_items, 1));
  double *costs = g_new0 (double, MAX (s->n_items, 1));
  LevEval e = { 0 };

  lev_snapshot_point_values (s, values);
  e.scratch = scratch;
  e.item_leveraged = costs;
  lev_snapshot_eval (s, values, &e);
  return costs;
}

static int
find_item (const LevSnapshot *s, const char *id)
{
  for (guint i = 0; i < s->n_items; i++)
    if (g_str_equal (s->items[i].id, id))
      return (int) i;
  return -1;
}

static char *
covers_text (const LevSnapshot *s, const LevSnapshotItem *it)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint c = 0; c < it->n_covers; c++)
    {
      if (c > 0)
        g_string_append (text, ", ");
      g_string_append (text, s->items[it->covers[c]].id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_change (GArray *fields, const char *field, const char *before, const char *after)
{
  LevFieldChange fc = { g_strdup (field), g_strdup (before), g_strdup (after) };

  if (g_strcmp0 (before, after) != 0)
    g_array_append_val (fields, fc);
  else
    {
      g_free (fc.field);
      g_free (fc.before);
      g_free (fc.after);
    }
}

static GArray *
item_fields (const LevSnapshot *sa, const LevSnapshotItem *a,
             const LevSnapshot *sb, const LevSnapshotItem *b)
{
  GArray *fields = g_array_new (FALSE, TRUE, sizeof (LevFieldChange));
  g_autofree char *ca = covers_text (sa, a), *cb = covers_text (sb, b);

  add_change (fields, "name", a->name, b->name);
  add_change (fields, "area", lev_area_kind_to_id (a->area), lev_area_kind_to_id (b->area));
  add_change (fields, "channel", lev_channel_to_id (a->channel), lev_channel_to_id (b->channel));
  add_change (fields, "cost.form", lev_cost_form_to_id (a->form), lev_cost_form_to_id (b->form));
  add_change (fields, "timing.schedule", lev_schedule_to_id (a->schedule),
              lev_schedule_to_id (b->schedule));
  add_change (fields, "covers", ca, cb);
  for (guint f = 0; f < LEV_ITEM_N_NUMBERS; f++)
    {
      const LevNumber *na = a->in[f] != LEV_NO_INPUT ? &sa->inputs[a->in[f]].number : NULL;
      const LevNumber *nb = b->in[f] != LEV_NO_INPUT ? &sb->inputs[b->in[f]].number : NULL;
      g_autofree char *ta = NULL, *tb = NULL;

      if (na != NULL && nb != NULL && lev_number_equal (na, nb))
        continue;
      ta = na ? lev_number_to_text (na, FALSE) : NULL;
      tb = nb ? lev_number_to_text (nb, FALSE) : NULL;
      /* Two numbers that differ only past the text's precision still
       * differ: say so rather than show before = after. */
      if (ta != NULL && tb != NULL && g_str_equal (ta, tb))
        {
          g_free (tb);
          tb = g_strdup_printf ("%s (≠)", ta);
        }
      add_change (fields, lev_item_number_id (f), ta, tb);
    }
  return fields;
}

static char *
input_text (const LevSnapshot *s, int input)
{
  return input != LEV_NO_INPUT ? lev_number_to_text (&s->inputs[input].number, FALSE) : NULL;
}

/* The plan-wide inputs (budget, the compute plan, each requirement) as
 * changes of pseudo-items named as correlations name them: "budget",
 * "plan", "AREA.requirement". Their costs are NAN: they are not items. */
typedef struct {
  const char  *id;
  LevAreaKind  area;
  int          ia, ib;
  const char  *field;
} PlanRow;

static void
plan_changes (const LevSnapshot *a, const LevSnapshot *b, GArray *changes)
{
  PlanRow rows[1 + LEV_PLAN_N_NUMBERS + LEV_N_AREAS];
  guint n = 0;

  rows[n++] = (PlanRow) { "budget", LEV_AREA_DATA, a->budget, b->budget, "amount" };
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    rows[n++] = (PlanRow) { "plan", LEV_AREA_COMPUTE, a->has_plan ? a->plan[i] : LEV_NO_INPUT,
                                     b->has_plan ? b->plan[i] : LEV_NO_INPUT,
                                     lev_compute_plan_number_id (i) };
  for (guint r = 0; r < LEV_N_AREAS; r++)
    rows[n++] = (PlanRow) { lev_area_kind_to_id (r), r, a->requirement[r], b->requirement[r],
                                     "requirement" };
  for (guint r = 0; r < n; r++)
    {
      g_autoptr(GArray) fields = g_array_new (FALSE, TRUE, sizeof (LevFieldChange));
      guint last = r;
      LevItemChange c = { 0 };

      /* The compute plan's fields are one pseudo-item. */
      while (last + 1 < n && g_str_equal (rows[last + 1].id, rows[r].id))
        last++;
      for (guint k = r; k <= last; k++)
        {
          g_autofree char *ta = input_text (a, rows[k].ia), *tb = input_text (b, rows[k].ib);

          if (rows[k].ia != LEV_NO_INPUT && rows[k].ib != LEV_NO_INPUT &&
              lev_number_equal (&a->inputs[rows[k].ia].number, &b->inputs[rows[k].ib].number))
            continue;
          add_change (fields, rows[k].field, ta, tb);
        }
      if (fields->len > 0)
        {
          c.kind = LEV_ITEM_CHANGED;
          c.id = g_strdup (rows[r].id);
          c.name = g_strdup (rows[r].id);
          c.area = rows[r].area;
          c.cost_before = c.cost_after = NAN;
          c.n_fields = fields->len;
          c.fields = (LevFieldChange *) g_array_free (g_steal_pointer (&fields), FALSE);
          g_array_append_val (changes, c);
        }
      r = last;
    }
}

LevItemChange *
lev_compare_items (const LevSnapshot *a,
                   const LevSnapshot *b,
                   guint             *n_changes)
{
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (LevItemChange));
  g_autofree double *cost_a = NULL, *cost_b = NULL;

  g_return_val_if_fail (a != NULL && b != NULL && n_changes != NULL, NULL);
  cost_a = point_costs (a);
  cost_b = point_costs (b);

  for (guint i = 0; i < a->n_items; i++)
    {
      const LevSnapshotItem *ia = &a->items[i];
      int j = find_item (b, ia->id);
      LevItemChange c = { 0 };

      c.id = g_strdup (ia->id);
      c.cost_before = cost_a[i];
      if (j < 0)
        {
          c.kind = LEV_ITEM_REMOVED;
          c.name = g_strdup (ia->name);
          c.area = ia->area;
          c.cost_after = NAN;
        }
      else
        {
          GArray *fields = item_fields (a, ia, b, &b->items[j]);

          c.kind = LEV_ITEM_CHANGED;
          c.name = g_strdup (b->items[j].name);
          c.area = b->items[j].area;
          c.cost_after = cost_b[j];
          c.n_fields = fields->len;
          c.fields = (LevFieldChange *) g_array_free (fields, c.n_fields == 0);
          if (c.n_fields == 0)
            {
              g_free (c.id);
              g_free (c.name);
              continue;
            }
        }
      g_array_append_val (changes, c);
    }
  for (guint j = 0; j < b->n_items; j++)
    if (find_item (a, b->items[j].id) < 0)
      {
        LevItemChange c = { 0 };

        c.kind = LEV_ITEM_ADDED;
        c.id = g_strdup (b->items[j].id);
        c.name = g_strdup (b->items[j].name);
        c.area = b->items[j].area;
        c.cost_before = NAN;
        c.cost_after = cost_b[j];
        g_array_append_val (changes, c);
      }
  plan_changes (a, b, changes);
  *n_changes = changes->len;
  return (LevItemChange *) g_array_free (g_steal_pointer (&changes), FALSE);
}

void
lev_item_changes_free (LevItemChange *changes,
                       guint          n_changes)
{
  if (changes == NULL)
    return;
  for (guint i = 0; i < n_changes; i++)
    {
      for (guint f = 0; f < changes[i].n_fields; f++)
        {
          g_free (changes[i].fields[f].field);
          g_free (changes[i].fields[f].before);
          g_free (changes[i].fields[f].after);
        }
      g_free (changes[i].fields);
      g_free (changes[i].id);
      g_free (changes[i].name);
    }
  g_free (changes);
}

/* ------------------------------------------------------------------ */
/* JSON. */

static void
add_string (JsonBuilder *b, const char *name, const char *v)
{
  json_builder_set_member_name (b, name);
  if (v != NULL)
    json_builder_add_string_value (b, v);
  else
    json_builder_add_null_value (b);
}

static void
add_summary (JsonBuilder *b, const char *name, double mean, double p10, double p50, double p90)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  lev_json_add_number_or_null (b, "mean", mean);
  lev_json_add_number_or_null (b, "p10", p10);
  lev_json_add_number_or_null (b, "p50", p50);
  lev_json_add_number_or_null (b, "p90", p90);
  json_builder_end_object (b);
}

#define ADD_SUMMARY(b, name, s) add_summary (b, name, (s).mean, (s).p10, (s).p50, (s).p90)

static void
add_items (JsonBuilder *b, const LevComparePair *pair)
{
  json_builder_set_member_name (b, "items");
  json_builder_begin_array (b);
  for (guint i = 0; i < pair->n_items; i++)
    {
      const LevItemChange *c = &pair->items[i];

      json_builder_begin_object (b);
      add_string (b, "change", lev_item_change_kind_to_id (c->kind));
      add_string (b, "id", c->id);
      add_string (b, "name", c->name);
      add_string (b, "area", lev_area_kind_to_id (c->area));
      lev_json_add_number_or_null (b, "cost_before", c->cost_before);
      lev_json_add_number_or_null (b, "cost_after", c->cost_after);
      json_builder_set_member_name (b, "fields");
      json_builder_begin_array (b);
      for (guint f = 0; f < c->n_fields; f++)
        {
          json_builder_begin_object (b);
          add_string (b, "field", c->fields[f].field);
          add_string (b, "before", c->fields[f].before);
          add_string (b, "after", c->fields[f].after);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

JsonNode *
lev_comparison_to_json (const LevComparison *self,
                        const char *const   *files)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "samples");
  json_builder_add_int_value (b, self->n_samples);
  json_builder_set_member_name (b, "seed");
  json_builder_add_int_value (b, (gint64) self->seed);
  add_string (b, "currency", lev_currency_to_id (self->currency));
  json_builder_set_member_name (b, "streams");
  json_builder_add_int_value (b, self->n_streams);

  json_builder_set_member_name (b, "plans");
  json_builder_begin_array (b);
  for (guint p = 0; p < self->n_plans; p++)
    {
      const LevComparePlan *pl = &self->plans[p];
      const LevOutputStats *lev = &pl->leveraged;

      json_builder_begin_object (b);
      add_string (b, "name", pl->snapshot->name);
      add_string (b, "file", files ? files[p] : NULL);
      add_summary (b, "leveraged", lev->mean, lev->percentiles[LEV_P10],
                   lev->percentiles[LEV_P50], lev->percentiles[LEV_P90]);
      ADD_SUMMARY (b, "baseline", pl->baseline);
      ADD_SUMMARY (b, "savings", pl->savings);
      lev_json_add_number_or_null (b, "budget", pl->budget);
      lev_json_add_number_or_null (b, "p_within_budget", pl->p_within_budget);
      ADD_SUMMARY (b, "runway_months", pl->runway_months);
      json_builder_set_member_name (b, "areas");
      json_builder_begin_object (b);
      for (guint a = 0; a < LEV_N_AREAS; a++)
        {
          json_builder_set_member_name (b, lev_area_kind_to_id (a));
          json_builder_begin_object (b);
          lev_json_add_number_or_null (b, "leveraged_mean", pl->area_mean[a]);
          lev_json_add_number_or_null (b, "baseline_mean", pl->area_baseline_mean[a]);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "uncertain_inputs");
      json_builder_add_int_value (b, pl->n_uncertain);
      json_builder_set_member_name (b, "matched_inputs");
      json_builder_add_int_value (b, pl->n_matched);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "pairs");
  json_builder_begin_array (b);
  for (guint q = 0; q < self->n_pairs; q++)
    {
      const LevComparePair *pair = &self->pairs[q];
      const LevOutputStats *d = &pair->difference;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "a");
      json_builder_add_int_value (b, pair->a);
      json_builder_set_member_name (b, "b");
      json_builder_add_int_value (b, pair->b);
      lev_json_add_number_or_null (b, "p_a_cheaper", pair->p_a_cheaper);
      add_summary (b, "difference", d->mean, d->percentiles[LEV_P10], d->percentiles[LEV_P50],
                   d->percentiles[LEV_P90]);
      add_items (b, pair);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
