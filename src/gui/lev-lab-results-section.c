/* lev-lab-results-section.c: the Results section of the Model Lab. It
 * holds the result of the last run and nothing else: a new file or a new
 * run replaces it, so no button acts on a model the page no longer shows. */
#define G_LOG_DOMAIN "lev-lab-results-section"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-lab-data.h"
#include "lev-lab-results-section.h"
#include "lev-lab-table.h"
#include "lev-window.h"

struct _LevLabResultsSection
{
  GtkBox           parent_instance;

  /* Template */
  GtkWidget       *result_lines;
  GtkWidget       *auc_label;
  GtkWidget       *speed_label;
  GtkWidget       *confusion_heading;
  GtkWidget       *confusion_grid;
  GtkWidget       *epoch_view;
  GtkWidget       *save_button;
  GtkWidget       *predict_button;
  GtkWidget       *export_button;
  GtkWidget       *use_button;
  GtkWidget       *use_label;

  LevTrainResult  *result;
  gboolean         running;
};

G_DEFINE_FINAL_TYPE (LevLabResultsSection, lev_lab_results_section, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_HAS_RESULT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static LevWindow *
get_window (LevLabResultsSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return LEV_IS_WINDOW (root) ? LEV_WINDOW (root) : NULL;
}

static void
update_sensitivity (LevLabResultsSection *self)
{
  gboolean offer = !self->running && self->result != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.save-model", offer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "results.predict", offer);
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
show_confusion (LevLabResultsSection *self)
{
  const LevTrainResult *r = self->result;
  /* The model's own schema: another file may have been opened meanwhile. */
  const LevSchema *schema = r && r->model ? r->model->schema : NULL;
  GtkGrid *grid = GTK_GRID (self->confusion_grid);
  GtkWidget *child;
  gboolean shown = r != NULL && r->confusion != NULL && schema != NULL && schema->classes != NULL;

  while ((child = gtk_widget_get_first_child (self->confusion_grid)) != NULL)
    gtk_grid_remove (grid, child);
  if (shown)
    {
      guint k = r->n_classes;

      gtk_grid_attach (grid, grid_label (_("True \\ predicted"), TRUE, 0), 0, 0, 1, 1);
      for (guint j = 0; j < k; j++)
        gtk_grid_attach (grid, grid_label (schema->classes[j], TRUE, 1), j + 1, 0, 1, 1);
      for (guint i = 0; i < k; i++)
        {
          gtk_grid_attach (grid, grid_label (schema->classes[i], TRUE, 0), 0, i + 1, 1, 1);
          for (guint j = 0; j < k; j++)
            {
              g_autofree char *n = g_strdup_printf ("%" G_GUINT64_FORMAT, r->confusion[i * k + j]);
              gtk_grid_attach (grid, grid_label (n, FALSE, 1), j + 1, i + 1, 1, 1);
            }
        }
    }
  gtk_widget_set_visible (self->confusion_heading, shown);
  gtk_widget_set_visible (self->confusion_grid, shown);
}

static void
show_epochs (LevLabResultsSection *self)
{
  const LevTrainResult *r = self->result;
  gboolean regression = r != NULL && isnan (r->test_accuracy);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  const char *titles[] = {
    _("Epoch"), _("Loss"), regression ? _("R²") : _("Accuracy"), _("Validation loss"),
    regression ? _("Validation R²") : _("Validation accuracy"), _("Seconds"), _("Samples/s"),
  };

  for (guint i = 0; r != NULL && i < r->history->len; i++)
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
  lev_lab_table_set (GTK_COLUMN_VIEW (self->epoch_view), titles, G_N_ELEMENTS (titles), NULL, rows);
}

void
lev_lab_results_section_set_result (LevLabResultsSection *self,
                                    LevTrainResult       *result)
{
  const LevTrainResult *r = result;
  gboolean had;

  g_return_if_fail (LEV_IS_LAB_RESULTS_SECTION (self));

  had = self->result != NULL;
  g_clear_pointer (&self->result, lev_train_result_free);
  self->result = result;
  if (r != NULL)
    {
      gboolean regression = isnan (r->test_accuracy);
      g_autofree char *lines = NULL;
      g_autofree char *speed = NULL;

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
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (self->result_lines), "");
      gtk_label_set_text (GTK_LABEL (self->auc_label), "");
      gtk_label_set_text (GTK_LABEL (self->speed_label), "");
      gtk_label_set_text (GTK_LABEL (self->use_label), "");
    }
  show_confusion (self);
  show_epochs (self);
  gtk_widget_set_visible (GTK_WIDGET (self), r != NULL);
  update_sensitivity (self);
  if (had != (r != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_RESULT]);
}

const LevTrainResult *
lev_lab_results_section_get_result (LevLabResultsSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RESULTS_SECTION (self), NULL);
  return self->result;
}

const char *
lev_lab_results_section_get_lines (LevLabResultsSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RESULTS_SECTION (self), NULL);
  return self->result ? gtk_label_get_text (GTK_LABEL (self->result_lines)) : NULL;
}

void
lev_lab_results_section_set_use_text (LevLabResultsSection *self,
                                      const char           *text)
{
  g_return_if_fail (LEV_IS_LAB_RESULTS_SECTION (self));
  gtk_label_set_text (GTK_LABEL (self->use_label), text ? text : "");
}

/* ---------------------------------------------------------------- */
/* Save, predict. */

static void
model_chosen (LevWindow *window,
              GFile     *file,
              gpointer   data)
{
  g_autoptr(LevLabResultsSection) self = data;
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
  LevLabResultsSection *self = LEV_LAB_RESULTS_SECTION (widget);
  LevWindow *window = get_window (self);

  if (window != NULL && self->result != NULL)
    lev_window_choose_save_file (window, _("Save Model"), "model.json", model_chosen, g_object_ref (self),
                                 g_object_unref);
}

typedef struct {
  LevLabResultsSection *self;
  GFile                *input;
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
  LevLabResultsSection *self = LEV_LAB_RESULTS_SECTION (widget);
  LevWindow *window = get_window (self);

  if (window != NULL && self->result != NULL)
    lev_window_choose_open_file (window, _("Predict on a CSV"), _("CSV files"), patterns,
                                 predict_input_chosen, g_object_ref (self), g_object_unref);
}

/* ---------------------------------------------------------------- */

static void
lev_lab_results_section_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  LevLabResultsSection *self = LEV_LAB_RESULTS_SECTION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_HAS_RESULT:
      g_value_set_boolean (value, self->result != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_results_section_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  LevLabResultsSection *self = LEV_LAB_RESULTS_SECTION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      if (self->running != g_value_get_boolean (value))
        {
          self->running = g_value_get_boolean (value);
          update_sensitivity (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_results_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LEV_TYPE_LAB_RESULTS_SECTION);
  G_OBJECT_CLASS (lev_lab_results_section_parent_class)->dispose (object);
}

static void
lev_lab_results_section_finalize (GObject *object)
{
  LevLabResultsSection *self = LEV_LAB_RESULTS_SECTION (object);

  g_clear_pointer (&self->result, lev_train_result_free);
  G_OBJECT_CLASS (lev_lab_results_section_parent_class)->finalize (object);
}

static void
lev_lab_results_section_class_init (LevLabResultsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_lab_results_section_get_property;
  object_class->set_property = lev_lab_results_section_set_property;
  object_class->dispose = lev_lab_results_section_dispose;
  object_class->finalize = lev_lab_results_section_finalize;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_RESULT] =
    g_param_spec_boolean ("has-result", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-lab-results-section.ui");
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, result_lines);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, auc_label);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, speed_label);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, confusion_heading);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, confusion_grid);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, epoch_view);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, save_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, predict_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, export_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, use_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabResultsSection, use_label);
  gtk_widget_class_install_action (widget_class, "results.save-model", NULL, action_save_model);
  gtk_widget_class_install_action (widget_class, "results.predict", NULL, action_predict);
}

static void
lev_lab_results_section_init (LevLabResultsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}
