/* test-model-lab.c: drives the Model Lab page as a founder would: open the
 * bundled dataset, check the preview and the target, train three epochs on
 * the CPU backend (and on PoCL when OpenCL has a device), compare with the
 * trainer run directly, cancel a long run, open broken CSVs, and hand the
 * measured speed to the compute plan. Needs a display (Xvfb in CI); skips
 * with 77 without one.
 *
 * With LEVERAGE_SCREENSHOT_DIR set it instead renders the page during and
 * after training into that folder (LEVERAGE_SCREENSHOT_THEME=dark and a
 * zh_CN LANGUAGE give the other variants). */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "lev-cpu-backend.h"
#include "lev-model-lab.h"
#include "lev-report.h"
#include "lev-window.h"
#ifdef HAVE_OPENCL_BACKEND
#include "opencl/lev-opencl-backend.h"
#else
/* Without the backend no device is listed and the test skips first. */
#define lev_opencl_backend_set_fail_hook(spec) g_assert_not_reached ()
#endif

static LevApplication *shared_app;

typedef gboolean (*Condition) (LevModelLab *lab);

/* A widget of the page's template (@section NULL) or of one of its
 * sections' templates, as the page and the sections bind them. */
static GtkWidget *
template_child (LevModelLab *lab,
                const char  *section,
                GType        section_type,
                const char  *name)
{
  GObject *owner = G_OBJECT (lab);
  GObject *child;

  if (section != NULL)
    {
      owner = gtk_widget_get_template_child (GTK_WIDGET (lab), LEV_TYPE_MODEL_LAB, section);
      g_assert_nonnull (owner);
      g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (owner, section_type));
    }
  child = gtk_widget_get_template_child (GTK_WIDGET (owner), section ? section_type : LEV_TYPE_MODEL_LAB, name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

#define PAGE(lab, name) template_child ((lab), NULL, G_TYPE_NONE, (name))
#define DATA(lab, name) template_child ((lab), "data_section", LEV_TYPE_LAB_DATA_SECTION, (name))
#define SETTINGS(lab, name) template_child ((lab), "settings_section", LEV_TYPE_LAB_SETTINGS_SECTION, (name))
#define DEVICE(lab, name) template_child ((lab), "device_section", LEV_TYPE_LAB_DEVICE_SECTION, (name))
#define RUN(lab, name) template_child ((lab), "run_section", LEV_TYPE_LAB_RUN_SECTION, (name))
#define RESULTS(lab, name) template_child ((lab), "results_section", LEV_TYPE_LAB_RESULTS_SECTION, (name))

static gboolean
lab_is_loading (LevModelLab *lab)
{
  return lev_model_lab_is_loading (lab);
}

static gboolean
lab_is_training (LevModelLab *lab)
{
  return lev_model_lab_is_training (lab);
}

static gboolean
lab_has_no_devices (LevModelLab *lab)
{
  return !lev_model_lab_has_devices (lab);
}

static gboolean
lab_is_benchmarking (LevModelLab *lab)
{
  return lev_model_lab_is_benchmarking (lab);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Turns the main loop while @cond holds, for at most @seconds. */
static void
wait_while (LevModelLab *lab,
            Condition    cond,
            double       seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  /* A blocking iteration waits for an event: without one (a worker that
   * never answers) the deadline would never be looked at. */
  guint wake = g_timeout_add (200, keep_waking, NULL);

  while (cond (lab) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  g_assert_false (cond (lab));
  spin ();
}

static char *
dataset_path (void)
{
  return g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "datasets", "lead-conversion.csv", NULL);
}

static LevModelLab *
lab_window (const char *sample,
            LevWindow **window_out)
{
  LevWindow *window = lev_window_new (shared_app);
  LevModelLab *lab;

  g_assert_true (lev_window_open_sample (window, sample));
  gtk_window_present (GTK_WINDOW (window));
  lev_window_show_page (window, "model-lab");
  spin ();
  lab = LEV_MODEL_LAB (find_widget (GTK_WIDGET (window), LEV_TYPE_MODEL_LAB));
  g_assert_nonnull (lab);
  /* Shown: the devices are looked for in the background. */
  wait_while (lab, lab_has_no_devices, 60);
  *window_out = window;
  return lab;
}

static void
open_csv (LevModelLab *lab,
          const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  lev_model_lab_open_csv (lab, file);
  wait_while (lab, lab_is_loading, 60);
}

static void
choose_device (LevModelLab *lab,
               const char  *id)
{
  const char * const *ids = lev_model_lab_get_device_ids (lab);

  for (guint i = 0; ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (DEVICE (lab, "device_row")), i);
        return;
      }
  g_assert_not_reached ();
}

/* The first OpenCL device id offered, or NULL. */
static const char *
opencl_device (LevModelLab *lab)
{
  const char * const *ids = lev_model_lab_get_device_ids (lab);

  for (guint i = 0; ids[i] != NULL; i++)
    if (*ids[i] != '\0' && !g_str_equal (ids[i], "cpu"))
      return ids[i];
  return NULL;
}

static void
set_epochs (LevModelLab *lab,
            guint        epochs)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "epochs_spin")), epochs);
}

static void
press (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  /* A click (activate would wait for the pressed look to show). */
  g_signal_emit_by_name (button, "clicked");
}

/* CPU time the calling thread has used, in µs. */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

typedef struct {
  gint64 last;
  gint64 longest;
  gint64 start;
} Ticks;

static gboolean
tick (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();

  if (t->last != 0)
    t->longest = MAX (t->longest, now - t->last);
  t->last = now;
  return G_SOURCE_CONTINUE;
}

/* Types widths into the layer editor's two spin buttons. */
static void
set_layer_widths (LevModelLab *lab,
                  guint        first,
                  guint        second)
{
  GPtrArray *spins = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (SETTINGS (lab, "layers_box")); c;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *child = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (c));
      if (GTK_IS_SPIN_BUTTON (child))
        g_ptr_array_add (spins, child);
    }
  g_assert_cmpuint (spins->len, ==, 2);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 0), first);
  gtk_spin_button_set_value (g_ptr_array_index (spins, 1), second);
  g_ptr_array_unref (spins);
}

/* Trains with the page's settings and checks what it shows against the
 * trainer run directly on the same data: the same numbers, the same
 * epochs drawn, the article's lines. */
static const LevTrainResult *
train_and_check (LevModelLab *lab,
                 guint        epochs)
{
  const LevTrainResult *r;
  const LevChartSet *curves;
  g_autofree char *expected = NULL;
  GListModel *rows;
  guint64 total = 0;

  set_epochs (lab, epochs);
  press (RUN (lab, "train_button"));
  g_assert_true (lev_model_lab_is_training (lab));
  g_assert_true (gtk_widget_get_visible (RUN (lab, "cancel_button")));
  /* Generous: the first OpenCL run compiles the kernels (PoCL: LLVM), which
   * takes minutes on a loaded two-core machine. */
  wait_while (lab, lab_is_training, 400);

  r = lev_model_lab_get_result (lab);
  g_assert_nonnull (r);
  g_assert_cmpuint (r->history->len, ==, epochs);

  /* The curves hold every epoch the trainer reported, value for value. */
  curves = lev_model_lab_get_curves (lab);
  g_assert_nonnull (curves);
  g_assert_true (lev_chart_set_has (curves, LEV_CHART_TRAINING));
  g_assert_cmpuint (curves->training->n_points, ==, epochs);
  g_assert_cmpuint (lev_training_curves_n_epochs (curves->training), ==, epochs);
  for (guint i = 0; i < epochs; i++)
    {
      const LevEpochStats *st = &g_array_index (r->history, LevEpochStats, i);

      g_assert_cmpfloat (lev_training_curves_x (curves->training, i), ==, i + 1);
      g_assert_cmpfloat (curves->training->train_loss[i], ==, st->train_loss);
      g_assert_cmpfloat (curves->training->val_loss[i], ==, st->val_loss);
      g_assert_cmpfloat (curves->training->train_metric[i], ==, st->train_metric);
      g_assert_cmpfloat (curves->training->val_metric[i], ==, st->val_metric);
    }

  /* The article's two lines, exactly as it prints them. */
  expected = g_strdup_printf ("Test loss: %.4f\nTest accuracy: %.4f", r->test_loss, r->test_accuracy);
  g_assert_cmpstr (lev_model_lab_get_result_lines (lab), ==, expected);
  g_assert_true (r->test_loss > 0 && r->test_loss < 0.69);   /* better than a coin */
  g_assert_true (r->test_accuracy > 0.6 && r->test_accuracy <= 1);
  g_assert_true (r->test_auc > 0.5 && r->test_auc <= 1);

  /* Every test row lands in the confusion matrix once. */
  g_assert_cmpuint (r->n_classes, ==, 2);
  for (guint i = 0; i < 4; i++)
    total += r->confusion[i];
  g_assert_cmpuint (total, ==, r->n_test);
  g_assert_cmpuint (r->n_test, ==, 1000);
  /* 2 × 2 counts plus their headings. */
  {
    guint n = 0;
    for (GtkWidget *c = gtk_widget_get_first_child (RESULTS (lab, "confusion_grid")); c;
         c = gtk_widget_get_next_sibling (c))
      n++;
    g_assert_cmpuint (n, ==, 9);
  }

  /* The per-epoch table has a row per epoch. */
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (RESULTS (lab, "epoch_view"))));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, epochs);
  g_assert_false (lev_model_lab_is_training (lab));
  g_assert_true (gtk_widget_is_sensitive (RUN (lab, "train_button")));
  return r;
}

static void
test_load_and_train_cpu (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("llm-startup-7b", &window);
  g_autofree char *path = dataset_path ();
  const LevLabPreview *pv;
  const LevDataset *data;
  const LevTrainResult *r;
  LevTrainOptions opt, defaults;
  GtkColumnView *view;
  g_autoptr(LevBackend) cpu = NULL;
  g_autoptr(LevTrainResult) direct = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("leverage-lab-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "curves.png", NULL);
  g_autofree char *model = g_build_filename (dir, "model.json", NULL);
  g_autofree char *weights = NULL;
  g_autofree char *head = NULL;
  int label_col = -1, pages_col = -1;

  /* Nothing to train on yet. */
  g_assert_false (gtk_widget_is_sensitive (RUN (lab, "train_button")));
  open_csv (lab, path);
  g_assert_null (lev_model_lab_get_problems (lab));

  /* The preview: the header, 100 rows, each column's kind. */
  pv = lev_model_lab_get_preview (lab);
  g_assert_nonnull (pv);
  g_assert_cmpuint (pv->n_columns, ==, 11);
  g_assert_cmpuint (pv->rows->len, ==, 100);
  g_assert_true (pv->more);
  for (guint j = 0; j < pv->n_columns; j++)
    {
      if (g_str_equal (pv->names[j], "label"))
        label_col = (int) j;
      if (g_str_equal (pv->names[j], "pages_per_visit"))
        pages_col = (int) j;
    }
  g_assert_cmpint (label_col, ==, 10);
  g_assert_cmpint (pv->kinds[label_col], ==, LEV_LAB_COLUMN_INTEGER);
  g_assert_cmpint (pv->kinds[pages_col], ==, LEV_LAB_COLUMN_NUMBER);
  /* The first data row, as in the file. */
  g_assert_cmpstr (((char **) g_ptr_array_index (pv->rows, 0))[0], ==, "38");
  g_assert_cmpstr (((char **) g_ptr_array_index (pv->rows, 0))[2], ==, "1.41");
  view = GTK_COLUMN_VIEW (PAGE (lab, "preview_view"));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (view)), ==, 11);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (view))), ==, 100);
  {
    g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (gtk_column_view_get_columns (view), pages_col);
    g_assert_nonnull (strstr (gtk_column_view_column_get_title (col), "pages_per_visit"));
    g_assert_nonnull (strstr (gtk_column_view_column_get_title (col), "number"));
  }

  /* The target defaults to "label", the task is detected as binary. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (DATA (lab, "target_row"))), ==,
                    (guint) label_col);
  data = lev_model_lab_get_dataset (lab);
  g_assert_nonnull (data);
  g_assert_cmpuint (data->n_rows, ==, 5000);
  g_assert_cmpuint (data->n_features, ==, 10);
  g_assert_cmpint (data->schema->target, ==, LEV_TARGET_BINARY);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (DATA (lab, "task_row"))), ==, 0);

  /* Choosing another target reads the file again with it: "referral" is
   * 0/1 too, "company_size" has too many values to be classes. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (DATA (lab, "target_row")), 9);
  wait_while (lab, lab_is_loading, 60);
  g_assert_cmpstr (lev_model_lab_get_dataset (lab)->schema->label, ==, "referral");
  /* Regression on it, then back to the article's target. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (DATA (lab, "task_row")), 2);
  wait_while (lab, lab_is_loading, 60);
  g_assert_cmpint (lev_model_lab_get_dataset (lab)->schema->target, ==, LEV_TARGET_REGRESSION);
  adw_combo_row_set_selected (ADW_COMBO_ROW (DATA (lab, "target_row")), label_col);
  wait_while (lab, lab_is_loading, 60);
  g_assert_cmpstr (lev_model_lab_get_dataset (lab)->schema->label, ==, "label");
  g_assert_cmpint (lev_model_lab_get_dataset (lab)->schema->target, ==, LEV_TARGET_BINARY);

  /* The settings start at the article's defaults, and reset to them. */
  lev_train_options_init (&defaults);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "batch_spin")), 64);
  press (SETTINGS (lab, "add_layer"));
  lev_model_lab_get_options (lab, &opt);
  g_assert_cmpuint (opt.batch_size, ==, 64);
  g_assert_cmpuint (opt.n_hidden, ==, 3);
  g_assert_cmpuint (opt.hidden[2], ==, 16);
  press (SETTINGS (lab, "reset_button"));
  lev_model_lab_get_options (lab, &opt);
  g_assert_cmpuint (opt.n_hidden, ==, 2);
  g_assert_cmpuint (opt.hidden[0], ==, 64);
  g_assert_cmpuint (opt.hidden[1], ==, 32);
  g_assert_cmpuint (opt.batch_size, ==, defaults.batch_size);
  g_assert_cmpuint (opt.epochs, ==, defaults.epochs);
  g_assert_cmpfloat (opt.learning_rate, ==, defaults.learning_rate);
  g_assert_cmpfloat (opt.test_split, ==, defaults.test_split);
  g_assert_cmpuint (opt.seed, ==, defaults.seed);
  g_assert_cmpint (opt.activation, ==, defaults.activation);
  g_assert_cmpint (opt.optimizer, ==, defaults.optimizer);
  g_assert_cmpint (opt.standardize, ==, defaults.standardize);
  g_assert_cmpuint (opt.patience, ==, defaults.patience);

  choose_device (lab, "cpu");
  r = train_and_check (lab, 3);
  g_assert_cmpstr (r->backend_name, ==, "cpu");
  g_assert_null (lev_model_lab_get_fallback (lab));

  /* The device chosen is remembered, and a new window starts with it. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.leverage.Leverage");
    g_autofree char *saved = g_settings_get_string (settings, "opencl-device");
    LevWindow *other;
    LevModelLab *lab2;

    g_assert_cmpstr (saved, ==, "cpu");
    lab2 = lab_window ("seed-example", &other);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (DEVICE (lab2, "device_row"))),
                      ==, 1);
    gtk_window_destroy (GTK_WINDOW (other));
    spin ();
    /* Closing a window leaves the choice alone. */
    g_free (saved);
    saved = g_settings_get_string (settings, "opencl-device");
    g_assert_cmpstr (saved, ==, "cpu");
    /* A change made elsewhere (Preferences) shows in the drop-down. */
    g_settings_set_string (settings, "opencl-device", "");
    spin ();
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (DEVICE (lab, "device_row"))),
                      ==, 0);
    choose_device (lab, "cpu");
    g_free (saved);
    saved = g_settings_get_string (settings, "opencl-device");
    g_assert_cmpstr (saved, ==, "cpu");
  }

  /* The same training run directly gives the same numbers: the page
   * passed its settings through unchanged (same backend: bitwise). */
  lev_model_lab_get_options (lab, &opt);
  cpu = lev_cpu_backend_new (0);
  direct = lev_train (cpu, lev_model_lab_get_dataset (lab), &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (direct->test_loss, ==, r->test_loss);
  g_assert_cmpfloat (direct->test_accuracy, ==, r->test_accuracy);
  g_assert_cmpfloat (direct->test_auc, ==, r->test_auc);

  /* The chart exports like every other chart. */
  g_assert_true (lev_model_lab_export_chart (lab, LEV_CHART_FORMAT_PNG, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT,
                                             2.0, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &head, NULL, NULL));
  g_assert_true (memcmp (head, "\x89PNG", 4) == 0);

  /* The model saves and predicts through the same functions as the
   * buttons: scoring the training file again matches its labels well. */
  g_assert_true (lev_model_save (r->model, model, &error));
  g_assert_no_error (error);
  weights = lev_model_weights_path (model);
  g_assert_true (g_file_test (weights, G_FILE_TEST_EXISTS));
  {
    g_autofree char *out = g_build_filename (dir, "pred.csv", NULL);
    g_autofree char *text = NULL;
    gsize n = 0;
    double accuracy = NAN;

    g_assert_true (lev_lab_predict_csv (r->model, path, out, &n, &accuracy, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, 5000);
    g_assert_true (accuracy > 0.6);
    g_assert_true (g_file_get_contents (out, &text, NULL, NULL));
    g_assert_true (g_str_has_prefix (text, "row,prediction,probability\n2,"));
    g_unlink (out);
  }
  g_unlink (png);
  g_unlink (model);
  g_unlink (weights);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_train_opencl (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *path = dataset_path ();
  const char *device;
  const LevTrainResult *r;
  double opencl_loss, opencl_accuracy;
  LevTrainOptions opt;
  g_autoptr(LevBackend) cpu = NULL;
  g_autoptr(LevTrainResult) on_cpu = NULL;
  g_autoptr(GError) error = NULL;

  device = opencl_device (lab);
  if (device == NULL)
    {
      g_assert_nonnull (lev_model_lab_get_device_note (lab));
      gtk_window_destroy (GTK_WINDOW (window));
      g_test_skip ("no OpenCL device (install pocl-opencl-icd)");
      return;
    }
  open_csv (lab, path);
  choose_device (lab, device);
  r = train_and_check (lab, 3);
  opencl_loss = r->test_loss;
  opencl_accuracy = r->test_accuracy;
  if (r->fallback_reason != NULL || lev_model_lab_get_fallback (lab) != NULL)
    {
      /* A device that fails must say so on the page. */
      g_assert_nonnull (lev_model_lab_get_fallback (lab));
      g_test_message ("OpenCL fell back: %s", lev_model_lab_get_fallback (lab));
    }
  else
    g_assert_cmpstr (r->backend_name, ==, "opencl");

  /* A device lost in the second epoch: training goes on on the CPU from
   * the last checkpoint, and the page says so. */
  lev_opencl_backend_set_fail_hook ("lost:200");
  r = train_and_check (lab, 3);
  g_assert_cmpstr (r->backend_name, ==, "cpu");
  g_assert_nonnull (r->fallback_reason);
  g_assert_cmpstr (lev_model_lab_get_fallback (lab), ==, r->fallback_reason);
  g_assert_true (gtk_widget_get_visible (RUN (lab, "fallback_label")));
  /* Kernels that do not build: the run starts again on the CPU. */
  lev_opencl_backend_set_fail_hook ("build");
  r = train_and_check (lab, 3);
  lev_opencl_backend_set_fail_hook (NULL);
  g_assert_cmpstr (r->backend_name, ==, "cpu");
  g_assert_nonnull (lev_model_lab_get_fallback (lab));
  g_assert_nonnull (strstr (lev_model_lab_get_fallback (lab), "CPU"));
  g_test_message ("%s", lev_model_lab_get_fallback (lab));

  /* OpenCL and the CPU agree to float32 rounding, not bitwise. */
  lev_model_lab_get_options (lab, &opt);
  cpu = lev_cpu_backend_new (0);
  on_cpu = lev_train (cpu, lev_model_lab_get_dataset (lab), &opt, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (opencl_loss, on_cpu->test_loss, 2e-3);
  g_assert_cmpfloat_with_epsilon (opencl_accuracy, on_cpu->test_accuracy, 5e-3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
pause_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Without an OpenCL loader the page explains why and what to install,
 * and offers the CPU. Run in a child: the loader is looked for once per
 * process. */
static void
test_no_opencl (void)
{
  if (g_test_subprocess ())
    {
      LevWindow *window;
      LevModelLab *lab = lab_window ("seed-example", &window);
      const char *note = lev_model_lab_get_device_note (lab);
      const char * const *ids = lev_model_lab_get_device_ids (lab);

      g_assert_nonnull (note);
#ifdef HAVE_OPENCL_BACKEND
      g_assert_nonnull (strstr (note, "No OpenCL loader"));
      g_assert_nonnull (strstr (note, "ocl-icd-libopencl1"));
#else
      g_assert_nonnull (strstr (note, "no OpenCL backend"));
#endif
      g_assert_nonnull (strstr (note, "runs on the CPU"));
      g_assert_cmpuint (g_strv_length ((char **) ids), ==, 2);
      g_assert_cmpstr (ids[1], ==, "cpu");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }
  g_setenv ("LEVERAGE_OPENCL_LIBRARY", "/nonexistent/libOpenCL.so.1", TRUE);
  g_setenv ("LEVERAGE_OPENCL_LIBRARY_ONLY", "1", TRUE);
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("LEVERAGE_OPENCL_LIBRARY");
  g_unsetenv ("LEVERAGE_OPENCL_LIBRARY_ONLY");
  g_test_trap_assert_passed ();
}

static gboolean
no_epoch_yet (LevModelLab *lab)
{
  const LevChartSet *c = lev_model_lab_get_curves (lab);
  return c == NULL || c->training == NULL || lev_training_curves_n_epochs (c->training) < 2;
}

/* A CSV dropped anywhere on the window goes to the Model Lab, which comes
 * to the front; the plan that was open stays open. */
static void
test_drop_csv_on_window (void)
{
  LevWindow *window = lev_window_new (shared_app);
  g_autoptr(GListModel) controllers = NULL;
  g_autofree char *path = dataset_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GValue) value = G_VALUE_INIT;
  GtkDropTarget *drop = NULL;
  LevModelLab *lab;
  gboolean handled = FALSE;

  g_assert_true (lev_window_open_sample (window, "seed-example"));
  gtk_window_present (GTK_WINDOW (window));
  lev_window_show_page (window, "plan");
  spin ();
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (GTK_IS_DROP_TARGET (c))
        drop = GTK_DROP_TARGET (c);
    }
  g_assert_nonnull (drop);
  g_value_init (&value, G_TYPE_FILE);
  g_value_set_object (&value, file);
  g_signal_emit_by_name (drop, "drop", &value, 10.0, 10.0, &handled);
  g_assert_true (handled);
  lab = LEV_MODEL_LAB (find_widget (GTK_WIDGET (window), LEV_TYPE_MODEL_LAB));
  wait_while (lab, lab_is_loading, 60);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (lab)));
  g_assert_nonnull (lev_model_lab_get_dataset (lab));
  g_assert_cmpuint (lev_model_lab_get_dataset (lab)->n_rows, ==, 5000);
  g_assert_cmpstr (lev_scenario_get_name (lev_window_get_scenario (window)), ==, "The article's worked example");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancel_long_run (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *path = dataset_path ();
  gint64 start, took;
  Ticks ticks = { 0, 0, 0 };
  gint64 busiest = 0;
  guint id;

  open_csv (lab, path);
  choose_device (lab, "cpu");
  /* Hours of epochs: only cancelling ends it. */
  set_epochs (lab, 100000);
  press (RUN (lab, "train_button"));
  wait_while (lab, no_epoch_yet, 60);
  g_assert_true (lev_model_lab_is_training (lab));

  /* Training is on a worker thread: while epochs arrive and the curves
   * and progress redraw, no turn of the main loop does much work. Counted
   * in the main thread's CPU time, so that a busy shared machine that
   * leaves the thread waiting for a core does not count against it; the
   * wall-clock stalls are reported too. */
  id = g_timeout_add (5, tick, &ticks);
  ticks.start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - ticks.start < 1500 * 1000)
    {
      gint64 before = thread_cpu_us ();

      g_main_context_iteration (NULL, TRUE);
      busiest = MAX (busiest, thread_cpu_us () - before);
    }
  g_source_remove (id);
  g_test_message ("busiest main-loop turn while training: %.1f ms of CPU; longest wall-clock stall %.1f ms",
                  busiest / 1000.0, ticks.longest / 1000.0);
  g_assert_true (lev_model_lab_is_training (lab));
  g_assert_cmpint (busiest, <, 100 * 1000);

  start = g_get_monotonic_time ();
  press (RUN (lab, "cancel_button"));
  while (lev_model_lab_is_training (lab) && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_main_context_iteration (NULL, TRUE);
  took = g_get_monotonic_time () - start;
  g_test_message ("idle %.1f ms after Cancel", took / 1000.0);
  g_assert_false (lev_model_lab_is_training (lab));
  g_assert_cmpint (took, <, 200 * 1000);
  /* Nothing half-trained is shown as a result; training can start again. */
  g_assert_null (lev_model_lab_get_result (lab));
  g_assert_true (gtk_widget_is_sensitive (RUN (lab, "train_button")));
  g_assert_false (gtk_widget_get_visible (RUN (lab, "cancel_button")));

  /* Closing the window mid-run, and mid-read, loses nothing and crashes
   * nothing: the workers' late answers are dropped. */
  press (RUN (lab, "train_button"));
  wait_while (lab, no_epoch_yet, 60);
  {
    g_autoptr(GFile) file = g_file_new_for_path (path);
    lev_model_lab_open_csv (lab, file);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  pause_ms (500);
}

static gboolean
no_partial_point_yet (LevModelLab *lab)
{
  const LevChartSet *c = lev_model_lab_get_curves (lab);

  return lev_model_lab_is_training (lab) &&
         (c == NULL || c->training == NULL || c->training->n_points == 0);
}

static gboolean
first_epoch_under_way (LevModelLab *lab)
{
  const LevChartSet *c = lev_model_lab_get_curves (lab);

  return lev_model_lab_is_training (lab) && lev_training_curves_n_epochs (c->training) == 0;
}

/* An epoch of 100,000 rows through a wide network lasts seconds (and
 * reports come every 500 of its 2,500 batches, however fast it is): the
 * curves get points within it (at their fraction of the epoch, training
 * figures only), the progress bar moves before it ends, and the epoch's
 * own point replaces them when it does. */
static void
test_partial_epoch (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *dir = g_dir_make_tmp ("leverage-lab-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.csv", NULL);
  g_autoptr(GString) csv = g_string_new ("a,b,c,d,e,f,label\n");
  g_autoptr(GRand) rng = g_rand_new_with_seed (3);
  const LevTrainingCurves *c;
  GtkProgressBar *bar;
  double x;

  for (guint i = 0; i < 100000; i++)
    {
      double v[6];

      for (guint j = 0; j < 6; j++)
        v[j] = g_rand_double_range (rng, -1, 1);
      g_string_append_printf (csv, "%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d\n", v[0], v[1], v[2], v[3], v[4], v[5],
                              v[0] * v[1] + 0.3 * v[2] > 0);
    }
  g_assert_true (g_file_set_contents (path, csv->str, (gssize) csv->len, NULL));
  open_csv (lab, path);
  g_assert_nonnull (lev_model_lab_get_dataset (lab));
  choose_device (lab, "cpu");
  set_layer_widths (lab, 512, 256);
  set_epochs (lab, 2);
  lev_model_lab_set_report_batches (lab, 500);
  press (RUN (lab, "train_button"));
  wait_while (lab, no_partial_point_yet, 120);

  c = lev_model_lab_get_curves (lab)->training;
  g_assert_true (lev_model_lab_is_training (lab));
  g_assert_cmpuint (c->n_points, >=, 1);
  x = lev_training_curves_x (c, 0);
  g_test_message ("first point at epoch %.3f: running loss %.4f, accuracy %.4f", x, c->train_loss[0],
                  c->train_metric[0]);
  /* Within the first epoch, with the running training figures: a loss
   * near an untrained network's ln 2 or below, an accuracy. */
  g_assert_cmpfloat (x, >, 0);
  g_assert_cmpfloat (x, <, 1);
  g_assert_cmpuint (lev_training_curves_n_epochs (c), ==, 0);
  g_assert_true (c->train_loss[0] > 0 && c->train_loss[0] < 1.0);
  g_assert_true (c->train_metric[0] > 0.3 && c->train_metric[0] <= 1);
  g_assert_true (isnan (c->val_loss[0]) && isnan (c->val_metric[0]));
  /* The bar is past the start, and says which epoch is under way. */
  bar = GTK_PROGRESS_BAR (RUN (lab, "progress"));
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), >, 0);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (bar), <, 0.5);
  g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (bar), "Epoch 1 of 2"));

  /* The end of the epoch: its point replaces the partial ones. */
  wait_while (lab, first_epoch_under_way, 300);
  c = lev_model_lab_get_curves (lab)->training;
  g_assert_cmpfloat (lev_training_curves_x (c, 0), ==, 1);
  g_assert_false (isnan (c->val_loss[0]));
  for (guint i = 1; i < c->n_points; i++)
    g_assert_cmpfloat (lev_training_curves_x (c, i), >, 1);

  press (RUN (lab, "cancel_button"));
  wait_while (lab, lab_is_training, 60);
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (path);
  g_rmdir (dir);
}

/* Finding 6 of issue 13: a new file drops what the last one produced. The
 * curves, the accuracy, Save Model… and Use Measured Throughput stayed
 * live under the new file, offering a model of data no longer open. */
static void
test_new_file_resets (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *path = dataset_path ();
  g_autofree char *dir = g_dir_make_tmp ("leverage-lab-XXXXXX", NULL);
  g_autofree char *other = g_build_filename (dir, "other.csv", NULL);
  GtkProgressBar *bar;

  open_csv (lab, path);
  choose_device (lab, "cpu");
  train_and_check (lab, 2);
  g_assert_true (gtk_widget_get_visible (PAGE (lab, "results_section")));
  g_assert_true (gtk_widget_is_sensitive (RESULTS (lab, "save_button")));
  g_assert_true (gtk_widget_is_sensitive (RESULTS (lab, "use_button")));
  g_assert_true (gtk_widget_is_sensitive (RESULTS (lab, "export_button")));

  g_assert_true (g_file_set_contents (other, "x,y,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n9,1,0\n", -1, NULL));
  open_csv (lab, other);
  g_assert_nonnull (lev_model_lab_get_dataset (lab));
  g_assert_cmpuint (lev_model_lab_get_dataset (lab)->n_rows, ==, 5);
  /* Nothing of the last run is left on the page… */
  g_assert_null (lev_model_lab_get_result (lab));
  g_assert_null (lev_model_lab_get_result_lines (lab));
  g_assert_null (lev_model_lab_get_curves (lab));
  g_assert_false (gtk_widget_get_visible (PAGE (lab, "results_section")));
  g_assert_false (gtk_widget_get_visible (RUN (lab, "chart_card")));
  bar = GTK_PROGRESS_BAR (RUN (lab, "progress"));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (bar)));
  /* …and nothing acts on it. */
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "save_button")));
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "predict_button")));
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "use_button")));
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "export_button")));
  g_assert_true (gtk_widget_is_sensitive (RUN (lab, "train_button")));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (other);
  g_rmdir (dir);
}

/* Finding 6 of issue 13: the first Train sat on "Starting the first of 10
 * epochs" for seconds while the device was set up. Until the trainer says
 * the device is ready, the bar says what the wait is for. */
static void
test_first_train_says_why_it_waits (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *path = dataset_path ();
  GtkProgressBar *bar = GTK_PROGRESS_BAR (RUN (lab, "progress"));
  const char *device = opencl_device (lab);

  open_csv (lab, path);
  set_epochs (lab, 1);
  choose_device (lab, "cpu");
  press (RUN (lab, "train_button"));
  g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (bar), "Setting up the CPU backend"));
  wait_while (lab, lab_is_training, 120);
  if (device != NULL)
    {
      g_autofree char *name = g_strndup (device, strstr (device, " | ") ? (gsize) (strstr (device, " | ") - device)
                                                                         : strlen (device));
      g_autofree char *expected = g_strdup_printf ("Building the OpenCL kernels for %s (first time only", name);

      choose_device (lab, device);
      press (RUN (lab, "train_button"));
      g_test_message ("%s", gtk_progress_bar_get_text (bar));
      g_assert_true (g_str_has_prefix (gtk_progress_bar_get_text (bar), expected));
      wait_while (lab, lab_is_training, 400);
      /* Once the device is set up the bar moves on (here: to the end). */
      g_assert_null (strstr (gtk_progress_bar_get_text (bar), "Building"));
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A run the trainer refuses (here: four rows leave nothing to train on
 * after a 90% test split; a diverged run is refused the same way) says why
 * in the window, in a label a screen reader announces (an alert) and the
 * keyboard lands on, not only in a toast that goes away. */
static void
test_training_error_shown (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *dir = g_dir_make_tmp ("leverage-lab-XXXXXX", NULL);
  g_autofree char *tiny = g_build_filename (dir, "tiny.csv", NULL);
  GtkWidget *label;

  g_assert_true (g_file_set_contents (tiny, "a,b,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", -1, NULL));
  open_csv (lab, tiny);
  g_assert_nonnull (lev_model_lab_get_dataset (lab));
  choose_device (lab, "cpu");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "test_split_spin")), 0.9);
  gtk_widget_grab_focus (RUN (lab, "train_button"));
  press (RUN (lab, "train_button"));
  wait_while (lab, lab_is_training, 60);

  g_assert_null (lev_model_lab_get_result (lab));
  g_assert_nonnull (lev_model_lab_get_error (lab));
  g_test_message ("%s", lev_model_lab_get_error (lab));
  g_assert_nonnull (strstr (lev_model_lab_get_error (lab), "nothing to train on"));
  label = RUN (lab, "error_label");
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, lev_model_lab_get_error (lab));
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (label)), ==, GTK_ACCESSIBLE_ROLE_ALERT);
  g_assert_true (gtk_widget_has_focus (label));
  /* The next run clears it. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "test_split_spin")), 0.25);
  set_epochs (lab, 1);
  press (RUN (lab, "train_button"));
  g_assert_null (lev_model_lab_get_error (lab));
  g_assert_false (gtk_widget_get_visible (label));
  wait_while (lab, lab_is_training, 60);

  /* A run that diverges (features near 1e30, not standardised, a large
   * step) is refused by the trainer, and the page says where. */
  {
    g_autoptr(GString) csv = g_string_new ("a,b,label\n");

    for (guint i = 0; i < 200; i++)
      g_string_append_printf (csv, "%s,%s,%u\n", i % 2 ? "1e30" : "-1e30", i % 3 ? "3e29" : "-2e30", i % 2);
    g_assert_true (g_file_set_contents (tiny, csv->str, -1, NULL));
  }
  open_csv (lab, tiny);
  g_assert_nonnull (lev_model_lab_get_dataset (lab));
  gtk_switch_set_active (GTK_SWITCH (SETTINGS (lab, "standardize_switch")), FALSE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "lr_spin")), 10);
  set_epochs (lab, 5);
  gtk_widget_grab_focus (RUN (lab, "train_button"));
  press (RUN (lab, "train_button"));
  wait_while (lab, lab_is_training, 60);
  g_assert_null (lev_model_lab_get_result (lab));
  g_assert_nonnull (lev_model_lab_get_error (lab));
  g_test_message ("%s", lev_model_lab_get_error (lab));
  g_assert_nonnull (strstr (lev_model_lab_get_error (lab), "loss became"));
  g_assert_true (gtk_widget_get_visible (label));
  g_assert_true (gtk_widget_has_focus (label));
  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (tiny);
  g_rmdir (dir);
}

static void
test_broken_csv (void)
{
  static const struct {
    const char *file;
    const char *place;
  } cases[] = {
    { "01-empty.csv", "row 1" },
    { "03-ragged-short-row.csv", "row 3, column 3" },
    { "06-non-numeric-feature.csv", "row 3, column 2" },
    { "05-unterminated-quote.csv", "row 3, column 1" },
    { "08-one-class-only.csv", "column 3" },
    { "09-nan-feature.csv", "row 3, column 2" },
    { "11-binary-garbage.csv", "row 1, column 1" },
    { "13-missing-feature-value.csv", "row 3, column 2" },
    { "14-missing-label-value.csv", "row 3, column 3" },
    { "32-utf16.csv", "row 1, column 1" },
  };
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);
  g_autofree char *good = dataset_path ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data", "bad-csv",
                                                cases[i].file, NULL);
      const char *problems;

      open_csv (lab, path);
      problems = lev_model_lab_get_problems (lab);
      g_test_message ("%s: %s", cases[i].file, problems);
      /* Listed on the page, naming the file and the place. */
      g_assert_nonnull (problems);
      g_assert_nonnull (strstr (problems, cases[i].file));
      g_assert_nonnull (strstr (problems, cases[i].place));
      g_assert_null (lev_model_lab_get_dataset (lab));
      g_assert_false (gtk_widget_is_sensitive (RUN (lab, "train_button")));
    }
  /* Without a "label" column the page offers the last column as the
   * target instead of refusing; here that is "target", with one class. */
  {
    g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data", "bad-csv",
                                              "07-missing-label-column.csv", NULL);
    const LevLabPreview *pv;

    open_csv (lab, path);
    pv = lev_model_lab_get_preview (lab);
    g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (DATA (lab, "target_row"))), ==,
                      pv->n_columns - 1);
    g_assert_cmpstr (pv->names[pv->n_columns - 1], ==, "target");
  }
  /* A name that looks like markup is shown as it is. */
  {
    g_autofree char *dir = g_dir_make_tmp ("leverage-lab-XXXXXX", NULL);
    g_autofree char *odd = g_build_filename (dir, "R&D <2026> \"leads\".csv", NULL);

    g_assert_true (g_file_set_contents (odd, "a&b,<i>c,label\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n", -1, NULL));
    open_csv (lab, odd);
    /* …and so are column names, in the target drop-down too. */
    adw_combo_row_set_selected (ADW_COMBO_ROW (DATA (lab, "target_row")), 1);
    wait_while (lab, lab_is_loading, 60);
    adw_combo_row_set_selected (ADW_COMBO_ROW (DATA (lab, "target_row")), 2);
    wait_while (lab, lab_is_loading, 60);
    g_assert_null (lev_model_lab_get_problems (lab));
    g_assert_nonnull (lev_model_lab_get_dataset (lab));
    g_unlink (odd);
    g_rmdir (dir);
  }
  /* A good file clears the list. */
  open_csv (lab, good);
  g_assert_null (lev_model_lab_get_problems (lab));
  g_assert_true (gtk_widget_is_sensitive (RUN (lab, "train_button")));
  gtk_window_destroy (GTK_WINDOW (window));
}

static double
plan_hours (LevWindow *window)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevReport) report = lev_report_new (lev_window_get_scenario (window), &error);

  g_assert_no_error (error);
  return report->eval.plan_hours;
}

static gboolean
lab_is_measuring (LevModelLab *lab)
{
  return lev_model_lab_is_measuring (lab);
}

/* Use Measured Throughput times the device that trained until its figure
 * settles (a single timed run on a shared machine was off by 3×), shows
 * the median with the spread, and puts the median into the compute plan
 * as one undo step. A second press, and a second identical run, take the
 * same settled figure rather than whichever run came last. */
static void
test_use_measured_throughput (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("llm-startup-7b", &window);
  g_autofree char *path = dataset_path ();
  const LevTrainResult *r;
  LevComputePlan *plan;
  LevLabMeasure m, again;
  double before, after, expected, flops;
  const char *use_text;

  open_csv (lab, path);
  choose_device (lab, "cpu");
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "use_button")));
  r = train_and_check (lab, 3);
  g_assert_true (r->gflops > 0);
  g_assert_false (lev_model_lab_get_throughput (lab, &m));

  before = plan_hours (window);
  g_assert_true (before > 0);
  press (RESULTS (lab, "use_button"));
  g_assert_true (lev_model_lab_is_measuring (lab));
  g_assert_false (gtk_widget_is_sensitive (RESULTS (lab, "use_button")));
  wait_while (lab, lab_is_measuring, 120);
  g_assert_true (lev_model_lab_get_throughput (lab, &m));
  g_test_message ("median %.3f GFLOP/s of %u runs, %.3f to %.3f", m.median, m.n_runs, m.low, m.high);
  g_assert_cmpuint (m.n_runs, >=, 5);
  g_assert_cmpuint (m.n_runs, <=, 15);
  g_assert_true (m.low <= m.median && m.median <= m.high && m.low > 0);
  /* The figure and its spread are shown under the button. */
  use_text = gtk_label_get_text (GTK_LABEL (RESULTS (lab, "use_label")));
  g_assert_nonnull (strstr (use_text, "median of"));
  g_assert_nonnull (strstr (use_text, r->device_name));

  after = plan_hours (window);
  plan = lev_area_get_plan (lev_scenario_get_area (lev_window_get_scenario (window), LEV_AREA_COMPUTE));
  g_assert_cmpstr (lev_compute_plan_get_accelerator (plan), ==, r->device_name);
  g_assert_nonnull (strstr (lev_compute_plan_get_notes (plan), "median of"));
  /* 6·N·D FLOPs at the measured median with MFU 1, computed here. */
  flops = 6.0 * 7e9 * 2e12;
  expected = flops / (m.median * 1e9 * 3600);
  g_test_message ("accelerator-hours %.4g before, %.4g after", before, after);
  g_assert_cmpfloat (after, !=, before);
  g_assert_cmpfloat_with_epsilon (after / expected, 1.0, 1e-9);

  /* One step of undo takes it back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();
  g_assert_cmpfloat (plan_hours (window), ==, before);

  /* The same run again: the settled figure stays, the plan gets it. */
  r = train_and_check (lab, 3);
  g_assert_true (lev_model_lab_get_throughput (lab, &again));
  g_assert_cmpfloat (again.median, ==, m.median);
  press (RESULTS (lab, "use_button"));
  g_assert_false (lev_model_lab_is_measuring (lab));
  spin ();
  g_assert_cmpfloat_with_epsilon (plan_hours (window) / expected, 1.0, 1e-9);

  /* A plan without a compute plan gets one. */
  g_assert_true (lev_window_open_sample (window, "seed-example"));
  spin ();
  g_assert_null (lev_area_get_plan (lev_scenario_get_area (lev_window_get_scenario (window), LEV_AREA_COMPUTE)));
  g_assert_cmpfloat (plan_hours (window), ==, 0);
  press (RESULTS (lab, "use_button"));
  spin ();
  plan = lev_area_get_plan (lev_scenario_get_area (lev_window_get_scenario (window), LEV_AREA_COMPUTE));
  g_assert_nonnull (plan);
  g_assert_cmpfloat (plan_hours (window), >, 0);
  g_assert_true (lev_window_get_modified (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_benchmark_devices (void)
{
  LevWindow *window;
  LevModelLab *lab = lab_window ("seed-example", &window);

  press (DEVICE (lab, "bench_button"));
  g_assert_true (lev_model_lab_is_benchmarking (lab));
  wait_while (lab, lab_is_benchmarking, 400);
  g_assert_true (gtk_widget_is_sensitive (DEVICE (lab, "bench_button")));
  {
    /* A line per device ("automatic" is one of them): figures, or why not. */
    const char *text = gtk_label_get_text (GTK_LABEL (DEVICE (lab, "bench_label")));
    g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
    const char * const *ids = lev_model_lab_get_device_ids (lab);

    g_test_message ("%s", text);
    g_assert_cmpuint (g_strv_length (lines), ==, g_strv_length ((char **) ids) - 1);
    /* The CPU backend always measures. */
    g_assert_nonnull (strstr (lines[0], "GFLOP/s"));
    g_assert_nonnull (strstr (lines[0], "samples/s"));
    for (guint i = 0; lines[i] != NULL; i++)
      g_assert_true (strstr (lines[i], "GFLOP/s") != NULL || strstr (lines[i], "failed") != NULL);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---------------------------------------------------------------- */
/* Screenshots: the window rendered by its own renderer. */

static void
save_window (GtkWidget  *window,
             const char *dir,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int w = gtk_widget_get_width (window), h = gtk_widget_get_height (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);

  gdk_paintable_snapshot (paintable, snapshot, w, h);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, w, h));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("%s\n", path);
}

static gboolean
few_epochs (LevModelLab *lab)
{
  const LevChartSet *c = lev_model_lab_get_curves (lab);
  const LevTrainingCurves *t = c ? c->training : NULL;

  /* Eight epochs, and a good part of the ninth under way. */
  return lev_model_lab_is_training (lab) &&
         (t == NULL || lev_training_curves_n_epochs (t) < 8 || t->n_points == 0 ||
          lev_training_curves_x (t, t->n_points - 1) < 8.5);
}

static int
take_screenshots (const char *dir)
{
  const char *suffix = g_getenv ("LEVERAGE_SCREENSHOT_SUFFIX");
  LevWindow *window;
  LevModelLab *lab;
  g_autofree char *path = dataset_path ();
  g_autofree char *during = g_strdup_printf ("model-lab%s-during.png", suffix ? suffix : "");
  g_autofree char *after = g_strdup_printf ("model-lab%s.png", suffix ? suffix : "");
  GtkWidget *paned;

  /* The window takes its scheme from the chart-theme setting. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.leverage.Leverage");
    g_settings_set_string (settings, "chart-theme",
                           g_strcmp0 (g_getenv ("LEVERAGE_SCREENSHOT_THEME"), "dark") == 0 ? "dark" : "light");
  }
  lab = lab_window ("llm-startup-7b", &window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 860);
  gtk_window_unmaximize (GTK_WINDOW (window));
  open_csv (lab, path);
  choose_device (lab, "cpu");
  /* A wider network than the article's, so that a run lasts long enough
   * to be caught in the middle; dropout keeps it from overfitting. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (SETTINGS (lab, "dropout_spin")), 0.3);
  {
    LevTrainOptions opt;
    lev_model_lab_get_options (lab, &opt);
    g_assert_cmpuint (opt.n_hidden, ==, 2);
  }
  set_layer_widths (lab, 512, 256);
  set_epochs (lab, 30);
  /* Points within each epoch too, as a longer one would give. */
  lev_model_lab_set_report_batches (lab, 12);
  pause_ms (500);
  press (RUN (lab, "train_button"));
  /* Not wait_while (): its final spin would run to the end of training. */
  while (few_epochs (lab))
    g_main_context_iteration (NULL, TRUE);
  {
    /* One laid-out frame with the new curves, then the picture. */
    GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    gint64 frame = gdk_frame_clock_get_frame_counter (clock);

    while (gdk_frame_clock_get_frame_counter (clock) < frame + 2)
      g_main_context_iteration (NULL, TRUE);
  }
  save_window (GTK_WIDGET (window), dir, during);
  wait_while (lab, lab_is_training, 300);
  /* The results sit below the curves: show them. */
  paned = find_widget (GTK_WIDGET (lab), GTK_TYPE_PANED);
  {
    GtkWidget *right = gtk_paned_get_end_child (GTK_PANED (paned));
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (right));
    pause_ms (300);
    gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  }
  pause_ms (500);
  save_window (GTK_WIDGET (window), dir, after);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("leverage-xdg-XXXXXX", NULL);
  g_autofree char *cache_home = g_dir_make_tmp ("leverage-cache-XXXXXX", NULL);
  const char *shots = g_getenv ("LEVERAGE_SCREENSHOT_DIR");
  const char *localedir = g_getenv ("LEVERAGE_LOCALEDIR");
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* Compiled kernels (ours and PoCL's) go to a fresh folder. */
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_setenv ("POCL_CACHE_DIR", cache_home, TRUE);
  if (shots != NULL)
    {
      /* The locale comes from the environment (LANGUAGE=zh_CN …). */
      setlocale (LC_ALL, "");
      g_test_init (&argc, &argv, NULL);
      if (!gtk_init_check ())
        return 77;
      bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  else
    {
      /* Numbers as in the C locale. */
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
      /* Under Xvfb, GL is software (llvmpipe) and one frame of this page
       * takes ~150 ms; the stall check is about our main loop, so render
       * with cairo unless told otherwise. */
      g_setenv ("GSK_RENDERER", "cairo", FALSE);
      /* Not gtk_test_init (): without a display it aborts instead of
       * letting the test skip. */
      g_test_init (&argc, &argv, NULL);
      if (!gtk_init_check ())
        return 77;
      /* Criticals and warnings from GTK or our code fail the test. */
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    }
  adw_init ();
  shared_app = lev_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, NULL));
  if (shots != NULL)
    return take_screenshots (shots);

  /* First, before this process has loaded any OpenCL driver: the child is
   * spawned with no driver threads running in the parent. */
  g_test_add_func ("/gui/model-lab/no-opencl", test_no_opencl);
  g_test_add_func ("/gui/model-lab/load-and-train-cpu", test_load_and_train_cpu);
  g_test_add_func ("/gui/model-lab/train-opencl", test_train_opencl);
  g_test_add_func ("/gui/model-lab/cancel-long-run", test_cancel_long_run);
  g_test_add_func ("/gui/model-lab/partial-epoch", test_partial_epoch);
  g_test_add_func ("/gui/model-lab/broken-csv", test_broken_csv);
  g_test_add_func ("/gui/model-lab/drop-csv-on-window", test_drop_csv_on_window);
  g_test_add_func ("/gui/model-lab/use-measured-throughput", test_use_measured_throughput);
  g_test_add_func ("/gui/model-lab/benchmark-devices", test_benchmark_devices);
  g_test_add_func ("/gui/model-lab/new-file-resets", test_new_file_resets);
  g_test_add_func ("/gui/model-lab/first-train-says-why-it-waits", test_first_train_says_why_it_waits);
  g_test_add_func ("/gui/model-lab/training-error-shown", test_training_error_shown);
  status = g_test_run ();
  test_remove_tree (data_home);
  test_remove_tree (cache_home);
  return status;
}
