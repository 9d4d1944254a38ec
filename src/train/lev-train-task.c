/* lev-train-task.c: lev_train_full() on a worker thread as a GTask; the
 * caller's progress callbacks are posted back to the context it called
 * from, in order, before the task completes. */
#define G_LOG_DOMAIN "lev-train-task"
#include "config.h"

#include "lev-post.h"
#include "lev-trainer.h"

typedef struct {
  const LevDataset *data;
  LevTrainOptions   options;
  char             *backend_name;
  char             *device_id;
  LevTrainMonitor   monitor;     /* the caller's, run on @context */
  GDestroyNotify    destroy;
  GMainContext     *context;
} AsyncData;

typedef struct {
  AsyncData    *ad;
  gboolean      batch;
  char         *ready;         /* the device name, for the ready report */
  LevEpochStats stats;
  LevBatchStats batch_stats;
  GTask        *task;
} ProgressCall;

static void
async_data_free (gpointer p)
{
  AsyncData *ad = p;

  g_free (ad->backend_name);
  g_free (ad->device_id);
  if (ad->destroy != NULL)
    ad->destroy (ad->monitor.user_data);
  g_main_context_unref (ad->context);
  g_free (ad);
}

static gboolean
deliver_progress (gpointer p)
{
  ProgressCall *call = p;
  const LevTrainMonitor *m = &call->ad->monitor;

  /* The answer cannot go back to the worker; stopping is through the
   * cancellable. */
  if (call->ready != NULL)
    m->ready (call->ready, m->user_data);
  else if (call->batch)
    m->batch (&call->batch_stats, m->user_data);
  else
    m->epoch (&call->stats, m->user_data);
  return G_SOURCE_REMOVE;
}

static void
progress_call_free (gpointer p)
{
  ProgressCall *call = p;

  g_object_unref (call->task);
  g_free (call->ready);
  g_free (call);
}

/* On the caller's context, in order, before the GTask's own completion
 * (lev-post.h). */
static void
post_progress (GTask        *task,
               ProgressCall *call)
{
  AsyncData *ad = g_task_get_task_data (task);

  call->ad = ad;
  call->task = g_object_ref (task);  /* keeps ad alive until delivered */
  lev_post_to_context (ad->context, "[leverage] training progress", deliver_progress, call,
                       progress_call_free);
}

static gboolean
worker_progress (const LevEpochStats *stats,
                 gpointer             user_data)
{
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->stats = *stats;
  post_progress (user_data, call);
  return TRUE;
}

static void
worker_batch (const LevBatchStats *stats,
              gpointer             user_data)
{
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->batch = TRUE;
  call->batch_stats = *stats;
  post_progress (user_data, call);
}

static void
train_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  AsyncData *ad = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LevBackend) be = lev_backend_new_by_name (ad->backend_name, ad->device_id, &error);
  LevTrainMonitor monitor = ad->monitor;
  LevTrainResult *result;

  if (be == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (ad->monitor.ready != NULL)
    {
      ProgressCall *call = g_new0 (ProgressCall, 1);
      LevBackendCaps caps;

      lev_backend_get_caps (be, &caps);
      call->ready = g_strdup (caps.device_name);
      post_progress (task, call);
    }
  /* The worker's side: each report is copied and sent to the context. */
  monitor.epoch = ad->monitor.epoch ? worker_progress : NULL;
  monitor.batch = ad->monitor.batch ? worker_batch : NULL;
  monitor.user_data = task;
  result = lev_train_full (be, ad->data, &ad->options, &monitor, cancellable, &error);
  if (result == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, result, (GDestroyNotify) lev_train_result_free);
}

void
lev_train_async (const LevDataset      *data,
                 const LevTrainOptions *options,
                 const char            *backend_name,
                 const char            *device_id,
                 LevTrainProgress       progress,
                 gpointer               progress_data,
                 GDestroyNotify         progress_destroy,
                 GCancellable          *cancellable,
                 GAsyncReadyCallback    callback,
                 gpointer               user_data)
{
  LevTrainMonitor monitor = { .epoch = progress, .user_data = progress_data };

  lev_train_async_full (data, options, backend_name, device_id, &monitor, progress_destroy, cancellable,
                        callback, user_data);
}

void
lev_train_async_full (const LevDataset      *data,
                      const LevTrainOptions *options,
                      const char            *backend_name,
                      const char            *device_id,
                      const LevTrainMonitor *monitor,
                      GDestroyNotify         destroy,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  AsyncData *ad = g_new0 (AsyncData, 1);

  ad->data = data;
  ad->options = *options;
  ad->backend_name = g_strdup (backend_name);
  ad->device_id = g_strdup (device_id);
  if (monitor != NULL)
    ad->monitor = *monitor;
  ad->destroy = destroy;
  ad->context = g_main_context_ref_thread_default ();
  g_task_set_source_tag (task, lev_train_async);
  g_task_set_task_data (task, ad, async_data_free);
  /* Cancellation is checked every batch inside lev_train, so the result
   * arrives within one batch of the cancel. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, train_thread);
}

LevTrainResult *
lev_train_finish (GAsyncResult *result,
                  GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
