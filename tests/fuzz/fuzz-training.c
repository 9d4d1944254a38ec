/* fuzz-training.c: libFuzzer target for the training-run reader
 * (lev_training_curves_load_data, what `export --chart training
 * --training RUN.json` reads): any bytes give curves or a LEV_ERROR naming
 * the file, never a crash, leak or hang; curves that load hold only values
 * the chart can draw. */
#define G_LOG_DOMAIN "fuzz-training"
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "lev-chart-training.h"
#include "lev-error.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  LevTrainingCurves *t = lev_training_curves_load_data ((const char *) data, size, "fuzz.json", &error);

  if (t == NULL)
    {
      g_assert (error != NULL && error->domain == LEV_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz.json: "));
      return 0;
    }
  g_assert (error == NULL);
  g_assert (t->n_points >= 1 && t->n_points <= LEV_TRAINING_MAX_EPOCHS);
  g_assert (t->metric_label != NULL);
  for (guint i = 0; i < t->n_points; i++)
    {
      g_assert (isfinite (t->train_loss[i]) && t->train_loss[i] >= 0);
      g_assert (isnan (t->val_loss[i]) || (isfinite (t->val_loss[i]) && t->val_loss[i] >= 0));
      g_assert (isnan (t->train_metric[i]) || t->train_metric[i] <= 1);
      g_assert (isnan (t->val_metric[i]) || t->val_metric[i] <= 1);
    }
  lev_training_curves_free (t);
  return 0;
}
