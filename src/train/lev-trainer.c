/* lev-trainer.c: the training loop. It only speaks LevBackendOps: the whole
 * training set, its shuffled copy, the parameter/gradient/optimiser arenas
 * and the activations are allocated once, an epoch issues operations with
 * no host round trip except one download of the epoch's per-batch loss
 * slots, and the host keeps a checkpoint per epoch so a failing GPU hands
 * over to the CPU without losing what was learnt. */
#define G_LOG_DOMAIN "lev-trainer"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-cpu-backend.h"
#include "lev-error.h"
#include "lev-metrics.h"
#include "lev-net.h"
#include "lev-trainer.h"

#define EVAL_CHUNK 1024

void
lev_train_options_init (LevTrainOptions *o)
{
  memset (o, 0, sizeof *o);
  o->hidden[0] = 64;
  o->hidden[1] = 32;
  o->n_hidden = 2;
  o->activation = LEV_ACT_RELU;
  o->epochs = 10;
  o->batch_size = 32;
  o->optimizer = LEV_OPTIMIZER_ADAM;
  o->learning_rate = 1e-3;
  o->beta1 = 0.9;
  o->beta2 = 0.999;
  o->epsilon = 1e-7;
  o->momentum = 0.9;
  o->test_split = 0.2;
  o->seed = 42;
  o->standardize = TRUE;
}

/* --- the run --- */

typedef struct {
  const LevTrainOptions *opt;
  const LevDataset      *data;
  LevMlp                *mlp;          /* host checkpoint of the parameters */
  float                 *opt_m, *opt_v; /* host checkpoint of the optimiser */
  float                 *best;
  double                 best_loss;
  guint                  best_epoch;
  guint                  wait;
  guint                  done_epochs;
  guint64                step;
  gsize                  n_features;
  /* host matrices, already split and scaled */
  float                 *x_train, *y_train, *x_val, *y_val, *x_test, *y_test;
  gsize                  n_train, n_val, n_test;
  double                 sst_train, sst_val; /* regression: Σ(y − ȳ)² */
  GArray                *history;
  double                 train_seconds;
  double                 total_flops;
  gboolean               stopped_early;
} Run;

/* Frees what the run still owns (the model and history, unless the result
 * took them). */
static void
run_clear (Run *run)
{
  g_clear_pointer (&run->mlp, lev_mlp_free);
  g_clear_pointer (&run->history, g_array_unref);
  g_clear_pointer (&run->opt_m, g_free);
  g_clear_pointer (&run->opt_v, g_free);
  g_clear_pointer (&run->best, g_free);
  g_clear_pointer (&run->x_train, g_free);
  g_clear_pointer (&run->y_train, g_free);
  g_clear_pointer (&run->x_val, g_free);
  g_clear_pointer (&run->y_val, g_free);
  g_clear_pointer (&run->x_test, g_free);
  g_clear_pointer (&run->y_test, g_free);
}

/* Evaluation of @n rows (rows × features at @xoff in @buf) in chunks:
 * mean loss, correct fraction, and the outputs when @probs is not NULL. */
static gboolean
evaluate (LevNet    *net,
          LevBuffer *buf,
          gsize      xoff,
          gsize      yoff,
          gsize      n,
          gsize      slot_off,
          float     *probs,
          double    *loss,
          double    *correct,
          GError   **error)
{
  const LevMlp *mlp = net->mlp;
  LevBackend *be = net->be;
  guint n_out = mlp->widths[mlp->n_layers - 1];
  gsize y_cols = mlp->loss == LEV_LOSS_SOFTMAX_CE ? 1 : n_out;
  gsize n_chunks = (n + net->rows - 1) / net->rows;
  g_autofree float *res = g_new (float, 2 * MAX (n_chunks, 1));
  double l = 0, c = 0;

  for (gsize k = 0; k < n_chunks; k++)
    {
      gsize r0 = k * net->rows, mb = MIN (net->rows, n - r0);
      LevView logits = lev_net_forward (net, lev_view (buf, xoff + r0 * mlp->n_inputs), mb, 0.0, 0, 0);
      LevView p = lev_view (net->act, net->o_d1);

      lev_backend_loss (be, mlp->loss, mb, n_out, logits, lev_view (buf, yoff + r0 * y_cols), 0.0f,
                        p, lev_view_none (), lev_view (buf, slot_off + 2 * k));
      if (probs != NULL && !lev_backend_download (be, probs + r0 * n_out, p, mb * n_out, error))
        return FALSE;
    }
  if (!lev_backend_download (be, res, lev_view (buf, slot_off), 2 * n_chunks, error))
    return FALSE;
  for (gsize k = 0; k < n_chunks; k++)
    {
      l += res[2 * k];
      c += res[2 * k + 1];
    }
  *loss = l / (double) n;
  *correct = c / (double) n;
  return TRUE;
}

/* A diverged training, said as such: every later number would be NaN,
 * and a model of NaN weights is worth neither showing nor saving. */
static void
set_diverged (GError **error,
              double   loss,
              guint    epoch,
              gsize    batch)
{
  if (isnan (loss))
    g_set_error (error, LEV_ERROR, LEV_ERROR_DIVERGED,
                 _("loss became NaN at epoch %u, batch %lu: lower the learning rate or standardise "
                   "the features"), epoch, (unsigned long) batch);
  else
    g_set_error (error, LEV_ERROR, LEV_ERROR_DIVERGED,
                 _("loss became infinite at epoch %u, batch %lu: lower the learning rate or "
                   "standardise the features"), epoch, (unsigned long) batch);
}

/* Adds the loss slots of batches [from, to) of epoch @epoch (from 1) to
 * the sums, in batch order (so that an epoch's total does not depend on
 * where it was reported); a batch whose loss is not finite is an error. */
static gboolean
sum_slots (LevBackend *be,
           LevBuffer  *data,
           gsize       o_slots,
           float      *slots,
           gsize       from,
           gsize       to,
           guint       epoch,
           double     *loss_sum,
           double     *correct,
           GError    **error)
{
  if (to <= from)
    return TRUE;
  if (!lev_backend_download (be, slots, lev_view (data, o_slots + 2 * from), 2 * (to - from), error))
    return FALSE;
  for (gsize k = 0; k < to - from; k++)
    {
      if (!isfinite (slots[2 * k]))
        {
          set_diverged (error, slots[2 * k], epoch, from + k + 1);
          return FALSE;
        }
      *loss_sum += slots[2 * k];
      *correct += slots[2 * k + 1];
    }
  return TRUE;
}

/* The last update of an epoch is not seen by any loss slot of it. */
static gboolean
check_params (const LevMlp  *mlp,
              guint          epoch,
              gsize          batch,
              GError       **error)
{
  for (gsize i = 0; i < mlp->n_params; i++)
    if (!isfinite (mlp->params[i]))
      {
        set_diverged (error, mlp->params[i], epoch, batch);
        return FALSE;
      }
  return TRUE;
}

/* Runs epochs [run->done_epochs, epochs) on @be. Returns FALSE with a
 * LEV_BACKEND_ERROR when the backend failed (the caller may switch), any
 * other error for cancellation. */
static gboolean
train_on (Run                   *run,
          LevBackend            *be,
          const LevTrainMonitor *monitor,
          GCancellable          *cancellable,
          float                 *test_probs,
          double                *test_loss,
          double                *test_correct,
          GError               **error)
{
  const LevTrainOptions *opt = run->opt;
  LevMlp *mlp = run->mlp;
  LevNet net;
  LevBuffer *data = NULL;
  guint n_out = mlp->widths[mlp->n_layers - 1];
  gsize nf = mlp->n_inputs, yc = mlp->loss == LEV_LOSS_SOFTMAX_CE ? 1 : n_out;
  gsize bs = MIN (opt->batch_size, MAX (run->n_train, 1));
  gsize n_batches = (run->n_train + bs - 1) / bs;
  gsize eval_rows = MAX (bs, EVAL_CHUNK);
  gsize n_slots = MAX (n_batches, (MAX (run->n_val, run->n_test) + eval_rows - 1) / eval_rows) + 1;
  gsize o_x = 0, o_y, o_xs, o_ys, o_idx, o_xv, o_yv, o_xt, o_yt, o_slots, total;
  guint64 macs_fwd = lev_mlp_forward_macs (mlp), macs_bwd = 0;
  g_autofree float *slots = g_new (float, 2 * n_slots);
  g_autofree guint32 *perm = g_new (guint32, MAX (run->n_train, 1));
  gboolean ok = FALSE;
  gint64 report_us = monitor->batch == NULL ? 0
                   : (gint64) ((monitor->batch_seconds > 0 ? monitor->batch_seconds : 0.5) * G_USEC_PER_SEC);
  /* An OpenCL queue runs behind the host, which may enqueue a whole epoch
   * in less than the interval: reports also come after the batches the
   * device did in one interval, as measured at the last report (which
   * waited for it), and after 200 before any was measured. */
  double paced = 200;

  for (guint l = 0; l < mlp->n_layers; l++)
    macs_bwd += (guint64) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l] * (l == 0 ? 1 : 2);

  o_y = o_x + run->n_train * nf;
  o_xs = o_y + run->n_train * yc;
  o_ys = o_xs + run->n_train * nf;
  o_idx = o_ys + run->n_train * yc;
  o_xv = o_idx + run->n_train;
  o_yv = o_xv + run->n_val * nf;
  o_xt = o_yv + run->n_val * yc;
  o_yt = o_xt + run->n_test * nf;
  o_slots = o_yt + run->n_test * yc;
  total = o_slots + 2 * n_slots;

  if (!lev_net_init (&net, mlp, be, eval_rows, opt->dropout > 0.0, error))
    return FALSE;
  if (!(data = lev_backend_alloc (be, total, error)))
    goto out;
  lev_backend_upload (be, lev_view (data, o_x), run->x_train, run->n_train * nf);
  lev_backend_upload (be, lev_view (data, o_y), run->y_train, run->n_train * yc);
  lev_backend_upload (be, lev_view (data, o_xv), run->x_val, run->n_val * nf);
  lev_backend_upload (be, lev_view (data, o_yv), run->y_val, run->n_val * yc);
  lev_backend_upload (be, lev_view (data, o_xt), run->x_test, run->n_test * nf);
  lev_backend_upload (be, lev_view (data, o_yt), run->y_test, run->n_test * yc);
  /* From the host checkpoint: the parameters and the optimiser state. */
  lev_backend_upload (be, lev_net_param (&net, 0), mlp->params, mlp->n_params);
  lev_backend_upload (be, lev_view (net.arena, net.o_m), run->opt_m, mlp->n_params);
  lev_backend_upload (be, lev_view (net.arena, net.o_v), run->opt_v, mlp->n_params);
  /* Resuming after a failed backend: the step (Adam's bias correction,
   * dropout's counter) restarts where the epoch checkpoint was taken. */
  run->step = (guint64) run->done_epochs * n_batches;

  for (guint epoch = run->done_epochs; epoch < opt->epochs; epoch++)
    {
      LevEpochStats st = { 0 };
      g_autoptr(GRand) rand = g_rand_new_with_seed (opt->seed ^ (0x9E3779B9u * (epoch + 1)));
      gint64 t0 = g_get_monotonic_time (), t1, last_report = t0;
      double loss_sum = 0, correct = 0;
      double y_sum = 0, y_sq = 0;   /* regression: of the rows reported so far */
      gsize summed = 0;             /* batches whose loss slots are in loss_sum */
      gsize last_b = 0;             /* batches done at the last report */
      gboolean keep_going = TRUE;

      /* Shuffle: a permutation from a per-epoch seed (so a resumed run
       * shuffles as the original would), gathered on the backend. */
      for (gsize i = 0; i < run->n_train; i++)
        perm[i] = (guint32) i;
      for (gsize i = run->n_train; i > 1; i--)
        {
          gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) i);
          guint32 t = perm[i - 1];
          perm[i - 1] = perm[j];
          perm[j] = t;
        }
      lev_backend_upload_u32 (be, lev_view (data, o_idx), perm, run->n_train);
      lev_backend_gather_rows (be, run->n_train, nf, lev_view (data, o_x), lev_view (data, o_idx),
                               lev_view (data, o_xs));
      lev_backend_gather_rows (be, run->n_train, yc, lev_view (data, o_y), lev_view (data, o_idx),
                               lev_view (data, o_ys));

      for (gsize b = 0; b < n_batches; b++)
        {
          gsize r0 = b * bs, mb = MIN (bs, run->n_train - r0);
          LevView xb = lev_view (data, o_xs + r0 * nf);
          LevView logits;

          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          run->step++;
          logits = lev_net_forward (&net, xb, mb, opt->dropout, opt->seed, (guint32) run->step);
          lev_backend_loss (be, mlp->loss, mb, n_out, logits, lev_view (data, o_ys + r0 * yc), 1.0f / (float) mb,
                            lev_view_none (), lev_view (net.act, net.o_d1), lev_view (data, o_slots + 2 * b));
          lev_net_backward (&net, xb, mb, opt->dropout, opt->l2);
          if (opt->optimizer == LEV_OPTIMIZER_ADAM)
            {
              double t = (double) run->step;
              double alpha = opt->learning_rate * sqrt (1.0 - pow (opt->beta2, t)) / (1.0 - pow (opt->beta1, t));

              lev_backend_adam (be, mlp->n_params, lev_net_param (&net, 0), lev_view (net.arena, net.o_grads),
                                lev_view (net.arena, net.o_m), lev_view (net.arena, net.o_v), (float) alpha,
                                (float) opt->beta1, (float) opt->beta2, (float) opt->epsilon);
            }
          else
            lev_backend_sgd (be, mlp->n_params, lev_net_param (&net, 0), lev_view (net.arena, net.o_grads),
                             lev_view (net.arena, net.o_m), (float) opt->learning_rate, (float) opt->momentum,
                             opt->nesterov);

          /* A report within the epoch: the only other place the loss
           * slots are read, so the device is waited for only here. */
          if (report_us > 0 && b + 1 < n_batches)
            {
              gint64 now = g_get_monotonic_time ();

              if (now - last_report >= report_us || (double) (b + 1 - last_b) >= paced ||
                  (monitor->batch_every > 0 && b + 1 - last_b >= monitor->batch_every))
                {
                  LevBatchStats bst = { 0 };
                  gsize rows = (b + 1) * bs;

                  if (!sum_slots (be, data, o_slots, slots, summed, b + 1, epoch + 1, &loss_sum, &correct,
                                  error))
                    goto out;
                  if (mlp->loss == LEV_LOSS_MSE)
                    for (gsize i = summed * bs; i < rows; i++)
                      {
                        double y = run->y_train[perm[i]];
                        y_sum += y;
                        y_sq += y * y;
                      }
                  now = g_get_monotonic_time ();
                  paced = MAX (1.0, (double) (b + 1 - last_b) * (double) report_us /
                                    (double) MAX (now - last_report, 1));
                  summed = last_b = b + 1;
                  bst.epoch = epoch + 1;
                  bst.batches_done = b + 1;
                  bst.n_batches = n_batches;
                  bst.fraction = (double) rows / (double) run->n_train;
                  bst.train_loss = loss_sum / (double) rows;
                  bst.train_metric = mlp->loss == LEV_LOSS_MSE
                                   ? lev_r2_from (loss_sum, y_sq - y_sum * y_sum / (double) rows)
                                   : correct / (double) rows;
                  last_report = now;
                  bst.seconds = (double) (last_report - t0) / 1e6;
                  monitor->batch (&bst, monitor->user_data);
                }
            }
        }
      if (!sum_slots (be, data, o_slots, slots, summed, n_batches, epoch + 1, &loss_sum, &correct, error))
        goto out;
      t1 = g_get_monotonic_time ();
      st.epoch = epoch + 1;
      st.train_loss = loss_sum / (double) run->n_train;
      st.train_metric = mlp->loss == LEV_LOSS_MSE ? lev_r2_from (loss_sum, run->sst_train)
                                                  : correct / (double) run->n_train;
      st.val_loss = st.val_metric = NAN;
      if (run->n_val > 0)
        {
          double vl, vc;

          if (!evaluate (&net, data, o_xv, o_yv, run->n_val, o_slots, NULL, &vl, &vc, error))
            goto out;
          if (!isfinite (vl))
            {
              set_diverged (error, vl, epoch + 1, n_batches);
              goto out;
            }
          st.val_loss = vl;
          st.val_metric = mlp->loss == LEV_LOSS_MSE ? lev_r2_from (vl * (double) run->n_val, run->sst_val) : vc;
        }
      st.seconds = (double) (g_get_monotonic_time () - t0) / 1e6;
      st.samples_per_second = (double) run->n_train / ((double) (t1 - t0) / 1e6);
      st.gflops = 2.0 * (double) run->n_train * (double) (macs_fwd + macs_bwd) / ((double) (t1 - t0) / 1e3) / 1e6;
      run->train_seconds += (double) (t1 - t0) / 1e6;
      run->total_flops += 2.0 * (double) run->n_train * (double) (macs_fwd + macs_bwd);

      /* The host checkpoint (and the best weights so far). */
      if (!lev_backend_download (be, mlp->params, lev_net_param (&net, 0), mlp->n_params, error) ||
          !lev_backend_download (be, run->opt_m, lev_view (net.arena, net.o_m), mlp->n_params, error) ||
          !lev_backend_download (be, run->opt_v, lev_view (net.arena, net.o_v), mlp->n_params, error) ||
          !check_params (mlp, epoch + 1, n_batches, error))
        goto out;
      run->done_epochs = epoch + 1;
      if (run->n_val > 0 && st.val_loss < run->best_loss)
        {
          run->best_loss = st.val_loss;
          run->best_epoch = epoch + 1;
          run->wait = 0;
          st.improved = TRUE;
          memcpy (run->best, mlp->params, mlp->n_params * sizeof (float));
        }
      else
        run->wait++;
      g_array_append_val (run->history, st);
      if (monitor->epoch != NULL)
        keep_going = monitor->epoch (&st, monitor->user_data);
      if (opt->patience > 0 && run->n_val > 0 && run->wait >= opt->patience)
        {
          run->stopped_early = epoch + 1 < opt->epochs;
          break;
        }
      if (!keep_going)
        break;
    }

  /* Early stopping keeps the best epoch's weights, as Keras's
   * restore_best_weights does. */
  if (opt->patience > 0 && run->best_epoch > 0)
    {
      memcpy (mlp->params, run->best, mlp->n_params * sizeof (float));
      lev_backend_upload (be, lev_net_param (&net, 0), mlp->params, mlp->n_params);
    }
  if (run->n_test > 0 &&
      !evaluate (&net, data, o_xt, o_yt, run->n_test, o_slots, test_probs, test_loss, test_correct, error))
    goto out;
  if (run->n_test > 0 && !isfinite (*test_loss))
    {
      set_diverged (error, *test_loss, run->done_epochs, n_batches);
      goto out;
    }
  ok = lev_backend_sync (be, error);
out:
  lev_backend_free_buffer (be, data);
  lev_net_clear (&net);
  return ok;
}

static void
take_rows (const LevDataset *data,
           const guint32    *rows,
           gsize             n,
           float           **x,
           float           **y)
{
  gsize nf = data->n_features;

  *x = g_new (float, MAX (n * nf, 1));
  *y = g_new (float, MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    {
      memcpy (*x + i * nf, data->x + (gsize) rows[i] * nf, nf * sizeof (float));
      (*y)[i] = data->y[rows[i]];
    }
}

static double
sum_squares (const float *y,
             gsize        n)
{
  double mean = 0, s = 0;

  for (gsize i = 0; i < n; i++)
    mean += y[i];
  mean /= (double) MAX (n, 1);
  for (gsize i = 0; i < n; i++)
    s += (y[i] - mean) * (y[i] - mean);
  return s;
}

LevTrainResult *
lev_train (LevBackend            *backend,
           const LevDataset      *data,
           const LevTrainOptions *options,
           LevTrainProgress       progress,
           gpointer               user_data,
           GCancellable          *cancellable,
           GError               **error)
{
  LevTrainMonitor monitor = { .epoch = progress, .user_data = user_data };

  return lev_train_full (backend, data, options, &monitor, cancellable, error);
}

LevTrainResult *
lev_train_full (LevBackend            *backend,
                const LevDataset      *data,
                const LevTrainOptions *options,
                const LevTrainMonitor *monitor,
                GCancellable          *cancellable,
                GError               **error)
{
  static const LevTrainMonitor silent = { 0 };
  g_autoptr(LevTrainResult) result = g_new0 (LevTrainResult, 1);
  g_autoptr(LevBackend) cpu = NULL;
  LevBackend *be = backend;
  LevTrainOptions opt = *options;
  LevSplit split = { 0 };
  LevScaler scaler = { 0 };
  Run run = { 0 };
  LevLoss loss;
  guint n_out;
  g_autofree float *test_probs = NULL;
  double test_loss = NAN, test_correct = NAN;
  GError *local = NULL;
  LevBackendCaps caps;
  gsize n_val;

  g_return_val_if_fail (backend != NULL && data != NULL && options != NULL, NULL);

  if (data->y == NULL || data->schema == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: no label to learn"), data->path);
      return NULL;
    }
  if (opt.batch_size == 0 || opt.epochs == 0 || !(opt.learning_rate > 0) ||
      !(opt.test_split >= 0 && opt.test_split < 1) || !(opt.validation_split >= 0 && opt.validation_split < 1) ||
      !(opt.dropout >= 0 && opt.dropout < 1) || !(opt.l2 >= 0))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("training settings out of range (batch and epochs ≥ 1, learning rate > 0, "
                     "splits and dropout in [0, 1), L2 ≥ 0)"));
      return NULL;
    }

  switch (data->schema->target)
    {
    case LEV_TARGET_REGRESSION: loss = LEV_LOSS_MSE; n_out = 1; break;
    case LEV_TARGET_MULTICLASS: loss = LEV_LOSS_SOFTMAX_CE; n_out = data->schema->n_classes; break;
    case LEV_TARGET_BINARY:
    case LEV_TARGET_AUTO:
    default: loss = LEV_LOSS_SIGMOID_BCE; n_out = 1; break;
    }
  if (!(run.mlp = lev_mlp_new (data->n_features, opt.hidden, opt.n_hidden, n_out, opt.activation, loss, error)))
    return NULL;
  lev_mlp_init_glorot (run.mlp, opt.seed);

  lev_split_make (data->n_rows, opt.test_split, opt.seed, &split);
  n_val = (gsize) ceil (opt.validation_split * (double) split.n_train);
  if (split.n_train <= n_val)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: %zu rows leave nothing to train on after the splits"),
                   data->path, data->n_rows);
      lev_split_clear (&split);
      lev_mlp_free (run.mlp);
      return NULL;
    }
  run.opt = &opt;
  run.data = data;
  run.n_features = data->n_features;
  run.n_train = split.n_train - n_val;
  run.n_test = split.n_test;
  take_rows (data, split.train + n_val, run.n_train, &run.x_train, &run.y_train);
  take_rows (data, split.test, run.n_test, &run.x_test, &run.y_test);
  if (n_val > 0)
    {
      run.n_val = n_val;
      take_rows (data, split.train, n_val, &run.x_val, &run.y_val);
    }
  else
    {
      /* The article validates on the test split. */
      run.n_val = run.n_test;
      run.x_val = g_memdup2 (run.x_test, MAX (run.n_test * data->n_features, 1) * sizeof (float));
      run.y_val = g_memdup2 (run.y_test, MAX (run.n_test, 1) * sizeof (float));
    }
  if (opt.standardize)
    {
      /* Fitted on the training rows only. */
      lev_scaler_fit (&scaler, data, split.train + n_val, run.n_train);
      lev_scaler_apply (&scaler, run.x_train, run.n_train);
      lev_scaler_apply (&scaler, run.x_val, run.n_val);
      lev_scaler_apply (&scaler, run.x_test, run.n_test);
    }
  lev_split_clear (&split);
  run.sst_train = sum_squares (run.y_train, run.n_train);
  run.sst_val = sum_squares (run.y_val, run.n_val);
  run.opt_m = g_new0 (float, run.mlp->n_params);
  run.opt_v = g_new0 (float, run.mlp->n_params);
  run.best = g_new0 (float, run.mlp->n_params);
  run.best_loss = INFINITY;
  run.history = g_array_new (FALSE, TRUE, sizeof (LevEpochStats));
  test_probs = g_new (float, MAX (run.n_test * n_out, 1));

  while (!train_on (&run, be, monitor ? monitor : &silent, cancellable, test_probs, &test_loss, &test_correct,
                    &local))
    {
      lev_backend_get_caps (be, &caps);
      if (local->domain == LEV_BACKEND_ERROR && cpu == NULL && !g_str_equal (caps.name, "cpu"))
        {
          /* Any device failure: continue on the CPU from the last epoch's
           * checkpoint, and say so. */
          result->fallback_reason = g_strdup_printf (_("%s failed after %u epochs (%s); continued on the CPU"),
                                                     caps.device_name, run.done_epochs, local->message);
          g_clear_error (&local);
          cpu = lev_cpu_backend_new (0);
          be = cpu;
          continue;
        }
      g_propagate_error (error, local);
      lev_scaler_clear (&scaler);
      goto fail;
    }

  lev_backend_get_caps (be, &caps);
  result->backend_name = g_strdup (caps.name);
  result->device_name = g_strdup (caps.device_name);
  result->history = g_steal_pointer (&run.history);
  result->best_epoch = opt.patience > 0 && run.best_epoch > 0 ? run.best_epoch : result->history->len;
  result->stopped_early = run.stopped_early;
  result->n_train = run.n_train;
  result->n_val = n_val;
  result->n_test = run.n_test;
  result->seconds = run.train_seconds;
  result->samples_per_second = (double) run.n_train * result->history->len / MAX (run.train_seconds, 1e-9);
  result->gflops = run.total_flops / MAX (run.train_seconds, 1e-9) / 1e9;
  result->test_loss = test_loss;
  result->test_accuracy = loss == LEV_LOSS_MSE ? NAN : test_correct;
  result->test_r2 = loss == LEV_LOSS_MSE && run.n_test > 0
                  ? lev_r2_from (test_loss * (double) run.n_test, sum_squares (run.y_test, run.n_test)) : NAN;
  result->test_auc = loss == LEV_LOSS_SIGMOID_BCE && run.n_test > 0
                   ? lev_roc_auc (test_probs, run.y_test, run.n_test) : NAN;
  result->n_classes = data->schema->n_classes;
  if (result->n_classes > 0)
    result->confusion = lev_confusion_matrix (test_probs, run.y_test, run.n_test, result->n_classes,
                                              loss == LEV_LOSS_SIGMOID_BCE);

  result->model = g_new0 (LevModel, 1);
  result->model->mlp = g_steal_pointer (&run.mlp);
  {
    /* The model owns its schema: a copy through JSON, the form it is saved in. */
    g_autoptr(JsonNode) node = lev_schema_to_json (data->schema);
    result->model->schema = lev_schema_from_json (node, NULL);
  }
  result->model->scaler = scaler;
  result->model->training = lev_train_options_to_json (&opt);
  result->model->metrics = lev_train_result_metrics_to_json (result);

  run_clear (&run);
  return g_steal_pointer (&result);

fail:
  run_clear (&run);
  return NULL;
}
