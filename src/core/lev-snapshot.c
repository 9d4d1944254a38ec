/* lev-snapshot.c: compiling a scenario, and evaluating it for one draw of
 * its inputs. Evaluation allocates nothing: it runs millions of times. */
#define G_LOG_DOMAIN "lev-snapshot"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-snapshot.h"
#include "lev-tsan.h"

static const char *item_field_paths[LEV_ITEM_N_NUMBERS] = {
  "quantity", "cost.amount", "cost.unit_price", "cost.rate", "cost.cap", "cost.share",
  "baseline", "timing.start_month", "timing.duration_months",
};
static const char *item_field_labels[LEV_ITEM_N_NUMBERS] = {
  "quantity", "amount", "unit price", "rate", "cap", "share", "baseline",
  "start month", "duration",
};

/* The reader's ranges (lev-scenario-io.c): unbounded distributions are
 * truncated to them so a draw is always a value the file could hold. */
static const double item_field_bounds[LEV_ITEM_N_NUMBERS][2] = {
  { 0, 1e15 }, { 0, 1e15 }, { 0, 1e15 }, { 0, 1 }, { 0, 1e15 }, { 0, 1000 }, { 0, 1e15 },
  { 0, LEV_SCENARIO_MAX_MONTHS }, { 1, LEV_SCENARIO_MAX_MONTHS },
};
static const double plan_field_bounds[LEV_PLAN_N_NUMBERS][2] = {
  { 0, 1e16 }, { 0, 1e18 }, { 1, 1e21 }, { 1e-6, 1 }, { 0, 1e15 },
};
static const double money_bounds[2] = { 0, 1e15 };

static int
add_input (GArray          *inputs,
           const LevNumber *n,
           char            *path,
           char            *label,
           int              item,
           const double     bounds[2])
{
  LevSnapshotInput in = { { 0 }, path, label, item, TRUE, bounds[0], bounds[1] };

  lev_number_init_copy (&in.number, n);
  lev_dist_sampler_init (&in.sampler, n, bounds[0], bounds[1]);
  g_array_append_val (inputs, in);
  return (int) inputs->len - 1;
}

static void
clear_input (LevSnapshotInput *in)
{
  g_free (in->path);
  g_free (in->label);
  lev_number_clear (&in->number);
  lev_dist_sampler_clear (&in->sampler);
}

/* Which fields of an item evaluation reads, by cost form. */
static gboolean
item_uses (LevCostForm form, LevSchedule schedule, LevItemNumber f)
{
  switch (f)
    {
    case LEV_ITEM_QUANTITY:
      return form != LEV_COST_SUBSIDY && form != LEV_COST_PLAN;
    case LEV_ITEM_AMOUNT:
      return form == LEV_COST_AMOUNT;
    case LEV_ITEM_UNIT_PRICE:
      return form == LEV_COST_UNIT_PRICE;
    case LEV_ITEM_RATE:
    case LEV_ITEM_CAP:
      return form == LEV_COST_SUBSIDY;
    case LEV_ITEM_SHARE:
      return form == LEV_COST_PLAN;
    case LEV_ITEM_BASELINE:
      return form != LEV_COST_SUBSIDY;
    case LEV_ITEM_START_MONTH:
      return form != LEV_COST_SUBSIDY;
    case LEV_ITEM_DURATION_MONTHS:
      return form != LEV_COST_SUBSIDY && schedule == LEV_SCHEDULE_MONTHLY;
    case LEV_ITEM_N_NUMBERS:
    default:
      return FALSE;
    }
}

static int
round_month (double v, int lo, int hi)
{
  double r = floor (v + 0.5);

  if (!(r >= lo))
    return lo;
  if (r > hi)
    return hi;
  return (int) r;
}

LevSnapshot *
lev_snapshot_new (LevScenario  *scenario,
                  GError      **error)
{
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (LevSnapshotInput));
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (LevSnapshotItem));
  g_autoptr(GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  LevComputePlan *plan;
  LevSnapshot *self;
  LevNumber budget;
  guint n_months, k;

  g_return_val_if_fail (LEV_IS_SCENARIO (scenario), NULL);

  self = g_new0 (LevSnapshot, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (lev_scenario_get_name (scenario));
  self->currency = lev_scenario_get_currency (scenario);
  self->horizon_months = lev_scenario_get_horizon_months (scenario);

  budget = *lev_scenario_get_budget (scenario);
  if (!lev_number_is_set (&budget))
    budget = lev_number_point (0);
  self->budget = add_input (inputs, &budget, g_strdup ("$.budget"), g_strdup ("budget"), -1,
                            money_bounds);

  plan = lev_area_get_plan (lev_scenario_get_area (scenario, LEV_AREA_COMPUTE));
  self->has_plan = plan != NULL;
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    {
      self->plan[i] = LEV_NO_INPUT;
      if (plan != NULL)
        {
          LevNumber n = *lev_compute_plan_get_number (plan, i);
          const char *id = lev_compute_plan_number_id (i);

          if (i == LEV_PLAN_PEAK_FLOPS && !lev_number_is_set (&n))
            {
              const LevAcceleratorPreset *p =
                lev_accelerator_preset_lookup (lev_compute_plan_get_accelerator (plan));
              n = lev_number_point (p ? p->peak_flops : 0);
            }
          self->plan[i] = add_input (inputs, &n, g_strdup_printf ("$.areas.compute.plan.%s", id),
                                     g_strdup_printf ("compute plan · %s", id), -1,
                                     plan_field_bounds[i]);
        }
    }

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      LevArea *area = lev_scenario_get_area (scenario, a);
      const LevNumber *req = lev_area_get_requirement (area);

      self->requirement[a] = LEV_NO_INPUT;
      self->requirement_unit[a] = g_strdup (lev_area_get_requirement_unit (area));
      if (lev_number_is_set (req))
        self->requirement[a] =
          add_input (inputs, req, g_strdup_printf ("$.areas.%s.requirement.quantity",
                                                   lev_area_kind_to_id (a)),
                     g_strdup_printf ("%s requirement", lev_area_kind_to_id (a)), -1,
                     money_bounds);

      for (guint i = 0; i < lev_area_get_n_items (area); i++)
        {
          LevItem *item = lev_area_get_item (area, i);
          LevSnapshotItem si = { 0 };
          int idx = (int) items->len;

          si.id = g_strdup (lev_item_get_id (item));
          si.name = g_strdup (lev_item_get_name (item));
          si.area = a;
          si.channel = lev_item_get_channel (item);
          si.form = lev_item_get_cost_form (item);
          si.schedule = lev_item_get_schedule (item);
          for (guint f = 0; f < LEV_ITEM_N_NUMBERS; f++)
            {
              const LevNumber *n = lev_item_get_number (item, f);

              si.in[f] = LEV_NO_INPUT;
              if (item_uses (si.form, si.schedule, f) && lev_number_is_set (n))
                si.in[f] = add_input (inputs, n,
                                      g_strdup_printf ("$.areas.%s.items[%u].%s",
                                                       lev_area_kind_to_id (a), i,
                                                       item_field_paths[f]),
                                      g_strdup_printf ("%s · %s", si.name, item_field_labels[f]),
                                      idx, item_field_bounds[f]);
            }
          if (si.form == LEV_COST_PLAN && plan == NULL)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                           _("$.areas.%s.items[%u].cost.form: a \"plan\" cost needs a compute plan"),
                           lev_area_kind_to_id (a), i);
              g_array_append_val (items, si);
              goto fail;
            }
          g_hash_table_insert (index, si.id, GINT_TO_POINTER (idx + 1));
          g_array_append_val (items, si);
        }
    }

  /* Resolve what each subsidy covers. */
  for (guint i = 0; i < items->len; i++)
    {
      LevSnapshotItem *si = &g_array_index (items, LevSnapshotItem, i);
      LevItem *item;
      const char *const *covers;

      if (si->form != LEV_COST_SUBSIDY)
        continue;
      item = lev_scenario_find_item (scenario, si->id, NULL);
      covers = lev_item_get_covers (item);
      si->n_covers = g_strv_length ((char **) covers);
      si->covers = g_new0 (int, MAX (si->n_covers, 1));
      for (guint c = 0; c < si->n_covers; c++)
        {
          int target = GPOINTER_TO_INT (g_hash_table_lookup (index, covers[c])) - 1;

          if (target < 0 || g_array_index (items, LevSnapshotItem, target).form == LEV_COST_SUBSIDY)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                           _("item \"%s\": covers \"%s\", which is not a costed item"), si->id, covers[c]);
              goto fail;
            }
          si->covers[c] = target;
        }
    }

  self->n_inputs = inputs->len;
  self->inputs = (LevSnapshotInput *) g_array_free (g_steal_pointer (&inputs), FALSE);
  self->n_items = items->len;
  self->items = (LevSnapshotItem *) g_array_free (g_steal_pointer (&items), FALSE);

  /* Subsidies last: they read the covered items' results. */
  self->order = g_new (guint, MAX (self->n_items, 1));
  k = 0;
  for (guint i = 0; i < self->n_items; i++)
    if (self->items[i].form != LEV_COST_SUBSIDY)
      self->order[k++] = i;
  for (guint i = 0; i < self->n_items; i++)
    if (self->items[i].form == LEV_COST_SUBSIDY)
      self->order[k++] = i;

  /* Correlations name inputs; resolve them and check they can hold. */
  if (lev_scenario_get_n_correlations (scenario) > 0)
    {
      guint nc = lev_scenario_get_n_correlations (scenario);
      g_autofree guint *pairs = g_new (guint, 2 * nc);
      g_autofree double *ranks = g_new (double, nc);
      g_autoptr(GError) local = NULL;

      for (guint c = 0; c < nc; c++)
        {
          const LevCorrelation *corr = lev_scenario_get_correlation (scenario, c);
          const char *refs[2] = { corr->a, corr->b };

          for (guint e = 0; e < 2; e++)
            {
              int in = lev_snapshot_find_input (self, refs[e]);

              if (in == LEV_NO_INPUT)
                {
                  g_set_error (error, LEV_ERROR, LEV_ERROR_REFERENCE,
                               _("$.correlations[%u].%s: \"%s\" names no input of this scenario "
                               "(expected ITEM-ID.FIELD such as \"cloud.unit_price\", plan.FIELD, "
                               "budget, or a JSON path)"), c, e ? "b" : "a", refs[e]);
                  goto fail_late;
                }
              if (!lev_number_is_uncertain (&self->inputs[in].number))
                {
                  g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                               _("$.correlations[%u].%s: \"%s\" is a fixed number; only a "
                               "distribution can be correlated"), c, e ? "b" : "a", refs[e]);
                  goto fail_late;
                }
              pairs[2 * c + e] = (guint) in;
            }
          if (pairs[2 * c] == pairs[2 * c + 1])
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                           _("$.correlations[%u]: a and b name the same input"), c);
              goto fail_late;
            }
          for (guint d = 0; d < c; d++)
            if ((pairs[2 * d] == pairs[2 * c] && pairs[2 * d + 1] == pairs[2 * c + 1]) ||
                (pairs[2 * d] == pairs[2 * c + 1] && pairs[2 * d + 1] == pairs[2 * c]))
              {
                g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                             _("$.correlations[%u]: the same pair as $.correlations[%u]"), c, d);
                goto fail_late;
              }
          ranks[c] = corr->rank;
        }
      self->ic = lev_ic_plan_new (pairs, ranks, nc, &local);
      if (self->ic == NULL)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("$.correlations: %s"), local->message);
          goto fail_late;
        }
    }

  /* The monthly series covers the horizon and every item's last month,
   * at the upper end of any distribution of start or duration. */
  n_months = self->horizon_months;
  for (guint i = 0; i < self->n_items; i++)
    {
      const LevSnapshotItem *si = &self->items[i];
      int start = 0, dur = 1;

      if (si->in[LEV_ITEM_START_MONTH] != LEV_NO_INPUT)
        start = round_month (lev_dist_sampler_quantile (&self->inputs[si->in[LEV_ITEM_START_MONTH]].sampler, 1.0),
                             0, LEV_SCENARIO_MAX_MONTHS);
      if (si->in[LEV_ITEM_DURATION_MONTHS] != LEV_NO_INPUT)
        dur = round_month (lev_dist_sampler_quantile (&self->inputs[si->in[LEV_ITEM_DURATION_MONTHS]].sampler, 1.0),
                           1, LEV_SCENARIO_MAX_MONTHS);
      n_months = MAX (n_months, (guint) (start + dur));
    }
  self->n_months = n_months;
  return self;

fail_late:
  lev_snapshot_unref (self);
  return NULL;

fail:
  for (guint i = 0; i < inputs->len; i++)
    clear_input (&g_array_index (inputs, LevSnapshotInput, i));
  for (guint i = 0; i < items->len; i++)
    {
      g_free (g_array_index (items, LevSnapshotItem, i).id);
      g_free (g_array_index (items, LevSnapshotItem, i).name);
      g_free (g_array_index (items, LevSnapshotItem, i).covers);
    }
  g_free (self->name);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    g_free (self->requirement_unit[a]);
  g_free (self);
  return NULL;
}

LevSnapshot *
lev_snapshot_ref (LevSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lev_snapshot_unref (LevSnapshot *self)
{
  g_return_if_fail (self != NULL);
  /* Snapshots are shared with the simulation's threads: GLib's atomic
   * count orders every holder's use before the free (lev-tsan.h). */
  LEV_TSAN_RELEASE (self);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  LEV_TSAN_ACQUIRE (self);
  for (guint i = 0; i < self->n_inputs; i++)
    clear_input (&self->inputs[i]);
  for (guint i = 0; i < self->n_items; i++)
    {
      g_free (self->items[i].id);
      g_free (self->items[i].name);
      g_free (self->items[i].covers);
    }
  for (guint a = 0; a < LEV_N_AREAS; a++)
    g_free (self->requirement_unit[a]);
  g_free (self->inputs);
  g_free (self->items);
  g_free (self->order);
  g_free (self->name);
  lev_ic_plan_free (self->ic);
  g_free (self);
}

void
lev_snapshot_point_values (const LevSnapshot *self,
                           double            *values)
{
  for (guint i = 0; i < self->n_inputs; i++)
    values[i] = lev_dist_sampler_quantile (&self->inputs[i].sampler, 0.5);
}

int
lev_snapshot_find_input (const LevSnapshot *self,
                         const char        *ref)
{
  const char *dot;
  g_autofree char *head = NULL;

  g_return_val_if_fail (self != NULL && ref != NULL, LEV_NO_INPUT);

  if (ref[0] == '$')
    {
      for (guint i = 0; i < self->n_inputs; i++)
        if (g_str_equal (self->inputs[i].path, ref))
          return (int) i;
      return LEV_NO_INPUT;
    }
  if (g_str_equal (ref, "budget"))
    return self->budget;
  /* Item ids may contain dots; field names never do. */
  dot = strrchr (ref, '.');
  if (dot == NULL)
    return LEV_NO_INPUT;
  head = g_strndup (ref, dot - ref);
  dot++;
  if (g_str_equal (head, "plan"))
    {
      for (guint i = 0; i < LEV_PLAN_N_NUMBERS && self->has_plan; i++)
        if (g_str_equal (dot, lev_compute_plan_number_id (i)))
          return self->plan[i];
      return LEV_NO_INPUT;
    }
  if (g_str_equal (dot, "requirement"))
    for (guint a = 0; a < LEV_N_AREAS; a++)
      if (g_str_equal (head, lev_area_kind_to_id (a)))
        return self->requirement[a];
  for (guint i = 0; i < self->n_items; i++)
    if (g_str_equal (self->items[i].id, head))
      for (guint f = 0; f < LEV_ITEM_N_NUMBERS; f++)
        if (g_str_equal (dot, lev_item_number_id (f)))
          return self->items[i].in[f];
  return LEV_NO_INPUT;
}

static inline double
input (const double *values, int idx, double fallback)
{
  return idx == LEV_NO_INPUT ? fallback : values[idx];
}

void
lev_snapshot_eval (const LevSnapshot *self,
                   const double      *values,
                   LevEval           *out)
{
  double *cost_total = out->scratch;    /* per item, needed by subsidies */
  double *item_start_dur = out->scratch ? out->scratch + self->n_items : NULL;
  double leveraged = 0, baseline = 0;
  double hours = 0;

  g_assert (out->scratch != NULL);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    out->area_leveraged[a] = out->area_baseline[a] = out->area_covered[a] = 0;
  if (out->monthly)
    memset (out->monthly, 0, sizeof (double) * self->n_months);

  out->plan_flops = out->plan_hours = out->plan_cost = 0;
  if (self->has_plan)
    {
      out->plan_flops = lev_compute_plan_flops (values[self->plan[LEV_PLAN_PARAMETERS]],
                                                values[self->plan[LEV_PLAN_TOKENS]]);
      hours = lev_compute_plan_hours (out->plan_flops, values[self->plan[LEV_PLAN_PEAK_FLOPS]],
                                      values[self->plan[LEV_PLAN_MFU]]);
      out->plan_hours = hours;
      out->plan_cost = hours * values[self->plan[LEV_PLAN_PRICE_PER_HOUR]];
    }
  out->budget = values[self->budget];

  for (guint k = 0; k < self->n_items; k++)
    {
      guint i = self->order[k];
      const LevSnapshotItem *si = &self->items[i];
      const int *in = si->in;
      double cost, base, total, base_total, quantity = NAN;
      int start = 0, periods = 1;

      if (si->form == LEV_COST_SUBSIDY)
        {
          double rate = values[in[LEV_ITEM_RATE]];
          double cap = input (values, in[LEV_ITEM_CAP], INFINITY);
          double covered = 0, credit;

          for (guint c = 0; c < si->n_covers; c++)
            covered += cost_total[si->covers[c]];
          credit = MIN (rate * covered, cap);
          if (credit < 0)
            credit = 0;
          total = -credit;
          base_total = 0;

          if (out->monthly)
            {
              /* The credit follows the covered spend month by month until the cap.
               * Each covered item's monthly amount is divided out once, not
               * once a month: this loop runs for every Monte Carlo sample. */
              double given = 0;
              double per_c[16];
              int start_c[16], end_c[16];
              guint first = self->n_months, last = 0;
              gboolean fast = si->n_covers <= G_N_ELEMENTS (per_c);

              for (guint c = 0; c < si->n_covers && fast; c++)
                {
                  int t = si->covers[c];
                  int ts = (int) item_start_dur[2 * t];
                  int td = (int) item_start_dur[2 * t + 1];

                  per_c[c] = cost_total[t] / td;
                  start_c[c] = ts;
                  end_c[c] = ts + td;
                  first = MIN (first, (guint) ts);
                  last = MAX (last, (guint) (ts + td));
                }
              if (!fast)
                first = 0, last = self->n_months;

              for (guint m = first; m < MIN (last, self->n_months) && given < credit; m++)
                {
                  double spent = 0, c_m;

                  for (guint c = 0; c < si->n_covers; c++)
                    {
                      int t = si->covers[c];
                      int ts = fast ? start_c[c] : (int) item_start_dur[2 * t];
                      int td = fast ? end_c[c] - ts : (int) item_start_dur[2 * t + 1];

                      if ((int) m >= ts && (int) m < ts + td)
                        spent += fast ? per_c[c] : cost_total[t] / td;
                    }
                  c_m = MIN (rate * spent, credit - given);
                  if (c_m > 0)
                    {
                      out->monthly[m] -= c_m;
                      given += c_m;
                    }
                }
            }
        }
      else
        {
          if (in[LEV_ITEM_START_MONTH] != LEV_NO_INPUT)
            start = round_month (values[in[LEV_ITEM_START_MONTH]], 0, LEV_SCENARIO_MAX_MONTHS);
          if (si->schedule == LEV_SCHEDULE_MONTHLY && in[LEV_ITEM_DURATION_MONTHS] != LEV_NO_INPUT)
            periods = round_month (values[in[LEV_ITEM_DURATION_MONTHS]], 1, LEV_SCENARIO_MAX_MONTHS);

          switch (si->form)
            {
            case LEV_COST_AMOUNT:
              cost = values[in[LEV_ITEM_AMOUNT]];
              total = cost * periods;
              if (in[LEV_ITEM_QUANTITY] != LEV_NO_INPUT)
                quantity = values[in[LEV_ITEM_QUANTITY]];
              break;
            case LEV_COST_UNIT_PRICE:
              quantity = values[in[LEV_ITEM_QUANTITY]];
              cost = quantity * values[in[LEV_ITEM_UNIT_PRICE]];
              total = cost * periods;
              break;
            case LEV_COST_PLAN:
              {
                double share = input (values, in[LEV_ITEM_SHARE], 1.0);
                /* A plan cost is the run's total; a monthly schedule spreads it. */
                quantity = share * hours;
                total = share * out->plan_cost;
              }
              break;
            case LEV_COST_SUBSIDY:
            default:
              g_assert_not_reached ();
            }

          if (in[LEV_ITEM_BASELINE] != LEV_NO_INPUT)
            {
              base = values[in[LEV_ITEM_BASELINE]];
              base_total = si->form == LEV_COST_PLAN ? base : base * periods;
            }
          else
            base_total = total;

          if (out->monthly)
            {
              double per = total / periods;
              for (int m = start; m < start + periods && m < (int) self->n_months; m++)
                out->monthly[m] += per;
            }
          item_start_dur[2 * i] = start;
          item_start_dur[2 * i + 1] = periods;
          if (!isnan (quantity))
            out->area_covered[si->area] += quantity;
        }

      cost_total[i] = total;
      leveraged += total;
      baseline += base_total;
      out->area_leveraged[si->area] += total;
      out->area_baseline[si->area] += base_total;
      if (out->item_leveraged)
        out->item_leveraged[i] = total;
      if (out->item_baseline)
        out->item_baseline[i] = base_total;
      if (out->item_quantity)
        out->item_quantity[i] = quantity;
    }

  out->leveraged = leveraged;
  out->baseline = baseline;
  out->savings = baseline - leveraged;

  if (out->monthly)
    {
      double cumulative = 0, peak = 0;

      out->runway_months = self->n_months;
      for (guint m = 0; m < self->n_months; m++)
        {
          peak = MAX (peak, out->monthly[m]);
          cumulative += out->monthly[m];
          if (cumulative > out->budget * (1 + 1e-12) && out->runway_months == self->n_months)
            out->runway_months = m;
        }
      out->peak_monthly = peak;
    }
}
