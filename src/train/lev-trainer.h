/* lev-trainer.h: the training loop, backend-agnostic: split, standardise,
 * epochs of shuffled mini-batches, metrics, early stopping, the test
 * evaluation; synchronous (CLI, tests) or as a GTask on a worker thread. */
#pragma once

#include <gio/gio.h>

#include "lev-backend.h"
#include "lev-dataset.h"
#include "lev-metrics.h"
#include "lev-mlp.h"

G_BEGIN_DECLS

typedef enum {
  LEV_OPTIMIZER_ADAM,
  LEV_OPTIMIZER_SGD,
} LevOptimizer;

typedef struct {
  guint         hidden[LEV_MLP_MAX_LAYERS - 1];
  guint         n_hidden;            /* default 2: 64, 32 */
  LevActivation activation;          /* relu */
  guint         epochs;              /* 10 */
  guint         batch_size;          /* 32 */
  LevOptimizer  optimizer;           /* Adam */
  double        learning_rate;       /* 1e-3 */
  double        beta1, beta2, epsilon; /* 0.9, 0.999, 1e-7 (Keras) */
  double        momentum;            /* SGD: 0.9 */
  gboolean      nesterov;
  double        l2;                  /* λ of λ·Σw² (Keras's L2 regulariser), 0 */
  double        dropout;             /* after each hidden layer, 0 */
  double        test_split;          /* 0.2 */
  double        validation_split;    /* of the training part, 0: validate on the test split */
  guint         patience;            /* early stopping; 0: off */
  guint32       seed;                /* 42 */
  gboolean      standardize;         /* TRUE */
} LevTrainOptions;

void lev_train_options_init (LevTrainOptions *options);

typedef struct {
  guint  epoch;              /* 1-based */
  double train_loss;
  double train_metric;       /* accuracy, or R² for regression */
  double val_loss;           /* NaN when there is no validation data */
  double val_metric;
  double seconds;            /* this epoch's wall time */
  double samples_per_second;
  double gflops;             /* achieved, counting the matrix products */
  gboolean improved;         /* the best validation loss so far */
} LevEpochStats;

typedef struct {
  LevModel   *model;               /* the trained model, ready to save */
  GArray     *history;             /* of LevEpochStats */
  guint       best_epoch;          /* whose weights the model holds */
  gboolean    stopped_early;
  double      test_loss;
  double      test_accuracy;       /* classification; NaN for regression */
  double      test_r2;             /* regression; NaN otherwise */
  double      test_auc;            /* binary only; NaN otherwise */
  guint       n_classes;
  guint64    *confusion;           /* n_classes × n_classes, [true][predicted] */
  gsize       n_train, n_val, n_test;
  double      seconds;             /* training only */
  double      samples_per_second;  /* over all epochs */
  double      gflops;
  char       *backend_name;        /* the backend that finished the run */
  char       *device_name;
  char       *fallback_reason;     /* set when training moved to the CPU */
} LevTrainResult;

void lev_train_result_free (LevTrainResult *result);

/* Called after every epoch, on the thread that trains. Return FALSE to stop
 * after this epoch (keeping what was learnt). */
typedef gboolean (*LevTrainProgress) (const LevEpochStats *stats,
                                      gpointer             user_data);

/* A report from within an epoch: the running means over the batches done
 * so far, read from the device only at these points. */
typedef struct {
  guint  epoch;              /* 1-based: the epoch under way */
  gsize  batches_done;       /* of n_batches, never all of them (the epoch's own report follows) */
  gsize  n_batches;
  double fraction;           /* of the epoch's rows done, in (0, 1) */
  double train_loss;         /* mean over the rows of the batches done */
  double train_metric;       /* accuracy, or R², over the same rows */
  double seconds;            /* since the epoch began */
} LevBatchStats;

/* Called within an epoch, on the thread that trains. Stopping is through
 * the cancellable, which is checked before every batch. */
typedef void (*LevTrainBatchProgress) (const LevBatchStats *stats,
                                       gpointer             user_data);

/* Who hears about the run and how often. A batch report comes when
 * @batch_seconds have passed since the epoch began or since the last report
 * (0: 0.5 s); on a device that runs behind the host (an OpenCL queue), also
 * after the number of batches it did in that time when last measured (200
 * before that); and after every @batch_every batches when that is not 0.
 * So a short epoch has none and a long one shows its progress. */
typedef struct {
  LevTrainProgress       epoch;
  LevTrainBatchProgress  batch;
  gpointer               user_data;
  double                 batch_seconds;
  guint                  batch_every;
  /* lev_train_async_full() only: the backend is set up (an OpenCL device
   * found and its kernels built or loaded) and training begins on the
   * device named @device_name. Until then a first run can wait seconds. */
  void                 (*ready) (const char *device_name,
                                 gpointer    user_data);
} LevTrainMonitor;

/* Trains on @backend (which stays the caller's). When the backend fails
 * (device lost, out of memory) and is not the CPU, training continues on
 * the CPU backend from the last epoch's host checkpoint and the result says
 * so. Cancelling @cancellable returns G_IO_ERROR_CANCELLED within one batch. */
LevTrainResult *lev_train (LevBackend            *backend,
                           const LevDataset      *data,
                           const LevTrainOptions *options,
                           LevTrainProgress       progress,
                           gpointer               user_data,
                           GCancellable          *cancellable,
                           GError               **error);

/* lev_train() with batch reports as well as epoch ones; @monitor may be
 * NULL. */
LevTrainResult *lev_train_full (LevBackend            *backend,
                                const LevDataset      *data,
                                const LevTrainOptions *options,
                                const LevTrainMonitor *monitor,
                                GCancellable          *cancellable,
                                GError               **error);

/* The same on a worker thread. @backend_name/@device_id choose the backend
 * there ("auto" when NULL). @progress runs on the caller's main context. The
 * dataset must stay alive and unchanged until the callback. */
void            lev_train_async  (const LevDataset      *data,
                                  const LevTrainOptions *options,
                                  const char            *backend_name,
                                  const char            *device_id,
                                  LevTrainProgress       progress,
                                  gpointer               progress_data,
                                  GDestroyNotify         progress_destroy,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data);
/* With batch reports too: both kinds run on the caller's main context,
 * in the order they were made, before the callback. @destroy frees the
 * monitor's user_data when the run is over, on whichever thread lets go of
 * the task last. */
void            lev_train_async_full (const LevDataset      *data,
                                      const LevTrainOptions *options,
                                      const char            *backend_name,
                                      const char            *device_id,
                                      const LevTrainMonitor *monitor,
                                      GDestroyNotify         destroy,
                                      GCancellable          *cancellable,
                                      GAsyncReadyCallback    callback,
                                      gpointer               user_data);
LevTrainResult *lev_train_finish (GAsyncResult          *result,
                                  GError               **error);

/* One forward and backward pass of @m rows on @backend, no dropout: the
 * mean loss and its gradient with respect to the arena (mlp->n_params
 * floats, with L2 when @l2 > 0). For the gradient tests and for comparing
 * backends. */
gboolean        lev_mlp_backend_gradient (const LevMlp  *mlp,
                                          LevBackend    *backend,
                                          const float   *x,
                                          const float   *y,
                                          gsize          m,
                                          double         l2,
                                          float         *grad,
                                          double        *loss,
                                          GError       **error);

/* The same with inverted dropout after every hidden layer, as training
 * applies it at step @step: unit j of row r of hidden layer l is kept when
 * lev_dropout_keep (seed + 0x9E3779B9·(l + 1), step, r·width_l + j, rate),
 * so a test can rebuild the masks and check the gradient through them. */
gboolean        lev_mlp_backend_gradient_dropout (const LevMlp  *mlp,
                                                  LevBackend    *backend,
                                                  const float   *x,
                                                  const float   *y,
                                                  gsize          m,
                                                  double         l2,
                                                  double         dropout,
                                                  guint32        seed,
                                                  guint32        step,
                                                  float         *grad,
                                                  double        *loss,
                                                  GError       **error);

/* The whole result as JSON, with the dataset's sizes and classes (what
 * `leverage-cli train --format json` prints); numbers that are not
 * defined (NaN) are null. */
JsonNode       *lev_train_result_to_json (const LevTrainResult  *result,
                                          const LevDataset      *data);
/* The "training" (settings) and "metrics" members of a saved model. */
JsonNode       *lev_train_options_to_json        (const LevTrainOptions *options);
JsonNode       *lev_train_result_metrics_to_json (const LevTrainResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevTrainResult, lev_train_result_free)

G_END_DECLS
