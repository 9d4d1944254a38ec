/* lev-simulate.c: the Monte Carlo engine. Work is cut into chunks of
 * LEV_SIM_CHUNK samples whatever the thread count; chunk k's draws come
 * from Philox at counters (pair, k, input, 0) under the key (seed), and
 * chunk k writes only rows [k·C, k·C + C) of the result columns. So the
 * raw samples, and every statistic computed from them in a fixed order,
 * are bitwise the same for 1, 2, 3 or 8 threads. */
#define G_LOG_DOMAIN "lev-simulate"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-philox.h"
#include "lev-simulate.h"
#include "lev-tsan.h"

const double lev_percentile_levels[LEV_N_PERCENTILES] = {
  0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95,
};

static const char *output_ids[LEV_N_OUTPUTS] = {
  "leveraged", "baseline", "savings", "data", "compute", "talent", "market",
  "peak_monthly", "runway_months",
};

const char *
lev_output_id (LevOutput output)
{
  g_return_val_if_fail (output < LEV_N_OUTPUTS, NULL);
  return output_ids[output];
}

gboolean
lev_output_from_id (const char *id,
                    LevOutput  *out)
{
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    if (g_strcmp0 (id, output_ids[o]) == 0)
      {
        *out = o;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* Order statistics. */

double
lev_sorted_percentile (const double *sorted,
                       gsize         n,
                       double        level)
{
  double h;
  gsize i;

  if (n == 0)
    return NAN;
  h = (n - 1) * level;
  i = (gsize) h;
  if (i + 1 >= n)
    return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Doubles map to unsigned keys that sort the same way (IEEE 754 order). */
static inline guint64
sort_key (double d)
{
  guint64 u;

  memcpy (&u, &d, sizeof u);
  return (u >> 63) ? ~u : (u | G_GUINT64_CONSTANT (0x8000000000000000));
}

static inline double
key_value (guint64 u)
{
  double d;

  u = (u >> 63) ? (u & ~G_GUINT64_CONSTANT (0x8000000000000000)) : ~u;
  memcpy (&d, &u, sizeof d);
  return d;
}

#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 66 bits ≥ 64 */

/* LSD radix sort of @n doubles from @in into @out: 1M doubles in a few
 * milliseconds where qsort takes a hundred. Passes in which every key
 * shares the digit (the sign and exponent bits, mostly) are skipped. */
static void
radix_sort (const double *in,
            double       *out,
            gsize         n,
            guint64      *a,
            guint64      *b)
{
  g_autofree gsize *counts = g_new0 (gsize, RADIX_PASSES * RADIX_SIZE);

  for (gsize i = 0; i < n; i++)
    {
      guint64 k = sort_key (in[i]);

      a[i] = k;
      for (guint p = 0; p < RADIX_PASSES; p++)
        counts[p * RADIX_SIZE + ((k >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
  for (guint p = 0; p < RADIX_PASSES; p++)
    {
      gsize *c = counts + p * RADIX_SIZE, sum = 0;
      guint shift = p * RADIX_BITS;
      guint64 *t;

      if (n > 0 && c[(a[0] >> shift) & (RADIX_SIZE - 1)] == n)
        continue;
      for (guint d = 0; d < RADIX_SIZE; d++)
        {
          gsize v = c[d];
          c[d] = sum;
          sum += v;
        }
      for (gsize i = 0; i < n; i++)
        b[c[(a[i] >> shift) & (RADIX_SIZE - 1)]++] = a[i];
      t = a;
      a = b;
      b = t;
    }
  for (gsize i = 0; i < n; i++)
    out[i] = key_value (a[i]);
}

/* Bins for counting: about 16 values per bin, so the bins holding wanted
 * ranks sort in a few dozen steps; at most 32768 (256 KiB of counts stays
 * in cache), at least 64. A function of n only, so deterministic. */
static inline gsize
qbins_for (gsize n)
{
  return CLAMP (n / 16, 64, 32768);
}

static inline gsize
qbin (double x, double lo, double scale, gsize nbins)
{
  gsize b = (gsize) ((x - lo) * scale);

  return MIN (b, nbins - 1);
}

/* The order statistics of v[0, n) at @ranks (0-based), exactly, without
 * sorting all of v: count values into equal bins between @lo and
 * @hi (the bin of x is monotone in x, so bin b holds exactly the order
 * statistics cum[b] … cum[b+1]−1), gather the few bins that hold wanted
 * ranks in one more pass, and sort only those. Runs of equal values cost
 * nothing: the radix sort skips digits they share. */
static void
order_statistics (const double *v,
                  gsize         n,
                  double        lo,
                  double        hi,
                  const gsize  *ranks,
                  guint         n_ranks,
                  double       *out)
{
  g_autofree gsize *cum = NULL, *fill = NULL;
  g_autofree gssize *slot = NULL;
  g_autofree double *buf = NULL, *sorted = NULL;
  g_autofree guint64 *ka = NULL, *kb = NULL;
  double scale;
  gsize total = 0, biggest = 0, nbins = qbins_for (n);

  if (!(hi > lo))
    {
      for (guint r = 0; r < n_ranks; r++)
        out[r] = lo;
      return;
    }
  scale = nbins / (hi - lo);
  cum = g_new0 (gsize, nbins + 1);
  for (gsize i = 0; i < n; i++)
    cum[qbin (v[i], lo, scale, nbins) + 1]++;
  for (guint b = 0; b < nbins; b++)
    cum[b + 1] += cum[b];

  slot = g_new (gssize, nbins);
  fill = g_new0 (gsize, nbins);
  for (guint b = 0; b < nbins; b++)
    slot[b] = -1;
  for (guint r = 0; r < n_ranks; r++)
    {
      /* The bin holding this rank: the last b with cum[b] ≤ rank. */
      gsize lo_b = 0, hi_b = nbins;

      while (hi_b - lo_b > 1)
        {
          gsize mid = (lo_b + hi_b) / 2;

          if (cum[mid] <= ranks[r])
            lo_b = mid;
          else
            hi_b = mid;
        }
      slot[lo_b] = 0;
    }
  for (guint b = 0; b < nbins; b++)
    if (slot[b] >= 0)
      {
        gsize count = cum[b + 1] - cum[b];

        slot[b] = (gssize) total;
        total += count;
        biggest = MAX (biggest, count);
      }

  buf = g_new (double, MAX (total, 1));
  for (gsize i = 0; i < n; i++)
    {
      gsize b = qbin (v[i], lo, scale, nbins);

      if (slot[b] >= 0)
        buf[slot[b] + fill[b]++] = v[i];
    }
  sorted = g_new (double, MAX (biggest, 1));
  ka = g_new (guint64, MAX (biggest, 1));
  kb = g_new (guint64, MAX (biggest, 1));
  for (guint b = 0; b < nbins; b++)
    if (slot[b] >= 0)
      {
        gsize count = cum[b + 1] - cum[b];
        double *x = buf + slot[b];

        /* Most bins hold a few dozen values: insertion sort, then qsort;
         * a bin that holds a big run of equal or crowded values (early
         * months of a fan chart) gets the radix sort. */
        if (count > 32 && count <= 4096)
          qsort (x, count, sizeof (double), compare_doubles);
        else if (count <= 32)
          for (gsize i = 1; i < count; i++)
            {
              double xi = x[i];
              gsize j = i;

              for (; j > 0 && x[j - 1] > xi; j--)
                x[j] = x[j - 1];
              x[j] = xi;
            }
        else
          {
            radix_sort (x, sorted, count, ka, kb);
            memcpy (x, sorted, count * sizeof (double));
          }
      }
  for (guint r = 0; r < n_ranks; r++)
    {
      gsize lo_b = 0, hi_b = nbins;

      while (hi_b - lo_b > 1)
        {
          gsize mid = (lo_b + hi_b) / 2;

          if (cum[mid] <= ranks[r])
            lo_b = mid;
          else
            hi_b = mid;
        }
      out[r] = buf[slot[lo_b] + (ranks[r] - cum[lo_b])];
    }
}

/* Type-7 percentiles from the order statistics around each level. */
static void
percentiles_of (const double *v,
                gsize         n,
                double        lo,
                double        hi,
                const double *levels,
                guint         n_levels,
                double       *out)
{
  g_autofree gsize *ranks = g_new (gsize, 2 * n_levels);
  g_autofree double *values = g_new (double, 2 * n_levels);

  for (guint l = 0; l < n_levels; l++)
    {
      double h = (n - 1) * levels[l];

      ranks[2 * l] = (gsize) h;
      ranks[2 * l + 1] = MIN ((gsize) h + 1, n - 1);
    }
  order_statistics (v, n, lo, hi, ranks, 2 * n_levels, values);
  for (guint l = 0; l < n_levels; l++)
    {
      double h = (n - 1) * levels[l];

      out[l] = values[2 * l] + (h - ranks[2 * l]) * (values[2 * l + 1] - values[2 * l]);
    }
}

/* ------------------------------------------------------------------ */
/* A run. */

typedef struct {
  gatomicrefcount ref_count;
  LevSimProgress  func;
  gpointer        data;
  GDestroyNotify  destroy;
  GCancellable   *cancellable;
  GMainContext   *context;
} ProgressTarget;

static ProgressTarget *
progress_target_ref (ProgressTarget *t)
{
  g_atomic_ref_count_inc (&t->ref_count);
  return t;
}

typedef struct {
  GDestroyNotify destroy;
  gpointer       data;
} DestroyCall;

static gboolean
destroy_idle (gpointer user_data)
{
  DestroyCall *call = user_data;

  /* progress_target_unref released @call before attaching the source. */
  LEV_TSAN_ACQUIRE (call);
  call->destroy (call->data);
  return G_SOURCE_REMOVE;
}

static void
destroy_call_free (gpointer data)
{
  LEV_TSAN_ACQUIRE (data);
  g_free (data);
}

/* The last reference may drop in a worker; the caller's data is freed on
 * the caller's context all the same, as GTK objects require. */
static void
progress_target_unref (ProgressTarget *t)
{
  /* GLib's atomic reference count orders every holder's use before the
   * last one frees (TSan cannot see it inside GLib). */
  LEV_TSAN_RELEASE (t);
  if (!g_atomic_ref_count_dec (&t->ref_count))
    return;
  LEV_TSAN_ACQUIRE (t);
  if (t->destroy != NULL)
    {
      DestroyCall *call = g_new (DestroyCall, 1);
      GSource *source = g_idle_source_new ();

      call->destroy = t->destroy;
      call->data = t->data;
      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, destroy_idle, call, destroy_call_free);
      /* The context's thread runs (or frees) @call and acquires it. */
      LEV_TSAN_RELEASE (call);
      g_source_attach (source, t->context);
      g_source_unref (source);
    }
  g_clear_object (&t->cancellable);
  g_main_context_unref (t->context);
  g_free (t);
}

typedef struct {
  LevSnapshot    *snap;
  guint           n;
  guint           n_chunks;
  guint           n_unc;
  guint          *unc;        /* uncertain input indices */
  guint          *ic_cols;    /* per IC plan input: its column among unc */
  guint32         key[2];
  double         *base_values; /* every input at its median: the fixed ones stay */
  gboolean        keep_inputs;
  guint           n_threads;
  LevSimResult   *result;
  double        **monthly;    /* n_months columns of cumulative spend, N rows */
  guint64        *within;     /* per chunk */
  GCancellable   *cancellable;
  ProgressTarget *progress;
  GMainContext   *context;

  GMutex          lock;
  GCond           cond;
  guint           jobs_done;
} Run;

static void
run_free (Run *run)
{
  /* The task data's destroy notify: GTask calls it once the thread that
   * ran simulate_thread has dropped its reference (simulate_thread
   * released @run last thing). */
  LEV_TSAN_ACQUIRE (run);
  if (run->monthly != NULL)
    for (guint m = 0; m < run->snap->n_months; m++)
      g_free (run->monthly[m]);
  g_free (run->monthly);
  g_free (run->within);
  g_free (run->unc);
  g_free (run->ic_cols);
  g_free (run->base_values);
  g_clear_pointer (&run->result, lev_sim_result_unref);
  g_clear_pointer (&run->snap, lev_snapshot_unref);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->progress, progress_target_unref);
  g_clear_pointer (&run->context, g_main_context_unref);
  g_mutex_clear (&run->lock);
  g_cond_clear (&run->cond);
  g_free (run);
}

/* A result column: not zeroed, as every row is written before it is read
 * (and zeroing would touch a quarter of a GiB for nothing). Transparent
 * huge pages were tried: on a busy machine their direct compaction cost
 * more system time than the page faults they save. */
static double *
column_new (gsize n)
{
  return g_try_malloc (MAX (n, 1) * sizeof (double));
}

static Run *
run_new (LevSnapshot         *snapshot,
         const LevSimOptions *options,
         GCancellable        *cancellable,
         GError             **error)
{
  Run *run = g_new0 (Run, 1);
  LevSimResult *r;
  guint n = options->n_samples ? options->n_samples : 10000;

  g_mutex_init (&run->lock);
  g_cond_init (&run->cond);
  run->snap = lev_snapshot_ref (snapshot);
  run->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  if (n > LEV_SIM_MAX_SAMPLES)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                   _("%u samples asked; a simulation takes at most %u"), n, LEV_SIM_MAX_SAMPLES);
      run_free (run);
      return NULL;
    }
  run->n = n;
  run->n_chunks = (n + LEV_SIM_CHUNK - 1) / LEV_SIM_CHUNK;
  run->key[0] = (guint32) options->seed;
  run->key[1] = (guint32) (options->seed >> 32);
  run->keep_inputs = options->keep_inputs;
  run->n_threads = options->n_threads ? options->n_threads : g_get_num_processors ();
  run->n_threads = CLAMP (run->n_threads, 1, 256);

  run->unc = g_new0 (guint, MAX (snapshot->n_inputs, 1));
  for (guint i = 0; i < snapshot->n_inputs; i++)
    if (lev_number_is_uncertain (&snapshot->inputs[i].number))
      {
        run->unc[run->n_unc++] = i;
        /* Draw tables are built on the first run, once per snapshot. */
        lev_dist_sampler_prepare ((LevDistSampler *) &snapshot->inputs[i].sampler);
      }
  /* Once per run, not per chunk: a PERT median inverts a beta CDF. */
  run->base_values = g_new (double, MAX (snapshot->n_inputs, 1));
  lev_snapshot_point_values (snapshot, run->base_values);
  if (snapshot->ic != NULL)
    {
      run->ic_cols = g_new0 (guint, snapshot->ic->k);
      for (guint j = 0; j < snapshot->ic->k; j++)
        for (guint c = 0; c < run->n_unc; c++)
          if (run->unc[c] == snapshot->ic->inputs[j])
            run->ic_cols[j] = c;
    }

  r = run->result = g_new0 (LevSimResult, 1);
  g_atomic_ref_count_init (&r->ref_count);
  r->snapshot = lev_snapshot_ref (snapshot);
  r->seed = options->seed;
  r->n_samples = n;
  r->chunk_size = LEV_SIM_CHUNK;
  r->n_months = snapshot->n_months;
  r->months = g_new0 (LevMonthBand, MAX (r->n_months, 1));
  r->n_uncertain = run->n_unc;
  r->uncertain = g_memdup2 (run->unc, MAX (run->n_unc, 1) * sizeof (guint));

  /* The columns are the run's memory: ask, rather than abort, for them,
   * and listen for cancellation in between (touching hundreds of MiB can
   * take longer than the 50 ms a cancelled run may take to answer). */
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    if (g_cancellable_is_cancelled (cancellable) || !(r->samples[o] = column_new (n)))
      goto nomem;
  run->monthly = g_new0 (double *, MAX (r->n_months, 1));
  for (guint m = 0; m < r->n_months; m++)
    if (g_cancellable_is_cancelled (cancellable) || !(run->monthly[m] = column_new (n)))
      goto nomem;
  if (run->keep_inputs)
    {
      r->input_samples = g_new0 (double *, MAX (run->n_unc, 1));
      for (guint j = 0; j < run->n_unc; j++)
        if (g_cancellable_is_cancelled (cancellable) ||
            !(r->input_samples[j] = column_new (n)))
          goto nomem;
    }
  run->within = g_new0 (guint64, run->n_chunks);
  return run;

nomem:
  if (!g_cancellable_set_error_if_cancelled (cancellable, error))
    g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                 _("not enough memory for %u samples of %u months; ask for fewer samples"),
                 n, r->n_months);
  run_free (run);
  return NULL;
}

static void
run_chunk (Run *run, guint k)
{
  const LevSnapshot *snap = run->snap;
  LevSimResult *r = run->result;
  guint start = k * LEV_SIM_CHUNK;
  guint m = MIN (LEV_SIM_CHUNK, run->n - start);
  guint n_months = snap->n_months;
  g_autofree double *draws = g_new (double, (gsize) MAX (run->n_unc, 1) * LEV_SIM_CHUNK);
  g_autofree double *values = g_new (double, MAX (snap->n_inputs, 1));
  g_autofree double *monthly = g_new0 (double, MAX (n_months, 1));
  g_autofree double *scratch = g_new0 (double, 3 * MAX (snap->n_items, 1));
  LevEval e = { 0 };
  guint64 within = 0;

  for (guint j = 0; j < run->n_unc; j++)
    {
      const LevDistSampler *s = &snap->inputs[run->unc[j]].sampler;
      double *col = draws + (gsize) j * LEV_SIM_CHUNK;

      for (guint i = 0; i < m; i += 2)
        {
          guint32 ctr[4] = { i / 2, k, j, 0 }, out[4];

          lev_philox4x32_10 (ctr, run->key, out);
          col[i] = lev_dist_sampler_draw (s, lev_philox_uniform (out[0], out[1]));
          if (i + 1 < m)
            col[i + 1] = lev_dist_sampler_draw (s, lev_philox_uniform (out[2], out[3]));
        }
    }

  if (snap->ic != NULL)
    {
      g_autofree double **cols = g_new (double *, snap->ic->k);

      for (guint j = 0; j < snap->ic->k; j++)
        cols[j] = draws + (gsize) run->ic_cols[j] * LEV_SIM_CHUNK;
      lev_iman_conover (snap->ic, cols, m, run->key, k);
    }

  memcpy (values, run->base_values, snap->n_inputs * sizeof (double));
  e.monthly = monthly;
  e.scratch = scratch;
  for (guint i = 0; i < m; i++)
    {
      guint row = start + i;
      double cumulative = 0;

      for (guint j = 0; j < run->n_unc; j++)
        values[run->unc[j]] = draws[(gsize) j * LEV_SIM_CHUNK + i];
      lev_snapshot_eval (snap, values, &e);

      r->samples[LEV_OUTPUT_LEVERAGED][row] = e.leveraged;
      r->samples[LEV_OUTPUT_BASELINE][row] = e.baseline;
      r->samples[LEV_OUTPUT_SAVINGS][row] = e.savings;
      for (guint a = 0; a < LEV_N_AREAS; a++)
        r->samples[LEV_OUTPUT_AREA (a)][row] = e.area_leveraged[a];
      r->samples[LEV_OUTPUT_PEAK_MONTHLY][row] = e.peak_monthly;
      r->samples[LEV_OUTPUT_RUNWAY_MONTHS][row] = e.runway_months;
      for (guint mo = 0; mo < n_months; mo++)
        {
          cumulative += monthly[mo];
          run->monthly[mo][row] = cumulative;
        }
      within += e.leveraged <= e.budget;
    }
  run->within[k] = within;

  if (run->keep_inputs)
    for (guint j = 0; j < run->n_unc; j++)
      memcpy (r->input_samples[j] + start, draws + (gsize) j * LEV_SIM_CHUNK, m * sizeof (double));
}

static void
output_stats (Run *run, LevOutput o)
{
  LevSimResult *r = run->result;
  LevOutputStats *st = &r->outputs[o];
  const double *x = r->samples[o];
  gsize n = run->n;
  gsize ranks[2 * LEV_N_PERCENTILES + LEV_CDF_POINTS];
  double values[2 * LEV_N_PERCENTILES + LEV_CDF_POINTS];
  double sum = 0, ss = 0, lo = x[0], hi = x[0], iqr, width;
  guint bins;

  /* Sums in sample order: the same bytes whatever the threads. */
  for (gsize i = 0; i < n; i++)
    {
      sum += x[i];
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }
  st->mean = sum / n;
  st->min = lo;
  st->max = hi;

  /* One counting pass for the percentiles' and the CDF's ranks together. */
  for (guint l = 0; l < LEV_N_PERCENTILES; l++)
    {
      double h = (n - 1) * lev_percentile_levels[l];

      ranks[2 * l] = (gsize) h;
      ranks[2 * l + 1] = MIN ((gsize) h + 1, n - 1);
    }
  for (guint i = 0; i < LEV_CDF_POINTS; i++)
    {
      /* The smallest sample whose empirical CDF reaches i/100. */
      gsize rank = (gsize) ceil ((double) n * i / (LEV_CDF_POINTS - 1));

      ranks[2 * LEV_N_PERCENTILES + i] = CLAMP (rank, 1, n) - 1;
    }
  order_statistics (x, n, lo, hi, ranks, G_N_ELEMENTS (ranks), values);
  for (guint l = 0; l < LEV_N_PERCENTILES; l++)
    {
      double h = (n - 1) * lev_percentile_levels[l];

      st->percentiles[l] = values[2 * l] + (h - ranks[2 * l]) * (values[2 * l + 1] - values[2 * l]);
    }
  memcpy (st->cdf, values + 2 * LEV_N_PERCENTILES, sizeof st->cdf);
  st->cdf[0] = lo;

  /* Freedman–Diaconis: width 2·IQR/n^(1/3), capped for a readable chart. */
  iqr = st->percentiles[LEV_P75] - st->percentiles[LEV_P25];
  if (hi > lo)
    {
      double fd = 2.0 * iqr / cbrt ((double) n);
      double want = fd > 0 ? ceil ((hi - lo) / fd) : LEV_HIST_MAX_BINS;

      bins = (guint) CLAMP (want, 1, LEV_HIST_MAX_BINS);
      width = (hi - lo) / bins;
    }
  else
    {
      bins = 1;
      width = 0;
    }
  st->n_bins = bins;
  st->hist_lo = lo;
  st->hist_width = width;
  st->hist_counts = g_new0 (guint64, bins);
  for (gsize i = 0; i < n; i++)
    {
      guint b = width > 0 ? (guint) ((x[i] - lo) / width) : 0;

      ss += (x[i] - st->mean) * (x[i] - st->mean);
      st->hist_counts[MIN (b, bins - 1)]++;
    }
  st->sd = n > 1 ? sqrt (ss / (n - 1)) : 0.0;
}

static void
month_stats (Run *run, guint mo)
{
  static const double levels[3] = { 0.1, 0.5, 0.9 };
  const double *v = run->monthly[mo];
  double q[3], lo = v[0], hi = v[0];
  LevMonthBand *band = &run->result->months[mo];

  for (gsize i = 1; i < run->n; i++)
    {
      lo = MIN (lo, v[i]);
      hi = MAX (hi, v[i]);
    }
  percentiles_of (v, run->n, lo, hi, levels, 3, q);
  band->p10 = q[0];
  band->p50 = q[1];
  band->p90 = q[2];
}

/* run->lock with its meaning spelled out for ThreadSanitizer (GMutex and
 * GCond are futexes inside GLib, which it cannot see). */
static void
run_lock (Run *run)
{
  g_mutex_lock (&run->lock);
  LEV_TSAN_ACQUIRE (&run->lock);
}

static void
run_unlock (Run *run)
{
  LEV_TSAN_RELEASE (&run->lock);
  g_mutex_unlock (&run->lock);
}

/* g_cond_wait_until unlocks while it sleeps and locks again. */
static void
run_wait_until (Run *run, gint64 deadline)
{
  LEV_TSAN_RELEASE (&run->lock);
  g_cond_wait_until (&run->cond, &run->lock, deadline);
  LEV_TSAN_ACQUIRE (&run->lock);
}

static void
pool_job (gpointer data,
          gpointer user_data)
{
  Run *run = user_data;
  guint job = GPOINTER_TO_UINT (data) - 1;

  /* Popped from the pool's queue: run_jobs released @run before the push. */
  LEV_TSAN_ACQUIRE (run);
  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      if (job < run->n_chunks)
        run_chunk (run, job);
      else if (job < run->n_chunks + LEV_N_OUTPUTS)
        output_stats (run, job - run->n_chunks);
      else
        month_stats (run, job - run->n_chunks - LEV_N_OUTPUTS);
    }
  run_lock (run);
  run->jobs_done++;
  g_cond_signal (&run->cond);
  run_unlock (run);
}

typedef struct {
  ProgressTarget *target;
  guint           done;
  guint           total;
} ProgressCall;

static gboolean
progress_idle (gpointer data)
{
  ProgressCall *call = data;

  /* report_progress released @call before attaching the source. */
  LEV_TSAN_ACQUIRE (call);
  /* A cancelled run has already answered; its caller expects no more. */
  if (!g_cancellable_is_cancelled (call->target->cancellable))
    call->target->func (call->done, call->total, call->target->data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer data)
{
  ProgressCall *call = data;

  LEV_TSAN_ACQUIRE (call);
  progress_target_unref (call->target);
  g_free (call);
}

static void
report_progress (Run *run, guint done_samples)
{
  ProgressCall *call;
  GSource *source;

  if (run->progress == NULL || run->context == NULL)
    return;
  call = g_new (ProgressCall, 1);
  call->target = progress_target_ref (run->progress);
  call->done = done_samples;
  call->total = run->n;
  /* An idle source, not g_main_context_invoke(): that would call the
   * function right here in the worker when nobody holds the caller's
   * (default) context at this moment. */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, progress_idle, call, progress_call_free);
  /* The context's thread runs (or frees) @call: it acquires @call. */
  LEV_TSAN_RELEASE (call);
  g_source_attach (source, run->context);
  g_source_unref (source);
}

/* Pushes jobs [first, first + count) and waits for them, waking at least
 * every 20 ms to report progress (throttled to every 50 ms). */
static void
run_jobs (Run *run, GThreadPool *pool, guint first, guint count, gboolean chunks)
{
  guint last_reported = 0;
  gint64 last_time = g_get_monotonic_time ();

  run_lock (run);
  run->jobs_done = 0;
  run_unlock (run);
  for (guint j = first; j < first + count; j++)
    {
      /* The job's worker acquires @run when it pops it (pool_job). */
      LEV_TSAN_RELEASE (run);
      g_thread_pool_push (pool, GUINT_TO_POINTER (j + 1), NULL);
    }

  run_lock (run);
  while (run->jobs_done < count)
    {
      gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_MILLISECOND;
      guint done;

      run_wait_until (run, deadline);
      done = run->jobs_done;
      /* At most one report in 50 ms: the caller redraws on each. */
      if (chunks && done != last_reported && done < count &&
          g_get_monotonic_time () - last_time >= 50 * G_TIME_SPAN_MILLISECOND)
        {
          last_time = g_get_monotonic_time ();
          run_unlock (run);
          report_progress (run, MIN ((guint64) done * LEV_SIM_CHUNK, run->n));
          run_lock (run);
          last_reported = done;
        }
    }
  run_unlock (run);
}

static LevSimResult *
run_execute (Run     *run,
             GError **error)
{
  g_autoptr(GError) local = NULL;
  GThreadPool *pool;
  guint64 within = 0;

  pool = g_thread_pool_new (pool_job, run, (int) run->n_threads, FALSE, &local);
  if (pool == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("no worker threads: %s"), local->message);
      return NULL;
    }
  run_jobs (run, pool, 0, run->n_chunks, TRUE);
  if (!g_cancellable_is_cancelled (run->cancellable))
    {
      report_progress (run, run->n);
      run_jobs (run, pool, run->n_chunks, LEV_N_OUTPUTS + run->result->n_months, FALSE);
    }
  g_thread_pool_free (pool, TRUE, TRUE);
  if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
    return NULL;

  for (guint k = 0; k < run->n_chunks; k++)
    within += run->within[k];
  run->result->p_within_budget = (double) within / run->n;
  return g_steal_pointer (&run->result);
}

/* The per-month columns are large (months × samples doubles): free them
 * here, in the worker, so the caller's main loop never pays for it when
 * the task is finalised there. */
static void
run_release_buffers (Run *run)
{
  if (run->monthly != NULL)
    for (guint m = 0; m < run->snap->n_months; m++)
      g_clear_pointer (&run->monthly[m], g_free);
  g_clear_pointer (&run->within, g_free);
}

static void
simulate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Run *run = task_data;
  GError *error = NULL;
  LevSimResult *result;

  /* GTask's pool popped the task: lev_simulate_async released @run. */
  LEV_TSAN_ACQUIRE (run);
  result = run_execute (run, &error);
  run_release_buffers (run);

  /* The last use of @run and @result in this thread: run_free and
   * lev_simulate_finish acquire them. */
  LEV_TSAN_RELEASE (run);
  if (result != NULL)
    LEV_TSAN_RELEASE (result);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) lev_sim_result_unref);
}

void
lev_simulate_async (LevSnapshot         *snapshot,
                    const LevSimOptions *options,
                    GCancellable        *cancellable,
                    LevSimProgress       progress,
                    gpointer             progress_data,
                    GDestroyNotify       progress_destroy,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  Run *run;

  g_return_if_fail (snapshot != NULL);
  g_return_if_fail (options != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, lev_simulate_async);
  /* A cancelled run answers at once, not after its workers wind down. */
  g_task_set_return_on_cancel (task, TRUE);
  run = run_new (snapshot, options, cancellable, &error);
  if (run == NULL)
    {
      if (progress_destroy)
        progress_destroy (progress_data);
      g_task_return_error (task, error);
      return;
    }
  if (progress != NULL)
    {
      run->progress = g_new0 (ProgressTarget, 1);
      g_atomic_ref_count_init (&run->progress->ref_count);
      run->progress->func = progress;
      run->progress->data = progress_data;
      run->progress->destroy = progress_destroy;
      run->progress->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
      run->progress->context = g_main_context_ref_thread_default ();
    }
  else if (progress_destroy)
    progress_destroy (progress_data);
  run->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, run, (GDestroyNotify) run_free);
  LEV_TSAN_RELEASE (run);
  g_task_run_in_thread (task, simulate_thread);
}

LevSimResult *
lev_simulate_finish (GAsyncResult  *result,
                     GError       **error)
{
  LevSimResult *r;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  r = g_task_propagate_pointer (G_TASK (result), error);
  /* simulate_thread released it before g_task_return_pointer. */
  if (r != NULL)
    LEV_TSAN_ACQUIRE (r);
  return r;
}

LevSimResult *
lev_simulate (LevSnapshot         *snapshot,
              const LevSimOptions *options,
              GCancellable        *cancellable,
              GError             **error)
{
  Run *run;
  LevSimResult *result;

  g_return_val_if_fail (snapshot != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  run = run_new (snapshot, options, cancellable, error);
  if (run == NULL)
    return NULL;
  result = run_execute (run, error);
  run_free (run);
  return result;
}

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

/* ------------------------------------------------------------------ */
/* Output. */

static void
add_double (JsonBuilder *b, const char *name, double v)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, v);
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
  add_double (b, "budget", budget);
  add_double (b, "p_within_budget", self->p_within_budget);

  json_builder_set_member_name (b, "outputs");
  json_builder_begin_object (b);
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      const LevOutputStats *st = &self->outputs[o];

      json_builder_set_member_name (b, output_ids[o]);
      json_builder_begin_object (b);
      add_double (b, "mean", st->mean);
      add_double (b, "sd", st->sd);
      add_double (b, "min", st->min);
      add_double (b, "max", st->max);
      json_builder_set_member_name (b, "percentiles");
      json_builder_begin_object (b);
      for (guint p = 0; p < LEV_N_PERCENTILES; p++)
        {
          char name[8];

          g_snprintf (name, sizeof name, "%d", (int) lround (lev_percentile_levels[p] * 100));
          add_double (b, name, st->percentiles[p]);
        }
      json_builder_end_object (b);
      json_builder_set_member_name (b, "histogram");
      json_builder_begin_object (b);
      add_double (b, "lo", st->hist_lo);
      add_double (b, "width", st->hist_width);
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
      add_double (b, "p10", self->months[m].p10);
      add_double (b, "p50", self->months[m].p50);
      add_double (b, "p90", self->months[m].p90);
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
      add_double (b, "median", lev_dist_sampler_quantile (&in->sampler, 0.5));
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
      g_string_append (buf, output_ids[o]);
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
