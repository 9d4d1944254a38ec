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
#include "lev-order-stats.h"
#include "lev-philox.h"
#include "lev-post.h"
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

      call->destroy = t->destroy;
      call->data = t->data;
      lev_post_to_context (t->context, "[leverage] simulation progress destroy", destroy_idle, call,
                           destroy_call_free);
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
  lev_output_stats_fill (&run->result->outputs[o], run->result->samples[o], run->n);
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
  lev_percentiles_of (v, run->n, lo, hi, levels, 3, q);
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

  if (run->progress == NULL || run->context == NULL)
    return;
  call = g_new (ProgressCall, 1);
  call->target = progress_target_ref (run->progress);
  call->done = done_samples;
  call->total = run->n;
  lev_post_to_context (run->context, "[leverage] simulation progress", progress_idle, call,
                       progress_call_free);
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
