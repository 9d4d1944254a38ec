/* lev-metrics.c: ROC AUC, R² and the confusion matrix of a test split. */
#define G_LOG_DOMAIN "lev-metrics"
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "lev-metrics.h"

typedef struct {
  double x, y;
} ScorePair;

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  double x = ((const ScorePair *) a)->x, y = ((const ScorePair *) b)->x;
  return (x > y) - (x < y);
}

double
lev_roc_auc (const float *scores,
             const float *labels,
             gsize        n)
{
  g_autofree ScorePair *v = g_new (ScorePair, MAX (n, 1));
  double n_pos = 0, n_neg = 0, rank_sum = 0;
  gsize i = 0;

  for (gsize k = 0; k < n; k++)
    {
      /* A NaN score has no rank (and would stall the tie loop below). */
      if (!isfinite (scores[k]))
        return NAN;
      v[k].x = scores[k];
      v[k].y = labels[k];
      if (labels[k] > 0.5f)
        n_pos++;
      else
        n_neg++;
    }
  if (n_pos == 0 || n_neg == 0)
    return NAN;
  /* Mann–Whitney: AUC from the rank sum of the positives, ties averaged. */
  qsort (v, n, sizeof *v, compare_scores);
  while (i < n)
    {
      gsize j = i;
      double avg_rank;

      while (j < n && v[j].x == v[i].x)
        j++;
      avg_rank = (double) (i + 1 + j) / 2.0;
      for (gsize k = i; k < j; k++)
        if (v[k].y > 0.5)
          rank_sum += avg_rank;
      i = j;
    }
  return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg);
}

double
lev_r2_from (double sse,
             double sst)
{
  return sst > 0 ? 1.0 - sse / sst : NAN;
}

guint64 *
lev_confusion_matrix (const float *probs,
                      const float *labels,
                      gsize        n,
                      guint        n_classes,
                      gboolean     sigmoid)
{
  guint k = n_classes;
  guint64 *confusion = g_new0 (guint64, (gsize) k * k);

  for (gsize i = 0; i < n; i++)
    {
      guint truth = (guint) labels[i], pred = 0;

      if (sigmoid)
        pred = probs[i] > 0.5f ? 1 : 0;
      else
        for (guint j = 1; j < k; j++)
          if (probs[i * k + j] > probs[i * k + pred])
            pred = j;
      if (truth < k)
        confusion[truth * k + pred]++;
    }
  return confusion;
}
