/* lev-metrics.h: the test-set figures a training run reports, computed on
 * the host from the network's outputs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ROC AUC of scores for 0/1 labels (ties counted half), NaN with one class. */
double   lev_roc_auc          (const float *scores,
                               const float *labels,
                               gsize        n);

/* R² = 1 − SSE/SST; NaN when the labels do not vary (@sst ≤ 0). */
double   lev_r2_from          (double       sse,
                               double       sst);

/* The n_classes × n_classes confusion matrix, [true][predicted], of @n
 * rows. With @sigmoid, @probs holds one probability per row (class 1 when
 * above 0.5); otherwise n_classes per row and the largest wins (the first
 * on a tie). Rows whose label is not a class are left out. */
guint64 *lev_confusion_matrix (const float *probs,
                               const float *labels,
                               gsize        n,
                               guint        n_classes,
                               gboolean     sigmoid);

G_END_DECLS
