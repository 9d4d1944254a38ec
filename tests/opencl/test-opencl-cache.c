/* test-opencl-cache.c: the program cache (hit on the second run, measured;
 * a corrupt or unloadable file deleted and rebuilt; `devices --clear-cache`),
 * every injected failure kind reported with its own code, and leverage-cli
 * on a machine with no OpenCL loader. Runs itself as a child process
 * (--build-once) so that each run starts with fresh PoCL state. */
#define G_LOG_DOMAIN "test-opencl-cache"
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "opencl-test-util.h"
#include "lev-backend-bench.h"
#include "opencl/lev-cl-program.h"

static char *self_path;
static char *tmp_root;

/* The child: build the kernels once, say how. */
static int
build_once (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevBackend) be = lev_opencl_backend_new (NULL, &error);
  gboolean cached = FALSE;
  double seconds = 0;

  if (be == NULL)
    {
      printf ("error=%s\n", error->message);
      return 1;
    }
  lev_opencl_backend_get_build_stats (be, &cached, &seconds);
  printf ("cached=%d seconds=%.6f\n", cached, seconds);
  return 0;
}

typedef struct {
  gboolean ran;
  gboolean cached;
  double   seconds;
} BuildRun;

/* Runs the child with its own, empty PoCL cache (so only our cache can make
 * it fast) and our kernel cache in @cache_dir. */
static BuildRun
run_child (const char *cache_dir)
{
  static guint counter;
  g_autofree char *pocl = g_strdup_printf ("%s/pocl-child-%u", tmp_root, counter++);
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { self_path, "--build-once", NULL };
  int wait_status = 0;
  BuildRun run = { 0 };
  int cached = 0;

  g_mkdir_with_parents (pocl, 0700);
  env = g_environ_setenv (env, "POCL_CACHE_DIR", pocl, TRUE);
  env = g_environ_setenv (env, "LEVERAGE_OPENCL_CACHE_DIR", cache_dir, TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &wait_status,
                &error);
  g_assert_no_error (error);
  g_test_message ("child: %s", out);
  if (sscanf (out, "cached=%d seconds=%lf", &cached, &run.seconds) == 2)
    {
      run.ran = TRUE;
      run.cached = cached != 0;
    }
  return run;
}

static char *
only_cache_file (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  char *found = NULL;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".clbin"))
      {
        g_free (found);
        found = g_build_filename (dir_path, name, NULL);
        n++;
      }
  g_assert_cmpuint (n, ==, 1);
  return found;
}

static gboolean
have_device (void)
{
  g_autoptr(LevBackend) be = opencl_test_backend ();
  return be != NULL;
}

static int
run_cli (const char * const *args,
         const char         *cache_dir,
         gboolean            no_loader,
         char              **out,
         char              **err)
{
  const char *cli = g_getenv ("LEVERAGE_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  if (cache_dir != NULL)
    env = g_environ_setenv (env, "LEVERAGE_OPENCL_CACHE_DIR", cache_dir, TRUE);
  if (no_loader)
    {
      /* A machine with no OpenCL at all: the only library tried is absent. */
      env = g_environ_setenv (env, "LEVERAGE_OPENCL_LIBRARY", "/nonexistent/libOpenCL.so.1", TRUE);
      env = g_environ_setenv (env, "LEVERAGE_OPENCL_LIBRARY_ONLY", "1", TRUE);
    }
  g_spawn_sync (NULL, (char **) argv->pdata, env, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* Garbage after the header, with a matching checksum: what the driver gets
 * when a binary of another driver or a buggy write slips through. */
static void
write_unloadable (const char *file)
{
  g_autofree char *contents = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize length, digest_len = sizeof digest;

  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 56 + 64);
  for (gsize i = 56; i < length; i++)
    contents[i] = (char) (i * 131 + 7);
  g_checksum_update (sum, (const guchar *) contents + 56, length - 56);
  g_checksum_get_digest (sum, digest, &digest_len);
  memcpy (contents + 24, digest, 32);
  g_assert_true (g_file_set_contents (file, contents, length, NULL));
}

/* One sequence, since each compile costs PoCL seconds: a miss, a hit that
 * is faster, then each kind of bad file deleted and rebuilt. */
static void
test_cache (void)
{
  g_autofree char *cache = g_build_filename (tmp_root, "cache-a", NULL);
  g_autofree char *file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *out = NULL, *err = NULL;
  const char *clear[] = { "devices", "--clear-cache", NULL };
  gsize length;
  BuildRun first, second, run;

  if (!have_device ())
    return;

  first = run_child (cache);
  g_assert_true (first.ran);
  g_assert_false (first.cached);
  file = only_cache_file (cache);

  second = run_child (cache);
  g_assert_true (second.ran);
  g_assert_true (second.cached);
  /* The point of the cache: measurably faster than compiling. */
  g_test_message ("compile %.3f s, cached %.3f s", first.seconds, second.seconds);
  g_assert_cmpfloat (second.seconds, <, first.seconds);

  /* One flipped byte in the binary: the checksum refuses it, the file is
   * deleted and the program compiled again. */
  g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
  contents[length / 2] ^= 0x5a;
  g_assert_true (g_file_set_contents (file, contents, length, NULL));
  run = run_child (cache);
  g_assert_true (run.ran && !run.cached);

  /* A right checksum over a binary the driver refuses. */
  write_unloadable (file);
  run = run_child (cache);
  g_assert_true (run.ran && !run.cached);

  /* Truncated (a copy interrupted elsewhere). */
  g_assert_true (g_file_set_contents (file, contents, 20, NULL));
  run = run_child (cache);
  g_assert_true (run.ran && !run.cached);

  /* The rebuilt file is good again. */
  run = run_child (cache);
  g_assert_true (run.ran && run.cached);

  /* leverage-cli devices --clear-cache removes it. */
  g_assert_cmpint (run_cli (clear, cache, FALSE, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "Removed 1 cached kernel file"));
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
}

/* With no loader, the CLI lists no devices and exits 0, the CPU backend is
 * the default, the device benchmark fails cleanly, and everything else
 * works as on any machine. */
static void
test_cli_without_loader (void)
{
  const char *devices[] = { "devices", NULL };
  const char *devices_json[] = { "devices", "--format", "json", NULL };
  const char *bench[] = { "bench-device", NULL };
  const char *clear[] = { "devices", "--clear-cache", NULL };
  g_autofree char *cache = g_build_filename (tmp_root, "cache-none", NULL);
  g_autofree char *seed = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "scenarios",
                                            "seed-example.json", NULL);
  const char *report[] = { "report", seed, NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *top;

  g_assert_cmpint (run_cli (devices, cache, TRUE, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "not available"));
  g_assert_nonnull (strstr (out, "/nonexistent/libOpenCL.so.1"));
  g_assert_nonnull (strstr (out, "CPU backend"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (devices_json, cache, TRUE, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  top = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_null_member (top, "loader"));
  g_assert_cmpstr (json_object_get_string_member (top, "default"), ==, "cpu");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (top, "devices")), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (bench, cache, TRUE, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "OpenCL loader"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (clear, cache, TRUE, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (report, cache, TRUE, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "13"));
}

/* The same driver registered by two ICD files (a distribution's and a
 * vendor's, or a Flatpak extension's over the host's) shows two platforms
 * with the same device: `devices` lists it once. */
static void
test_duplicate_icd (void)
{
  const char *cli = g_getenv ("LEVERAGE_CLI");
  g_autofree char *icd = NULL;
  g_autofree char *full = NULL;
  g_autofree char *vendors = g_build_filename (tmp_root, "vendors", NULL);
  g_autofree char *a = g_build_filename (vendors, "a.icd", NULL);
  g_autofree char *b = g_build_filename (vendors, "b.icd", NULL);
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *argv[] = { cli, "devices", "--format", "json", NULL };
  int wait_status = 0;
  JsonArray *devices;

  if (!g_file_get_contents ("/etc/OpenCL/vendors/pocl.icd", &icd, NULL, NULL))
    {
      g_test_skip ("PoCL's ICD file is not installed");
      return;
    }
  g_strstrip (icd);
  /* The loader ignores a second file with the very same text: name the
   * library once as written and once by its full path. */
  if (!g_path_is_absolute (icd))
    {
      static const char * const dirs[] = { "/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu",
                                           "/usr/lib64", "/usr/lib" };
      for (guint i = 0; i < G_N_ELEMENTS (dirs) && full == NULL; i++)
        {
          g_autofree char *path = g_build_filename (dirs[i], icd, NULL);
          if (g_file_test (path, G_FILE_TEST_EXISTS))
            full = g_steal_pointer (&path);
        }
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (icd);
      g_autofree char *base = g_path_get_basename (icd);
      full = g_strconcat (dir, "/./", base, NULL);
    }
  if (full == NULL)
    {
      g_test_skip ("cannot find PoCL's library by its full path");
      return;
    }
  g_mkdir_with_parents (vendors, 0700);
  {
    /* ocl-icd reads a line: it needs the newline. */
    g_autofree char *line_a = g_strconcat (icd, "\n", NULL);
    g_autofree char *line_b = g_strconcat (full, "\n", NULL);
    g_assert_true (g_file_set_contents (a, line_a, -1, NULL));
    g_assert_true (g_file_set_contents (b, line_b, -1, NULL));
  }
  env = g_environ_setenv (env, "OCL_ICD_VENDORS", vendors, TRUE);
  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "lev-cl-device", TRUE);
  g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  /* The loader did show it twice (GLib writes debug messages to stdout,
   * before the JSON)... */
  g_assert_nonnull (strstr (out, "seen again through platform 1"));
  /* ...and the list has it once. */
  g_assert_nonnull (strchr (out, '{'));
  g_assert_true (json_parser_load_from_data (parser, strchr (out, '{'), -1, NULL));
  devices = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                          "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
}

/* The failures a driver can cause at creation, each with its own code. */
static void
test_fail_at_creation (void)
{
  static const struct { const char *spec; int code; const char *says; } cases[] = {
    { "noloader", LEV_BACKEND_ERROR_UNAVAILABLE, "loader" },
    { "nodevice", LEV_BACKEND_ERROR_UNAVAILABLE, "device" },
    { "build", LEV_BACKEND_ERROR_BUILD, "did not compile" },
  };

  if (!have_device ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      LevBackend *be;

      lev_opencl_backend_set_fail_hook (cases[i].spec);
      be = lev_opencl_backend_new (NULL, &error);
      lev_opencl_backend_set_fail_hook (NULL);
      g_assert_null (be);
      g_assert_error (error, LEV_BACKEND_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].spec, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
  /* The build log is kept where the message says. */
  {
    g_autofree char *dir = lev_cl_cache_dir ();
    g_autofree char *log = g_build_filename (dir, "last-build-failure.log", NULL);
    g_autofree char *text = NULL;

    g_assert_true (g_file_get_contents (log, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "error"));
  }
}

/* Failures in the middle of training: the steps before the chosen one run,
 * then the next sync reports the kind, and every later call reports it too
 * (no retry inside a failed context). */
static void
test_fail_at_step (void)
{
  static const struct { const char *spec; int code; const char *says; } cases[] = {
    { "oom:3", LEV_BACKEND_ERROR_OUT_OF_MEMORY, "CL_MEM_OBJECT_ALLOCATION_FAILURE" },
    { "lost:3", LEV_BACKEND_ERROR_DEVICE_LOST, "unknown OpenCL status" },
    { "timeout:3", LEV_BACKEND_ERROR_DEVICE_LOST, "did not finish" },
  };
  const gsize hidden[] = { 16, 8 };

  if (!have_device ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LevBackend) be = NULL;

      lev_opencl_backend_set_fail_hook (cases[i].spec);
      be = lev_opencl_backend_new (NULL, &error);
      lev_opencl_backend_set_fail_hook (NULL);
      g_assert_no_error (error);
      /* Steps 1 and 2 (a warm-up and one timed step) are fine... */
      g_assert_cmpfloat (lev_bench_mlp (be, 5, hidden, 2, 32, 1, &error), >, 0);
      g_assert_no_error (error);
      /* ...step 3 fails. */
      g_assert_cmpfloat (lev_bench_mlp (be, 5, hidden, 2, 32, 2, &error), <, 0);
      g_assert_error (error, LEV_BACKEND_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].spec, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_clear_error (&error);
      g_assert_false (lev_backend_sync (be, &error));
      g_assert_error (error, LEV_BACKEND_ERROR, cases[i].code);
    }
}

int
main (int argc, char **argv)
{
  int status;

  if (argc == 2 && g_str_equal (argv[1], "--build-once"))
    return build_once ();

  g_test_init (&argc, &argv, NULL);
  self_path = g_canonicalize_filename (argv[0], NULL);
  tmp_root = opencl_test_private_caches ();

  g_test_add_func ("/opencl/cache/hit-corrupt-unloadable-clear", test_cache);
  g_test_add_func ("/opencl/cli/without-loader", test_cli_without_loader);
  g_test_add_func ("/opencl/cli/duplicate-icd", test_duplicate_icd);
  g_test_add_func ("/opencl/fail/at-creation", test_fail_at_creation);
  g_test_add_func ("/opencl/fail/at-step", test_fail_at_step);
  status = g_test_run ();
  test_remove_tree (tmp_root);
  g_free (tmp_root);
  g_free (self_path);
  return status;
}
