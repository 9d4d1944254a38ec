/* fuzz-safetensors.c: libFuzzer target for the safetensors half of a saved
 * model. fuzz-model mutates the JSON and the weights together, so most of
 * its inputs stop at the JSON; here the JSON is a fixed valid model (two
 * layers, 3 → 4 → 2 softmax) and the input is the whole weights file: the
 * header length, the header's JSON and the tensor data. A refusal is a
 * LEV_ERROR naming the weights file; a model that loads has finite weights,
 * each tensor read from its own bytes of the file. */
#define G_LOG_DOMAIN "fuzz-safetensors"
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-mlp.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const char model_json[] =
  "{\"format\": \"leverage-model\", \"version\": 1, \"weights\": \"m.safetensors\",\n"
  " \"architecture\": {\"inputs\": 3, \"loss\": \"softmax-crossentropy\",\n"
  "   \"layers\": [{\"units\": 4, \"activation\": \"tanh\"}, {\"units\": 2, \"activation\": \"softmax\"}]},\n"
  " \"data\": {\"label\": \"y\", \"target\": \"multiclass\", \"classes\": [\"a\", \"b\"], \"missing\": \"refuse\",\n"
  "   \"columns\": [{\"name\": \"x\", \"kind\": \"numeric\"},\n"
  "               {\"name\": \"c\", \"kind\": \"one-hot\", \"categories\": [\"p\", \"q\"]}],\n"
  "   \"features\": [\"x\", \"c=p\", \"c=q\"]}}\n";

static char *dir;
static char *json_path;
static char *weights_path;

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
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) model = NULL;

  if (dir == NULL)
    {
      dir = g_dir_make_tmp ("fuzz-safetensors-XXXXXX", NULL);
      g_assert (dir != NULL);
      json_path = g_build_filename (dir, "m.json", NULL);
      weights_path = g_build_filename (dir, "m.safetensors", NULL);
      write_file (json_path, (const uint8_t *) model_json, strlen (model_json));
    }
  write_file (weights_path, data, size);

  model = lev_model_load (json_path, &error);
  if (model == NULL)
    {
      g_assert (error != NULL && error->domain == LEV_ERROR);
      g_assert (g_str_has_prefix (error->message, weights_path));
      return 0;
    }
  g_assert (error == NULL);
  g_assert (model->mlp->n_params == 3 * 4 + 4 + 4 * 2 + 2);
  /* Every weight was read from the file, so the file holds them all. */
  g_assert (size >= 8 + model->mlp->n_params * 4);
  for (gsize i = 0; i < model->mlp->n_params; i++)
    g_assert (isfinite (model->mlp->params[i]));
  return 0;
}
