/* lev-compare.c: the comparison engine. Chunk k of every plan runs in one
 * job: the uniforms of each random stream are made once, each distinct
 * (stream, distribution) pair is drawn once and shared by the plans that
 * hold it, then each plan evaluates its own model on its own values. The
 * streams and counters are those of lev-simulate.c, so the first plan's
 * samples are its simulation's, byte for byte. */
#define G_LOG_DOMAIN "lev-compare"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-compare.h"
#include "lev-error.h"
#include "lev-order-stats.h"
#include "lev-philox.h"
#include "lev-tsan.h"

/* A column of draws: one stream through one distribution. */
typedef struct {
  guint                   stream;
  const LevSnapshotInput *input;
} Group;

typedef struct {
  const LevSnapshot *snap;
  guint              n_unc;
  guint             *unc;       /* uncertain input indices, in snapshot order */
  guint             *group;     /* per uncertain input: its column of draws */
  guint             *ic_cols;   /* per correlated input: its position among unc */
  double            *base_values;
  /* Outputs, n rows each. */
  double            *leveraged, *baseline, *savings, *runway;
  double           **monthly;   /* n_months columns of cumulative spend, one row
                                 * per month_stride samples */
  guint64           *within;    /* per chunk */
  double            *area_sums; /* per chunk: LEV_N_AREAS leveraged, then baseline */
} PlanRun;

/* The spend fans are read off every month_stride-th sample once there are
 * more than twice this many: a 10th percentile of 100,000 samples is
 * within a few tenths of a percent of the sd of the exact one, which no
 * chart can show, and the months' columns were most of a comparison's
 * memory and a fifth of its time. */
#define FAN_SAMPLES 100000u

typedef struct {
  guint           n;
  guint           n_chunks;
  guint           month_stride;
  guint           month_rows;
  guint32         key[2];
  guint           n_plans;
  PlanRun         plans[LEV_COMPARE_MAX_PLANS];
  guint           n_groups;
  Group          *groups;      /* sorted by stream */
  guint           n_streams;
  guint           n_pairs;
  guint64        *cheaper[LEV_COMPARE_MAX_PAIRS]; /* per chunk */
  LevComparison  *result;
  GCancellable   *cancellable;
  guint           n_stat_jobs;

  GMutex          lock;
  GCond           cond;
  guint           jobs_done;
} Cmp;

/* ------------------------------------------------------------------ */
/* Names and streams. */

char *
lev_snapshot_input_name (const LevSnapshot *s,
                         guint              input)
{
  g_return_val_if_fail (s != NULL && input < s->n_inputs, NULL);

  if ((int) input == s->budget)
    return g_strdup ("budget");
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS && s->has_plan; i++)
    if (s->plan[i] == (int) input)
      return g_strdup_printf ("plan.%s", lev_compute_plan_number_id (i));
  for (guint a = 0; a < LEV_N_AREAS; a++)
    if (s->requirement[a] == (int) input)
      return g_strdup_printf ("%s.requirement", lev_area_kind_to_id (a));
  if (s->inputs[input].item >= 0)
    {
      const LevSnapshotItem *it = &s->items[s->inputs[input].item];

      for (guint f = 0; f < LEV_ITEM_N_NUMBERS; f++)
        if (it->in[f] == (int) input)
          return g_strdup_printf ("%s.%s", it->id, lev_item_number_id (f));
    }
  /* Every input is one of the above; the path is a safe fallback. */
  return g_strdup (s->inputs[input].path);
}

static gboolean
same_distribution (const LevSnapshotInput *x,
                   const LevSnapshotInput *y)
{
  return lev_number_equal (&x->number, &y->number) && x->lo == y->lo && x->hi == y->hi;
}

/* Stream ids: the first plan's j-th uncertain input draws from stream j,
 * as in lev_simulate(); a later plan's input takes the stream of the
 * first earlier plan that has an uncertain input of its name, or a new
 * stream past every one given so far. */
static void
assign_streams (Cmp *cmp)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  g_autofree guint **streams = g_new0 (guint *, cmp->n_plans);
  guint next = 0;

  for (guint p = 0; p < cmp->n_plans; p++)
    {
      PlanRun *pr = &cmp->plans[p];

      streams[p] = g_new (guint, MAX (pr->n_unc, 1));
      for (guint j = 0; j < pr->n_unc; j++)
        {
          char *name = lev_snapshot_input_name (pr->snap, pr->unc[j]);
          gpointer found;

          if (g_hash_table_lookup_extended (by_name, name, NULL, &found))
            {
              streams[p][j] = GPOINTER_TO_UINT (found);
              g_free (name);
            }
          else
            {
              streams[p][j] = p == 0 ? j : next;
              g_hash_table_insert (by_name, name, GUINT_TO_POINTER (streams[p][j]));
            }
          next = MAX (next, streams[p][j] + 1);
        }
    }
  cmp->n_streams = next;

  /* Groups: one per stream and distinct distribution, in stream order so
   * that each stream's uniforms are made once per chunk. */
  for (guint s = 0; s < next; s++)
    for (guint p = 0; p < cmp->n_plans; p++)
      {
        PlanRun *pr = &cmp->plans[p];

        for (guint j = 0; j < pr->n_unc; j++)
          {
            const LevSnapshotInput *in = &pr->snap->inputs[pr->unc[j]];
            guint g;

            if (streams[p][j] != s)
              continue;
            for (g = 0; g < groups->len; g++)
              {
                const Group *gr = &g_array_index (groups, Group, g);

                if (gr->stream == s && same_distribution (in, gr->input))
                  break;
              }
            if (g == groups->len)
              {
                Group gr = { s, in };
                g_array_append_val (groups, gr);
              }
            pr->group[j] = g;
          }
      }

  for (guint p = 0; p < cmp->n_plans; p++)
    {
      PlanRun *pr = &cmp->plans[p];
      guint matched = 0;

      for (guint j = 0; j < pr->n_unc; j++)
        for (guint q = 0; q < cmp->n_plans; q++)
          {
            gboolean shared = FALSE;

            if (q == p)
              continue;
            for (guint i = 0; i < cmp->plans[q].n_unc && !shared; i++)
              shared = streams[q][i] == streams[p][j];
            if (shared)
              {
                matched++;
                break;
              }
          }
      cmp->result->plans[p].n_matched = matched;
      cmp->result->plans[p].n_uncertain = pr->n_unc;
    }
  for (guint p = 0; p < cmp->n_plans; p++)
    g_free (streams[p]);
  cmp->n_groups = groups->len;
  cmp->groups = (Group *) g_array_free (g_steal_pointer (&groups), FALSE);
  cmp->result->n_streams = cmp->n_streams;
}

/* ------------------------------------------------------------------ */
/* Setting up and tearing down. */

static void
plan_run_clear (PlanRun *pr)
{
  if (pr->monthly != NULL && pr->snap != NULL)
    for (guint m = 0; m < pr->snap->n_months; m++)
      g_free (pr->monthly[m]);
  g_free (pr->monthly);
  g_free (pr->within);
  g_free (pr->area_sums);
  g_free (pr->unc);
  g_free (pr->group);
  g_free (pr->ic_cols);
  g_free (pr->base_values);
  g_free (pr->baseline);
  g_free (pr->savings);
  g_free (pr->runway);
  /* leveraged belongs to the result. */
}

static void
cmp_free (Cmp *cmp)
{
  for (guint p = 0; p < cmp->n_plans; p++)
    plan_run_clear (&cmp->plans[p]);
  for (guint q = 0; q < cmp->n_pairs; q++)
    g_free (cmp->cheaper[q]);
  g_free (cmp->groups);
  g_clear_pointer (&cmp->result, lev_comparison_unref);
  g_clear_object (&cmp->cancellable);
  g_mutex_clear (&cmp->lock);
  g_cond_clear (&cmp->cond);
  g_free (cmp);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Cmp, cmp_free)

/* Not zeroed: every row is written before it is read. */
static double *
column_new (gsize n)
{
  return g_try_malloc (MAX (n, 1) * sizeof (double));
}

static gboolean
plan_run_init (Cmp *cmp, guint p, LevSnapshot *snap)
{
  PlanRun *pr = &cmp->plans[p];
  LevComparePlan *out = &cmp->result->plans[p];
  guint n = cmp->n;

  pr->snap = snap;
  out->snapshot = lev_snapshot_ref (snap);
  out->n_months = snap->n_months;
  out->months = g_new0 (LevMonthBand, MAX (snap->n_months, 1));
  out->budget = lev_dist_sampler_quantile (&snap->inputs[snap->budget].sampler, 0.5);

  pr->unc = g_new0 (guint, MAX (snap->n_inputs, 1));
  for (guint i = 0; i < snap->n_inputs; i++)
    if (lev_number_is_uncertain (&snap->inputs[i].number))
      {
        pr->unc[pr->n_unc++] = i;
        lev_dist_sampler_prepare ((LevDistSampler *) &snap->inputs[i].sampler);
      }
  pr->group = g_new0 (guint, MAX (pr->n_unc, 1));
  pr->base_values = g_new (double, MAX (snap->n_inputs, 1));
  lev_snapshot_point_values (snap, pr->base_values);
  if (snap->ic != NULL)
    {
      pr->ic_cols = g_new0 (guint, snap->ic->k);
      for (guint j = 0; j < snap->ic->k; j++)
        for (guint c = 0; c < pr->n_unc; c++)
          if (pr->unc[c] == snap->ic->inputs[j])
            pr->ic_cols[j] = c;
    }

  pr->within = g_new0 (guint64, cmp->n_chunks);
  pr->area_sums = g_new0 (double, (gsize) cmp->n_chunks * 2 * LEV_N_AREAS);
  if (!(out->leveraged_samples = pr->leveraged = column_new (n)) ||
      !(pr->baseline = column_new (n)) || !(pr->savings = column_new (n)) ||
      !(pr->runway = column_new (n)))
    return FALSE;
  pr->monthly = g_new0 (double *, MAX (snap->n_months, 1));
  for (guint m = 0; m < snap->n_months; m++)
    if (g_cancellable_is_cancelled (cmp->cancellable) ||
        !(pr->monthly[m] = column_new (cmp->month_rows)))
      return FALSE;
  return TRUE;
}

static Cmp *
cmp_new (LevSnapshot *const      *snapshots,
         guint                    n_plans,
         const LevCompareOptions *options,
         GCancellable            *cancellable,
         GError                 **error)
{
  g_autoptr(Cmp) cmp = g_new0 (Cmp, 1);
  LevComparison *r;
  guint n = options->n_samples ? options->n_samples : 10000;

  g_mutex_init (&cmp->lock);
  g_cond_init (&cmp->cond);
  cmp->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (n_plans < LEV_COMPARE_MIN_PLANS || n_plans > LEV_COMPARE_MAX_PLANS)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%u plans given; a comparison takes 2 to 4"), n_plans);
      return NULL;
    }
  for (guint p = 1; p < n_plans; p++)
    if (snapshots[p]->currency != snapshots[0]->currency)
      {
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                     _("“%s” is in %s and “%s” in %s: plans in different currencies cannot be "
                       "compared"),
                     snapshots[0]->name, lev_currency_to_id (snapshots[0]->currency),
                     snapshots[p]->name, lev_currency_to_id (snapshots[p]->currency));
        return NULL;
      }
  if (n > LEV_SIM_MAX_SAMPLES)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("%u samples asked; a comparison takes at most %u"), n, LEV_SIM_MAX_SAMPLES);
      return NULL;
    }
  cmp->n = n;
  cmp->n_chunks = (n + LEV_SIM_CHUNK - 1) / LEV_SIM_CHUNK;
  cmp->month_stride = MAX (1, n / FAN_SAMPLES);
  cmp->month_rows = (n + cmp->month_stride - 1) / cmp->month_stride;
  cmp->key[0] = (guint32) options->seed;
  cmp->key[1] = (guint32) (options->seed >> 32);
  cmp->n_plans = n_plans;
  cmp->n_pairs = n_plans * (n_plans - 1) / 2;

  r = cmp->result = g_new0 (LevComparison, 1);
  g_atomic_ref_count_init (&r->ref_count);
  r->seed = options->seed;
  r->n_samples = n;
  r->currency = snapshots[0]->currency;
  r->n_plans = n_plans;
  r->n_pairs = cmp->n_pairs;

  for (guint p = 0; p < n_plans; p++)
    if (!plan_run_init (cmp, p, snapshots[p]))
      goto nomem;
  {
    guint q = 0;

    for (guint a = 0; a < n_plans; a++)
      for (guint b = a + 1; b < n_plans; b++, q++)
        {
          LevComparePair *pair = &r->pairs[q];

          pair->a = a;
          pair->b = b;
          pair->items = lev_compare_items (snapshots[a], snapshots[b], &pair->n_items);
          cmp->cheaper[q] = g_new0 (guint64, cmp->n_chunks);
          if (g_cancellable_is_cancelled (cancellable) ||
              !(pair->difference_samples = column_new (n)))
            goto nomem;
        }
  }
  assign_streams (cmp);
  return g_steal_pointer (&cmp);

nomem:
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                 _("not enough memory to compare %u plans at %u samples; ask for fewer samples"),
                 n_plans, n);
  return NULL;
}

/* ------------------------------------------------------------------ */
/* The work. */

/* Whether Iman–Conover reorders @a's and @b's correlated draws alike: the
 * same target and the same draws in the same columns. */
static gboolean
same_correlations (const PlanRun *a, const PlanRun *b)
{
  const LevIcPlan *x = a->snap->ic, *y = b->snap->ic;

  if (x == NULL || y == NULL || x->k != y->k ||
      memcmp (x->chol, y->chol, (gsize) x->k * x->k * sizeof (double)) != 0)
    return FALSE;
  for (guint j = 0; j < x->k; j++)
    if (a->group[a->ic_cols[j]] != b->group[b->ic_cols[j]])
      return FALSE;
  return TRUE;
}

static void
run_chunk (Cmp *cmp, guint k)
{
  guint start = k * LEV_SIM_CHUNK;
  guint m = MIN (LEV_SIM_CHUNK, cmp->n - start);
  guint max_inputs = 1, max_items = 1, max_months = 1, max_ic = 1;
  g_autofree double *draws = g_new (double, (gsize) MAX (cmp->n_groups, 1) * LEV_SIM_CHUNK);
  g_autofree double *uniforms = g_new (double, LEV_SIM_CHUNK);
  g_autofree double *values = NULL, *monthly = NULL, *scratch = NULL, *ic_buf = NULL;
  g_autofree const double **cols = NULL;
  guint stream = G_MAXUINT;

  for (guint p = 0; p < cmp->n_plans; p++)
    {
      const LevSnapshot *s = cmp->plans[p].snap;

      max_inputs = MAX (max_inputs, s->n_inputs);
      max_items = MAX (max_items, s->n_items);
      max_months = MAX (max_months, s->n_months);
      if (s->ic != NULL)
        max_ic = MAX (max_ic, s->ic->k);
    }
  values = g_new (double, max_inputs);
  monthly = g_new0 (double, max_months);
  scratch = g_new0 (double, 3 * max_items);
  cols = g_new (const double *, max_inputs);
  ic_buf = g_new (double, (gsize) cmp->n_plans * max_ic * LEV_SIM_CHUNK);

  /* Each stream's uniforms once; each distribution of it once. The
   * counters are lev-simulate.c's: (i/2, k, stream, 0), two uniforms
   * from each block. */
  for (guint g = 0; g < cmp->n_groups; g++)
    {
      const Group *gr = &cmp->groups[g];
      double *col = draws + (gsize) g * LEV_SIM_CHUNK;

      if (gr->stream != stream)
        {
          stream = gr->stream;
          for (guint i = 0; i < m; i += 2)
            {
              guint32 ctr[4] = { i / 2, k, stream, 0 }, out[4];

              lev_philox4x32_10 (ctr, cmp->key, out);
              uniforms[i] = lev_philox_uniform (out[0], out[1]);
              if (i + 1 < m)
                uniforms[i + 1] = lev_philox_uniform (out[2], out[3]);
            }
        }
      for (guint i = 0; i < m; i++)
        col[i] = lev_dist_sampler_draw (&gr->input->sampler, uniforms[i]);
    }

  for (guint p = 0; p < cmp->n_plans; p++)
    {
      PlanRun *pr = &cmp->plans[p];
      const LevSnapshot *snap = pr->snap;
      guint n_months = snap->n_months;
      LevEval e = { 0 };
      guint64 within = 0;
      double *areas = pr->area_sums + (gsize) k * 2 * LEV_N_AREAS;

      for (guint j = 0; j < pr->n_unc; j++)
        cols[j] = draws + (gsize) pr->group[j] * LEV_SIM_CHUNK;
      /* Rank correlation reorders a plan's own copy: the shared column
       * may serve a plan without it. A plan whose correlations and
       * correlated draws are an earlier plan's gets that plan's
       * reordering, which is what its own would give. */
      if (snap->ic != NULL)
        {
          double *mine = ic_buf + (gsize) p * max_ic * LEV_SIM_CHUNK;
          g_autofree double **ic_cols = g_new (double *, snap->ic->k);
          int same = -1;

          for (guint q = 0; q < p && same < 0; q++)
            if (same_correlations (&cmp->plans[q], pr))
              same = (int) q;
          for (guint j = 0; j < snap->ic->k; j++)
            {
              ic_cols[j] = mine + (gsize) j * LEV_SIM_CHUNK;
              if (same < 0)
                memcpy (ic_cols[j], cols[pr->ic_cols[j]], m * sizeof (double));
              else
                memcpy (ic_cols[j], ic_buf + ((gsize) same * max_ic + j) * LEV_SIM_CHUNK,
                        m * sizeof (double));
              cols[pr->ic_cols[j]] = ic_cols[j];
            }
          if (same < 0)
            lev_iman_conover (snap->ic, ic_cols, m, cmp->key, k);
        }

      memcpy (values, pr->base_values, snap->n_inputs * sizeof (double));
      e.monthly = monthly;
      e.scratch = scratch;
      for (guint i = 0; i < m; i++)
        {
          guint row = start + i;
          double cumulative = 0;

          for (guint j = 0; j < pr->n_unc; j++)
            values[pr->unc[j]] = cols[j][i];
          lev_snapshot_eval (snap, values, &e);
          pr->leveraged[row] = e.leveraged;
          pr->baseline[row] = e.baseline;
          pr->savings[row] = e.savings;
          pr->runway[row] = e.runway_months;
          for (guint a = 0; a < LEV_N_AREAS; a++)
            {
              areas[a] += e.area_leveraged[a];
              areas[LEV_N_AREAS + a] += e.area_baseline[a];
            }
          if (row % cmp->month_stride == 0)
            for (guint mo = 0; mo < n_months; mo++)
              {
                cumulative += monthly[mo];
                pr->monthly[mo][row / cmp->month_stride] = cumulative;
              }
          within += e.leveraged <= e.budget;
        }
      pr->within[k] = within;
    }

  for (guint q = 0; q < cmp->n_pairs; q++)
    {
      LevComparePair *pair = &cmp->result->pairs[q];
      const double *la = cmp->plans[pair->a].leveraged + start;
      const double *lb = cmp->plans[pair->b].leveraged + start;
      double *d = pair->difference_samples + start;
      guint64 cheaper = 0;

      for (guint i = 0; i < m; i++)
        {
          d[i] = lb[i] - la[i];
          cheaper += la[i] < lb[i];
        }
      cmp->cheaper[q][k] = cheaper;
    }
}

static void
summary_of (const double *x, gsize n, LevCompareSummary *out)
{
  static const double levels[3] = { 0.1, 0.5, 0.9 };
  double q[3], sum = 0, lo = x[0], hi = x[0];

  for (gsize i = 0; i < n; i++)
    {
      sum += x[i];
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }
  lev_percentiles_of (x, n, lo, hi, levels, 3, q);
  out->mean = sum / n;
  out->p10 = q[0];
  out->p50 = q[1];
  out->p90 = q[2];
}

/* The runway is a whole number of months, 0 to n_months: its order
 * statistics come from counting, where sorting a column of mostly equal
 * values would cost a radix sort of all of it. Type 7, as everywhere. */
static void
runway_summary_of (const double *x, gsize n, guint n_months, LevCompareSummary *out)
{
  static const double levels[3] = { 0.1, 0.5, 0.9 };
  g_autofree guint64 *counts = g_new0 (guint64, n_months + 1);
  double sum = 0, q[3];

  for (gsize i = 0; i < n; i++)
    {
      if (!(x[i] >= 0 && x[i] <= n_months && x[i] == floor (x[i])))
        {
          summary_of (x, n, out);
          return;
        }
      counts[(guint) x[i]]++;
      sum += x[i];
    }
  for (guint l = 0; l < 3; l++)
    {
      double h = (n - 1) * levels[l], v[2];
      gsize ranks[2] = { (gsize) h, MIN ((gsize) h + 1, n - 1) };

      for (guint r = 0; r < 2; r++)
        {
          guint64 cum = 0;
          guint m = 0;

          /* The value whose count covers rank ranks[r]. */
          while (cum + counts[m] <= ranks[r])
            cum += counts[m++];
          v[r] = m;
        }
      q[l] = v[0] + (h - ranks[0]) * (v[1] - v[0]);
    }
  out->mean = sum / n;
  out->p10 = q[0];
  out->p50 = q[1];
  out->p90 = q[2];
}

static void
month_band (const double *v, gsize n, LevMonthBand *band)
{
  static const double levels[3] = { 0.1, 0.5, 0.9 };
  double q[3], lo = v[0], hi = v[0];

  for (gsize i = 1; i < n; i++)
    {
      lo = MIN (lo, v[i]);
      hi = MAX (hi, v[i]);
    }
  lev_percentiles_of (v, n, lo, hi, levels, 3, q);
  band->p10 = q[0];
  band->p50 = q[1];
  band->p90 = q[2];
}

/* Statistics jobs, numbered after the chunks: per plan its leveraged,
 * baseline, savings and runway, then every plan's months, then the pairs'
 * differences. Each writes only its own fields. */
#define PLAN_STATS 4

static void
run_stat (Cmp *cmp, guint job)
{
  LevComparison *r = cmp->result;
  guint n = cmp->n;

  if (job < cmp->n_plans * PLAN_STATS)
    {
      PlanRun *pr = &cmp->plans[job / PLAN_STATS];
      LevComparePlan *out = &r->plans[job / PLAN_STATS];

      switch (job % PLAN_STATS)
        {
        case 0: lev_output_stats_fill (&out->leveraged, pr->leveraged, n); break;
        case 1: summary_of (pr->baseline, n, &out->baseline); break;
        case 2: summary_of (pr->savings, n, &out->savings); break;
        case 3: runway_summary_of (pr->runway, n, pr->snap->n_months, &out->runway_months); break;
        default: g_assert_not_reached ();
        }
      return;
    }
  job -= cmp->n_plans * PLAN_STATS;
  for (guint p = 0; p < cmp->n_plans; p++)
    {
      if (job < cmp->plans[p].snap->n_months)
        {
          month_band (cmp->plans[p].monthly[job], cmp->month_rows, &r->plans[p].months[job]);
          return;
        }
      job -= cmp->plans[p].snap->n_months;
    }
  g_assert (job < cmp->n_pairs);
  lev_output_stats_fill (&r->pairs[job].difference, r->pairs[job].difference_samples, n);
}

/* cmp->lock spelled out for ThreadSanitizer (lev-tsan.h): GMutex is a
 * futex inside GLib, which it cannot see. */
static void
cmp_lock (Cmp *cmp)
{
  g_mutex_lock (&cmp->lock);
  LEV_TSAN_ACQUIRE (&cmp->lock);
}

static void
cmp_unlock (Cmp *cmp)
{
  LEV_TSAN_RELEASE (&cmp->lock);
  g_mutex_unlock (&cmp->lock);
}

static void
pool_job (gpointer data,
          gpointer user_data)
{
  Cmp *cmp = user_data;
  guint job = GPOINTER_TO_UINT (data) - 1;

  /* Popped from the pool's queue: run_jobs released @cmp before the push. */
  LEV_TSAN_ACQUIRE (cmp);
  if (!g_cancellable_is_cancelled (cmp->cancellable))
    {
      if (job < cmp->n_chunks)
        run_chunk (cmp, job);
      else
        run_stat (cmp, job - cmp->n_chunks);
    }
  cmp_lock (cmp);
  cmp->jobs_done++;
  g_cond_signal (&cmp->cond);
  cmp_unlock (cmp);
}

static void
run_jobs (Cmp *cmp, GThreadPool *pool, guint first, guint count)
{
  cmp_lock (cmp);
  cmp->jobs_done = 0;
  cmp_unlock (cmp);
  for (guint j = first; j < first + count; j++)
    {
      /* The job's worker acquires @cmp when it pops it (pool_job). */
      LEV_TSAN_RELEASE (cmp);
      g_thread_pool_push (pool, GUINT_TO_POINTER (j + 1), NULL);
    }
  cmp_lock (cmp);
  while (cmp->jobs_done < count)
    {
      LEV_TSAN_RELEASE (&cmp->lock);
      g_cond_wait (&cmp->cond, &cmp->lock);
      LEV_TSAN_ACQUIRE (&cmp->lock);
    }
  cmp_unlock (cmp);
}

/* Per-chunk counts and sums, added in chunk order. */
static void
finish (Cmp *cmp)
{
  LevComparison *r = cmp->result;

  for (guint p = 0; p < cmp->n_plans; p++)
    {
      PlanRun *pr = &cmp->plans[p];
      LevComparePlan *out = &r->plans[p];
      guint64 within = 0;

      for (guint k = 0; k < cmp->n_chunks; k++)
        {
          const double *s = pr->area_sums + (gsize) k * 2 * LEV_N_AREAS;

          within += pr->within[k];
          for (guint a = 0; a < LEV_N_AREAS; a++)
            {
              out->area_mean[a] += s[a];
              out->area_baseline_mean[a] += s[LEV_N_AREAS + a];
            }
        }
      for (guint a = 0; a < LEV_N_AREAS; a++)
        {
          out->area_mean[a] /= cmp->n;
          out->area_baseline_mean[a] /= cmp->n;
        }
      out->p_within_budget = (double) within / cmp->n;
    }
  for (guint q = 0; q < cmp->n_pairs; q++)
    {
      guint64 cheaper = 0;

      for (guint k = 0; k < cmp->n_chunks; k++)
        cheaper += cmp->cheaper[q][k];
      r->pairs[q].p_a_cheaper = (double) cheaper / cmp->n;
    }
}

LevComparison *
lev_compare (LevSnapshot *const      *snapshots,
             guint                    n_snapshots,
             const LevCompareOptions *options,
             GCancellable            *cancellable,
             GError                 **error)
{
  g_autoptr(Cmp) cmp = NULL;
  g_autoptr(GError) local = NULL;
  GThreadPool *pool;
  guint n_threads, n_stats;

  g_return_val_if_fail (snapshots != NULL || n_snapshots == 0, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (!(cmp = cmp_new (snapshots, n_snapshots, options, cancellable, error)))
    return NULL;
  n_threads = options->n_threads ? options->n_threads : g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 256);
  pool = g_thread_pool_new (pool_job, cmp, (int) n_threads, FALSE, &local);
  if (pool == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("no worker threads: %s"), local->message);
      return NULL;
    }
  n_stats = cmp->n_plans * PLAN_STATS + cmp->n_pairs;
  for (guint p = 0; p < cmp->n_plans; p++)
    n_stats += cmp->plans[p].snap->n_months;
  run_jobs (cmp, pool, 0, cmp->n_chunks);
  if (!g_cancellable_is_cancelled (cancellable))
    run_jobs (cmp, pool, cmp->n_chunks, n_stats);
  g_thread_pool_free (pool, TRUE, TRUE);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  finish (cmp);
  return g_steal_pointer (&cmp->result);
}

LevComparison *
lev_comparison_ref (LevComparison *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lev_comparison_unref (LevComparison *self)
{
  g_return_if_fail (self != NULL);
  LEV_TSAN_RELEASE (self);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  LEV_TSAN_ACQUIRE (self);
  for (guint p = 0; p < self->n_plans; p++)
    {
      LevComparePlan *pl = &self->plans[p];

      g_free (pl->leveraged.hist_counts);
      g_free (pl->months);
      g_free (pl->leveraged_samples);
      g_clear_pointer (&pl->snapshot, lev_snapshot_unref);
    }
  for (guint q = 0; q < self->n_pairs; q++)
    {
      g_free (self->pairs[q].difference.hist_counts);
      g_free (self->pairs[q].difference_samples);
      lev_item_changes_free (self->pairs[q].items, self->pairs[q].n_items);
    }
  g_free (self);
}

const LevComparePair *
lev_comparison_get_pair (const LevComparison *self,
                         guint                a,
                         guint                b)
{
  g_return_val_if_fail (self != NULL, NULL);
  for (guint q = 0; q < self->n_pairs; q++)
    if (self->pairs[q].a == a && self->pairs[q].b == b)
      return &self->pairs[q];
  return NULL;
}
