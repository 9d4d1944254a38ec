/* test-model-files.c: hand-edited and hostile model files (the JSON
 * description and its safetensors weights) are refused with the file, the
 * place and the reason; nothing in them crashes, hangs or loads as a
 * different model. The files are written here by hand, byte by byte, so
 * each case differs from a valid model in one thing. */
#define G_LOG_DOMAIN "test-model-files"
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-mlp.h"

static char *dir;

/* A valid binary model: 2 inputs, 2 hidden relu units, 1 sigmoid output. */
#define MODEL_JSON \
  "{\n" \
  "  \"format\": \"leverage-model\",\n" \
  "  \"version\": 1,\n" \
  "  \"weights\": \"m.safetensors\",\n" \
  "  \"architecture\": {\n" \
  "    \"inputs\": 2,\n" \
  "    \"layers\": [{\"units\": 2, \"activation\": \"relu\"}, {\"units\": 1, \"activation\": \"sigmoid\"}],\n" \
  "    \"loss\": \"sigmoid-binary-crossentropy\"\n" \
  "  },\n" \
  "  \"data\": {\n" \
  "    \"label\": \"y\", \"target\": \"binary\", \"classes\": [\"a\", \"b\"], \"missing\": \"refuse\",\n" \
  "    \"columns\": [{\"name\": \"x1\", \"kind\": \"numeric\"}, {\"name\": \"x2\", \"kind\": \"numeric\"}],\n" \
  "    \"features\": [\"x1\", \"x2\"]\n" \
  "  },\n" \
  "  \"scaling\": {\"mean\": [3.0, 3.0], \"scale\": [1.5, 2.5]},\n" \
  "  \"training\": {\"epochs\": 1}\n" \
  "}\n"

/* Its tensors, contiguous: 16 + 8 + 8 + 4 bytes. */
#define HEADER \
  "{\"__metadata__\":{\"format\":\"pt\"}," \
  "\"dense_0.kernel\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}," \
  "\"dense_0.bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}," \
  "\"dense_1.kernel\":{\"dtype\":\"F32\",\"shape\":[2,1],\"data_offsets\":[24,32]}," \
  "\"dense_1.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[32,36]}}"

static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  g_assert_cmpuint (g_strv_length (parts), >=, 2); /* the edit must apply */
  return g_strjoinv (to, parts);
}

static void
write_weights (const char *header)
{
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  g_autoptr(GByteArray) b = g_byte_array_new ();
  guint64 hlen = GUINT64_TO_LE ((guint64) strlen (header));
  float w[9] = { 0.5f, -0.25f, 1, 2, 0.1f, 0.2f, 1.5f, -1, 0.05f };

  g_byte_array_append (b, (const guint8 *) &hlen, 8);
  g_byte_array_append (b, (const guint8 *) header, (guint) strlen (header));
  /* Little-endian float32, as on every machine this builds for. */
  g_assert_cmpint (G_BYTE_ORDER, ==, G_LITTLE_ENDIAN);
  g_byte_array_append (b, (const guint8 *) w, sizeof w);
  g_assert_true (g_file_set_contents (path, (const char *) b->data, (gssize) b->len, NULL));
}

static LevModel *
load (const char  *json,
      const char  *header,
      GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "m.json", NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  if (header != NULL)
    write_weights (header);
  return lev_model_load (path, error);
}

/* Refused with @code, the JSON's name (or the weights') and @place. */
static void
assert_refused (const char *json,
                const char *header,
                int         code,
                const char *file,
                const char *place)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) model = load (json, header, &error);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  g_assert_null (model);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == LEV_ERROR);
  g_assert_cmpint (error->code, ==, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, place));
}

static void
test_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) model = load (MODEL_JSON, HEADER, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (model->mlp->n_inputs, ==, 2);
  g_assert_cmpfloat (model->scaler.scale[1], ==, 2.5f);
  g_assert_cmpfloat (model->mlp->params[model->mlp->b_off[1]], ==, 0.05f);
}

/* json-glib alone read each of these as a valid model. */
static void
test_strict_json (void)
{
  g_autofree char *dup = replace (MODEL_JSON, "\"version\": 1,", "\"version\": 1, \"version\": 1,");
  g_autofree char *zero = replace (MODEL_JSON, "\"inputs\": 2", "\"inputs\": 02");
  g_autofree char *comment = replace (MODEL_JSON, "\"version\": 1,", "\"version\": 1, /* hand-edited */");
  g_autofree char *hdup = replace (HEADER, "{\"dtype\":\"F32\",\"shape\":[1],",
                                   "{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],");
  g_autofree char *hhex = replace (HEADER, "[32,36]", "[0x20,36]");

  assert_refused (dup, HEADER, LEV_ERROR_PARSE, "m.json", "m.json: 3:25: the same key twice");
  assert_refused (zero, HEADER, LEV_ERROR_PARSE, "m.json", "m.json: 6:15: invalid token");
  assert_refused (comment, HEADER, LEV_ERROR_PARSE, "m.json", "m.json: 3:17:");
  /* Positions in a header count from its first byte. */
  assert_refused (MODEL_JSON, hdup, LEV_ERROR_PARSE, "m.safetensors", "m.safetensors: header 1:");
  assert_refused (MODEL_JSON, hdup, LEV_ERROR_PARSE, "m.safetensors", "the same key twice");
  assert_refused (MODEL_JSON, hhex, LEV_ERROR_PARSE, "m.safetensors", "m.safetensors: header 1:");
}

/* Tens of thousands of levels overflowed json-glib's recursive parser. */
static void
test_deep_nesting (void)
{
  const guint depth = 100000;
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autofree char *header = NULL;

  for (guint i = 0; i < depth; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (deep, ']');
  json = replace (MODEL_JSON, "{\"epochs\": 1}", deep->str);
  assert_refused (json, HEADER, LEV_ERROR_LIMIT, "m.json", "m.json: 16:");
  assert_refused (json, HEADER, LEV_ERROR_LIMIT, "m.json", "nested deeper than 32 levels");
  header = replace (HEADER, "{\"format\":\"pt\"}", deep->str);
  assert_refused (MODEL_JSON, header, LEV_ERROR_LIMIT, "m.safetensors", "nested deeper than 8 levels");
}

static void
test_wrong_values (void)
{
  g_autofree char *scale0 = replace (MODEL_JSON, "[1.5, 2.5]", "[1.5, 0]");
  g_autofree char *scale_text = replace (MODEL_JSON, "[1.5, 2.5]", "[\"wide\", 2.5]");
  g_autofree char *mean_null = replace (MODEL_JSON, "[3.0, 3.0]", "[3.0, null]");
  g_autofree char *multiclass = replace (MODEL_JSON, "\"target\": \"binary\"", "\"target\": \"multiclass\"");
  g_autofree char *units = replace (MODEL_JSON, "{\"units\": 2,", "{\"units\": 2.5,");
  g_autofree char *inputs = replace (MODEL_JSON, "\"inputs\": 2", "\"inputs\": 2.0");
  g_autofree char *feature = replace (MODEL_JSON, "[\"x1\", \"x2\"]", "[\"x1\", \"income\"]");
  g_autofree char *frac = replace (HEADER, "[16,24]", "[16.5,24.5]");
  g_autofree char *overlap = replace (HEADER, "[16,24]", "[8,16]");
  g_autofree char *shape = replace (HEADER, "\"shape\":[2],", "\"shape\":[2.0],");

  assert_refused (scale0, HEADER, LEV_ERROR_VALUE, "m.json", "$.scaling.scale[1]: expected a number above zero");
  assert_refused (scale_text, HEADER, LEV_ERROR_VALUE, "m.json", "$.scaling.scale[0]");
  assert_refused (mean_null, HEADER, LEV_ERROR_VALUE, "m.json", "$.scaling.mean[1]");
  assert_refused (multiclass, HEADER, LEV_ERROR_VALUE, "m.json", "$.architecture.loss");
  assert_refused (units, HEADER, LEV_ERROR_VALUE, "m.json", "$.architecture.layers[0].units");
  assert_refused (inputs, HEADER, LEV_ERROR_VALUE, "m.json", "$.architecture.inputs");
  assert_refused (feature, HEADER, LEV_ERROR_VALUE, "m.json", "$.data.features[1]: “income”");
  assert_refused (MODEL_JSON, frac, LEV_ERROR_VALUE, "m.safetensors", "“dense_0.bias”: data_offsets");
  assert_refused (MODEL_JSON, overlap, LEV_ERROR_VALUE, "m.safetensors", "overlap");
  assert_refused (MODEL_JSON, shape, LEV_ERROR_VALUE, "m.safetensors", "“dense_0.bias”");
}

/* The weights file is named by the model: a FIFO there blocked the load
 * forever. Neither it nor the model JSON may be anything but a file. */
static void
test_not_regular (void)
{
  g_autofree char *wpath = g_build_filename (dir, "m.safetensors", NULL);
  g_autofree char *jpath = g_build_filename (dir, "m.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) model = NULL;

  g_unlink (wpath);
  g_assert_cmpint (mkfifo (wpath, 0600), ==, 0);
  assert_refused (MODEL_JSON, NULL, LEV_ERROR_FORMAT, "m.safetensors",
                  "m.safetensors: not a regular file (a pipe (FIFO))");
  g_unlink (wpath);
  g_unlink (jpath);
  g_assert_cmpint (mkfifo (jpath, 0600), ==, 0);
  model = lev_model_load (jpath, &error);
  g_assert_null (model);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
  g_assert_true (g_str_has_prefix (error->message, jpath));
  g_clear_error (&error);
  g_unlink (jpath);
  model = lev_model_load (dir, &error);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "not a regular file (a folder)"));
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("leverage-model-files-XXXXXX", NULL);
  g_assert_nonnull (dir);
  g_test_add_func ("/train/model-files/valid", test_valid);
  g_test_add_func ("/train/model-files/strict-json", test_strict_json);
  g_test_add_func ("/train/model-files/deep-nesting", test_deep_nesting);
  g_test_add_func ("/train/model-files/wrong-values", test_wrong_values);
  g_test_add_func ("/train/model-files/not-regular", test_not_regular);
  status = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
  return status;
}
