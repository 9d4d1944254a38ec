/* lev-model-lab.c: the Model Lab page. Reading the CSV, looking for
 * devices, benchmarking and training all run on worker threads and report
 * back on the main context, so the window keeps drawing; the page only
 * turns widgets into LevTrainOptions and results into widgets. Workers
 * hold the page by a weak reference: a window closed mid-run cancels the
 * run and its late answer is dropped. */
#define G_LOG_DOMAIN "lev-model-lab"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-chart-export.h"
#include "lev-export-dialog.h"
#include "lev-model-lab.h"
#include "lev-settings.h"
#include "lev-window.h"

/* HAVE_OPENCL_BACKEND is defined for the train library only; the backend is
 * built exactly when its sources are in the tree (src/train/meson.build). */
#if !defined (HAVE_OPENCL_BACKEND) && defined (__has_include)
#if __has_include ("opencl/lev-opencl-backend.h")
#define HAVE_OPENCL_BACKEND 1
#endif
#endif

#ifdef HAVE_OPENCL_BACKEND
#include "opencl/lev-cl-bench.h"
#include "opencl/lev-cl-device.h"
#endif

#define PREVIEW_ROWS 100
#define TICK_MS 100
#define MAX_PLAN_NAME 200

/* ---------------------------------------------------------------- */
/* A row of strings for the tables (preview, epochs). */

#define LEV_TYPE_LAB_ROW (lev_lab_row_get_type ())
G_DECLARE_FINAL_TYPE (LevLabRow, lev_lab_row, LEV, LAB_ROW, GObject)

struct _LevLabRow
{
  GObject   parent_instance;
  char    **cells;
};

G_DEFINE_FINAL_TYPE (LevLabRow, lev_lab_row, G_TYPE_OBJECT)

static void
lev_lab_row_finalize (GObject *object)
{
  g_strfreev (LEV_LAB_ROW (object)->cells);
  G_OBJECT_CLASS (lev_lab_row_parent_class)->finalize (object);
}

static void
lev_lab_row_class_init (LevLabRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = lev_lab_row_finalize;
}

static void
lev_lab_row_init (LevLabRow *self)
{
}

static LevLabRow *
lev_lab_row_new (char **cells)
{
  LevLabRow *row = g_object_new (LEV_TYPE_LAB_ROW, NULL);

  row->cells = cells;
  return row;
}

static void
cell_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "lev-numeric")) ? 1 : 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  LevLabRow *row = gtk_list_item_get_item (item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "lev-column"));
  const char *text = "";

  if (row->cells != NULL && column < g_strv_length (row->cells))
    text = row->cells[column];
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

/* Replaces the columns and rows of @view. @rows holds char ** of
 * @n_titles strings each; the table takes them. */
static void
table_set (GtkColumnView     *view,
           const char *const *titles,
           guint              n_titles,
           const gboolean    *numeric,
           GPtrArray         *rows)
{
  GListModel *columns = gtk_column_view_get_columns (view);
  g_autoptr(GListStore) store = g_list_store_new (LEV_TYPE_LAB_ROW);
  g_autoptr(GtkNoSelection) selection = NULL;

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (view, col);
    }
  for (guint j = 0; j < n_titles; j++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) col = NULL;

      g_object_set_data (G_OBJECT (factory), "lev-column", GUINT_TO_POINTER (j));
      /* Numbers line up on the right, text on the left. */
      g_object_set_data (G_OBJECT (factory), "lev-numeric", GINT_TO_POINTER (numeric == NULL || numeric[j]));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind), NULL);
      col = gtk_column_view_column_new (titles[j], factory);
      gtk_column_view_column_set_resizable (col, TRUE);
      gtk_column_view_append_column (view, col);
    }
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      g_autoptr(LevLabRow) row = lev_lab_row_new (g_ptr_array_index (rows, i));
      g_ptr_array_index (rows, i) = NULL;
      g_list_store_append (store, row);
    }
  selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&store)));
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

/* ---------------------------------------------------------------- */
/* The dataset, shared with the worker that trains on it. */

typedef struct {
  LevDataset *dataset;
} LabData;

static void
lab_data_clear (gpointer p)
{
  LabData *d = p;

  lev_dataset_free (d->dataset);
}

static LabData *
lab_data_new (LevDataset *dataset)
{
  LabData *d = g_atomic_rc_box_new0 (LabData);

  d->dataset = dataset;
  return d;
}

static void
lab_data_unref (LabData *d)
{
  if (d != NULL)
    g_atomic_rc_box_release_full (d, lab_data_clear);
}

/* One figure per device, from "Benchmark devices". */
typedef struct {
  char   *id;         /* "cpu" or an OpenCL id */
  char   *name;       /* as the backend names its device */
  double  gflops;     /* GEMM 512³, NaN on failure */
  double  samples;    /* the article's network, samples/s */
  char   *error;
} BenchRow;

static void
bench_row_free (gpointer p)
{
  BenchRow *r = p;

  g_free (r->id);
  g_free (r->name);
  g_free (r->error);
  g_free (r);
}

typedef struct _Run Run;

struct _LevModelLab
{
  GtkWidget        parent_instance;

  GtkWidget       *paned;
  /* Data */
  GtkWidget       *file_row;
  GtkWidget       *choose_button;
  GtkWidget       *target_row;
  GtkStringList   *target_names;
  GtkWidget       *task_row;
  GtkWidget       *missing_row;
  GtkWidget       *onehot_switch;
  GtkWidget       *problems_box;
  GtkWidget       *problems_label;
  GtkWidget       *summary_label;
  GtkWidget       *preview_view;
  GtkWidget       *preview_card;
  /* Settings */
  GtkWidget       *layers_box;
  GPtrArray       *layer_spins;
  GtkWidget       *add_layer;
  GtkWidget       *remove_layer;
  GtkWidget       *activation_row;
  GtkWidget       *epochs_spin;
  GtkWidget       *batch_spin;
  GtkWidget       *lr_spin;
  GtkWidget       *optimizer_row;
  GtkWidget       *test_split_spin;
  GtkWidget       *seed_spin;
  GtkWidget       *standardize_switch;
  GtkWidget       *l2_spin;
  GtkWidget       *dropout_spin;
  GtkWidget       *patience_spin;
  GtkWidget       *reset_button;
  /* Device */
  GtkWidget       *device_row;
  GtkStringList   *device_labels;
  GPtrArray       *device_ids;      /* of char*, NULL-terminated */
  GtkWidget       *device_note;
  GtkWidget       *bench_button;
  GtkWidget       *bench_label;
  GPtrArray       *bench;           /* of BenchRow* */
  gboolean         devices_scanned;
  gboolean         scanning;
  gboolean         benchmarking;
  GSettings       *settings;        /* NULL without the schema */
  char            *device_choice;   /* used when there are no settings */
  /* Training */
  GtkWidget       *train_button;
  GtkWidget       *cancel_button;
  GtkWidget       *progress;
  GtkWidget       *status_label;
  GtkWidget       *fallback_label;
  GtkWidget       *chart_card;
  GtkWidget       *chart_area;
  GtkWidget       *placeholder;
  GtkWidget       *train_bar;
  /* Results */
  GtkWidget       *results_box;
  GtkWidget       *result_lines;
  GtkWidget       *auc_label;
  GtkWidget       *speed_label;
  GtkWidget       *confusion_grid;
  GtkWidget       *epoch_view;
  GtkWidget       *save_button;
  GtkWidget       *predict_button;
  GtkWidget       *export_button;
  GtkWidget       *use_button;
  GtkWidget       *use_label;

  /* State */
  char            *csv_path;
  LevLabPreview   *preview;
  LabData         *data;
  char            *problems;
  guint            load_generation;
  gboolean         loading;
  gboolean         syncing;         /* widgets set by code, not the user */
  gboolean         disposed;        /* late answers from workers are dropped */
  Run             *run;
  LevChartSet     *curves;
  LevTrainResult  *result;
  char            *fallback;
  guint            tick_id;
  gint64           run_started;
  gint64           last_report_at;
  double           progress_epochs; /* epochs done at the last report, with a fraction within one */
  guint            epochs_done;
  guint            epochs_total;
  guint            report_batches;  /* tests: a batch report every so many batches too */
};

G_DEFINE_FINAL_TYPE (LevModelLab, lev_model_lab, GTK_TYPE_WIDGET)

static const LevActivation activations[] = { LEV_ACT_RELU, LEV_ACT_TANH, LEV_ACT_SIGMOID, LEV_ACT_GELU };
static const LevTargetKind tasks[] = { LEV_TARGET_BINARY, LEV_TARGET_MULTICLASS, LEV_TARGET_REGRESSION };
static const LevMissingPolicy missing_policies[] = { LEV_MISSING_REFUSE, LEV_MISSING_DROP, LEV_MISSING_MEAN };

static LevWindow *
get_window (LevModelLab *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return LEV_IS_WINDOW (root) ? LEV_WINDOW (root) : NULL;
}

static void
toast (LevModelLab *self,
       const char  *message,
       gboolean     sticky)
{
  LevWindow *window = get_window (self);

  if (window != NULL)
    lev_window_show_toast (window, message, sticky);
}

static LevTheme
current_theme (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? LEV_THEME_DARK : LEV_THEME_LIGHT;
}

static void update_sensitivity (LevModelLab *self);

/* ---------------------------------------------------------------- */
/* Data: preview, target, task, problems. */

static void
show_problems (LevModelLab *self,
               const char  *text)
{
  g_free (self->problems);
  self->problems = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->problems_label), text ? text : "");
  gtk_widget_set_visible (self->problems_box, text != NULL);
}

typedef struct {
  GWeakRef       self;
  guint          generation;
  char          *path;
  char          *label;
  LevCsvOptions  options;
} Load;

static void
load_free (gpointer p)
{
  Load *load = p;

  g_weak_ref_clear (&load->self);
  g_free (load->path);
  g_free (load->label);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  GError *error = NULL;
  LevDataset *data = lev_dataset_load_csv (load->path, &load->options, &error);

  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) lev_dataset_free);
}

static char *
describe_dataset (const LevDataset *d)
{
  const LevSchema *s = d->schema;
  g_autofree char *classes = NULL;
  g_autofree char *rows = g_strdup_printf ("%'" G_GSIZE_FORMAT, d->n_rows);

  if (s->target == LEV_TARGET_REGRESSION)
    return g_strdup_printf (_("%s rows, %u features; regression on “%s”"), rows, d->n_features, s->label);
  if (s->n_classes <= 6)
    classes = g_strjoinv (", ", s->classes);
  else
    classes = g_strdup_printf (_("%u classes"), s->n_classes);
  if (d->n_dropped > 0)
    return g_strdup_printf (_("%s rows (%zu dropped for missing values), %u features; “%s”: %s"),
                            rows, d->n_dropped, d->n_features, s->label, classes);
  return g_strdup_printf (_("%s rows, %u features; “%s”: %s"), rows, d->n_features, s->label, classes);
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Load *load = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevModelLab) self = g_weak_ref_get (&load->self);
  g_autoptr(GError) error = NULL;
  LevDataset *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || self->disposed || load->generation != self->load_generation)
    {
      /* A newer file or target replaced this one. */
      lev_dataset_free (data);
      return;
    }
  self->loading = FALSE;
  g_clear_pointer (&self->data, lab_data_unref);
  if (data == NULL)
    {
      show_problems (self, error->message);
      gtk_label_set_text (GTK_LABEL (self->summary_label), "");
    }
  else
    {
      g_autofree char *summary = describe_dataset (data);

      show_problems (self, NULL);
      gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
      self->data = lab_data_new (data);
      /* Show the task the reader settled on. */
      self->syncing = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        if (tasks[i] == data->schema->target)
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->task_row), i);
      self->syncing = FALSE;
    }
  update_sensitivity (self);
}

/* Reads the whole file for training with the chosen target and task
 * (AUTO lets the reader decide between binary and multiclass). */
static void
start_load (LevModelLab   *self,
            LevTargetKind  target)
{
  g_autoptr(GTask) task = NULL;
  Load *load;
  guint sel;

  if (self->csv_path == NULL)
    return;
  load = g_new0 (Load, 1);
  g_weak_ref_init (&load->self, self);
  load->generation = ++self->load_generation;
  load->path = g_strdup (self->csv_path);
  lev_csv_options_init (&load->options);
  sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->target_row));
  if (sel < g_list_model_get_n_items (G_LIST_MODEL (self->target_names)))
    load->label = g_strdup (gtk_string_list_get_string (self->target_names, sel));
  load->options.label = load->label;
  load->options.target = target;
  load->options.missing = missing_policies[MIN (adw_combo_row_get_selected (ADW_COMBO_ROW (self->missing_row)),
                                                G_N_ELEMENTS (missing_policies) - 1)];
  load->options.text = gtk_switch_get_active (GTK_SWITCH (self->onehot_switch)) ? LEV_TEXT_ONEHOT
                                                                                : LEV_TEXT_REFUSE;
  self->loading = TRUE;
  g_clear_pointer (&self->data, lab_data_unref);
  gtk_label_set_text (GTK_LABEL (self->summary_label), _("Reading the file…"));
  update_sensitivity (self);

  task = g_task_new (NULL, NULL, on_loaded, NULL);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
}

static void
show_preview (LevModelLab *self)
{
  const LevLabPreview *pv = self->preview;
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_autofree gboolean *numeric = NULL;

  if (pv == NULL)
    {
      table_set (GTK_COLUMN_VIEW (self->preview_view), NULL, 0, NULL, NULL);
      gtk_widget_set_visible (self->preview_card, FALSE);
      return;
    }
  numeric = g_new0 (gboolean, MAX (pv->n_columns, 1));
  for (guint j = 0; j < pv->n_columns; j++)
    {
      g_ptr_array_add (titles, g_strdup_printf ("%s\n%s", pv->names[j], lev_lab_column_kind_label (pv->kinds[j])));
      numeric[j] = pv->kinds[j] == LEV_LAB_COLUMN_INTEGER || pv->kinds[j] == LEV_LAB_COLUMN_NUMBER;
    }
  for (guint i = 0; i < pv->rows->len; i++)
    g_ptr_array_add (rows, g_strdupv (g_ptr_array_index (pv->rows, i)));
  table_set (GTK_COLUMN_VIEW (self->preview_view), (const char *const *) titles->pdata, titles->len, numeric, rows);
  gtk_widget_set_visible (self->preview_card, TRUE);
}

void
lev_model_lab_open_csv (LevModelLab *self,
                        GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;
  guint target = 0;

  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Only local files can be opened"), TRUE);
      return;
    }
  g_free (self->csv_path);
  self->csv_path = g_strdup (path);
  base = g_file_get_basename (file);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), base);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->file_row), path);

  g_clear_pointer (&self->preview, lev_lab_preview_free);
  g_clear_pointer (&self->data, lab_data_unref);
  self->preview = lev_lab_preview_read (path, PREVIEW_ROWS, &error);
  show_preview (self);

  self->syncing = TRUE;
  gtk_string_list_splice (self->target_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->target_names)),
                          self->preview ? (const char *const *) self->preview->names : NULL);
  if (self->preview != NULL)
    {
      /* The article's target column; otherwise the last one, where
       * labels usually are. */
      target = self->preview->n_columns > 0 ? self->preview->n_columns - 1 : 0;
      for (guint j = 0; j < self->preview->n_columns; j++)
        if (g_str_equal (self->preview->names[j], "label"))
          target = j;
    }
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->target_row), target);
  self->syncing = FALSE;

  /* Even without a preview the reader runs: its message names the place
   * (an empty file is "row 1, column 1"). */
  show_problems (self, self->preview == NULL ? error->message : NULL);
  start_load (self, LEV_TARGET_AUTO);
}

static void
on_target_changed (LevModelLab *self)
{
  if (!self->syncing)
    start_load (self, LEV_TARGET_AUTO);
}

static void
on_task_changed (LevModelLab *self)
{
  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->task_row));

  if (!self->syncing && sel < G_N_ELEMENTS (tasks))
    start_load (self, tasks[sel]);
}

static void
on_reading_changed (LevModelLab *self)
{
  if (!self->syncing)
    start_load (self, LEV_TARGET_AUTO);
}

static void
csv_chosen (LevWindow *window,
            GFile     *file,
            gpointer   data)
{
  g_autoptr(LevModelLab) self = data;

  lev_model_lab_open_csv (self, file);
}

static void
action_choose (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  static const char *const patterns[] = { "*.csv", "*.tsv", "*.txt", NULL };
  LevModelLab *self = LEV_MODEL_LAB (widget);
  LevWindow *window = get_window (self);

  if (window != NULL)
    lev_window_choose_open_file (window, _("Open Training Data"), _("CSV files"), patterns,
                                 csv_chosen, g_object_ref (self), g_object_unref);
}

/* ---------------------------------------------------------------- */
/* Settings. */

static GtkWidget *
new_spin (double min,
          double max,
          double step,
          guint  digits)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  return spin;
}

static GtkWidget *
spin_row (GtkWidget  *group,
          const char *title,
          const char *subtitle,
          double      min,
          double      max,
          double      step,
          guint       digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = new_spin (min, max, step, digits);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return spin;
}

static GtkWidget *
switch_row (GtkWidget  *group,
            const char *title,
            const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return sw;
}

static GtkWidget *
combo_row (GtkWidget         *group,
           const char        *title,
           const char        *subtitle,
           const char *const *labels)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
  return row;
}

static void
add_layer_spin (LevModelLab *self,
                guint        units)
{
  GtkWidget *spin = new_spin (1, 65536, 1, 0);
  g_autofree char *label = g_strdup_printf (_("Units in hidden layer %u"), self->layer_spins->len + 1);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), units);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  gtk_widget_set_tooltip_text (spin, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  /* Before the +/− buttons, which stay last. */
  gtk_flow_box_insert (GTK_FLOW_BOX (self->layers_box), spin, (int) self->layer_spins->len);
  g_ptr_array_add (self->layer_spins, spin);
}

static void
update_layer_buttons (LevModelLab *self)
{
  gtk_widget_set_sensitive (self->add_layer, self->layer_spins->len < LEV_MLP_MAX_LAYERS - 1);
  gtk_widget_set_sensitive (self->remove_layer, self->layer_spins->len > 0);
}

static void
on_add_layer (LevModelLab *self)
{
  guint units = 16;

  /* Narrowing towards the output, as the article's 64 → 32 does. */
  if (self->layer_spins->len > 0)
    units = MAX (1, gtk_spin_button_get_value_as_int (
                   g_ptr_array_index (self->layer_spins, self->layer_spins->len - 1)) / 2);
  if (self->layer_spins->len < LEV_MLP_MAX_LAYERS - 1)
    add_layer_spin (self, units);
  update_layer_buttons (self);
}

static void
on_remove_layer (LevModelLab *self)
{
  if (self->layer_spins->len > 0)
    {
      GtkWidget *spin = g_ptr_array_steal_index (self->layer_spins, self->layer_spins->len - 1);
      /* The flow box wraps each child; remove the wrapper. */
      gtk_flow_box_remove (GTK_FLOW_BOX (self->layers_box), gtk_widget_get_parent (spin));
    }
  update_layer_buttons (self);
}

static void
set_options (LevModelLab           *self,
             const LevTrainOptions *o)
{
  while (self->layer_spins->len > 0)
    on_remove_layer (self);
  for (guint i = 0; i < o->n_hidden; i++)
    add_layer_spin (self, o->hidden[i]);
  update_layer_buttons (self);
  for (guint i = 0; i < G_N_ELEMENTS (activations); i++)
    if (activations[i] == o->activation)
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->activation_row), i);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->epochs_spin), o->epochs);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->batch_spin), o->batch_size);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->lr_spin), o->learning_rate);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->optimizer_row), o->optimizer == LEV_OPTIMIZER_SGD ? 1 : 0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->test_split_spin), o->test_split);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin), o->seed);
  gtk_switch_set_active (GTK_SWITCH (self->standardize_switch), o->standardize);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->l2_spin), o->l2);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->dropout_spin), o->dropout);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->patience_spin), o->patience);
}

void
lev_model_lab_get_options (LevModelLab     *self,
                           LevTrainOptions *o)
{
  guint act;

  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  g_return_if_fail (o != NULL);

  lev_train_options_init (o);
  o->n_hidden = MIN (self->layer_spins->len, G_N_ELEMENTS (o->hidden));
  for (guint i = 0; i < o->n_hidden; i++)
    o->hidden[i] = (guint) gtk_spin_button_get_value_as_int (g_ptr_array_index (self->layer_spins, i));
  act = adw_combo_row_get_selected (ADW_COMBO_ROW (self->activation_row));
  o->activation = activations[MIN (act, G_N_ELEMENTS (activations) - 1)];
  o->epochs = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->epochs_spin));
  o->batch_size = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->batch_spin));
  o->learning_rate = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->lr_spin));
  o->optimizer = adw_combo_row_get_selected (ADW_COMBO_ROW (self->optimizer_row)) == 1 ? LEV_OPTIMIZER_SGD
                                                                                        : LEV_OPTIMIZER_ADAM;
  o->test_split = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->test_split_spin));
  o->seed = (guint32) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  o->standardize = gtk_switch_get_active (GTK_SWITCH (self->standardize_switch));
  o->l2 = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->l2_spin));
  o->dropout = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->dropout_spin));
  o->patience = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->patience_spin));
}

static void
on_reset (LevModelLab *self)
{
  LevTrainOptions o;

  lev_train_options_init (&o);
  set_options (self, &o);
}

/* ---------------------------------------------------------------- */
/* Devices. */

static const char *
chosen_device_id (LevModelLab *self)
{
  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->device_row));

  if (sel < self->device_ids->len - 1)
    return g_ptr_array_index (self->device_ids, sel);
  return "";
}

static char *
saved_device_id (LevModelLab *self)
{
  if (self->settings != NULL)
    return g_settings_get_string (self->settings, "opencl-device");
  return g_strdup (self->device_choice ? self->device_choice : "");
}

static void
select_device (LevModelLab *self,
               const char  *id)
{
  guint sel = 0;

  for (guint i = 0; i < self->device_ids->len - 1; i++)
    if (g_strcmp0 (g_ptr_array_index (self->device_ids, i), id) == 0)
      sel = i;
  self->syncing = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->device_row), sel);
  self->syncing = FALSE;
}

static void
on_device_setting_changed (LevModelLab *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "opencl-device");

  if (self->devices_scanned && g_strcmp0 (id, chosen_device_id (self)) != 0)
    select_device (self, id);
}

static void
on_device_selected (LevModelLab *self)
{
  const char *id;

  if (self->syncing)
    return;
  id = chosen_device_id (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "opencl-device", id);
  g_free (self->device_choice);
  self->device_choice = g_strdup (id);
}

typedef struct {
  GPtrArray *labels;   /* of char* */
  GPtrArray *ids;      /* of char* */
  char      *note;     /* why there is no OpenCL device, or NULL */
} Scan;

static void
scan_free (gpointer p)
{
  Scan *scan = p;

  g_ptr_array_unref (scan->labels);
  g_ptr_array_unref (scan->ids);
  g_free (scan->note);
  g_free (scan);
}

#ifdef HAVE_OPENCL_BACKEND
static const char *
flatpak_hint (void)
{
  /* Inside a sandbox the GPU must be granted and the driver's ICD must
   * come from a runtime extension (flatpak/README.md). */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return _(" Leverage runs in Flatpak: it also needs GPU access (flatpak override --device=dri; "
             "on NVIDIA the host must also load nvidia-uvm) and the GL extension that carries your "
             "vendor's OpenCL driver.");
  return "";
}
#endif

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = g_new0 (Scan, 1);

  scan->labels = g_ptr_array_new_with_free_func (g_free);
  scan->ids = g_ptr_array_new_with_free_func (g_free);
#ifdef HAVE_OPENCL_BACKEND
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) devices = lev_cl_devices_list (&error);

    if (devices == NULL)
      scan->note = g_strdup_printf (_("No OpenCL loader was found (%s), so training runs on the CPU. "
                                      "To train on a GPU, install the OpenCL loader (ocl-icd-libopencl1) "
                                      "and your GPU vendor's OpenCL driver.%s"),
                                    error->message, flatpak_hint ());
    else if (devices->len == 0)
      scan->note = g_strdup_printf (_("The OpenCL loader is installed but no driver (ICD) offers a device, "
                                      "so training runs on the CPU. Install your GPU vendor's OpenCL "
                                      "driver (for example mesa-opencl-icd, intel-opencl-icd or the "
                                      "NVIDIA driver's OpenCL part), or pocl-opencl-icd to use OpenCL on "
                                      "the CPU.%s"), flatpak_hint ());
    for (guint i = 0; devices != NULL && i < devices->len; i++)
      {
        const LevClDevice *d = g_ptr_array_index (devices, i);

        if (!d->available)
          continue;
        g_ptr_array_add (scan->ids, g_strdup (d->id));
        g_ptr_array_add (scan->labels,
                         g_strdup_printf (_("%s (%s, %.1f GiB, driver %s)"), d->name,
                                          lev_cl_device_kind_name (d->kind),
                                          d->global_mem / (1024.0 * 1024.0 * 1024.0), d->driver_version));
      }
  }
#else
  scan->note = g_strdup (_("This build of Leverage has no OpenCL backend, so training runs on the CPU."));
#endif
  g_task_return_pointer (task, scan, scan_free);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GWeakRef *ref = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevModelLab) self = g_weak_ref_get (ref);
  Scan *scan = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autofree char *saved = NULL;

  if (self == NULL || self->disposed)
    {
      scan_free (scan);
      return;
    }
  self->scanning = FALSE;
  self->devices_scanned = TRUE;
  saved = saved_device_id (self);
  self->syncing = TRUE;
  /* Keep "automatic" and "cpu"; add the devices after them. */
  g_ptr_array_set_size (self->device_ids, 2);
  for (guint i = 0; i < scan->ids->len; i++)
    g_ptr_array_add (self->device_ids, g_strdup (g_ptr_array_index (scan->ids, i)));
  g_ptr_array_add (self->device_ids, NULL);
  g_ptr_array_add (scan->labels, NULL);
  gtk_string_list_splice (self->device_labels, 2,
                          g_list_model_get_n_items (G_LIST_MODEL (self->device_labels)) - 2,
                          (const char *const *) scan->labels->pdata);
  self->syncing = FALSE;
  select_device (self, saved);
  gtk_label_set_text (GTK_LABEL (self->device_note), scan->note ? scan->note : "");
  gtk_widget_set_visible (self->device_note, scan->note != NULL);
  scan_free (scan);
  update_sensitivity (self);
}

static void
weak_ref_free (gpointer p)
{
  g_weak_ref_clear (p);
  g_free (p);
}

static GWeakRef *
weak_ref_new (gpointer object)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, object);
  return ref;
}

/* Looking for devices loads the OpenCL drivers, which takes a moment:
 * only when the page is first shown, and off the main thread. */
static void
scan_devices (LevModelLab *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->devices_scanned || self->scanning)
    return;
  self->scanning = TRUE;
  task = g_task_new (NULL, NULL, on_scanned, NULL);
  g_task_set_task_data (task, weak_ref_new (self), weak_ref_free);
  g_task_run_in_thread (task, scan_thread);
}

static BenchRow *
find_bench (LevModelLab *self,
            const char  *device_name)
{
  for (guint i = 0; self->bench != NULL && i < self->bench->len; i++)
    {
      BenchRow *r = g_ptr_array_index (self->bench, i);
      if (r->error == NULL && g_strcmp0 (r->name, device_name) == 0)
        return r;
    }
  return NULL;
}

typedef struct {
  GWeakRef   self;
  GPtrArray *ids;     /* of char* */
} Bench;

static void
bench_free (gpointer p)
{
  Bench *b = p;

  g_weak_ref_clear (&b->self);
  g_ptr_array_unref (b->ids);
  g_free (b);
}

static void
bench_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Bench *b = task_data;
  GPtrArray *rows = g_ptr_array_new_with_free_func (bench_row_free);

  for (guint i = 0; i < b->ids->len; i++)
    {
      const char *id = g_ptr_array_index (b->ids, i);
      BenchRow *r = g_new0 (BenchRow, 1);
      g_autoptr(GError) error = NULL;
      g_autoptr(LevBackend) be = NULL;

      r->id = g_strdup (id);
      r->gflops = r->samples = NAN;
      g_ptr_array_add (rows, r);
      if (g_task_return_error_if_cancelled (task))
        {
          g_ptr_array_unref (rows);
          return;
        }
      be = g_str_equal (id, "cpu") ? lev_backend_new_by_name ("cpu", NULL, &error)
                                   : lev_backend_new_by_name ("opencl", id, &error);
      if (be != NULL)
        {
          LevBackendCaps caps;

          lev_backend_get_caps (be, &caps);
          r->name = g_strdup (caps.device_name);
#ifdef HAVE_OPENCL_BACKEND
          {
            static const gsize hidden[] = { 64, 32 };
            /* The GEMM size of a modest dense layer; the network of the
             * article at its batch size, as `leverage-cli bench-device`. */
            r->gflops = lev_bench_gemm (be, LEV_GEMM_NN, 512, 512, 512, 4, &error);
            if (r->gflops >= 0)
              r->samples = lev_bench_mlp (be, 30, hidden, 2, 32, 200, &error);
          }
#else
          g_set_error (&error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE,
                       _("This build of Leverage has no benchmark"));
#endif
        }
      if (error != NULL)
        r->error = g_strdup (error->message);
      if (r->name == NULL)
        r->name = g_strdup (id);
    }
  g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

static void
show_bench (LevModelLab *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; self->bench != NULL && i < self->bench->len; i++)
    {
      BenchRow *r = g_ptr_array_index (self->bench, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (r->error != NULL)
        g_string_append_printf (text, _("%s: failed (%s)"), r->name, r->error);
      else
        g_string_append_printf (text, _("%s: %.1f GFLOP/s, %.0f samples/s"), r->name, r->gflops, r->samples);
    }
  gtk_label_set_text (GTK_LABEL (self->bench_label), text->str);
  gtk_widget_set_visible (self->bench_label, text->len > 0);
}

static void update_use_label (LevModelLab *self);

static void
on_benchmarked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevModelLab) self = g_weak_ref_get (&b->self);
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || self->disposed)
    {
      g_clear_pointer (&rows, g_ptr_array_unref);
      return;
    }
  self->benchmarking = FALSE;
  if (rows != NULL)
    {
      g_clear_pointer (&self->bench, g_ptr_array_unref);
      self->bench = rows;
      show_bench (self);
    }
  gtk_button_set_label (GTK_BUTTON (self->bench_button), _("_Benchmark Devices"));
  update_use_label (self);
  update_sensitivity (self);
}

static void
action_benchmark (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  g_autoptr(GTask) task = NULL;
  Bench *b;

  if (self->benchmarking || !self->devices_scanned)
    return;
  b = g_new0 (Bench, 1);
  g_weak_ref_init (&b->self, self);
  b->ids = g_ptr_array_new_with_free_func (g_free);
  /* Skip "automatic": it is one of the others. */
  for (guint i = 1; i < self->device_ids->len - 1; i++)
    g_ptr_array_add (b->ids, g_strdup (g_ptr_array_index (self->device_ids, i)));
  self->benchmarking = TRUE;
  gtk_button_set_label (GTK_BUTTON (self->bench_button), _("Benchmarking…"));
  update_sensitivity (self);
  task = g_task_new (NULL, NULL, on_benchmarked, NULL);
  g_task_set_task_data (task, b, bench_free);
  g_task_run_in_thread (task, bench_thread);
}

/* ---------------------------------------------------------------- */
/* Training. */

struct _Run {
  GWeakRef         self;
  LabData         *data;
  GCancellable    *cancellable;
  char            *backend_name;
  char            *device_id;
  LevTrainOptions  options;
  gboolean         on_cpu_after_failure;
};

static Run *
run_ref (Run *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_clear (gpointer p)
{
  Run *run = p;

  g_weak_ref_clear (&run->self);
  lab_data_unref (run->data);
  g_clear_object (&run->cancellable);
  g_free (run->backend_name);
  g_free (run->device_id);
}

static void
run_unref (gpointer run)
{
  /* Safe from any thread: a run holds no widget, only a weak reference. */
  g_atomic_rc_box_release_full (run, run_clear);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LevModelLab *self = user_data;
  LevChartStyle style;

  if (self->curves == NULL)
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, current_theme ());
  lev_chart_draw (cr, self->curves, LEV_CHART_TRAINING, &style, width, height, NULL);
}

static void
curves_reset (LevModelLab *self,
              gboolean     regression)
{
  LevTrainingCurves *c = g_new0 (LevTrainingCurves, 1);

  g_clear_pointer (&self->curves, lev_chart_set_free);
  self->curves = lev_chart_set_new ();
  if (self->csv_path != NULL)
    self->curves->scenario_name = g_path_get_basename (self->csv_path);
  c->metric_label = g_strdup (regression ? _("R²") : _("Accuracy"));
  self->curves->training = c;
}

/* Drops the points within an epoch from the end whose x is at least
 * @from: an epoch's own report replaces them, and an epoch started again
 * (on the CPU after a device failed) draws its part anew. */
static void
curves_trim_partial (LevTrainingCurves *c,
                     double             from)
{
  while (c->n_points > 0 && c->epoch[c->n_points - 1] != floor (c->epoch[c->n_points - 1]) &&
         c->epoch[c->n_points - 1] >= from)
    c->n_points--;
}

static void
curves_append (LevModelLab *self,
               double       x,
               double       train_loss,
               double       val_loss,
               double       train_metric,
               double       val_metric)
{
  LevTrainingCurves *c = self->curves->training;
  guint n = c->n_points + 1;

  c->epoch = g_renew (double, c->epoch, n);
  c->train_loss = g_renew (double, c->train_loss, n);
  c->val_loss = g_renew (double, c->val_loss, n);
  c->train_metric = g_renew (double, c->train_metric, n);
  c->val_metric = g_renew (double, c->val_metric, n);
  c->epoch[n - 1] = x;
  c->train_loss[n - 1] = train_loss;
  c->val_loss[n - 1] = val_loss;
  c->train_metric[n - 1] = train_metric;
  c->val_metric[n - 1] = val_metric;
  c->n_points = n;
}

static char *
format_seconds (double seconds)
{
  if (seconds < 1)
    return g_strdup (_("less than a second"));
  if (seconds < 90)
    return g_strdup_printf (_("about %.0f s"), seconds);
  return g_strdup_printf (_("about %.0f min"), seconds / 60);
}

static void
update_progress (LevModelLab *self)
{
  double done = self->progress_epochs;
  double elapsed = (g_get_monotonic_time () - self->run_started) / 1e6;
  g_autofree char *text = NULL;

  if (self->epochs_total == 0)
    return;
  if (self->progress_epochs > 0)
    {
      /* Between reports (within an epoch, or after it), creep forward at
       * the pace so far, never past the end of the epoch under way. */
      double per_epoch = (self->last_report_at - self->run_started) / 1e6 / self->progress_epochs;
      double since = (g_get_monotonic_time () - self->last_report_at) / 1e6;
      double left = per_epoch * (self->epochs_total - self->progress_epochs) - since;
      g_autofree char *left_text = format_seconds (MAX (left, 0));

      if (per_epoch > 0)
        done = MIN (done + since / per_epoch, floor (self->progress_epochs) + 0.95);
      text = g_strdup_printf (_("Epoch %u of %u, %s left"), MIN (self->epochs_done + 1, self->epochs_total),
                              self->epochs_total, left_text);
    }
  else
    {
      gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress));
      text = g_strdup_printf (_("Starting the first of %u epochs (%.0f s)…"), self->epochs_total, elapsed);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
      return;
    }
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), MIN (done / self->epochs_total, 1.0));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
}

static gboolean
tick_cb (gpointer data)
{
  update_progress (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_epoch (const LevEpochStats *st,
          gpointer             user_data)
{
  Run *run = user_data;
  g_autoptr(LevModelLab) self = g_weak_ref_get (&run->self);

  if (self == NULL || self->run != run || g_cancellable_is_cancelled (run->cancellable))
    return TRUE;
  self->epochs_done = st->epoch;
  self->progress_epochs = st->epoch;
  self->last_report_at = g_get_monotonic_time ();
  curves_trim_partial (self->curves->training, 0);
  curves_append (self, st->epoch, st->train_loss, st->val_loss, st->train_metric, st->val_metric);
  gtk_widget_queue_draw (self->chart_area);
  {
    /* What the chart shows, for screen readers and as a tooltip. */
    g_autofree char *desc = isnan (st->val_loss)
      ? g_strdup_printf (_("Epoch %u: training loss %.4f"), st->epoch, st->train_loss)
      : g_strdup_printf (_("Epoch %u: training loss %.4f, validation loss %.4f"), st->epoch, st->train_loss,
                         st->val_loss);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    desc, -1);
    gtk_widget_set_tooltip_text (self->chart_area, desc);
  }
  update_progress (self);
  return TRUE;
}

/* Within a long epoch: the running training figures at epoch + fraction;
 * no validation until the epoch ends. */
static void
on_batch (const LevBatchStats *st,
          gpointer             user_data)
{
  Run *run = user_data;
  g_autoptr(LevModelLab) self = g_weak_ref_get (&run->self);
  double x = st->epoch - 1 + st->fraction;

  if (self == NULL || self->run != run || g_cancellable_is_cancelled (run->cancellable))
    return;
  self->progress_epochs = x;
  self->last_report_at = g_get_monotonic_time ();
  curves_trim_partial (self->curves->training, x);
  curves_append (self, x, st->train_loss, NAN, st->train_metric, NAN);
  gtk_widget_queue_draw (self->chart_area);
  update_progress (self);
}

static void start_run (LevModelLab *self, Run *run);

static void
clear_confusion (LevModelLab *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->confusion_grid)) != NULL)
    gtk_grid_remove (GTK_GRID (self->confusion_grid), child);
}

static GtkWidget *
grid_label (const char *text,
            gboolean    heading,
            double      xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  return label;
}

static void
show_result (LevModelLab *self)
{
  const LevTrainResult *r = self->result;
  /* The model's own schema: another file may have been opened meanwhile. */
  const LevSchema *schema = r->model ? r->model->schema : NULL;
  gboolean regression = isnan (r->test_accuracy);
  g_autofree char *lines = NULL;
  g_autofree char *speed = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  const char *titles[] = {
    _("Epoch"), _("Loss"), regression ? _("R²") : _("Accuracy"), _("Validation loss"),
    regression ? _("Validation R²") : _("Validation accuracy"), _("Seconds"), _("Samples/s"),
  };

  /* The article's two lines, to four decimals. */
  if (regression)
    lines = g_strdup_printf (_("Test loss: %.4f\nTest R²: %.4f"), r->test_loss, r->test_r2);
  else
    lines = g_strdup_printf (_("Test loss: %.4f\nTest accuracy: %.4f"), r->test_loss, r->test_accuracy);
  gtk_label_set_text (GTK_LABEL (self->result_lines), lines);

  if (!isnan (r->test_auc))
    {
      g_autofree char *auc = g_strdup_printf (_("ROC AUC: %.4f"), r->test_auc);
      gtk_label_set_text (GTK_LABEL (self->auc_label), auc);
    }
  gtk_widget_set_visible (self->auc_label, !isnan (r->test_auc));

  speed = g_strdup_printf (_("Trained on %s in %.1f s: %.0f samples/s, %.2f GFLOP/s; %zu training, %zu test rows"),
                           r->device_name, r->seconds, r->samples_per_second, r->gflops, r->n_train, r->n_test);
  if (r->stopped_early)
    {
      g_autofree char *early = g_strdup_printf (_("%s. Stopped early; the model keeps epoch %u"), speed,
                                                r->best_epoch);
      g_free (speed);
      speed = g_steal_pointer (&early);
    }
  gtk_label_set_text (GTK_LABEL (self->speed_label), speed);

  clear_confusion (self);
  if (r->confusion != NULL && schema != NULL && schema->classes != NULL)
    {
      guint k = r->n_classes;

      gtk_grid_attach (GTK_GRID (self->confusion_grid), grid_label (_("True \\ predicted"), TRUE, 0), 0, 0, 1, 1);
      for (guint j = 0; j < k; j++)
        gtk_grid_attach (GTK_GRID (self->confusion_grid), grid_label (schema->classes[j], TRUE, 1), j + 1, 0, 1, 1);
      for (guint i = 0; i < k; i++)
        {
          gtk_grid_attach (GTK_GRID (self->confusion_grid), grid_label (schema->classes[i], TRUE, 0), 0, i + 1, 1, 1);
          for (guint j = 0; j < k; j++)
            {
              g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, r->confusion[i * k + j]);
              gtk_grid_attach (GTK_GRID (self->confusion_grid), grid_label (n, FALSE, 1), j + 1, i + 1, 1, 1);
            }
        }
    }
  gtk_widget_set_visible (self->confusion_grid, r->confusion != NULL);

  for (guint i = 0; i < r->history->len; i++)
    {
      const LevEpochStats *st = &g_array_index (r->history, LevEpochStats, i);
      char **cells = g_new0 (char *, G_N_ELEMENTS (titles) + 1);

      cells[0] = g_strdup_printf ("%u%s", st->epoch, st->epoch == r->best_epoch && r->stopped_early ? " *" : "");
      cells[1] = g_strdup_printf ("%.4f", st->train_loss);
      cells[2] = g_strdup_printf ("%.4f", st->train_metric);
      cells[3] = isnan (st->val_loss) ? g_strdup ("—") : g_strdup_printf ("%.4f", st->val_loss);
      cells[4] = isnan (st->val_metric) ? g_strdup ("—") : g_strdup_printf ("%.4f", st->val_metric);
      cells[5] = g_strdup_printf ("%.2f", st->seconds);
      cells[6] = g_strdup_printf ("%.0f", st->samples_per_second);
      g_ptr_array_add (rows, cells);
    }
  table_set (GTK_COLUMN_VIEW (self->epoch_view), titles, G_N_ELEMENTS (titles), NULL, rows);
  gtk_widget_set_visible (self->results_box, TRUE);
}

static void
set_status (LevModelLab *self,
            const char  *text)
{
  gtk_label_set_text (GTK_LABEL (self->status_label), text ? text : "");
  gtk_widget_set_visible (self->status_label, text != NULL && *text != '\0');
}

static void
set_fallback (LevModelLab *self,
              const char  *text)
{
  g_free (self->fallback);
  self->fallback = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->fallback_label), text ? text : "");
  gtk_widget_set_visible (self->fallback_label, text != NULL);
}

static void
finish_run (LevModelLab *self)
{
  g_clear_pointer (&self->run, run_unref);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  update_sensitivity (self);
}

static void
on_trained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(LevModelLab) self = g_weak_ref_get (&run->self);
  g_autoptr(GError) error = NULL;
  LevTrainResult *r = lev_train_finish (result, &error);

  if (self == NULL || self->run != run)
    {
      g_clear_pointer (&r, lev_train_result_free);
      run_unref (run);
      return;
    }
  if (r == NULL && error->domain == LEV_BACKEND_ERROR && self->epochs_done == 0 &&
      !g_str_equal (run->backend_name, "cpu") && !run->on_cpu_after_failure)
    {
      /* The device could not even start (no device, kernels did not
       * build): train on the CPU and say why. */
      g_autofree char *note = g_strdup_printf (_("OpenCL could not be used (%s); training on the CPU instead."),
                                               error->message);
      Run *again = g_atomic_rc_box_new0 (Run);

      set_fallback (self, note);
      g_weak_ref_init (&again->self, self);
      again->data = g_atomic_rc_box_acquire (run->data);
      again->cancellable = g_object_ref (run->cancellable);
      again->backend_name = g_strdup ("cpu");
      again->options = run->options;
      again->on_cpu_after_failure = TRUE;
      g_clear_pointer (&self->run, run_unref);
      run_unref (run);
      start_run (self, again);
      return;
    }
  if (r == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        text = g_strdup_printf (_("Cancelled after %u of %u epochs"), self->epochs_done, self->epochs_total);
      else
        {
          text = g_strdup (error->message);
          toast (self, error->message, TRUE);
        }
      set_status (self, text);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
      finish_run (self);
      run_unref (run);
      return;
    }

  g_clear_pointer (&self->result, lev_train_result_free);
  self->result = r;
  if (r->fallback_reason != NULL)
    set_fallback (self, r->fallback_reason);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 1.0);
  {
    g_autofree char *text = g_strdup_printf (_("Trained %u epochs in %.1f s"), r->history->len, r->seconds);
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
    set_status (self, NULL);
  }
  show_result (self);
  update_use_label (self);
  finish_run (self);
  run_unref (run);
}

static void
start_run (LevModelLab *self,
           Run         *run)
{
  self->run = run;
  self->epochs_done = 0;
  self->progress_epochs = 0;
  self->epochs_total = run->options.epochs;
  self->run_started = self->last_report_at = g_get_monotonic_time ();
  curves_reset (self, run->data->dataset->schema->target == LEV_TARGET_REGRESSION);
  gtk_widget_set_visible (self->chart_card, TRUE);
  gtk_widget_queue_draw (self->chart_area);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  update_progress (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  update_sensitivity (self);
  {
    LevTrainMonitor monitor = { .epoch = on_epoch, .batch = on_batch, .user_data = run_ref (run),
                                .batch_every = self->report_batches };

    lev_train_async_full (run->data->dataset, &run->options, run->backend_name, run->device_id, &monitor,
                          run_unref, run->cancellable, on_trained, run_ref (run));
  }
}

static void
action_train (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  const char *id = chosen_device_id (self);
  Run *run;

  if (self->run != NULL || self->data == NULL || self->loading)
    return;
  run = g_atomic_rc_box_new0 (Run);
  g_weak_ref_init (&run->self, self);
  run->data = g_atomic_rc_box_acquire (self->data);
  run->cancellable = g_cancellable_new ();
  lev_model_lab_get_options (self, &run->options);
  if (*id == '\0')
    run->backend_name = g_strdup ("auto");
  else if (g_str_equal (id, "cpu"))
    run->backend_name = g_strdup ("cpu");
  else
    {
      run->backend_name = g_strdup ("opencl");
      run->device_id = g_strdup (id);
    }
  set_fallback (self, NULL);
  set_status (self, NULL);
  start_run (self, run);
}

static void
action_cancel (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);

  /* The page turns idle when the worker answers, within one batch. */
  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
}

/* ---------------------------------------------------------------- */
/* Results: save, predict, export, into the plan. */

static void
model_chosen (LevWindow *window,
              GFile     *file,
              gpointer   data)
{
  g_autoptr(LevModelLab) self = data;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  if (self->result == NULL || path == NULL)
    return;
  if (!lev_model_save (self->result->model, path, &error))
    lev_window_show_toast (window, error->message, TRUE);
  else
    {
      g_autofree char *msg = g_strdup_printf (_("Model saved to %s"), path);
      lev_window_show_toast (window, msg, FALSE);
    }
}

static void
action_save_model (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  LevWindow *window = get_window (self);

  if (window != NULL && self->result != NULL)
    lev_window_choose_save_file (window, _("Save Model"), "model.json", model_chosen, g_object_ref (self),
                                 g_object_unref);
}

typedef struct {
  LevModelLab *self;
  GFile       *input;
} PredictRequest;

static void
predict_request_free (PredictRequest *req)
{
  g_object_unref (req->self);
  g_object_unref (req->input);
  g_free (req);
}

static void
predictions_chosen (LevWindow *window,
                    GFile     *file,
                    gpointer   data)
{
  PredictRequest *req = data;
  g_autofree char *in = g_file_get_path (req->input);
  g_autofree char *out = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  double accuracy = NAN;

  if (req->self->result != NULL && in != NULL && out != NULL)
    {
      if (!lev_lab_predict_csv (req->self->result->model, in, out, &n, &accuracy, &error))
        lev_window_show_toast (window, error->message, TRUE);
      else
        {
          g_autofree char *msg = isnan (accuracy)
            ? g_strdup_printf (_("%zu predictions written"), n)
            : g_strdup_printf (_("%zu predictions written; accuracy on the labelled rows %.4f"), n, accuracy);
          lev_window_show_toast (window, msg, FALSE);
        }
    }
  predict_request_free (req);
}

static void
predict_input_chosen (LevWindow *window,
                      GFile     *file,
                      gpointer   data)
{
  PredictRequest *req = g_new0 (PredictRequest, 1);
  g_autofree char *base = g_file_get_basename (file);
  g_autofree char *stem = g_strndup (base, strcspn (base, "."));
  g_autofree char *name = g_strdup_printf ("%s-predictions.csv", stem);

  req->self = data;   /* takes the reference */
  req->input = g_object_ref (file);
  lev_window_choose_save_file (window, _("Save Predictions"), name, predictions_chosen, req,
                               (GDestroyNotify) predict_request_free);
}

static void
action_predict (GtkWidget  *widget,
                const char *name,
                GVariant   *param)
{
  static const char *const patterns[] = { "*.csv", "*.tsv", "*.txt", NULL };
  LevModelLab *self = LEV_MODEL_LAB (widget);
  LevWindow *window = get_window (self);

  if (window != NULL && self->result != NULL)
    lev_window_choose_open_file (window, _("Predict on a CSV"), _("CSV files"), patterns,
                                 predict_input_chosen, g_object_ref (self), g_object_unref);
}

gboolean
lev_model_lab_export_chart (LevModelLab       *self,
                            LevChartFormat     format,
                            LevChartStyleKind  style_kind,
                            LevTheme           theme,
                            double             scale,
                            const char        *path,
                            GError           **error)
{
  LevChartStyle style;
  gboolean deck = style_kind == LEV_CHART_STYLE_DECK;

  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  if (self->curves == NULL || !lev_chart_set_has (self->curves, LEV_CHART_TRAINING))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There are no training curves yet"));
      return FALSE;
    }
  lev_chart_style_init (&style, style_kind, theme);
  return lev_chart_export (self->curves, LEV_CHART_TRAINING, &style, format,
                           deck ? LEV_CHART_DECK_WIDTH : LEV_CHART_SCREEN_WIDTH,
                           deck ? LEV_CHART_DECK_HEIGHT : LEV_CHART_SCREEN_HEIGHT, scale, path, error);
}

static gboolean
export_chart (GtkWidget              *owner,
              LevChartKind            kind,
              GFile                  *file,
              const LevExportChoice  *choice,
              GError                **error)
{
  g_autofree char *path = g_file_get_path (file);

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be written"));
      return FALSE;
    }
  return lev_model_lab_export_chart (LEV_MODEL_LAB (owner), choice->format, choice->style, choice->theme,
                                     choice->scale, path, error);
}

static void
action_export (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);

  if (self->curves != NULL)
    lev_export_dialog_present (widget, LEV_CHART_TRAINING, "training-curves", export_chart);
}

/* The throughput the plan gets: the GEMM benchmark of the device that
 * trained when it was benchmarked (large products, like a language
 * model's), otherwise what the training itself achieved. */
static gboolean
measured_throughput (LevModelLab  *self,
                     const char  **device,
                     double       *gflops,
                     gboolean     *from_bench)
{
  BenchRow *b = NULL;

  if (self->result != NULL)
    {
      b = find_bench (self, self->result->device_name);
      *device = self->result->device_name;
      *gflops = b ? b->gflops : self->result->gflops;
      *from_bench = b != NULL;
      return *gflops > 0;
    }
  return FALSE;
}

static void
update_use_label (LevModelLab *self)
{
  const char *device = NULL;
  double gflops = 0;
  gboolean from_bench = FALSE;
  g_autofree char *text = NULL;

  if (measured_throughput (self, &device, &gflops, &from_bench))
    text = from_bench
      ? g_strdup_printf (_("Sets the compute plan's accelerator to %s at the %.2f GFLOP/s its benchmark "
                           "measured, with MFU 1 (the figure is already achieved, not peak)."), device, gflops)
      : g_strdup_printf (_("Sets the compute plan's accelerator to %s at the %.2f GFLOP/s this training "
                           "achieved, with MFU 1 (the figure is already achieved, not peak). Benchmark the "
                           "devices for a figure from larger matrix products."), device, gflops);
  gtk_label_set_text (GTK_LABEL (self->use_label), text ? text : "");
}

static void
action_use_throughput (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  LevWindow *window = get_window (self);
  LevScenario *scenario;
  LevUndoStack *undo;
  LevArea *area;
  LevComputePlan *old;
  g_autoptr(LevComputePlan) plan = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *accelerator = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *date = NULL;
  g_autofree char *msg = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  const char *device = NULL;
  double gflops = 0;
  gboolean from_bench = FALSE;
  LevNumber peak, mfu;

  if (window == NULL || !measured_throughput (self, &device, &gflops, &from_bench))
    return;
  scenario = lev_window_get_scenario (window);
  undo = lev_window_get_undo_stack (window);
  if (scenario == NULL || undo == NULL)
    return;
  area = lev_scenario_get_area (scenario, LEV_AREA_COMPUTE);
  old = lev_area_get_plan (area);
  if (old != NULL)
    plan = lev_compute_plan_duplicate (old);
  else
    {
      /* A plan needs a model to cost: a 7B model on the compute-optimal
       * 20 tokens per parameter (Chinchilla), the founder edits it. */
      LevNumber params = lev_number_point (7e9), tokens = lev_number_point (1.4e11);
      LevNumber price = lev_number_point (0);

      plan = lev_compute_plan_new ();
      lev_compute_plan_set_number (plan, LEV_PLAN_PARAMETERS, &params);
      lev_compute_plan_set_number (plan, LEV_PLAN_TOKENS, &tokens);
      lev_compute_plan_set_number (plan, LEV_PLAN_PRICE_PER_HOUR, &price);
    }
  accelerator = g_utf8_substring (device, 0, MIN (g_utf8_strlen (device, -1), MAX_PLAN_NAME));
  lev_compute_plan_set_accelerator (plan, accelerator);
  peak = lev_number_point (gflops * 1e9);
  mfu = lev_number_point (1);
  lev_compute_plan_set_number (plan, LEV_PLAN_PEAK_FLOPS, &peak);
  lev_compute_plan_set_number (plan, LEV_PLAN_MFU, &mfu);
  date = g_date_time_format (now, "%Y-%m-%d");
  notes = g_strdup_printf ("%s%sPeak FLOP/s measured by the Model Lab on %s: %.3f GFLOP/s on %s (%s); "
                           "MFU 1 because the figure is already achieved throughput.",
                           old && lev_compute_plan_get_notes (old) && *lev_compute_plan_get_notes (old)
                             ? lev_compute_plan_get_notes (old) : "",
                           old && lev_compute_plan_get_notes (old) && *lev_compute_plan_get_notes (old)
                             ? "\n" : "",
                           date, gflops, device, from_bench ? "GEMM benchmark" : "training");
  lev_compute_plan_set_notes (plan, notes);

  /* One step on the undo stack, whether the plan is new or replaced. */
  g_value_init (&value, LEV_TYPE_COMPUTE_PLAN);
  g_value_set_object (&value, plan);
  lev_undo_set_property (undo, G_OBJECT (area), "plan", &value);
  msg = g_strdup_printf (_("The compute plan now uses %s at %.2f GFLOP/s"), accelerator, gflops);
  toast (self, msg, FALSE);
}

/* ---------------------------------------------------------------- */

static void
update_sensitivity (LevModelLab *self)
{
  gboolean training = self->run != NULL;
  gboolean busy = training || self->loading;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.train", !busy && self->data != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.cancel", training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.choose", !training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.benchmark",
                                 self->devices_scanned && !self->benchmarking && !training);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.save-model", !training && self->result != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.predict", !training && self->result != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.export-chart", self->curves != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.use-throughput", !training && self->result != NULL);
  gtk_widget_set_sensitive (self->target_row, !training && self->preview != NULL);
  gtk_widget_set_sensitive (self->task_row, !training && self->preview != NULL);
  gtk_widget_set_sensitive (self->missing_row, !training);
  gtk_widget_set_sensitive (self->onehot_switch, !training);
  gtk_widget_set_sensitive (self->device_row, !training && self->devices_scanned);
  gtk_widget_set_visible (self->cancel_button, training);
  gtk_widget_set_visible (self->placeholder, self->csv_path == NULL);
  gtk_widget_set_visible (self->train_bar, self->csv_path != NULL);
  gtk_widget_set_visible (self->progress, training || self->curves != NULL);
}

static void
on_map (LevModelLab *self)
{
  scan_devices (self);
}

static void
on_dark_changed (LevModelLab *self)
{
  gtk_widget_queue_draw (self->chart_area);
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

static GtkWidget *
button_new (const char *label,
            const char *action,
            const char *css)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (css != NULL)
    gtk_widget_add_css_class (button, css);
  return button;
}

static GtkWidget *
card_new (void)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_add_css_class (card, "card");
  return card;
}

static GtkWidget *
wrapped_label (const char *css)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
build_left (LevModelLab *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *data = group_new (_("Data"), _("A CSV file with a header row; drop one on the window or choose it."));
  GtkWidget *settings = group_new (_("Settings"), _("The defaults are the article's Keras program."));
  GtkWidget *device = group_new (_("Device"), NULL);
  GtkWidget *row, *buttons;
  const char *task_labels[] = { _("Binary classification"), _("Multiclass classification"), _("Regression"), NULL };
  const char *missing_labels[] = { _("Refuse"), _("Drop the row"), _("Column mean"), NULL };
  const char *activation_labels[] = { "ReLU", "tanh", "sigmoid", "GELU", NULL };
  const char *optimizer_labels[] = { "Adam", _("SGD with momentum"), NULL };
  const char *device_labels[] = { _("Automatic (a GPU when there is one)"), _("CPU backend"), NULL };

  /* Data */
  self->choose_button = button_new (_("_Choose CSV…"), "lab.choose", "flat");
  gtk_widget_set_valign (self->choose_button, GTK_ALIGN_CENTER);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (data), self->choose_button);
  self->file_row = adw_action_row_new ();
  /* File names are text, not Pango markup ("R&D <2026>.csv"). */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->file_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), _("No file chosen"));
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->file_row), 2);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (data), self->file_row);
  self->target_row = adw_combo_row_new ();
  self->target_names = gtk_string_list_new (NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->target_row), _("Target column"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->target_row), G_LIST_MODEL (self->target_names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (data), self->target_row);
  self->task_row = combo_row (data, _("Task"), NULL, task_labels);
  self->missing_row = combo_row (data, _("Missing values"), _("Refusing names the row of each gap"),
                                 missing_labels);
  self->onehot_switch = switch_row (data, _("Encode text columns"),
                                    _("One column per value, for columns with few values"));
  self->summary_label = wrapped_label ("dim-label");
  gtk_widget_set_margin_top (self->summary_label, 6);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (data), self->summary_label);

  /* Settings */
  /* The layer editor wraps under its title: fifteen layers fit. */
  row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Hidden layers"));
  {
    GtkWidget *inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
    GtkWidget *title = gtk_label_new (_("Hidden layers"));
    GtkWidget *subtitle = gtk_label_new (_("Units per layer, input side first"));

    gtk_label_set_xalign (GTK_LABEL (title), 0);
    gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
    gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
    gtk_widget_add_css_class (subtitle, "dim-label");
    gtk_widget_add_css_class (subtitle, "caption");
    gtk_widget_set_margin_start (inner, 12);
    gtk_widget_set_margin_end (inner, 12);
    gtk_widget_set_margin_top (inner, 8);
    gtk_widget_set_margin_bottom (inner, 8);
    self->layers_box = gtk_flow_box_new ();
    gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->layers_box), GTK_SELECTION_NONE);
    gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (self->layers_box), 16);
    gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->layers_box), 4);
    gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (self->layers_box), 4);
    gtk_box_append (GTK_BOX (inner), title);
    gtk_box_append (GTK_BOX (inner), subtitle);
    gtk_box_append (GTK_BOX (inner), self->layers_box);
    gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), inner);
    gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  }
  self->remove_layer = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_tooltip_text (self->remove_layer, _("Remove the last layer"));
  gtk_widget_add_css_class (self->remove_layer, "flat");
  self->add_layer = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_tooltip_text (self->add_layer, _("Add a layer"));
  gtk_widget_add_css_class (self->add_layer, "flat");
  {
    GtkWidget *pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
    gtk_box_append (GTK_BOX (pair), self->remove_layer);
    gtk_box_append (GTK_BOX (pair), self->add_layer);
    gtk_flow_box_append (GTK_FLOW_BOX (self->layers_box), pair);
  }
  g_signal_connect_swapped (self->add_layer, "clicked", G_CALLBACK (on_add_layer), self);
  g_signal_connect_swapped (self->remove_layer, "clicked", G_CALLBACK (on_remove_layer), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (settings), row);
  self->activation_row = combo_row (settings, _("Activation"), NULL, activation_labels);
  self->epochs_spin = spin_row (settings, _("Epochs"), NULL, 1, 100000, 1, 0);
  self->batch_spin = spin_row (settings, _("Batch size"), NULL, 1, 65536, 1, 0);
  self->lr_spin = spin_row (settings, _("Learning rate"), NULL, 0.00001, 10, 0.0001, 5);
  self->optimizer_row = combo_row (settings, _("Optimizer"), NULL, optimizer_labels);
  self->test_split_spin = spin_row (settings, _("Test split"), _("Share of rows held out for the test"),
                                    0.05, 0.9, 0.05, 2);
  self->seed_spin = spin_row (settings, _("Seed"), NULL, 0, G_MAXINT32, 1, 0);
  self->standardize_switch = switch_row (settings, _("Standardise features"),
                                         _("Mean 0 and variance 1, fitted on the training rows"));
  self->l2_spin = spin_row (settings, _("L2 penalty"), NULL, 0, 1, 0.0001, 5);
  self->dropout_spin = spin_row (settings, _("Dropout"), NULL, 0, 0.9, 0.05, 2);
  self->patience_spin = spin_row (settings, _("Early stopping"),
                                  _("Epochs without a better validation loss before stopping; 0 is off"),
                                  0, 1000, 1, 0);
  self->reset_button = gtk_button_new_with_mnemonic (_("_Reset to the Article's Defaults"));
  gtk_widget_set_halign (self->reset_button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->reset_button, 12);
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (on_reset), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (settings), self->reset_button);

  /* Device */
  self->device_row = adw_combo_row_new ();
  self->device_labels = gtk_string_list_new (device_labels);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->device_row), _("Train on"));
  adw_combo_row_set_model (ADW_COMBO_ROW (self->device_row), G_LIST_MODEL (self->device_labels));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (device), self->device_row);
  self->device_note = wrapped_label ("dim-label");
  gtk_widget_set_margin_top (self->device_note, 6);
  gtk_widget_set_visible (self->device_note, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (device), self->device_note);
  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_top (buttons, 12);
  self->bench_button = button_new (_("_Benchmark Devices"), "lab.benchmark", NULL);
  gtk_box_append (GTK_BOX (buttons), self->bench_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (device), buttons);
  self->bench_label = wrapped_label (NULL);
  gtk_widget_set_margin_top (self->bench_label, 6);
  gtk_widget_set_visible (self->bench_label, FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (device), self->bench_label);

  gtk_box_append (GTK_BOX (box), data);
  gtk_box_append (GTK_BOX (box), settings);
  gtk_box_append (GTK_BOX (box), device);
  return box;
}

static GtkWidget *
build_right (LevModelLab *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *scroller, *heading, *actions, *icon;

  /* Before any file: what the page is for. */
  self->placeholder = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->placeholder), "applications-science-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->placeholder), _("Train a Network on Your Data"));
  adw_status_page_set_description (ADW_STATUS_PAGE (self->placeholder),
                                   _("Choose a CSV file or drop one on the window. The column named "
                                     "“label” is the target, as in the article; train, watch it learn, "
                                     "then use the measured speed in the compute plan."));
  {
    GtkWidget *choose = button_new (_("_Choose CSV…"), "lab.choose", "suggested-action");
    gtk_widget_add_css_class (choose, "pill");
    gtk_widget_set_halign (choose, GTK_ALIGN_CENTER);
    adw_status_page_set_child (ADW_STATUS_PAGE (self->placeholder), choose);
  }
  gtk_box_append (GTK_BOX (box), self->placeholder);

  /* Problems with the file, where the eye goes first. */
  self->problems_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->problems_box, "card");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_start (icon, 12);
  gtk_widget_set_margin_top (icon, 12);
  self->problems_label = wrapped_label ("error");
  gtk_widget_set_margin_top (self->problems_label, 12);
  gtk_widget_set_margin_bottom (self->problems_label, 12);
  gtk_widget_set_margin_end (self->problems_label, 12);
  gtk_widget_set_hexpand (self->problems_label, TRUE);
  gtk_box_append (GTK_BOX (self->problems_box), icon);
  gtk_box_append (GTK_BOX (self->problems_box), self->problems_label);
  gtk_widget_set_visible (self->problems_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->problems_box);

  /* The first rows, each column with the kind it looks like. */
  self->preview_card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  heading = gtk_label_new (_("First 100 rows"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->preview_card), heading);
  self->preview_view = gtk_column_view_new (NULL);
  gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (self->preview_view), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->preview_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("First 100 rows"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->preview_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 180);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (self->preview_card), scroller);
  gtk_widget_set_visible (self->preview_card, FALSE);
  gtk_box_append (GTK_BOX (box), self->preview_card);

  /* Train / Cancel and the progress. */
  self->train_button = button_new (_("_Train"), "lab.train", "suggested-action");
  self->cancel_button = button_new (_("_Cancel"), "lab.cancel", "destructive-action");
  self->progress = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (self->progress), TRUE);
  gtk_widget_set_hexpand (self->progress, TRUE);
  gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
  self->train_bar = bar;
  gtk_box_append (GTK_BOX (bar), self->train_button);
  gtk_box_append (GTK_BOX (bar), self->cancel_button);
  gtk_box_append (GTK_BOX (bar), self->progress);
  gtk_box_append (GTK_BOX (box), bar);
  self->status_label = wrapped_label (NULL);
  gtk_widget_set_visible (self->status_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->status_label);
  self->fallback_label = wrapped_label ("warning");
  gtk_widget_set_visible (self->fallback_label, FALSE);
  gtk_box_append (GTK_BOX (box), self->fallback_label);

  /* Live curves, drawn by the same function as every export. */
  self->chart_card = card_new ();
  self->chart_area = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->chart_area), 300);
  gtk_widget_set_hexpand (self->chart_area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart_area), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  lev_chart_kind_title (LEV_CHART_TRAINING), -1);
  gtk_box_append (GTK_BOX (self->chart_card), self->chart_area);
  gtk_widget_set_visible (self->chart_card, FALSE);
  gtk_box_append (GTK_BOX (box), self->chart_card);

  /* Results */
  self->results_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  heading = gtk_label_new (_("Results"));
  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->results_box), heading);
  self->result_lines = wrapped_label ("monospace");
  gtk_widget_add_css_class (self->result_lines, "title-4");
  gtk_box_append (GTK_BOX (self->results_box), self->result_lines);
  self->auc_label = wrapped_label ("monospace");
  gtk_box_append (GTK_BOX (self->results_box), self->auc_label);
  self->speed_label = wrapped_label ("dim-label");
  gtk_box_append (GTK_BOX (self->results_box), self->speed_label);
  heading = gtk_label_new (_("Confusion matrix (test rows)"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->results_box), heading);
  self->confusion_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->confusion_grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->confusion_grid), 4);
  gtk_widget_set_halign (self->confusion_grid, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->results_box), self->confusion_grid);
  heading = gtk_label_new (_("By epoch"));
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (GTK_BOX (self->results_box), heading);
  self->epoch_view = gtk_column_view_new (NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->epoch_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("By epoch"), -1);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->epoch_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (self->results_box), scroller);

  actions = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (actions), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (actions), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (actions), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (actions), 6);
  self->save_button = button_new (_("_Save Model…"), "lab.save-model", NULL);
  self->predict_button = button_new (_("_Predict on a CSV…"), "lab.predict", NULL);
  self->export_button = button_new (_("_Export Chart…"), "lab.export-chart", NULL);
  self->use_button = button_new (_("_Use Measured Throughput"), "lab.use-throughput", "suggested-action");
  gtk_flow_box_append (GTK_FLOW_BOX (actions), self->save_button);
  gtk_flow_box_append (GTK_FLOW_BOX (actions), self->predict_button);
  gtk_flow_box_append (GTK_FLOW_BOX (actions), self->export_button);
  gtk_flow_box_append (GTK_FLOW_BOX (actions), self->use_button);
  gtk_widget_set_margin_top (actions, 6);
  gtk_box_append (GTK_BOX (self->results_box), actions);
  self->use_label = wrapped_label ("dim-label");
  gtk_box_append (GTK_BOX (self->results_box), self->use_label);
  gtk_widget_set_visible (self->results_box, FALSE);
  gtk_box_append (GTK_BOX (box), self->results_box);
  return box;
}

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_widget_set_margin_start (child, 18);
  gtk_widget_set_margin_end (child, 18);
  gtk_widget_set_margin_top (child, 18);
  gtk_widget_set_margin_bottom (child, 18);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  return scroller;
}

static void
lev_model_lab_dispose (GObject *object)
{
  LevModelLab *self = (LevModelLab *) object;

  /* Workers may still answer; the widgets they would touch are going.
   * Nor may the rows' own teardown read as the user's choices. */
  self->disposed = TRUE;
  self->syncing = TRUE;
  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
  g_clear_pointer (&self->run, run_unref);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (adw_style_manager_get_default (), self);
  g_clear_pointer (&self->paned, gtk_widget_unparent);
  g_clear_object (&self->target_names);
  g_clear_object (&self->device_labels);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lev_model_lab_parent_class)->dispose (object);
}

static void
lev_model_lab_finalize (GObject *object)
{
  LevModelLab *self = (LevModelLab *) object;

  g_free (self->csv_path);
  g_free (self->problems);
  g_free (self->fallback);
  g_free (self->device_choice);
  g_clear_pointer (&self->preview, lev_lab_preview_free);
  g_clear_pointer (&self->data, lab_data_unref);
  g_clear_pointer (&self->curves, lev_chart_set_free);
  g_clear_pointer (&self->result, lev_train_result_free);
  g_clear_pointer (&self->layer_spins, g_ptr_array_unref);
  g_clear_pointer (&self->device_ids, g_ptr_array_unref);
  g_clear_pointer (&self->bench, g_ptr_array_unref);
  G_OBJECT_CLASS (lev_model_lab_parent_class)->finalize (object);
}

static void
lev_model_lab_class_init (LevModelLabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lev_model_lab_dispose;
  object_class->finalize = lev_model_lab_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "lab.choose", NULL, action_choose);
  gtk_widget_class_install_action (widget_class, "lab.train", NULL, action_train);
  gtk_widget_class_install_action (widget_class, "lab.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "lab.benchmark", NULL, action_benchmark);
  gtk_widget_class_install_action (widget_class, "lab.save-model", NULL, action_save_model);
  gtk_widget_class_install_action (widget_class, "lab.predict", NULL, action_predict);
  gtk_widget_class_install_action (widget_class, "lab.export-chart", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "lab.use-throughput", NULL, action_use_throughput);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "lab.cancel", NULL);
}

static void
lev_model_lab_init (LevModelLab *self)
{
  GtkWidget *left, *right;
  LevTrainOptions defaults;

  self->layer_spins = g_ptr_array_new ();
  self->device_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->device_ids, g_strdup (""));
  g_ptr_array_add (self->device_ids, g_strdup ("cpu"));
  g_ptr_array_add (self->device_ids, NULL);
  self->settings = lev_settings_get ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::opencl-device", G_CALLBACK (on_device_setting_changed),
                             self, G_CONNECT_SWAPPED);

  left = scrolled (build_left (self));
  right = scrolled (build_right (self));
  gtk_widget_set_size_request (left, 380, -1);
  self->paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_start_child (GTK_PANED (self->paned), left);
  gtk_paned_set_end_child (GTK_PANED (self->paned), right);
  gtk_paned_set_resize_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (self->paned), FALSE);
  gtk_paned_set_position (GTK_PANED (self->paned), 420);
  gtk_widget_set_parent (self->paned, GTK_WIDGET (self));

  lev_train_options_init (&defaults);
  set_options (self, &defaults);

  g_signal_connect_swapped (self->target_row, "notify::selected", G_CALLBACK (on_target_changed), self);
  g_signal_connect_swapped (self->task_row, "notify::selected", G_CALLBACK (on_task_changed), self);
  g_signal_connect_swapped (self->missing_row, "notify::selected", G_CALLBACK (on_reading_changed), self);
  g_signal_connect_swapped (self->onehot_switch, "notify::active", G_CALLBACK (on_reading_changed), self);
  g_signal_connect_swapped (self->device_row, "notify::selected", G_CALLBACK (on_device_selected), self);
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map), self);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (on_dark_changed), self);

  update_sensitivity (self);
}

GtkWidget *
lev_model_lab_new (void)
{
  return g_object_new (LEV_TYPE_MODEL_LAB, NULL);
}

/* ---------------------------------------------------------------- */
/* For tests and screen readers. */

gboolean
lev_model_lab_is_loading (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return self->loading;
}

gboolean
lev_model_lab_is_training (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return self->run != NULL;
}

gboolean
lev_model_lab_has_devices (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return self->devices_scanned;
}

gboolean
lev_model_lab_is_benchmarking (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return self->benchmarking;
}

const LevLabPreview *
lev_model_lab_get_preview (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->preview;
}

const LevDataset *
lev_model_lab_get_dataset (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->data ? self->data->dataset : NULL;
}

const char *
lev_model_lab_get_problems (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->problems;
}

const LevChartSet *
lev_model_lab_get_curves (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->curves;
}

void
lev_model_lab_set_report_batches (LevModelLab *self,
                                  guint        batches)
{
  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  self->report_batches = batches;
}

const LevTrainResult *
lev_model_lab_get_result (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->result;
}

const char *
lev_model_lab_get_result_lines (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->result ? gtk_label_get_text (GTK_LABEL (self->result_lines)) : NULL;
}

const char *
lev_model_lab_get_fallback (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return self->fallback;
}

const char *
lev_model_lab_get_device_note (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return gtk_widget_get_visible (self->device_note) ? gtk_label_get_text (GTK_LABEL (self->device_note)) : NULL;
}

const char * const *
lev_model_lab_get_device_ids (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return (const char * const *) self->device_ids->pdata;
}

GtkWidget *
lev_model_lab_get_control (LevModelLab *self,
                           const char  *name)
{
  struct { const char *name; GtkWidget *widget; } controls[] = {
    { "choose", self->choose_button }, { "target", self->target_row }, { "task", self->task_row },
    { "missing", self->missing_row }, { "one-hot", self->onehot_switch }, { "layers", self->layers_box },
    { "add-layer", self->add_layer }, { "remove-layer", self->remove_layer },
    { "activation", self->activation_row }, { "epochs", self->epochs_spin }, { "batch", self->batch_spin },
    { "learning-rate", self->lr_spin }, { "optimizer", self->optimizer_row },
    { "test-split", self->test_split_spin }, { "seed", self->seed_spin },
    { "standardize", self->standardize_switch }, { "l2", self->l2_spin }, { "dropout", self->dropout_spin },
    { "patience", self->patience_spin }, { "reset", self->reset_button }, { "device", self->device_row },
    { "benchmark", self->bench_button }, { "bench-results", self->bench_label }, { "train", self->train_button }, { "cancel", self->cancel_button },
    { "progress", self->progress }, { "fallback", self->fallback_label }, { "save-model", self->save_button }, { "predict", self->predict_button },
    { "export-chart", self->export_button }, { "use-throughput", self->use_button },
    { "epoch-table", self->epoch_view }, { "preview-table", self->preview_view },
    { "confusion", self->confusion_grid },
  };

  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  for (guint i = 0; i < G_N_ELEMENTS (controls); i++)
    if (g_str_equal (controls[i].name, name))
      return controls[i].widget;
  return NULL;
}
