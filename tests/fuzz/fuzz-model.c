/* fuzz-model.c: libFuzzer target for the saved-model reader
 * (lev_model_load: the JSON description, its data schema and the
 * safetensors weights it names). The input is the JSON, a NUL byte, then
 * the weights file; without a NUL the whole input is the JSON and the
 * weights are empty. Both are written into a private temporary directory
 * that the target reuses. */
#define G_LOG_DOMAIN "fuzz-model"
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-mlp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *dir;

static void
write_file (const char    *path,
            const uint8_t *data,
            size_t         size)
{
  FILE *f = fopen (path, "wb");

  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size) || fclose (f) != 0)
    g_error ("cannot write %s", path);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *json_path = NULL;
  g_autofree char *weights_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) model = NULL;
  const uint8_t *nul = memchr (data, 0, size);
  gsize json_len = nul ? (gsize) (nul - data) : size;

  if (dir == NULL)
    dir = g_dir_make_tmp ("fuzz-model-XXXXXX", NULL);
  g_assert (dir != NULL);
  json_path = g_build_filename (dir, "m.json", NULL);
  /* The model names its weights file; only this one is ever written, so
   * other names are simply missing files. */
  weights_path = g_build_filename (dir, "m.safetensors", NULL);
  /* Plain writes: g_file_set_contents would fsync on every run. */
  write_file (json_path, data, json_len);
  write_file (weights_path, nul ? nul + 1 : data, nul ? size - json_len - 1 : 0);

  model = lev_model_load (json_path, &error);
  if (model == NULL)
    {
      g_assert (error != NULL && error->domain == LEV_ERROR);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (model->mlp != NULL && model->schema != NULL);
  g_assert (model->mlp->n_inputs == model->schema->n_features);
  for (gsize i = 0; i < model->mlp->n_params; i++)
    g_assert (isfinite (model->mlp->params[i]));
  return 0;
}
