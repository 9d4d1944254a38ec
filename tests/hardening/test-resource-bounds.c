/* test-resource-bounds.c: huge inputs either work within a stated memory
 * bound or are refused with a clear message; nothing allocates without
 * bound. Each case runs in a child process so its peak resident memory
 * (getrusage) is its own; the inputs are generated on the fly and streamed
 * (through a pipe, or as a sparse file), never committed. The stated bounds
 * are in the table of tests/hardening/README.md. */
#define G_LOG_DOMAIN "test-resource-bounds"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "hardening-util.h"
#include "lev-error.h"
#include "lev-number.h"
#include "lev-scenario-io.h"
#ifdef HAVE_TRAINER
#include "lev-dataset.h"
#endif
#include "../test-sanitizer.h"

/* Address Sanitizer's shadow memory and quarantine multiply every
 * footprint; under it (TEST_UNDER_ASAN) the bounds are only reported. */

typedef void (*ChildFunc)    (gpointer data);
typedef void (*ProducerFunc) (int fd, gpointer data);

typedef struct {
  char   *output;     /* what the child printed */
  int     status;
  long    rss_kib;    /* the child's peak resident memory */
  double  seconds;
} ChildRun;

static void
child_run_clear (ChildRun *run)
{
  g_free (run->output);
}

/* Forks; the child runs @child with its stdin fed by @produce (in the
 * parent) and its stdout captured. */
static void
run_child (ChildFunc     child,
           gpointer      child_data,
           ProducerFunc  produce,
           gpointer      produce_data,
           ChildRun     *run)
{
  int in[2], out[2];
  pid_t pid;
  gint64 t0 = g_get_monotonic_time ();
  GString *text = g_string_new (NULL);
  char buf[4096];
  ssize_t n;

  g_assert_cmpint (pipe (in), ==, 0);
  g_assert_cmpint (pipe (out), ==, 0);
  fflush (NULL);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      dup2 (in[0], 0);
      dup2 (out[1], 1);
      close (in[0]);
      close (in[1]);
      close (out[0]);
      close (out[1]);
      child (child_data);
      fflush (stdout);
      _exit (0);
    }
  close (in[0]);
  close (out[1]);
  /* The child may stop reading early (a refusal): writes then fail with
   * EPIPE, which the producer takes as the end. */
  signal (SIGPIPE, SIG_IGN);
  if (produce != NULL)
    produce (in[1], produce_data);
  close (in[1]);
  while ((n = read (out[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buf, n);
  close (out[0]);
  run->status = hardening_wait (pid, &run->rss_kib);
  run->seconds = (g_get_monotonic_time () - t0) / 1e6;
  run->output = g_string_free (text, FALSE);
  g_strchomp (run->output);
}

/* Writes all of @len bytes, FALSE once the reader has gone. */
static gboolean
write_all (int         fd,
           const char *p,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static void
print_error (const GError *error)
{
  printf ("ERR %d %s\n", error->code, error->message);
}

/* The baseline: what a child that only starts costs, so the bounds below
 * are about the reader and not the test program. */
static void
child_nothing (gpointer data)
{
  printf ("OK\n");
}

static long
baseline_kib (void)
{
  static long base = -1;

  if (base < 0)
    {
      ChildRun run = { 0 };

      run_child (child_nothing, NULL, NULL, NULL, &run);
      base = run.rss_kib;
      child_run_clear (&run);
    }
  return base;
}

static void
check_memory (const ChildRun *run,
              const char     *what,
              long            bound_mib)
{
  long used = (run->rss_kib - baseline_kib ()) / 1024;

  g_test_message ("%s: %s in %.1f s, peak %ld MiB above the baseline (bound %ld MiB%s)",
                  what, run->output, run->seconds, used, bound_mib,
                  TEST_UNDER_ASAN ? ", not enforced under ASan" : "");
  if (!TEST_UNDER_ASAN)
    g_assert_cmpint (used, <=, bound_mib);
}

/* --- Scenarios -------------------------------------------------------- */

static void
child_load_scenario (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) s = lev_scenario_load_file (data, &error);
  guint n = 0;

  if (s == NULL)
    {
      print_error (error);
      return;
    }
  for (LevAreaKind a = 0; a < LEV_N_AREAS; a++)
    n += lev_area_get_n_items (lev_scenario_get_area (s, a));
  printf ("OK %u items\n", n);
}

static char *
write_scenario (const char *dir,
                guint       n_items)
{
  g_autofree char *name = g_strdup_printf ("items-%u.json", n_items);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GString) json = hardening_scenario_json (n_items, "Huge", 0);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, json->str, (gssize) json->len, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_scenario_items (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounds-XXXXXX", NULL);
  g_autofree char *ok_path = write_scenario (dir, LEV_SCENARIO_MAX_ITEMS);
  g_autofree char *over_path = write_scenario (dir, LEV_SCENARIO_MAX_ITEMS + 1);
  ChildRun run = { 0 };

  /* The limit itself loads, within 768 MiB (the file is about 20 MB). */
  run_child (child_load_scenario, ok_path, NULL, NULL, &run);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  g_assert_cmpstr (run.output, ==, "OK 100000 items");
  check_memory (&run, "100,000 items", 768);
  child_run_clear (&run);

  /* One more is refused, naming the file and the limit. */
  memset (&run, 0, sizeof run);
  run_child (child_load_scenario, over_path, NULL, NULL, &run);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  g_assert_true (g_str_has_prefix (run.output, "ERR "));
  g_assert_nonnull (strstr (run.output, over_path));
  g_assert_nonnull (strstr (run.output, "100000"));
  check_memory (&run, "100,001 items", 768);
  child_run_clear (&run);

  g_unlink (ok_path);
  g_unlink (over_path);
  g_rmdir (dir);
}

/* A 1 GB file (sparse: no disk used) is refused by its size before a byte
 * of it is read. */
static char *
sparse_file (const char *dir,
             const char *name,
             goffset     size)
{
  char *path = g_build_filename (dir, name, NULL);
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "{", 1), ==, 1);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
  return path;
}

static void
test_scenario_huge_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounds-XXXXXX", NULL);
  g_autofree char *path = sparse_file (dir, "huge.json", (goffset) 1 << 30);
  ChildRun run = { 0 };

  run_child (child_load_scenario, path, NULL, NULL, &run);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  g_assert_cmpstr (run.output, !=, "");
  g_assert_true (g_str_has_prefix (run.output, "ERR "));
  g_assert_nonnull (strstr (run.output, path));
  g_assert_nonnull (strstr (run.output, "MiB"));
  check_memory (&run, "a 1 GiB scenario file", 16);
  child_run_clear (&run);
  g_unlink (path);
  g_rmdir (dir);
}

#ifdef HAVE_TRAINER
/* --- CSV datasets ----------------------------------------------------- */

static void
child_load_csv (gpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevDataset) ds = NULL;
  LevCsvOptions opt;

  lev_csv_options_init (&opt);
  ds = lev_dataset_load_csv ("-", &opt, &error);
  if (ds == NULL)
    {
      print_error (error);
      /* Like the CLI, stop reading: the producer sees EPIPE. */
      return;
    }
  printf ("OK %zu rows %u features\n", ds->n_rows, ds->n_features);
}

typedef struct {
  guint64 rows;
  guint   cols;
  guint64 field_bytes;
  gboolean quoted;
} CsvShape;

/* Rows of integers with a 0/1 label; or one header and one record whose
 * first field is @field_bytes long. Written in blocks, never held whole. */
static void
produce_csv (int      fd,
             gpointer data)
{
  const CsvShape *shape = data;
  g_autoptr(GString) block = g_string_sized_new (1 << 20);

  for (guint c = 0; c < shape->cols; c++)
    g_string_append_printf (block, "c%u,", c);
  g_string_append (block, "label\n");
  if (shape->field_bytes > 0)
    {
      gsize chunk = 1 << 20;
      g_autofree char *as = g_malloc (chunk);
      guint64 left = shape->field_bytes;

      memset (as, 'a', chunk);
      if (shape->quoted)
        g_string_append_c (block, '"');
      if (!write_all (fd, block->str, block->len))
        return;
      while (left > 0)
        {
          gsize n = (gsize) MIN (left, chunk);

          if (!write_all (fd, as, n))
            return;
          left -= n;
        }
      write_all (fd, shape->quoted ? "\",1\n" : ",1\n", shape->quoted ? 4 : 3);
      return;
    }
  for (guint64 r = 0; r < shape->rows; r++)
    {
      for (guint c = 0; c < shape->cols; c++)
        g_string_append_printf (block, "%u,", (guint) ((r * 7 + c * 13) % 1000));
      g_string_append (block, r % 2 ? "1\n" : "0\n");
      if (block->len > (1 << 20) - 4096)
        {
          if (!write_all (fd, block->str, block->len))
            return;
          g_string_truncate (block, 0);
        }
    }
  write_all (fd, block->str, block->len);
}

static void
test_csv_rows (void)
{
  CsvShape shape = { 10 * 1000 * 1000, 2, 0, FALSE };
  ChildRun run = { 0 };
  g_autofree char *want = g_strdup_printf ("OK %" G_GUINT64_FORMAT " rows 2 features", shape.rows);

  /* 10 million rows: the data is 10M × 3 floats = 120 MB; bound 512 MiB. */
  run_child (child_load_csv, NULL, produce_csv, &shape, &run);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  g_assert_cmpstr (run.output, ==, want);
  check_memory (&run, "10 million rows", 512);
  child_run_clear (&run);
}

static void
test_csv_columns (void)
{
  CsvShape shape = { 20, 100000, 0, FALSE };
  ChildRun run = { 0 };

  /* 100,000 columns × 20 rows: works, within 256 MiB. */
  run_child (child_load_csv, NULL, produce_csv, &shape, &run);
  g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
  g_assert_cmpstr (run.output, ==, "OK 20 rows 100000 features");
  check_memory (&run, "100,000 columns", 256);
  child_run_clear (&run);
}

static void
test_csv_huge_field (void)
{
  for (int quoted = 0; quoted < 2; quoted++)
    {
      CsvShape shape = { 0, 1, (guint64) 1 << 30, quoted };
      ChildRun run = { 0 };

      /* A 1 GiB field: refused at the 1 MiB field limit, having read
       * little more than that, naming the row and column. */
      run_child (child_load_csv, NULL, produce_csv, &shape, &run);
      g_assert_true (WIFEXITED (run.status) && WEXITSTATUS (run.status) == 0);
      g_assert_true (g_str_has_prefix (run.output, "ERR "));
      g_assert_nonnull (strstr (run.output, "row 2"));
      g_assert_nonnull (strstr (run.output, "longer than"));
      check_memory (&run, quoted ? "a 1 GiB quoted field" : "a 1 GiB unquoted field", 64);
      child_run_clear (&run);
    }
}

/* An empirical distribution's CSV (read by the scenario loader) of 1 GiB
 * is refused by its size. */
static void
test_empirical_huge_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bounds-XXXXXX", NULL);
  g_autofree char *path = sparse_file (dir, "huge.csv", (goffset) 1 << 30);
  g_autoptr(GError) error = NULL;
  LevEmpirical *e = lev_empirical_load_csv (path, "huge.csv", "x", &error);

  g_assert_null (e);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_LIMIT);
  g_assert_nonnull (strstr (error->message, "huge.csv"));
  g_unlink (path);
  g_rmdir (dir);
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/bounds/scenario-100k-items", test_scenario_items);
  g_test_add_func ("/hardening/bounds/scenario-1gib-file", test_scenario_huge_file);
#ifdef HAVE_TRAINER
  g_test_add_func ("/hardening/bounds/csv-10m-rows", test_csv_rows);
  g_test_add_func ("/hardening/bounds/csv-100k-columns", test_csv_columns);
  g_test_add_func ("/hardening/bounds/csv-1gib-field", test_csv_huge_field);
  g_test_add_func ("/hardening/bounds/empirical-1gib-file", test_empirical_huge_file);
#endif
  return g_test_run ();
}
