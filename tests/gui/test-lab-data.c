/* test-lab-data.c: the Model Lab's CSV preview and predictions file, no
 * display needed. The preview reads every broken CSV of the corpus without
 * crashing, hanging or showing invalid text; quotes, line ends, BOM,
 * delimiters and column kinds come out as written; predictions match
 * `leverage-cli predict` byte for byte. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lev-cpu-backend.h"
#include "lev-lab-data.h"
#include "lev-trainer.h"

static char *tmp_dir;

static char *
write_tmp (const char *name,
           const char *text,
           gssize      len)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, len, NULL));
  return path;
}

/* Whatever a file holds, a preview is either refused with the file's name
 * or rectangular, valid UTF-8, and no longer than asked. */
static void
check_shape (const char *path,
             guint       max_rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevLabPreview) pv = lev_lab_preview_read (path, max_rows, &error);

  if (pv == NULL)
    {
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, path));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (pv->n_columns, >=, 1);
  g_assert_cmpuint (g_strv_length (pv->names), ==, pv->n_columns);
  g_assert_cmpuint (pv->rows->len, <=, max_rows);
  for (guint j = 0; j < pv->n_columns; j++)
    g_assert_true (g_utf8_validate (pv->names[j], -1, NULL));
  for (guint i = 0; i < pv->rows->len; i++)
    {
      char **row = g_ptr_array_index (pv->rows, i);

      g_assert_cmpuint (g_strv_length (row), ==, pv->n_columns);
      for (guint j = 0; j < pv->n_columns; j++)
        g_assert_true (g_utf8_validate (row[j], -1, NULL));
    }
}

static void
test_corpus (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data", "bad-csv", NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!g_str_has_suffix (name, ".csv"))
        continue;
      check_shape (path, 100);
      check_shape (path, 1);
      n++;
    }
  g_assert_cmpuint (n, >=, 30);
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *missing = g_build_filename (tmp_dir, "no-such.csv", NULL);

    g_assert_null (lev_lab_preview_read (missing, 100, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_assert_nonnull (strstr (error->message, missing));
  }
}

static void
test_fields (void)
{
  static const char text[] =
    "\xEF\xBB\xBF" "id;name;score;note;empty\r\n"
    "1;\"Smith; John\";2.5;\"said \"\"hi\"\"\";\r\n"
    "2;\"two\nlines\";NA;x;\r\n"
    "\r\n"
    "3;short\r\n"
    "4;z;1e3;0x1F;\r\n";
  g_autofree char *path = write_tmp ("fields.csv", text, -1);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevLabPreview) pv = lev_lab_preview_read (path, 100, &error);
  char **r;

  g_assert_no_error (error);
  g_assert_cmpint (pv->delimiter, ==, ';');
  g_assert_cmpuint (pv->n_columns, ==, 5);
  g_assert_cmpstr (pv->names[0], ==, "id");       /* the BOM is not part of the name */
  g_assert_cmpuint (pv->rows->len, ==, 4);        /* the blank line is not a row */
  g_assert_false (pv->more);
  r = g_ptr_array_index (pv->rows, 0);
  g_assert_cmpstr (r[1], ==, "Smith; John");
  g_assert_cmpstr (r[3], ==, "said \"hi\"");
  r = g_ptr_array_index (pv->rows, 1);
  g_assert_cmpstr (r[1], ==, "two\nlines");
  r = g_ptr_array_index (pv->rows, 2);
  g_assert_cmpstr (r[1], ==, "short");
  g_assert_cmpstr (r[2], ==, "");                 /* a short row is padded */
  g_assert_cmpint (pv->kinds[0], ==, LEV_LAB_COLUMN_INTEGER);
  g_assert_cmpint (pv->kinds[1], ==, LEV_LAB_COLUMN_TEXT);
  g_assert_cmpint (pv->kinds[2], ==, LEV_LAB_COLUMN_NUMBER);  /* 2.5, NA, 1e3 */
  g_assert_cmpuint (pv->n_missing[2], ==, 2);                 /* NA and the short row */
  g_assert_cmpint (pv->kinds[3], ==, LEV_LAB_COLUMN_TEXT);    /* hex is not a number here */
  g_assert_cmpint (pv->kinds[4], ==, LEV_LAB_COLUMN_EMPTY);
}

static void
test_delimiters_and_limits (void)
{
  g_autoptr(GString) big = g_string_new ("a\tb\tc\n");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LevLabPreview) pv = NULL;
  g_autoptr(LevLabPreview) huge = NULL;
  g_autofree char *huge_path = NULL;

  for (guint i = 0; i < 150; i++)
    g_string_append_printf (big, "%u\t%u.5\tinf\n", i, i);
  path = write_tmp ("tabs.tsv", big->str, (gssize) big->len);
  pv = lev_lab_preview_read (path, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pv->delimiter, ==, '\t');
  g_assert_cmpuint (pv->rows->len, ==, 100);
  g_assert_true (pv->more);
  g_assert_cmpstr (((char **) g_ptr_array_index (pv->rows, 99))[0], ==, "99");
  g_assert_cmpint (pv->kinds[1], ==, LEV_LAB_COLUMN_NUMBER);
  g_assert_cmpint (pv->kinds[2], ==, LEV_LAB_COLUMN_TEXT);   /* "inf" is not a finite number */

  /* 8 MB in one unterminated quoted field: only the first megabytes are
   * read, and the preview says there is more. */
  g_string_assign (big, "x,y\n1,\"");
  for (guint i = 0; i < 8 * 1024 * 1024 / 64; i++)
    g_string_append (big, "0123456789012345678901234567890123456789012345678901234567890123");
  huge_path = write_tmp ("huge.csv", big->str, (gssize) big->len);
  huge = lev_lab_preview_read (huge_path, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (huge->n_columns, ==, 2);
  g_assert_cmpuint (huge->rows->len, ==, 0);
  g_assert_true (huge->more);
  g_unlink (path);
  g_unlink (huge_path);
}

/* The page's predictions file and the CLI's are the same bytes. */
static void
test_predict_matches_cli (void)
{
  g_autofree char *data = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "datasets",
                                            "lead-conversion.csv", NULL);
  g_autofree char *model_path = g_build_filename (tmp_dir, "model.json", NULL);
  g_autofree char *ours = g_build_filename (tmp_dir, "ours.csv", NULL);
  g_autofree char *theirs = g_build_filename (tmp_dir, "theirs.csv", NULL);
  g_autofree char *weights = NULL;
  g_autofree char *a = NULL, *b = NULL, *err = NULL;
  g_autoptr(LevDataset) ds = NULL;
  g_autoptr(LevBackend) cpu = lev_cpu_backend_new (0);
  g_autoptr(LevTrainResult) r = NULL;
  g_autoptr(GError) error = NULL;
  LevTrainOptions opt;
  LevCsvOptions copt;
  gsize n = 0, len_a, len_b;
  double accuracy = NAN;
  int status = -1;
  const char *argv[] = { g_getenv ("LEVERAGE_CLI"), "predict", model_path, data, "--backend", "cpu",
                         "--out", theirs, NULL };

  lev_csv_options_init (&copt);
  ds = lev_dataset_load_csv (data, &copt, &error);
  g_assert_no_error (error);
  lev_train_options_init (&opt);
  opt.epochs = 2;
  r = lev_train (cpu, ds, &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (lev_model_save (r->model, model_path, &error));
  g_assert_no_error (error);

  g_assert_true (lev_lab_predict_csv (r->model, data, ours, &n, &accuracy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 5000);
  g_assert_true (accuracy > 0.6 && accuracy <= 1);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_file_get_contents (ours, &a, &len_a, NULL));
  g_assert_true (g_file_get_contents (theirs, &b, &len_b, NULL));
  g_assert_cmpuint (len_a, ==, len_b);
  g_assert_true (memcmp (a, b, len_a) == 0);

  /* The Model Lab's file keeps each row's number and, when the input has
   * one, its id column: semicolons, a BOM and a CRLF as a spreadsheet
   * writes them; "customerId" is not a feature of the model. */
  {
    g_autofree char *text = NULL;
    g_autofree char *with_ids = g_build_filename (tmp_dir, "with-ids.csv", NULL);
    g_autofree char *out = g_build_filename (tmp_dir, "with-ids-pred.csv", NULL);
    g_auto(GStrv) lines = NULL;
    g_auto(GStrv) pred = NULL;
    g_autoptr(GString) copy = g_string_new ("\xEF\xBB\xBF");
    g_auto(GStrv) header = NULL;

    g_assert_true (g_file_get_contents (data, &text, NULL, NULL));
    lines = g_strsplit (text, "\n", 4);
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *semi = g_strdelimit (g_strdup (lines[i]), ",", ';');
        g_string_append_printf (copy, "%s;%s\r\n", semi, i == 0 ? "customerId" : i == 1 ? "C-7" : "\"C;8\"");
      }
    g_assert_true (g_file_set_contents (with_ids, copy->str, -1, NULL));
    g_assert_true (lev_lab_predict_csv (r->model, with_ids, out, &n, &accuracy, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 2);
    g_free (text);
    g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
    pred = g_strsplit (text, "\n", -1);
    g_assert_cmpstr (pred[0], ==, "row,customerId,prediction,probability");
    header = g_strsplit (pred[1], ",", -1);
    g_assert_cmpstr (header[0], ==, "2");
    g_assert_cmpstr (header[1], ==, "C-7");
    g_assert_true (g_str_has_prefix (pred[2], "3,C;8,"));
    g_assert_cmpstr (pred[3], ==, "");
    g_unlink (with_ids);
    g_unlink (out);
  }

  /* A file without the model's columns is refused with its name. */
  {
    g_autofree char *bad = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data", "bad-csv",
                                             "06-non-numeric-feature.csv", NULL);
    g_autofree char *out = g_build_filename (tmp_dir, "never.csv", NULL);

    g_assert_false (lev_lab_predict_csv (r->model, bad, out, &n, &accuracy, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "06-non-numeric-feature.csv"));
    g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
  }
  weights = lev_model_weights_path (model_path);
  g_unlink (weights);
  g_unlink (model_path);
  g_unlink (ours);
  g_unlink (theirs);
}

typedef struct {
  const double *values;
  guint         n;
  guint         next;
} Runs;

static double
next_run (gpointer   data,
          GError   **error)
{
  Runs *runs = data;

  if (runs->next >= runs->n)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "device lost");
      return -1;
    }
  return runs->values[runs->next++];
}

/* The three figures of the bug report (8.1, 23.6, 10.0 GFLOP/s from the
 * same run) and then what a calmer machine gives: the measurement goes on
 * until the median settles, reports it with the spread, and neither the
 * last run nor the outlier decides. */
static void
test_measure_stable (void)
{
  static const double noisy[] = { 8.1, 23.6, 10.0, 10.2, 9.9, 10.1, 10.0, 10.1, 9.8, 10.0, 10.2, 10.1 };
  static const double drifting[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20 };
  Runs runs = { noisy, G_N_ELEMENTS (noisy), 0 };
  LevLabMeasure m;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (lev_lab_measure_stable (next_run, &runs, 5, 15, 0.03, &m, &error));
  g_assert_no_error (error);
  /* Settled after the fewest runs allowed, five: the medians of the
   * first three, four and five runs are 10.0, 10.1 and 10.0, within 3%. */
  g_assert_cmpuint (m.n_runs, ==, 5);
  g_assert_cmpuint (runs.next, ==, 5);
  /* The median of 8.1, 9.9, 10.0, 10.2, 23.6. */
  g_assert_cmpfloat (m.median, ==, 10.0);
  g_assert_cmpfloat (m.low, ==, 8.1);
  g_assert_cmpfloat (m.high, ==, 23.6);
  text = lev_lab_measure_describe (&m);
  g_assert_cmpstr (text, ==, "10.00 GFLOP/s (median of 5 runs, 8.10–23.60)");

  /* A figure that never settles stops at the most runs allowed. */
  runs = (Runs) { drifting, G_N_ELEMENTS (drifting), 0 };
  g_assert_true (lev_lab_measure_stable (next_run, &runs, 5, 15, 0.03, &m, &error));
  g_assert_cmpuint (m.n_runs, ==, 15);
  g_assert_cmpfloat (m.median, ==, 8);
  g_assert_cmpfloat (m.low, ==, 1);
  g_assert_cmpfloat (m.high, ==, 15);

  /* A run that fails ends the measurement with its error. */
  runs = (Runs) { noisy, 3, 0 };
  g_assert_false (lev_lab_measure_stable (next_run, &runs, 5, 15, 0.03, &m, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
}

int
main (int argc, char **argv)
{
  int ret;

  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("leverage-lab-data-XXXXXX", NULL);
  g_test_add_func ("/gui/lab-data/corpus", test_corpus);
  g_test_add_func ("/gui/lab-data/fields", test_fields);
  g_test_add_func ("/gui/lab-data/delimiters-and-limits", test_delimiters_and_limits);
  g_test_add_func ("/gui/lab-data/predict-matches-cli", test_predict_matches_cli);
  g_test_add_func ("/gui/lab-data/measure-stable", test_measure_stable);
  ret = g_test_run ();
  {
    g_autoptr(GDir) d = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (tmp_dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
