/* test-chart-training.c: the training-run reader behind the training
 * chart: a real run reads back as written; every file of the broken
 * corpus is refused with an error naming the file, the place and the
 * reason, never a crash. */
#define G_LOG_DOMAIN "test-chart-training"
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "lev-chart-export.h"
#include "lev-chart-training.h"
#include "lev-error.h"

static char *
test_file (const char *a, const char *b)
{
  const char *src = g_getenv ("LEVERAGE_SOURCE_DIR");
  return g_build_filename (src ? src : ".", "tests", "charts", a, b, NULL);
}

static void
test_good_run (void)
{
  g_autofree char *path = test_file ("data", "lead-conversion-run.json");
  g_autoptr(GError) error = NULL;
  LevTrainingCurves *t = lev_training_curves_load_file (path, &error);
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  LevChartStyle style;
  LevChartInfo info;
  cairo_surface_t *s;

  g_assert_no_error (error);
  g_assert_nonnull (t);
  /* The numbers as written in the file. */
  g_assert_cmpuint (t->n_points, ==, 10);
  g_assert_cmpfloat (t->train_loss[0], ==, 0.533654);
  g_assert_cmpfloat (t->train_metric[0], ==, 0.747);
  g_assert_cmpfloat (t->val_loss[0], ==, 0.490462);
  g_assert_cmpfloat (t->val_metric[0], ==, 0.765);
  for (guint i = 0; i < t->n_points; i++)
    {
      g_assert_true (isfinite (t->train_loss[i]) && isfinite (t->val_loss[i]));
      g_assert_cmpfloat (t->train_metric[i], >=, 0);
      g_assert_cmpfloat (t->train_metric[i], <=, 1);
    }

  set->training = t;
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  s = lev_chart_render_image (set, LEV_CHART_TRAINING, &style, 1920, 1080, 1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.unknown_glyphs, ==, 0);
  g_assert_cmpuint (info.overlapping_labels, ==, 0);
  /* One mark per epoch for each of training and validation loss, at the
   * loss the file gives. */
  g_assert_cmpuint (info.n_marks, ==, 20);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpfloat (info.marks[i].value, ==, t->train_loss[i]);
      g_assert_cmpfloat (info.marks[10 + i].value, ==, t->val_loss[i]);
      g_assert_cmpfloat (fabs (info.marks[i].rect.y + 1 - (info.plot.y + info.plot.height -
                         (t->train_loss[i] - info.value_axis.min) / (info.value_axis.max - info.value_axis.min)
                         * info.plot.height)), <, 1e-6);
    }
  cairo_surface_destroy (s);

  /* Regression runs: R² may be negative, and is labelled so. */
  {
    const char *reg = "{\"epochs\": [{\"epoch\": 1, \"loss\": 3.2, \"r2\": -0.4, \"val_loss\": null, \"val_r2\": null},"
                      " {\"epoch\": 2, \"loss\": 1.1, \"r2\": 0.6}]}";
    LevTrainingCurves *r = lev_training_curves_load_data (reg, strlen (reg), "reg.json", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (r->metric_label, ==, "R²");
    g_assert_cmpfloat (r->train_metric[0], ==, -0.4);
    g_assert_true (isnan (r->val_loss[0]));
    g_assert_true (isnan (r->val_metric[1]));
    lev_training_curves_free (r);
  }
}

static const struct {
  const char *file;
  int         code;
  const char *where;   /* must appear in the message */
} corpus[] = {
  { "empty.json", LEV_ERROR_PARSE, ": 1:1: the file is empty" },
  { "not-json.json", LEV_ERROR_PARSE, ": 1:6:" },
  { "truncated.json", LEV_ERROR_PARSE, ": 1:36:" },
  { "array-root.json", LEV_ERROR_FORMAT, "$:" },
  { "no-epochs.json", LEV_ERROR_MISSING, "$.epochs" },
  { "epochs-object.json", LEV_ERROR_TYPE, "$.epochs" },
  { "no-epoch.json", LEV_ERROR_VALUE, "$.epochs" },
  { "epoch-number.json", LEV_ERROR_TYPE, "$.epochs[0]" },
  { "missing-loss.json", LEV_ERROR_MISSING, "$.epochs[0].loss" },
  { "loss-string.json", LEV_ERROR_TYPE, "$.epochs[0].loss" },
  { "loss-negative.json", LEV_ERROR_VALUE, "$.epochs[0].loss" },
  { "loss-overflow.json", -1, "" },
  { "accuracy-above-one.json", LEV_ERROR_VALUE, "$.epochs[0].accuracy" },
  { "epochs-out-of-order.json", LEV_ERROR_VALUE, "$.epochs[1].epoch" },
  { "val-loss-array.json", LEV_ERROR_TYPE, "$.epochs[0].val_loss" },
  { "nul-byte.json", LEV_ERROR_PARSE, "NUL" },
  { "bad-utf8.json", LEV_ERROR_PARSE, "UTF-8" },
  { "epoch-fraction.json", LEV_ERROR_VALUE, "$.epochs[0].epoch" },
  { "deep-nesting.json", LEV_ERROR_LIMIT, "nested" },
  { "very-deep.json", LEV_ERROR_LIMIT, "nested" },
  /* Strict JSON: json-glib alone read each of these as a valid run. */
  { "leading-zero.json", LEV_ERROR_PARSE, ": 1:23: invalid token" },
  { "hex-number.json", LEV_ERROR_PARSE, ": 1:24:" },
  { "duplicate-key.json", LEV_ERROR_PARSE, ": 1:43: the same key twice in one object" },
  { "comment.json", LEV_ERROR_PARSE, ": 1:26:" },
  { "nul-escape.json", LEV_ERROR_PARSE, ": 1:56: \\u0000" },
  { "single-quotes.json", LEV_ERROR_PARSE, ": 1:2:" },
};

/* A run under way: whole epochs and points within the next one (no
 * validation there). The partial points sit at their fraction of the
 * epoch, the validation line carries on over them, and the subtitle counts
 * whole epochs. Then a first epoch still under way: the axis starts at 0. */
static void
test_partial_epoch (void)
{
  static const double xs[] = { 1, 2, 2.25, 2.5 };
  static const double train[] = { 0.6, 0.5, 0.45, 0.44 };
  static const double val[] = { 0.62, 0.55, NAN, NAN };
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  LevTrainingCurves *t = g_new0 (LevTrainingCurves, 1);
  g_autoptr(GError) error = NULL;
  LevChartStyle style;
  LevChartInfo info;
  cairo_surface_t *s;
  double step;

  t->n_points = G_N_ELEMENTS (xs);
  t->epoch = g_memdup2 (xs, sizeof xs);
  t->train_loss = g_memdup2 (train, sizeof train);
  t->val_loss = g_memdup2 (val, sizeof val);
  set->training = t;
  g_assert_cmpuint (lev_training_curves_n_epochs (t), ==, 2);
  g_assert_cmpfloat (lev_training_curves_x (t, 2), ==, 2.25);
  g_assert_true (lev_chart_set_has (set, LEV_CHART_TRAINING));

  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, LEV_THEME_LIGHT);
  s = lev_chart_render_image (set, LEV_CHART_TRAINING, &style, 900, 500, 1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.unknown_glyphs, ==, 0);
  g_assert_cmpuint (info.overlapping_labels, ==, 0);
  /* Four training marks, and validation only where it was measured. */
  g_assert_cmpuint (info.n_marks, ==, 6);
  g_assert_cmpfloat (info.marks[4].value, ==, 0.62);
  g_assert_cmpfloat (info.marks[5].value, ==, 0.55);
  /* x: a quarter and a half of an epoch's width after epoch 2. */
  step = info.marks[1].rect.x - info.marks[0].rect.x;
  g_assert_cmpfloat (step, >, 0);
  g_assert_cmpfloat_with_epsilon (info.marks[2].rect.x - info.marks[1].rect.x, step / 4, 1e-6);
  g_assert_cmpfloat_with_epsilon (info.marks[3].rect.x - info.marks[1].rect.x, step / 2, 1e-6);
  /* The validation marks line up with their epochs' training marks. */
  g_assert_cmpfloat_with_epsilon (info.marks[4].rect.x, info.marks[0].rect.x, 1e-6);
  g_assert_cmpfloat_with_epsilon (info.marks[5].rect.x, info.marks[1].rect.x, 1e-6);
  cairo_surface_destroy (s);

  /* Only 30 % and 60 % of the first epoch so far. */
  t->n_points = 2;
  t->epoch[0] = 0.3;
  t->epoch[1] = 0.6;
  t->val_loss[0] = t->val_loss[1] = NAN;
  g_assert_cmpuint (lev_training_curves_n_epochs (t), ==, 0);
  s = lev_chart_render_image (set, LEV_CHART_TRAINING, &style, 900, 500, 1, &info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (info.n_marks, ==, 2);
  g_assert_cmpfloat (info.marks[0].rect.x, >, info.plot.x);
  g_assert_cmpfloat (info.marks[1].rect.x, <, info.plot.x + info.plot.width);
  /* Epoch 0 is the left edge: 0.3 and 0.6 are in proportion. */
  g_assert_cmpfloat_with_epsilon ((info.marks[1].rect.x + 1 - info.plot.x) / (info.marks[0].rect.x + 1 - info.plot.x),
                                  2.0, 1e-6);
  cairo_surface_destroy (s);
}

static void
test_bad_runs (void)
{
  g_autofree char *dir_path = test_file ("bad-runs", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint seen = 0;

  g_assert_nonnull (dir);
  /* Every file in the folder is in the table, so none goes unchecked. */
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autoptr(GError) error = NULL;
      LevTrainingCurves *t;
      guint k;

      for (k = 0; k < G_N_ELEMENTS (corpus); k++)
        if (g_str_equal (corpus[k].file, name))
          break;
      if (k == G_N_ELEMENTS (corpus))
        g_error ("%s is not in the corpus table", name);
      t = lev_training_curves_load_file (path, &error);
      g_test_message ("%s: %s", name, error ? error->message : "(no error)");
      g_assert_null (t);
      g_assert_nonnull (error);
      g_assert_true (error->domain == LEV_ERROR);
      if (corpus[k].code >= 0)
        g_assert_cmpint (error->code, ==, corpus[k].code);
      g_assert_true (g_str_has_prefix (error->message, path));
      g_assert_nonnull (strstr (error->message, corpus[k].where));
      seen++;
    }
  g_assert_cmpuint (seen, ==, G_N_ELEMENTS (corpus));

  /* Not a file at all: a folder, a device, a FIFO (which must not block). */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *tmp = g_dir_make_tmp ("training-XXXXXX", NULL);
    g_autofree char *fifo = g_build_filename (tmp, "run.json", NULL);

    g_assert_null (lev_training_curves_load_file (dir_path, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, "not a regular file"));
    g_clear_error (&error);
    g_assert_null (lev_training_curves_load_file ("/dev/null", &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, "/dev/null: not a regular file"));
    g_clear_error (&error);
    g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
    g_assert_null (lev_training_curves_load_file (fifo, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_FORMAT);
    g_assert_true (g_str_has_prefix (error->message, fifo));
    g_clear_error (&error);
    g_unlink (fifo);
    g_rmdir (tmp);
    g_assert_null (lev_training_curves_load_file ("/nonexistent/run.json", &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "/nonexistent/run.json"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/training/good-run", test_good_run);
  g_test_add_func ("/charts/training/bad-runs", test_bad_runs);
  g_test_add_func ("/charts/training/partial-epoch", test_partial_epoch);
  return g_test_run ();
}
