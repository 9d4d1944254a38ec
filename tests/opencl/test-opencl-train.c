/* test-opencl-train.c: whole training runs through leverage-cli on the
 * sample dataset: OpenCL reaches the CPU backend's test accuracy (±0.5
 * point) with near-equal weights, and every injected failure kind still
 * completes, on the CPU, with a notice and the same accuracy. */
#define G_LOG_DOMAIN "test-opencl-train"
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "lev-mlp.h"
#include "opencl-test-util.h"

static char *tmp_root;
static char *dataset;

typedef struct {
  int         status;
  JsonParser *parser;
  JsonObject *top;
  char       *err;
} TrainRun;

static void
train_run_clear (TrainRun *run)
{
  g_clear_object (&run->parser);
  g_clear_pointer (&run->err, g_free);
}

/* leverage-cli train --format json, with extra environment @env_kv
 * ("NAME=VALUE", NULL-terminated) and the model saved to @save. */
static TrainRun
train_full (const char         *backend,
            const char         *device,
            const char * const *env_kv,
            const char         *save)
{
  const char *cli = g_getenv ("LEVERAGE_CLI");
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *backend_arg = g_strdup_printf ("--backend=%s", backend);
  g_autofree char *save_arg = save ? g_strdup_printf ("--save=%s", save) : NULL;
  g_autofree char *device_arg = device ? g_strdup_printf ("--device=%s", device) : NULL;
  TrainRun run = { 0 };
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "train");
  g_ptr_array_add (argv, backend_arg);
  g_ptr_array_add (argv, (gpointer) "--format=json");
  if (save_arg)
    g_ptr_array_add (argv, save_arg);
  if (device_arg)
    g_ptr_array_add (argv, device_arg);
  g_ptr_array_add (argv, dataset);
  g_ptr_array_add (argv, NULL);
  for (guint i = 0; env_kv != NULL && env_kv[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (env_kv[i], "=", 2);
      env = g_environ_setenv (env, kv[0], kv[1], TRUE);
    }
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &run.err,
                &wait_status, &error);
  g_assert_no_error (error);
  if (!WIFEXITED (wait_status))
    g_test_message ("train --backend %s did not exit (wait status 0x%x): %s", backend, wait_status,
                    run.err);
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  if (run.status != 0)
    {
      g_test_message ("train --backend %s exited %d: %s", backend, run.status, run.err);
      return run;
    }
  run.parser = json_parser_new ();
  g_assert_true (json_parser_load_from_data (run.parser, out, -1, &error));
  run.top = json_node_get_object (json_parser_get_root (run.parser));
  return run;
}

static TrainRun
train (const char         *backend,
       const char * const *env_kv,
       const char         *save)
{
  return train_full (backend, NULL, env_kv, save);
}

static TrainRun
train_on_device (const char         *device,
                 const char * const *env_kv)
{
  return train_full ("opencl", device, env_kv, NULL);
}

/* The float32 tensors of a .safetensors file, concatenated in header order. */
static GArray *
load_weights (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) names = NULL;
  GArray *all = g_array_new (FALSE, FALSE, sizeof (float));
  JsonObject *header;
  guint64 header_len;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >=, 8);
  memcpy (&header_len, contents, 8);
  header_len = GUINT64_FROM_LE (header_len);
  g_assert_cmpuint (header_len, <=, length - 8);
  g_assert_true (json_parser_load_from_data (parser, contents + 8, (gssize) header_len, NULL));
  header = json_node_get_object (json_parser_get_root (parser));
  names = json_object_get_members (header);
  names = g_list_sort (names, (GCompareFunc) g_strcmp0);
  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonObject *t;
      JsonArray *offsets;
      gsize start, end;

      if (g_str_equal (l->data, "__metadata__"))
        continue;
      t = json_object_get_object_member (header, l->data);
      g_assert_cmpstr (json_object_get_string_member (t, "dtype"), ==, "F32");
      offsets = json_object_get_array_member (t, "data_offsets");
      start = json_array_get_int_element (offsets, 0);
      end = json_array_get_int_element (offsets, 1);
      g_assert_cmpuint (8 + header_len + end, <=, length);
      g_array_append_vals (all, contents + 8 + header_len + start, (end - start) / 4);
    }
  return all;
}

static double
accuracy_of (const TrainRun *run)
{
  return json_object_get_double_member (run->top, "test_accuracy");
}

static void
test_train_equal_and_fallbacks (void)
{
  g_autofree char *cpu_model = g_build_filename (tmp_root, "cpu.json", NULL);
  g_autofree char *cl_model = g_build_filename (tmp_root, "opencl.json", NULL);
  g_autofree char *cpu_weights = NULL;
  g_autofree char *cl_weights = NULL;
  g_autoptr(GArray) wa = NULL, wb = NULL;
  TrainRun cpu, cl;
  double acc_cpu, diff2 = 0, norm2 = 0;
  /* Step 300 is in the third epoch (4000 training rows, batch 32). */
  static const struct { const char *fail; const char *says; } mid_run[] = {
    { "LEVERAGE_OPENCL_FAIL=oom:300", "CL_MEM_OBJECT_ALLOCATION_FAILURE" },
    { "LEVERAGE_OPENCL_FAIL=lost:300", "unknown OpenCL status" },
    { "LEVERAGE_OPENCL_FAIL=timeout:300", "did not finish" },
  };
  g_autoptr(LevBackend) probe = opencl_test_backend ();

  if (probe == NULL)
    return;

  cpu = train ("cpu", NULL, cpu_model);
  g_assert_cmpint (cpu.status, ==, 0);
  acc_cpu = accuracy_of (&cpu);

  cl = train ("opencl", NULL, cl_model);
  g_assert_cmpint (cl.status, ==, 0);
  g_assert_cmpstr (json_object_get_string_member (cl.top, "backend"), ==, "opencl");
  g_assert_false (json_object_has_member (cl.top, "fallback"));
  g_test_message ("test accuracy: cpu %.4f, opencl %.4f", acc_cpu, accuracy_of (&cl));
  g_assert_cmpfloat (fabs (accuracy_of (&cl) - acc_cpu), <=, 0.005);

  /* Same initial weights, same batches: the weights differ only by float32
   * rounding after 1250 Adam steps. */
  /* Each JSON names its weights file (a generation, lev-mlp.c). */
  cpu_weights = lev_model_weights_path (cpu_model);
  cl_weights = lev_model_weights_path (cl_model);
  wa = load_weights (cpu_weights);
  wb = load_weights (cl_weights);
  g_assert_cmpuint (wa->len, ==, wb->len);
  g_assert_cmpuint (wa->len, >, 0);
  for (guint i = 0; i < wa->len; i++)
    {
      double d = g_array_index (wa, float, i) - g_array_index (wb, float, i);
      diff2 += d * d;
      norm2 += (double) g_array_index (wa, float, i) * g_array_index (wa, float, i);
    }
  g_test_message ("weights: relative difference %.3g", sqrt (diff2 / norm2));
  g_assert_cmpfloat (sqrt (diff2 / norm2), <, 1e-4);
  train_run_clear (&cl);

  for (guint i = 0; i < G_N_ELEMENTS (mid_run); i++)
    {
      const char *env[] = { mid_run[i].fail, NULL };
      TrainRun run = train ("opencl", env, NULL);
      const char *fallback;

      g_assert_cmpint (run.status, ==, 0);
      g_assert_cmpstr (json_object_get_string_member (run.top, "backend"), ==, "cpu");
      fallback = json_object_get_string_member (run.top, "fallback");
      g_test_message ("%s: %s; accuracy %.4f", mid_run[i].fail, fallback, accuracy_of (&run));
      g_assert_nonnull (strstr (fallback, mid_run[i].says));
      g_assert_nonnull (strstr (fallback, "continued on the CPU"));
      g_assert_cmpfloat (fabs (accuracy_of (&run) - acc_cpu), <=, 0.005);
      train_run_clear (&run);
    }
  train_run_clear (&cpu);
}

/* Failures before training starts (no loader, no device, kernels that do
 * not compile): "auto" and "opencl" both train on the CPU, exactly as a CPU
 * run, and "opencl" says why; a device id that matches nothing is an error
 * of usage instead. */
static void
test_train_when_opencl_cannot_start (void)
{
  static const char * const kinds[][3] = {
    { "LEVERAGE_OPENCL_LIBRARY=/nonexistent/libOpenCL.so.1", "LEVERAGE_OPENCL_LIBRARY_ONLY=1", NULL },
    { "LEVERAGE_OPENCL_FAIL=nodevice", NULL, NULL },
    { "LEVERAGE_OPENCL_FAIL=build", NULL, NULL },
  };
  static const char * const says[] = { "loader", "device", "did not compile" };
  TrainRun cpu = train ("cpu", NULL, NULL);
  g_autoptr(LevBackend) probe = lev_opencl_backend_new (NULL, NULL);
  TrainRun bad;

  g_assert_cmpint (cpu.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    for (int explicit = 0; explicit < 2; explicit++)
      {
        TrainRun run = train (explicit ? "opencl" : "auto", kinds[i], NULL);

        g_assert_cmpint (run.status, ==, 0);
        g_assert_cmpstr (json_object_get_string_member (run.top, "backend"), ==, "cpu");
        g_assert_cmpfloat (accuracy_of (&run), ==, accuracy_of (&cpu));
        if (explicit)
          {
            g_assert_nonnull (strstr (run.err, "OpenCL could not start"));
            g_assert_nonnull (strstr (run.err, says[i]));
          }
        train_run_clear (&run);
      }
  train_run_clear (&cpu);

  /* (Only where OpenCL works: with no loader there is no list to match.) */
  if (probe == NULL)
    return;
  bad = train_on_device ("no such device | 0.0", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_nonnull (strstr (bad.err, "no such device | 0.0"));
  train_run_clear (&bad);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmp_root = opencl_test_private_caches ();
  dataset = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "datasets",
                              "lead-conversion.csv", NULL);
  g_test_add_func ("/opencl/train/equal-to-cpu-and-fallbacks", test_train_equal_and_fallbacks);
  g_test_add_func ("/opencl/train/cannot-start", test_train_when_opencl_cannot_start);
  status = g_test_run ();
  test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (dataset);
  return status;
}
