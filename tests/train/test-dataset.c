/* test-dataset.c: the CSV reader (dialects, targets, text and missing
 * values, schemas), splits, standardisation and the reader's memory bound. */
#define G_LOG_DOMAIN "test-dataset"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "lev-dataset.h"
#include "lev-error.h"
#include "../test-sanitizer.h"

/* AddressSanitizer's and ThreadSanitizer's shadow memory inflate every
 * resident set: under them the memory bound is reported, not enforced (as
 * in tests/hardening). */
#define UNDER_SANITIZER (TEST_UNDER_ASAN || TEST_UNDER_TSAN)

static char *tmpdir;

static char *
write_file (const char *name,
            const char *contents,
            gssize      len)
{
  char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
  return path;
}

static LevDataset *
load_text (const char          *contents,
           const LevCsvOptions *opt,
           GError             **error)
{
  g_autofree char *path = write_file ("t.csv", contents, -1);
  return lev_dataset_load_csv (path, opt, error);
}

static void
test_dialects (void)
{
  /* The same table in five dialects reads to the same numbers. */
  const char *variants[] = {
    "a,b,label\n1.5,-2,0\n3,4e1,1\n",
    "\xEF\xBB\xBF" "a;b;label\r\n1.5;-2;0\r\n3;4e1;1\r\n",
    "a\tb\tlabel\n1.5\t-2\t0\n3\t40\t1",
    "\"a\",\"b\",\"label\"\n\"1.5\",\" -2\",0\n\n3, 40 ,\"1\"\n",
    "label,a,b\n0,1.5,-2\n1,3,40\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LevDataset) d = load_text (variants[i], NULL, &error);
      const float want_x[] = { 1.5f, -2.0f, 3.0f, 40.0f };

      g_assert_no_error (error);
      g_assert_cmpuint (d->n_rows, ==, 2);
      g_assert_cmpuint (d->n_features, ==, 2);
      g_assert_cmpmem (d->x, 4 * sizeof (float), want_x, sizeof want_x);
      g_assert_cmpfloat (d->y[0], ==, 0.0f);
      g_assert_cmpfloat (d->y[1], ==, 1.0f);
      g_assert_cmpstr (d->schema->feature_names[0], ==, "a");
      g_assert_cmpint (d->schema->target, ==, LEV_TARGET_BINARY);
    }
}

static void
test_quoted (void)
{
  g_autoptr(GError) error = NULL;
  LevCsvOptions opt;
  g_autoptr(LevDataset) d = NULL;

  lev_csv_options_init (&opt);
  opt.text = LEV_TEXT_ONEHOT;
  /* A quoted field may hold the delimiter, a doubled quote and a newline. */
  d = load_text ("city,x,label\n\"Paris, FR\",1,yes\n\"He said \"\"hi\"\"\nthere\",2,no\n\"Paris, FR\",3,yes\n",
                 &opt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_rows, ==, 3);
  g_assert_cmpuint (d->n_features, ==, 3);
  g_assert_cmpstr (d->schema->feature_names[0], ==, "city=He said \"hi\"\nthere");
  g_assert_cmpstr (d->schema->feature_names[1], ==, "city=Paris, FR");
  /* no/yes: "no" is class 0 although "yes" came first */
  g_assert_cmpstr (d->schema->classes[0], ==, "no");
  g_assert_cmpfloat (d->y[0], ==, 1.0f);
  g_assert_cmpfloat (d->y[1], ==, 0.0f);
  g_assert_cmpfloat (d->x[0 * 3 + 1], ==, 1.0f);
  g_assert_cmpfloat (d->x[1 * 3 + 0], ==, 1.0f);
  g_assert_cmpfloat (d->x[1 * 3 + 1], ==, 0.0f);
}

static void
test_targets (void)
{
  g_autoptr(GError) error = NULL;
  LevCsvOptions opt;
  LevDataset *d;

  lev_csv_options_init (&opt);
  /* true/false */
  d = load_text ("x,label\n1,TRUE\n2,false\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->schema->classes[0], ==, "false");
  g_assert_cmpfloat (d->y[0], ==, 1.0f);
  lev_dataset_free (d);

  /* multiclass from strings, sorted */
  d = load_text ("x,label\n1,cat\n2,dog\n3,bird\n4,cat\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->schema->target, ==, LEV_TARGET_MULTICLASS);
  g_assert_cmpuint (d->schema->n_classes, ==, 3);
  g_assert_cmpstr (d->schema->classes[0], ==, "bird");
  g_assert_cmpfloat (d->y[0], ==, 1.0f);
  g_assert_cmpfloat (d->y[2], ==, 0.0f);
  lev_dataset_free (d);

  /* multiclass from integers, by index, not by value */
  d = load_text ("x,label\n1,10\n2,-5\n3,7\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->schema->classes[0], ==, "-5");
  g_assert_cmpfloat (d->y[0], ==, 2.0f);
  lev_dataset_free (d);

  /* fractions need an explicit regression */
  d = load_text ("x,label\n1,0.5\n2,1.25\n", NULL, &error);
  g_assert_null (d);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_assert_nonnull (strstr (error->message, "regression"));
  g_clear_error (&error);
  opt.target = LEV_TARGET_REGRESSION;
  d = load_text ("x,label\n1,0.5\n2,1.25\n", &opt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->schema->target, ==, LEV_TARGET_REGRESSION);
  g_assert_cmpfloat (d->y[1], ==, 1.25f);
  lev_dataset_free (d);

  /* label by index and by another name */
  lev_csv_options_init (&opt);
  opt.label_index = 0;
  d = load_text ("y,x\n1,5\n0,6\n", &opt, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (d->schema->label, ==, "y");
  g_assert_cmpfloat (d->x[1], ==, 6.0f);
  lev_dataset_free (d);
  lev_csv_options_init (&opt);
  opt.label = "churned";
  d = load_text ("churned,x\n1,5\n0,6\n", &opt, &error);
  g_assert_no_error (error);
  lev_dataset_free (d);
}

static void
test_missing (void)
{
  const char *csv = "a,b,label\n1,,0\n3,4,1\nNA,8,0\n5,6,\n2,0,0\n";
  g_autoptr(GError) error = NULL;
  LevCsvOptions opt;
  LevDataset *d;

  d = load_text (csv, NULL, &error);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "row 2, column 2 (“b”)"));
  g_clear_error (&error);

  lev_csv_options_init (&opt);
  opt.missing = LEV_MISSING_DROP;
  d = load_text (csv, &opt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_rows, ==, 2);
  g_assert_cmpuint (d->n_dropped, ==, 3);
  g_assert_cmpfloat (d->x[0], ==, 3.0f);
  lev_dataset_free (d);

  /* Mean imputation over the rows kept: the unlabelled last row goes, and
   * its values do not count in the means. */
  opt.missing = LEV_MISSING_MEAN;
  d = load_text (csv, &opt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (d->n_rows, ==, 4);
  g_assert_cmpfloat (d->x[0 * 2 + 1], ==, 4.0f);  /* mean of 4, 8 and 0 */
  g_assert_cmpfloat (d->x[2 * 2 + 0], ==, 2.0f);  /* mean of 1, 3 and 2 */
  g_assert_true (((LevColumnSpec *) g_ptr_array_index (d->schema->columns, 1))->has_fill);
  lev_dataset_free (d);
}

static void
test_schema_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  LevCsvOptions opt;
  g_autoptr(LevDataset) train = NULL;
  g_autoptr(LevDataset) pred = NULL;
  g_autoptr(LevSchema) schema = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  const float want[] = { 0, 1, 2.5f, /* row 2: unknown plan → zeros */ 0, 0, 7 };

  lev_csv_options_init (&opt);
  opt.text = LEV_TEXT_ONEHOT;
  opt.missing = LEV_MISSING_MEAN;
  train = load_text ("plan,seats,label\nbasic,1,no\npro,,yes\npro,5,yes\n", &opt, &error);
  g_assert_no_error (error);
  node = lev_schema_to_json (train->schema);
  schema = lev_schema_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (schema->n_features, ==, 3);
  g_assert_cmpstr (schema->feature_names[1], ==, "plan=pro");

  /* Columns in another order, an extra column, no label, a category the
   * model never saw. */
  path = write_file ("p.csv", "extra,seats,plan\nz,2.5,pro\nz,7,enterprise\n", -1);
  pred = lev_dataset_load_csv_with_schema (path, schema, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (pred->y);
  g_assert_cmpuint (pred->n_rows, ==, 2);
  g_assert_cmpmem (pred->x, 6 * sizeof (float), want, sizeof want);
  lev_dataset_free (g_steal_pointer (&pred));

  /* A missing numeric value takes the training mean (3). */
  g_free (path);
  path = write_file ("p.csv", "seats,plan,label\n,basic,yes\n", -1);
  pred = lev_dataset_load_csv_with_schema (path, schema, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (pred->x[2], ==, 3.0f);
  g_assert_cmpfloat (pred->y[0], ==, 1.0f);
  lev_dataset_free (g_steal_pointer (&pred));

  /* A column the model needs is missing: named. */
  g_free (path);
  path = write_file ("p.csv", "plan\npro\n", -1);
  pred = lev_dataset_load_csv_with_schema (path, schema, NULL, &error);
  g_assert_null (pred);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "“seats”"));
}

static void
test_split_scaler (void)
{
  LevSplit a = { 0 }, b = { 0 };
  g_autoptr(LevDataset) d = g_new0 (LevDataset, 1);
  g_autofree gboolean *seen = g_new0 (gboolean, 1000);
  LevScaler sc = { 0 };
  double sum = 0, sq = 0;

  lev_split_make (1000, 0.2, 42, &a);
  lev_split_make (1000, 0.2, 42, &b);
  g_assert_cmpuint (a.n_test, ==, 200);
  g_assert_cmpuint (a.n_train, ==, 800);
  g_assert_cmpmem (a.train, 800 * 4, b.train, 800 * 4);
  for (gsize i = 0; i < 800; i++)
    seen[a.train[i]] = TRUE;
  for (gsize i = 0; i < 200; i++)
    {
      g_assert_false (seen[a.test[i]]);
      seen[a.test[i]] = TRUE;
    }
  lev_split_clear (&b);
  lev_split_make (1000, 0.2, 43, &b);
  g_assert_true (memcmp (a.train, b.train, 800 * 4) != 0);
  /* sklearn rounds the test size up */
  lev_split_clear (&b);
  lev_split_make (11, 0.2, 1, &b);
  g_assert_cmpuint (b.n_test, ==, 3);
  lev_split_clear (&b);

  /* The scaler sees only the training rows: test rows are huge outliers
   * that must not move it. */
  d->n_rows = 1000;
  d->n_features = 2;
  d->x = g_new (float, 2000);
  for (gsize i = 0; i < 1000; i++)
    {
      d->x[2 * i] = (float) i;
      d->x[2 * i + 1] = 7.0f;
    }
  for (gsize i = 0; i < 200; i++)
    d->x[2 * a.test[i]] = 1e6f;
  lev_scaler_fit (&sc, d, a.train, a.n_train);
  for (gsize i = 0; i < 800; i++)
    {
      double v = d->x[2 * a.train[i]];
      sum += v;
      sq += v * v;
    }
  g_assert_cmpfloat_with_epsilon (sc.mean[0], sum / 800, 1e-3);
  g_assert_cmpfloat_with_epsilon (sc.scale[0], sqrt (sq / 800 - (sum / 800) * (sum / 800)), 1e-2);
  g_assert_cmpfloat (sc.scale[1], ==, 1.0f);  /* constant column */
  lev_scaler_apply (&sc, d->x, 1000);
  g_assert_cmpfloat (d->x[1], ==, 0.0f);
  lev_scaler_clear (&sc);
  lev_split_clear (&a);
}

static gsize
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  p = strstr (status, field);
  g_assert_nonnull (p);
  return (gsize) g_ascii_strtoull (p + strlen (field) + 1, NULL, 10);
}

/* Peak memory while reading stays within 1.3× the float32 matrix read. */
static void
test_memory_bound (void)
{
  if (!g_file_test ("/proc/self/status", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc");
      return;
    }
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (tmpdir, "big.csv", NULL);
      const gsize rows = 400000, cols = 20;
      g_autoptr(GRand) rng = g_rand_new_with_seed (7);
      g_autoptr(GError) error = NULL;
      g_autoptr(LevDataset) d = NULL;
      FILE *f = fopen (path, "w");
      gsize before, peak, matrix_kb = rows * cols * 4 / 1024;

      for (gsize c = 0; c < cols; c++)
        fprintf (f, "f%" G_GSIZE_FORMAT ",", c);
      fprintf (f, "label\n");
      for (gsize r = 0; r < rows; r++)
        {
          for (gsize c = 0; c < cols; c++)
            fprintf (f, "%.5f,", g_rand_double (rng));
          fprintf (f, "%d\n", (int) (r & 1));
        }
      fclose (f);
      before = status_kb ("VmRSS:");
      d = lev_dataset_load_csv (path, NULL, &error);
      g_assert_no_error (error);
      peak = status_kb ("VmHWM:");
      g_test_message ("matrix %" G_GSIZE_FORMAT " KiB, peak growth %" G_GSIZE_FORMAT " KiB%s",
                      matrix_kb, peak - before, UNDER_SANITIZER ? " (bound not enforced under a sanitizer)" : "");
      g_assert_cmpuint (d->n_rows, ==, rows);
      if (!UNDER_SANITIZER)
        g_assert_cmpuint (peak - before, <=, matrix_kb * 13 / 10);
      g_remove (path);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A large file is read in blocks by several threads; the result must be
 * what one sequential pass (standard input is never split) gives, and
 * what libcsv alone gives, also when a late block holds a quoted field,
 * CR or CRLF line ends, blank lines, blanks around a number, exponents, a
 * missing value or a text label (all of which a block leaves to the main
 * reader or to its general path), and an error there must name its true
 * row. */
static void
test_blocks (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "blocks.csv", NULL);
  const gsize rows = 160000;
  enum { PLAIN, QUOTE, TEXT, CRLF, CR, LABEL_TEXT, MISSING, N_VARIANTS };

  for (int variant = 0; variant < N_VARIANTS; variant++)
    {
      g_autoptr(GRand) rng = g_rand_new_with_seed (77);
      g_autoptr(GError) error = NULL;
      g_autoptr(LevDataset) split = NULL;
      g_autoptr(LevDataset) seq = NULL;
      g_autoptr(LevDataset) ref = NULL;
      FILE *f = fopen (path, "w");
      const gsize special = rows - 1000;   /* well inside the last block */
      const char *eol = variant == CRLF ? "\r\n" : variant == CR ? "\r" : "\n";
      LevCsvOptions o, o_libcsv;

      lev_csv_options_init (&o);
      if (variant == MISSING)
        o.missing = LEV_MISSING_DROP;
      o_libcsv = o;
      o_libcsv.libcsv_only = TRUE;
      fprintf (f, "a,b,c,d,e,f,g,h,i,j,k,label%s", eol);
      for (gsize r = 0; r < rows; r++)
        {
          if ((variant == CRLF || variant == CR) && r % 9973 == 5)
            fprintf (f, "%s", eol);  /* a blank line */
          for (int c = 0; c < 11; c++)
            {
              if (r == special && c == 4 && variant == QUOTE)
                fprintf (f, "\"%.6f\",", g_rand_double_range (rng, -1e3, 1e3));
              else if (r == special && c == 4 && variant == TEXT)
                fprintf (f, "oops,");
              else if (r == special && c == 4 && variant == MISSING)
                fprintf (f, ",");
              else if ((variant == CRLF || variant == CR) && r % 7919 == 3 && c == 2)
                fprintf (f, " %.3e ,", g_rand_double_range (rng, -1e3, 1e3));
              else
                fprintf (f, "%.6f,", g_rand_double_range (rng, -1e3, 1e3));
            }
          if (r == special && variant == LABEL_TEXT)
            fprintf (f, "cat");
          else
            fprintf (f, "%d", g_rand_int_range (rng, 0, 3));
          if (r + 1 < rows || variant == PLAIN)
            fprintf (f, "%s", eol);
        }
      fclose (f);

      split = lev_dataset_load_csv (path, &o, &error);
      if (variant == TEXT)
        {
          g_autofree char *want = g_strdup_printf ("row %" G_GSIZE_FORMAT ", column 5 (“e”)", special + 2);

          g_assert_null (split);
          g_assert_nonnull (strstr (error->message, want));
          continue;
        }
      g_assert_no_error (error);
      g_assert_nonnull (freopen (path, "rb", stdin));
      seq = lev_dataset_load_csv ("-", &o, &error);
      g_assert_no_error (error);
      ref = lev_dataset_load_csv (path, &o_libcsv, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (split->n_rows, ==, variant == MISSING ? rows - 1 : rows);
      g_assert_cmpuint (split->n_dropped, ==, variant == MISSING ? 1 : 0);
      for (LevDataset *other = seq; other != NULL; other = other == seq ? ref : NULL)
        {
          g_assert_cmpuint (split->n_rows, ==, other->n_rows);
          g_assert_cmpuint (split->n_dropped, ==, other->n_dropped);
          g_assert_cmpmem (split->x, split->n_rows * 11 * sizeof (float), other->x, other->n_rows * 11 * sizeof (float));
          g_assert_cmpmem (split->y, split->n_rows * sizeof (float), other->y, other->n_rows * sizeof (float));
        }
      g_assert_cmpuint (split->schema->n_classes, ==, variant == LABEL_TEXT ? 4 : 3);
    }
  g_remove (path);
}

/* @path read in blocks (from the file) and in one sequential pass (the
 * same bytes through stdin), with @schema when not NULL: both give @rows
 * rows of @cols features, and the same numbers. */
static void
assert_blocks_equal_sequential (const char      *path,
                                const LevSchema *schema,
                                gsize            rows,
                                gsize            cols)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevDataset) split = NULL;
  g_autoptr(LevDataset) seq = NULL;

  split = schema != NULL ? lev_dataset_load_csv_with_schema (path, schema, NULL, &error)
                         : lev_dataset_load_csv (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (freopen (path, "rb", stdin));
  seq = schema != NULL ? lev_dataset_load_csv_with_schema ("-", schema, NULL, &error)
                       : lev_dataset_load_csv ("-", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (split->n_rows, ==, rows);
  g_assert_cmpuint (seq->n_rows, ==, rows);
  g_assert_cmpmem (split->x, rows * cols * sizeof (float), seq->x, rows * cols * sizeof (float));
  g_assert_cmpmem (split->y, rows * sizeof (float), seq->y, rows * sizeof (float));
}

/* Reading with a model's schema, a column the model does not use is not
 * parsed; a quoted field there may still hide a delimiter and a line end,
 * in a late block too. */
static void
test_blocks_ignored_column (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "blocks-ignored.csv", NULL);
  const gsize rows = 160000, special = rows - 1000;
  g_autoptr(GRand) rng = g_rand_new_with_seed (78);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevDataset) train = NULL;
  FILE *f = fopen (path, "w");

  fprintf (f, "a,b,c,d,e,f,g,h,i,j,k,note,label\n");
  for (gsize r = 0; r < rows; r++)
    {
      for (int c = 0; c < 11; c++)
        fprintf (f, "%.6f,", g_rand_double_range (rng, -1e3, 1e3));
      /* split at its delimiter and line end, each piece would look like a
       * plain record of its own */
      fprintf (f, "%s,%d\n", r == special ? "\"q,1\n1,2,3,4,5,6,7,8,9,10,11,z\"" : "x", g_rand_int_range (rng, 0, 2));
    }
  fclose (f);
  {
    g_autofree char *small = write_file ("ignored-train.csv", "a,b,c,d,e,f,g,h,i,j,k,label\n1,2,3,4,5,6,7,8,9,10,11,0\n"
                                         "2,3,4,5,6,7,8,9,10,11,12,1\n", -1);

    train = lev_dataset_load_csv (small, NULL, &error);
    g_assert_no_error (error);
  }
  assert_blocks_equal_sequential (path, train->schema, rows, 11);
  g_remove (path);
}

/* Rows wider than a block's usual overrun (here 70 KB): read in parallel
 * as well, the same as one sequential pass. */
static void
test_blocks_wide_rows (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "blocks-wide.csv", NULL);
  const gsize rows = 300, cols = 7000;
  g_autoptr(GRand) rng = g_rand_new_with_seed (79);
  FILE *f = fopen (path, "w");

  for (gsize c = 0; c < cols; c++)
    fprintf (f, "f%" G_GSIZE_FORMAT ",", c);
  fprintf (f, "label\n");
  for (gsize r = 0; r < rows; r++)
    {
      for (gsize c = 0; c < cols; c++)
        fprintf (f, "%.6f,", g_rand_double_range (rng, -1e3, 1e3));
      fprintf (f, "%d\n", (int) (r % 2));
    }
  fclose (f);
  assert_blocks_equal_sequential (path, NULL, rows, cols);
  g_remove (path);
}

/* Lines of 17 bytes: with the first chunk and the blocks 1 MiB long
 * (2^20 ≡ -1 mod 17), block boundaries fall at every place in a line
 * in turn, between CR and LF too. Same as one sequential pass. */
static void
test_blocks_line_ends (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "blocks-eol.csv", NULL);
  const char *eols[] = { "\r\n", "\r", "\n" };
  const gsize rows = 1100000;

  for (guint v = 0; v < G_N_ELEMENTS (eols); v++)
    {
      g_autoptr(GRand) rng = g_rand_new_with_seed (80);
      FILE *f = fopen (path, "w");
      int prec = 6 - (int) strlen (eols[v]);  /* 17 bytes a line */

      fprintf (f, "a,b,label%s", eols[v]);
      for (gsize r = 0; r < rows; r++)
        fprintf (f, "%.*f,%.4f,%d%s", prec, g_rand_double_range (rng, 1, 9), g_rand_double_range (rng, 1, 9),
                 (int) (r % 2), eols[v]);
      g_assert_cmpint (ftell (f), ==, (long) (9 + strlen (eols[v]) + 17 * rows));
      fclose (f);
      assert_blocks_equal_sequential (path, NULL, rows, 2);
    }
  g_remove (path);
}

/* The quote-free fast path against libcsv itself, on random text full of
 * what trips tokenisers: CR, LF and CRLF, blank and blank-looking lines,
 * spaces and tabs around fields, empty fields, ragged rows, text, with
 * read sizes that cut lines anywhere. Same rows and numbers, or the same
 * error message. */
static void
test_fast_path_equals_libcsv (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (2026);
  const char delims[] = { ',', ';', '\t' };
  const int cases = g_test_slow () ? 20000 : 3000;
  int errors = 0;

  for (int c = 0; c < cases; c++)
    {
      char delim = delims[g_rand_int_range (rng, 0, 3)];
      g_autoptr(GString) s = g_string_new (NULL);
      int rows = g_rand_int_range (rng, 0, 12);
      g_autoptr(GError) e1 = NULL;
      g_autoptr(GError) e2 = NULL;
      g_autoptr(LevDataset) a = NULL;
      g_autoptr(LevDataset) b = NULL;
      LevCsvOptions o1, o2;
      g_autofree char *path = NULL;
      const char *pieces[] = { " ", "\t", "", "1", "-2.5", "3e2", "x", "NA", "0", "1", "  7 ", "\r", "\n", "\r\n" };

      for (int r = -1; r < rows; r++)
        {
          int fields = r < 0 ? 3 : (g_rand_int_range (rng, 0, 40) == 0 ? g_rand_int_range (rng, 1, 5) : 3);

          if (g_rand_int_range (rng, 0, 12) == 0)
            g_string_append (s, pieces[g_rand_int_range (rng, 0, 2)]);  /* a blank-looking line */
          else
            for (int f = 0; f < fields; f++)
              {
                if (f > 0)
                  g_string_append_c (s, delim);
                if (g_rand_boolean (rng))
                  g_string_append (s, pieces[g_rand_int_range (rng, 0, 2)]);
                if (r < 0)
                  g_string_append (s, f == 2 ? "label" : f == 0 ? "a" : "b");
                else if (f == 2)
                  g_string_append (s, g_rand_int_range (rng, 0, 40) == 0 ? "" : g_rand_boolean (rng) ? "0" : "1");
                else if (g_rand_int_range (rng, 0, 25) == 0)
                  g_string_append (s, pieces[g_rand_int_range (rng, 2, 11)]);  /* maybe missing or text */
                else
                  g_string_append (s, pieces[g_rand_int_range (rng, 3, 6)]);
                if (g_rand_boolean (rng))
                  g_string_append (s, pieces[g_rand_int_range (rng, 0, 2)]);
              }
          if (r + 1 < rows || g_rand_boolean (rng))
            g_string_append (s, pieces[g_rand_int_range (rng, 11, 14)]);
        }
      path = write_file ("fast.csv", s->str, (gssize) s->len);
      lev_csv_options_init (&o1);
      o1.missing = (LevMissingPolicy) g_rand_int_range (rng, 0, 3);
      o1.text = g_rand_boolean (rng) ? LEV_TEXT_ONEHOT : LEV_TEXT_REFUSE;
      o1.delimiter = delim;
      o2 = o1;
      o1.libcsv_only = TRUE;
      o2.chunk_bytes = (gsize) g_rand_int_range (rng, 1, 40);
      a = lev_dataset_load_csv (path, &o1, &e1);
      b = lev_dataset_load_csv (path, &o2, &e2);
      if (e1 != NULL || e2 != NULL)
        {
          if (e1 == NULL || e2 == NULL || g_strcmp0 (e1->message, e2->message) != 0)
            g_error ("case %d: libcsv: %s / fast path: %s\n%s", c, e1 ? e1->message : "ok",
                     e2 ? e2->message : "ok", s->str);
          errors++;
          continue;
        }
      g_assert_cmpuint (a->n_rows, ==, b->n_rows);
      g_assert_cmpuint (a->n_dropped, ==, b->n_dropped);
      g_assert_cmpuint (a->n_features, ==, b->n_features);
      g_assert_cmpmem (a->x, a->n_rows * a->n_features * 4, b->x, b->n_rows * b->n_features * 4);
      g_assert_cmpmem (a->y, a->n_rows * 4, b->y, b->n_rows * 4);
    }
  g_test_message ("%d cases, %d of them errors (identical in both)", cases, errors);
  /* both kinds of outcome were exercised */
  g_assert_cmpint (errors, >, cases / 10);
  g_assert_cmpint (errors, <, cases - cases / 10);
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("test-dataset-XXXXXX", NULL);
  g_test_add_func ("/train/dataset/dialects", test_dialects);
  g_test_add_func ("/train/dataset/quoted", test_quoted);
  g_test_add_func ("/train/dataset/targets", test_targets);
  g_test_add_func ("/train/dataset/missing", test_missing);
  g_test_add_func ("/train/dataset/schema-roundtrip", test_schema_roundtrip);
  g_test_add_func ("/train/dataset/split-scaler", test_split_scaler);
  g_test_add_func ("/train/dataset/memory-bound", test_memory_bound);
  g_test_add_func ("/train/dataset/blocks", test_blocks);
  g_test_add_func ("/train/dataset/blocks-ignored-column", test_blocks_ignored_column);
  g_test_add_func ("/train/dataset/blocks-wide-rows", test_blocks_wide_rows);
  g_test_add_func ("/train/dataset/blocks-line-ends", test_blocks_line_ends);
  g_test_add_func ("/train/dataset/fast-path-equals-libcsv", test_fast_path_equals_libcsv);
  status = g_test_run ();
  {
    g_autofree char *t = g_build_filename (tmpdir, "t.csv", NULL);
    g_autofree char *p = g_build_filename (tmpdir, "p.csv", NULL);
    g_remove (t);
    g_remove (p);
    g_rmdir (tmpdir);
  }
  return status;
}
