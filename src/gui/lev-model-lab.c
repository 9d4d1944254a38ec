/* lev-model-lab.c: the Model Lab page, which composes its sections and
 * passes between them what one needs from another: the dataset and the
 * settings to the run, the run's result to the results, the measured
 * throughput to the compute plan. A new file drops everything the last
 * one produced, so nothing on the page speaks of a file no longer open. */
#define G_LOG_DOMAIN "lev-model-lab"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-export-dialog.h"
#include "lev-lab-table.h"
#include "lev-model-lab.h"
#include "lev-window.h"

#define MAX_PLAN_NAME 200

struct _LevModelLab
{
  GtkWidget             parent_instance;

  /* Template */
  GtkWidget            *paned;
  GtkWidget            *right_scroller;
  LevLabDataSection    *data_section;
  LevLabSettingsSection *settings_section;
  LevLabDeviceSection  *device_section;
  GtkWidget            *placeholder;
  GtkWidget            *problems_box;
  GtkWidget            *problems_label;
  GtkWidget            *preview_card;
  GtkWidget            *preview_view;
  LevLabRunSection     *run_section;
  LevLabResultsSection *results_section;

  gboolean              measuring;
};

G_DEFINE_FINAL_TYPE (LevModelLab, lev_model_lab, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static void
update_actions (LevModelLab *self)
{
  gboolean running = lev_lab_run_section_get_running (self->run_section);
  gboolean loading = lev_lab_data_section_get_loading (self->data_section);
  gboolean result = lev_lab_results_section_get_result (self->results_section) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.train",
                                 !running && !loading && lev_lab_data_section_get_data (self->data_section));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.choose", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.export-chart",
                                 lev_lab_run_section_get_curves (self->run_section) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "lab.use-throughput",
                                 !running && result && !self->measuring &&
                                 !lev_lab_device_section_get_benchmarking (self->device_section));
}

/* ---------------------------------------------------------------- */
/* The file. */

static void
show_preview (LevModelLab *self)
{
  const LevLabPreview *pv = lev_lab_data_section_get_preview (self->data_section);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree gboolean *numeric = NULL;

  if (pv == NULL)
    {
      lev_lab_table_set (GTK_COLUMN_VIEW (self->preview_view), NULL, 0, NULL, NULL);
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
  lev_lab_table_set (GTK_COLUMN_VIEW (self->preview_view), (const char *const *) titles->pdata, titles->len,
                     numeric, rows);
  gtk_widget_set_visible (self->preview_card, TRUE);
}

/* Another file: the last one's run, curves and model are gone with it. */
static void
on_file_changed (LevModelLab *self)
{
  lev_lab_run_section_reset (self->run_section);
  lev_lab_results_section_set_result (self->results_section, NULL);
  show_preview (self);
  gtk_widget_set_visible (self->placeholder, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->run_section), TRUE);
  update_actions (self);
}

static void
on_problems_changed (LevModelLab *self)
{
  const char *text = lev_lab_data_section_get_problems (self->data_section);

  gtk_label_set_text (GTK_LABEL (self->problems_label), text ? text : "");
  gtk_widget_set_visible (self->problems_box, text != NULL);
}

static void
on_loading_changed (LevModelLab *self)
{
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
lev_model_lab_open_csv (LevModelLab *self,
                        GFile       *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path == NULL)
    {
      toast (self, _("Only local files can be opened"), TRUE);
      return;
    }
  lev_lab_data_section_open (self->data_section, path);
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
/* Training. */

static void
action_train (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  LevLabData *data = lev_lab_data_section_get_data (self->data_section);
  const char *id = lev_lab_device_section_get_chosen_id (self->device_section);
  const char *opencl_name = lev_lab_device_section_get_opencl_name (self->device_section);
  const char *path = lev_lab_data_section_get_path (self->data_section);
  g_autofree char *title = path ? g_path_get_basename (path) : NULL;
  LevTrainOptions options;

  if (lev_lab_run_section_get_running (self->run_section) || data == NULL ||
      lev_lab_data_section_get_loading (self->data_section))
    return;
  lev_lab_settings_section_get_options (self->settings_section, &options);
  lev_lab_results_section_set_result (self->results_section, NULL);
  if (g_str_equal (id, "cpu") || (*id == '\0' && opencl_name == NULL &&
                                  lev_lab_device_section_get_scanned (self->device_section)))
    /* "Automatic" with no GPU is the CPU backend: no OpenCL device set
     * up (and its kernels built) only to be put aside. */
    lev_lab_run_section_start (self->run_section, data, &options, "cpu", NULL, NULL, title);
  else if (*id == '\0')
    lev_lab_run_section_start (self->run_section, data, &options, "auto", NULL, opencl_name, title);
  else
    lev_lab_run_section_start (self->run_section, data, &options, "opencl", id, opencl_name, title);
}

static void
action_cancel (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  lev_lab_run_section_cancel (LEV_MODEL_LAB (widget)->run_section);
}

static void update_use_text (LevModelLab *self);

static void
on_running_changed (LevModelLab *self)
{
  if (!lev_lab_run_section_get_running (self->run_section))
    {
      LevTrainResult *r = lev_lab_run_section_steal_result (self->run_section);

      if (r != NULL)
        lev_lab_results_section_set_result (self->results_section, r);
      update_use_text (self);
    }
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* ---------------------------------------------------------------- */
/* Export. */

gboolean
lev_model_lab_export_chart (LevModelLab       *self,
                            LevChartFormat     format,
                            LevChartStyleKind  style_kind,
                            LevTheme           theme,
                            double             scale,
                            const char        *path,
                            GError           **error)
{
  const LevChartSet *curves;
  LevChartStyle style;
  gboolean deck = style_kind == LEV_CHART_STYLE_DECK;

  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);

  curves = lev_lab_run_section_get_curves (self->run_section);
  if (curves == NULL || !lev_chart_set_has (curves, LEV_CHART_TRAINING))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There are no training curves yet"));
      return FALSE;
    }
  lev_chart_style_init (&style, style_kind, theme);
  return lev_chart_export (curves, LEV_CHART_TRAINING, &style, format,
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

  if (lev_lab_run_section_get_curves (self->run_section) != NULL)
    lev_export_dialog_present (widget, LEV_CHART_TRAINING, "training-curves", export_chart);
}

/* ---------------------------------------------------------------- */
/* The measured throughput, into the compute plan. */

static void
update_use_text (LevModelLab *self)
{
  const LevTrainResult *r = lev_lab_results_section_get_result (self->results_section);
  LevLabMeasure m;
  g_autofree char *text = NULL;

  if (r == NULL)
    return;
  if (self->measuring)
    text = g_strdup_printf (_("Measuring %s until its throughput settles…"), r->device_name);
  else if (lev_lab_device_section_lookup (self->device_section, r->device_name, &m))
    {
      g_autofree char *figure = lev_lab_measure_describe (&m);

      text = g_strdup_printf (_("Sets the compute plan's accelerator to %s at %s, with MFU 1 (the figure is "
                                "already achieved, not peak)."), r->device_name, figure);
    }
  else
    text = g_strdup_printf (_("Sets the compute plan's accelerator to %s at the throughput of its matrix "
                              "products, timed first until the figure settles (a few seconds), with MFU 1 "
                              "(the figure is already achieved, not peak)."), r->device_name);
  lev_lab_results_section_set_use_text (self->results_section, text);
}

static void
apply_throughput (LevModelLab         *self,
                  const char          *device,
                  const LevLabMeasure *m)
{
  LevWindow *window = get_window (self);
  LevScenario *scenario;
  LevUndoStack *undo;
  LevArea *area;
  LevComputePlan *old;
  const char *old_notes;
  g_autoptr(LevComputePlan) plan = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *accelerator = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *date = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *figure = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  LevNumber peak, mfu;

  if (window == NULL)
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
  peak = lev_number_point (m->median * 1e9);
  mfu = lev_number_point (1);
  lev_compute_plan_set_number (plan, LEV_PLAN_PEAK_FLOPS, &peak);
  lev_compute_plan_set_number (plan, LEV_PLAN_MFU, &mfu);
  date = g_date_time_format (now, "%Y-%m-%d");
  old_notes = old ? lev_compute_plan_get_notes (old) : NULL;
  notes = g_strdup_printf ("%s%sPeak FLOP/s measured by the Model Lab on %s: %.3f GFLOP/s, the median of %u "
                           "timed runs of a 512x512x512 matrix product (%.3f to %.3f) on %s; "
                           "MFU 1 because the figure is already achieved throughput.",
                           old_notes && *old_notes ? old_notes : "", old_notes && *old_notes ? "\n" : "",
                           date, m->median, m->n_runs, m->low, m->high, device);
  lev_compute_plan_set_notes (plan, notes);

  /* One step on the undo stack, whether the plan is new or replaced. */
  g_value_init (&value, LEV_TYPE_COMPUTE_PLAN);
  g_value_set_object (&value, plan);
  lev_undo_set_property (undo, G_OBJECT (area), "plan", &value);
  figure = lev_lab_measure_describe (m);
  msg = g_strdup_printf (_("The compute plan now uses %s at %s"), accelerator, figure);
  toast (self, msg, FALSE);
}

static void
on_measured (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LevModelLab) self = user_data;
  g_autoptr(GError) error = NULL;
  const LevTrainResult *r;
  LevLabMeasure m;
  gboolean ok = lev_lab_device_section_measure_finish (LEV_LAB_DEVICE_SECTION (source), result, &m, &error);

  self->measuring = FALSE;
  /* The page was closed while the device was timed. */
  if (self->results_section == NULL)
    return;
  r = lev_lab_results_section_get_result (self->results_section);
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message, TRUE);
    }
  /* Only for the model still shown: a new file or run drops the request. */
  else if (r != NULL && lev_lab_device_section_lookup (self->device_section, r->device_name, &m))
    apply_throughput (self, r->device_name, &m);
  update_use_text (self);
  update_actions (self);
}

static void
action_use_throughput (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  LevModelLab *self = LEV_MODEL_LAB (widget);
  const LevTrainResult *r = lev_lab_results_section_get_result (self->results_section);
  LevLabMeasure m;

  if (r == NULL || self->measuring)
    return;
  if (lev_lab_device_section_lookup (self->device_section, r->device_name, &m))
    {
      apply_throughput (self, r->device_name, &m);
      return;
    }
  self->measuring = TRUE;
  update_use_text (self);
  update_actions (self);
  lev_lab_device_section_measure_async (self->device_section, r->backend_name, r->device_name, on_measured,
                                        g_object_ref (self));
}

/* A benchmark and a measurement share the device: one at a time. */
static void
on_benchmarking_changed (LevModelLab *self)
{
  update_use_text (self);
  update_actions (self);
}

/* ---------------------------------------------------------------- */

static void
on_map (LevModelLab *self)
{
  lev_lab_device_section_scan (self->device_section);
}

static void
lev_model_lab_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LevModelLab *self = LEV_MODEL_LAB (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, lev_model_lab_is_loading (self));
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, lev_model_lab_is_training (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_model_lab_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LEV_TYPE_MODEL_LAB);
  G_OBJECT_CLASS (lev_model_lab_parent_class)->dispose (object);
}

static void
lev_model_lab_class_init (LevModelLabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_model_lab_get_property;
  object_class->dispose = lev_model_lab_dispose;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LEV_TYPE_LAB_DATA_SECTION);
  g_type_ensure (LEV_TYPE_LAB_SETTINGS_SECTION);
  g_type_ensure (LEV_TYPE_LAB_DEVICE_SECTION);
  g_type_ensure (LEV_TYPE_LAB_RUN_SECTION);
  g_type_ensure (LEV_TYPE_LAB_RESULTS_SECTION);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/leverage/Leverage/ui/lev-model-lab.ui");
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, paned);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, right_scroller);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, data_section);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, settings_section);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, device_section);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, placeholder);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, problems_box);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, problems_label);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, preview_card);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, preview_view);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, run_section);
  gtk_widget_class_bind_template_child (widget_class, LevModelLab, results_section);
  gtk_widget_class_bind_template_callback (widget_class, on_file_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_problems_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_loading_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_running_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_benchmarking_changed);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_install_action (widget_class, "lab.choose", NULL, action_choose);
  gtk_widget_class_install_action (widget_class, "lab.train", NULL, action_train);
  gtk_widget_class_install_action (widget_class, "lab.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "lab.export-chart", NULL, action_export);
  gtk_widget_class_install_action (widget_class, "lab.use-throughput", NULL, action_use_throughput);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "lab.cancel", NULL);
}

static void
lev_model_lab_init (LevModelLab *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self, "map", G_CALLBACK (on_map), self);
  update_actions (self);
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
  return lev_lab_data_section_get_loading (self->data_section);
}

gboolean
lev_model_lab_is_training (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return lev_lab_run_section_get_running (self->run_section);
}

gboolean
lev_model_lab_has_devices (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return lev_lab_device_section_get_scanned (self->device_section);
}

gboolean
lev_model_lab_is_benchmarking (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return lev_lab_device_section_get_benchmarking (self->device_section);
}

gboolean
lev_model_lab_is_measuring (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  return self->measuring;
}

const LevLabPreview *
lev_model_lab_get_preview (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_data_section_get_preview (self->data_section);
}

const LevDataset *
lev_model_lab_get_dataset (LevModelLab *self)
{
  LevLabData *data;

  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  data = lev_lab_data_section_get_data (self->data_section);
  return data ? data->dataset : NULL;
}

const char *
lev_model_lab_get_problems (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_data_section_get_problems (self->data_section);
}

const LevChartSet *
lev_model_lab_get_curves (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_run_section_get_curves (self->run_section);
}

void
lev_model_lab_set_report_batches (LevModelLab *self,
                                  guint        batches)
{
  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  lev_lab_run_section_set_report_batches (self->run_section, batches);
}

const LevTrainResult *
lev_model_lab_get_result (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_results_section_get_result (self->results_section);
}

const char *
lev_model_lab_get_result_lines (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_results_section_get_lines (self->results_section);
}

const char *
lev_model_lab_get_fallback (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_run_section_get_fallback (self->run_section);
}

const char *
lev_model_lab_get_error (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_run_section_get_error (self->run_section);
}

const char *
lev_model_lab_get_device_note (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_device_section_get_note (self->device_section);
}

const char * const *
lev_model_lab_get_device_ids (LevModelLab *self)
{
  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), NULL);
  return lev_lab_device_section_get_ids (self->device_section);
}

gboolean
lev_model_lab_get_throughput (LevModelLab   *self,
                              LevLabMeasure *measure)
{
  const LevTrainResult *r;

  g_return_val_if_fail (LEV_IS_MODEL_LAB (self), FALSE);
  r = lev_lab_results_section_get_result (self->results_section);
  return r != NULL && lev_lab_device_section_lookup (self->device_section, r->device_name, measure);
}

void
lev_model_lab_get_options (LevModelLab     *self,
                           LevTrainOptions *options)
{
  g_return_if_fail (LEV_IS_MODEL_LAB (self));
  lev_lab_settings_section_get_options (self->settings_section, options);
}
