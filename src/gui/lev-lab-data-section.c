/* lev-lab-data-section.c: the Data section of the Model Lab. The quick
 * preview is read at once; the whole file is read on a worker thread,
 * again whenever the target, the task or the reading rules change. A read
 * replaced by a newer one is dropped when it answers. */
#define G_LOG_DOMAIN "lev-lab-data-section"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-lab-data-section.h"

#define PREVIEW_ROWS 100

struct _LevLabDataSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template */
  GtkWidget           *choose_button;
  GtkWidget           *file_row;
  GtkWidget           *target_row;
  GtkStringList       *target_names;
  GtkWidget           *task_row;
  GtkWidget           *missing_row;
  GtkWidget           *onehot_row;
  GtkWidget           *onehot_switch;
  GtkWidget           *summary_label;

  char                *path;
  LevLabPreview       *preview;
  LevLabData          *data;
  char                *problems;
  guint                generation;
  gboolean             loading;
  gboolean             running;
  gboolean             syncing;    /* rows set by code, not the user */
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (LevLabDataSection, lev_lab_data_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_PATH,
  PROP_LOADING,
  PROP_RUNNING,
  PROP_PROBLEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const LevTargetKind tasks[] = { LEV_TARGET_BINARY, LEV_TARGET_MULTICLASS, LEV_TARGET_REGRESSION };
static const LevMissingPolicy missing_policies[] = { LEV_MISSING_REFUSE, LEV_MISSING_DROP, LEV_MISSING_MEAN };

/* The target and task mean something only once there are columns; none
 * of the reading rules may change under a run. */
static void
update_sensitivity (LevLabDataSection *self)
{
  gboolean columns = self->preview != NULL;

  gtk_widget_set_sensitive (self->target_row, !self->running && columns);
  gtk_widget_set_sensitive (self->task_row, !self->running && columns);
  gtk_widget_set_sensitive (self->missing_row, !self->running);
  gtk_widget_set_sensitive (self->onehot_row, !self->running);
}

static void
set_loading (LevLabDataSection *self,
             gboolean           loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_problems (LevLabDataSection *self,
              const char        *text)
{
  if (g_strcmp0 (self->problems, text) == 0)
    return;
  g_free (self->problems);
  self->problems = g_strdup (text);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEMS]);
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
  g_autoptr(LevLabDataSection) self = g_weak_ref_get (&load->self);
  g_autoptr(GError) error = NULL;
  LevDataset *data = g_task_propagate_pointer (G_TASK (result), &error);

  if (self == NULL || self->disposed || load->generation != self->generation)
    {
      /* A newer file or target replaced this one. */
      lev_dataset_free (data);
      return;
    }
  g_clear_pointer (&self->data, lev_lab_data_unref);
  if (data == NULL)
    {
      set_problems (self, error->message);
      gtk_label_set_text (GTK_LABEL (self->summary_label), "");
    }
  else
    {
      g_autofree char *summary = describe_dataset (data);

      set_problems (self, NULL);
      gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
      self->data = lev_lab_data_new (data);
      /* Show the task the reader settled on. */
      self->syncing = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
        if (tasks[i] == data->schema->target)
          adw_combo_row_set_selected (ADW_COMBO_ROW (self->task_row), i);
      self->syncing = FALSE;
    }
  set_loading (self, FALSE);
}

/* Reads the whole file for training with the chosen target and task
 * (AUTO lets the reader decide between binary and multiclass). */
static void
start_load (LevLabDataSection *self,
            LevTargetKind      target)
{
  g_autoptr(GTask) task = NULL;
  Load *load;
  guint sel;

  if (self->path == NULL)
    return;
  load = g_new0 (Load, 1);
  g_weak_ref_init (&load->self, self);
  load->generation = ++self->generation;
  load->path = g_strdup (self->path);
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
  g_clear_pointer (&self->data, lev_lab_data_unref);
  gtk_label_set_text (GTK_LABEL (self->summary_label), _("Reading the file…"));
  /* Notified even when a read was already under way: the dataset is gone. */
  self->loading = FALSE;
  set_loading (self, TRUE);

  task = g_task_new (NULL, NULL, on_loaded, NULL);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
}

void
lev_lab_data_section_open (LevLabDataSection *self,
                           const char        *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  guint target = 0;

  g_return_if_fail (LEV_IS_LAB_DATA_SECTION (self));
  g_return_if_fail (path != NULL);

  g_free (self->path);
  self->path = g_strdup (path);
  base = g_path_get_basename (path);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), base);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->file_row), path);

  g_clear_pointer (&self->preview, lev_lab_preview_free);
  g_clear_pointer (&self->data, lev_lab_data_unref);
  self->preview = lev_lab_preview_read (path, PREVIEW_ROWS, &error);

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
  update_sensitivity (self);

  /* Even without a preview the reader runs: its message names the place
   * (an empty file is "row 1, column 1"). */
  set_problems (self, self->preview == NULL ? error->message : NULL);
  start_load (self, LEV_TARGET_AUTO);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

static void
on_target_changed (LevLabDataSection *self)
{
  if (!self->syncing)
    start_load (self, LEV_TARGET_AUTO);
}

static void
on_task_changed (LevLabDataSection *self)
{
  guint sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->task_row));

  if (!self->syncing && sel < G_N_ELEMENTS (tasks))
    start_load (self, tasks[sel]);
}

static void
lev_lab_data_section_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  LevLabDataSection *self = LEV_LAB_DATA_SECTION (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    case PROP_PROBLEMS:
      g_value_set_string (value, self->problems);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_data_section_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  LevLabDataSection *self = LEV_LAB_DATA_SECTION (object);

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
lev_lab_data_section_dispose (GObject *object)
{
  LevLabDataSection *self = LEV_LAB_DATA_SECTION (object);

  /* Nor may the rows' own teardown read as the user's choices. */
  self->disposed = TRUE;
  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_LAB_DATA_SECTION);
  G_OBJECT_CLASS (lev_lab_data_section_parent_class)->dispose (object);
}

static void
lev_lab_data_section_finalize (GObject *object)
{
  LevLabDataSection *self = LEV_LAB_DATA_SECTION (object);

  g_free (self->path);
  g_free (self->problems);
  g_clear_pointer (&self->preview, lev_lab_preview_free);
  g_clear_pointer (&self->data, lev_lab_data_unref);
  G_OBJECT_CLASS (lev_lab_data_section_parent_class)->finalize (object);
}

static void
lev_lab_data_section_class_init (LevLabDataSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_lab_data_section_get_property;
  object_class->set_property = lev_lab_data_section_set_property;
  object_class->dispose = lev_lab_data_section_dispose;
  object_class->finalize = lev_lab_data_section_finalize;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEMS] =
    g_param_spec_string ("problems", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-lab-data-section.ui");
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, choose_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, file_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, target_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, target_names);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, task_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, missing_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, onehot_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, onehot_switch);
  gtk_widget_class_bind_template_child (widget_class, LevLabDataSection, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, on_target_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_task_changed);
}

static void
lev_lab_data_section_init (LevLabDataSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_sensitivity (self);
}

const char *
lev_lab_data_section_get_path (LevLabDataSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DATA_SECTION (self), NULL);
  return self->path;
}

gboolean
lev_lab_data_section_get_loading (LevLabDataSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DATA_SECTION (self), FALSE);
  return self->loading;
}

const LevLabPreview *
lev_lab_data_section_get_preview (LevLabDataSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DATA_SECTION (self), NULL);
  return self->preview;
}

LevLabData *
lev_lab_data_section_get_data (LevLabDataSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DATA_SECTION (self), NULL);
  return self->data;
}

const char *
lev_lab_data_section_get_problems (LevLabDataSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DATA_SECTION (self), NULL);
  return self->problems;
}
