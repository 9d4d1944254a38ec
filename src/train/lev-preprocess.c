/* lev-preprocess.c: what is done to a dataset's rows before training: the
 * seeded train/test split and the standard scaler fitted on training rows. */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-dataset.h"

void
lev_split_make (gsize     n_rows,
                double    test_fraction,
                guint32   seed,
                LevSplit *split)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *perm = g_new (guint32, MAX (n_rows, 1));
  gsize n_test;

  for (gsize i = 0; i < n_rows; i++)
    perm[i] = (guint32) i;
  for (gsize i = n_rows; i > 1; i--)
    {
      gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) i);
      guint32 t = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = t;
    }
  /* scikit-learn's train_test_split rounds the test size up. */
  n_test = (gsize) ceil (test_fraction * (double) n_rows);
  if (n_test > n_rows)
    n_test = n_rows;
  split->n_test = n_test;
  split->n_train = n_rows - n_test;
  split->test = g_new (guint32, MAX (n_test, 1));
  split->train = g_new (guint32, MAX (split->n_train, 1));
  memcpy (split->test, perm, n_test * sizeof (guint32));
  memcpy (split->train, perm + n_test, split->n_train * sizeof (guint32));
}

void
lev_split_clear (LevSplit *split)
{
  g_clear_pointer (&split->train, g_free);
  g_clear_pointer (&split->test, g_free);
  split->n_train = split->n_test = 0;
}

void
lev_scaler_fit (LevScaler        *scaler,
                const LevDataset *data,
                const guint32    *rows,
                gsize             n_rows)
{
  guint nf = data->n_features;
  g_autofree double *sum = g_new0 (double, nf);
  g_autofree double *sq = g_new0 (double, nf);

  scaler->n = nf;
  scaler->mean = g_new (float, nf);
  scaler->scale = g_new (float, nf);
  for (gsize r = 0; r < n_rows; r++)
    {
      const float *x = data->x + (gsize) rows[r] * nf;

      for (guint j = 0; j < nf; j++)
        sum[j] += x[j];
    }
  for (guint j = 0; j < nf; j++)
    sum[j] = n_rows > 0 ? sum[j] / (double) n_rows : 0.0;
  /* Two passes, so large offsets do not cancel the variance away. */
  for (gsize r = 0; r < n_rows; r++)
    {
      const float *x = data->x + (gsize) rows[r] * nf;

      for (guint j = 0; j < nf; j++)
        {
          double d = x[j] - sum[j];
          sq[j] += d * d;
        }
    }
  for (guint j = 0; j < nf; j++)
    {
      double sd = n_rows > 0 ? sqrt (sq[j] / (double) n_rows) : 0.0;

      scaler->mean[j] = (float) sum[j];
      scaler->scale[j] = sd > 0.0 && isfinite (sd) ? (float) sd : 1.0f;
    }
}

void
lev_scaler_apply (const LevScaler *scaler,
                  float           *x,
                  gsize            n_rows)
{
  for (gsize r = 0; r < n_rows; r++)
    {
      float *row = x + r * scaler->n;

      for (guint j = 0; j < scaler->n; j++)
        row[j] = (row[j] - scaler->mean[j]) / scaler->scale[j];
    }
}

void
lev_scaler_clear (LevScaler *scaler)
{
  g_clear_pointer (&scaler->mean, g_free);
  g_clear_pointer (&scaler->scale, g_free);
  scaler->n = 0;
}

