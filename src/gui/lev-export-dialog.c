/* lev-export-dialog.c: one export dialog for the Analysis cards and the
 * Model Lab's curves, so that both offer the same choices in the same
 * words and write through the same function. The dialog is a template
 * that owns its rows; the choice is copied out while it is still open,
 * never read from rows the closed dialog has freed. */
#define G_LOG_DOMAIN "lev-export-dialog"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-export-dialog.h"
#include "lev-window.h"

typedef struct {
  GtkWidget          *owner;
  LevChartKind        kind;
  char               *file_stem;
  LevExportChartFunc  export;
  LevExportChoice     choice;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_object_unref (job->owner);
  g_free (job->file_stem);
  g_free (job);
}

struct _LevExportDialog
{
  AdwMessageDialog  parent_instance;

  AdwComboRow      *format_row;
  AdwComboRow      *style_row;
  AdwComboRow      *theme_row;
  AdwActionRow     *scale_row;
  GtkSpinButton    *scale_spin;

  ExportJob        *job;   /* until the first answer */
};

G_DEFINE_FINAL_TYPE (LevExportDialog, lev_export_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *format_ids[] = { "png", "svg", "pdf" };

static void
on_format_selected (LevExportDialog *self)
{
  /* Only a PNG has pixels to scale. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row),
                            adw_combo_row_get_selected (self->format_row) == LEV_CHART_FORMAT_PNG);
}

static void
lev_export_dialog_finalize (GObject *object)
{
  LevExportDialog *self = LEV_EXPORT_DIALOG (object);

  g_clear_pointer (&self->job, export_job_free);
  G_OBJECT_CLASS (lev_export_dialog_parent_class)->finalize (object);
}

static void
lev_export_dialog_class_init (LevExportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = lev_export_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LevExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, LevExportDialog, style_row);
  gtk_widget_class_bind_template_child (widget_class, LevExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, LevExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, LevExportDialog, scale_spin);
}

static void
lev_export_dialog_init (LevExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->format_row, "notify::selected", G_CALLBACK (on_format_selected), self,
                           G_CONNECT_SWAPPED);
  on_format_selected (self);
}

/* The preferences' defaults: the export style and scale, and the chart
 * theme, where "follow the system" means what the desktop shows now. */
static void
choice_from_settings (GSettings       *settings,
                      LevExportChoice *choice)
{
  g_autofree char *theme = NULL;
  g_autofree char *style = NULL;

  choice->format = LEV_CHART_FORMAT_PNG;
  choice->style = LEV_CHART_STYLE_DECK;
  choice->scale = 2.0;
  choice->theme = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? LEV_THEME_DARK
                                                                                 : LEV_THEME_LIGHT;
  if (settings == NULL)
    return;
  style = g_settings_get_string (settings, "export-style");
  choice->style = g_str_equal (style, "screen") ? LEV_CHART_STYLE_SCREEN : LEV_CHART_STYLE_DECK;
  choice->scale = g_settings_get_double (settings, "export-scale");
  theme = g_settings_get_string (settings, "chart-theme");
  if (g_str_equal (theme, "dark"))
    choice->theme = LEV_THEME_DARK;
  else if (g_str_equal (theme, "light"))
    choice->theme = LEV_THEME_LIGHT;
}

LevExportDialog *
lev_export_dialog_new (GtkWindow    *parent,
                       LevChartKind  kind,
                       GSettings    *settings)
{
  LevExportDialog *self;
  LevExportChoice choice;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (LEV_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", lev_chart_kind_title (kind),
                       NULL);
  choice_from_settings (settings, &choice);
  lev_export_dialog_set_choice (self, &choice);
  return self;
}

void
lev_export_dialog_get_choice (LevExportDialog *self,
                              LevExportChoice *choice)
{
  g_return_if_fail (LEV_IS_EXPORT_DIALOG (self));
  g_return_if_fail (choice != NULL);

  choice->format = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (format_ids) - 1);
  choice->style = adw_combo_row_get_selected (self->style_row) == 1 ? LEV_CHART_STYLE_DECK
                                                                    : LEV_CHART_STYLE_SCREEN;
  choice->theme = adw_combo_row_get_selected (self->theme_row) == 1 ? LEV_THEME_DARK : LEV_THEME_LIGHT;
  choice->scale = gtk_spin_button_get_value (self->scale_spin);
}

void
lev_export_dialog_set_choice (LevExportDialog       *self,
                              const LevExportChoice *choice)
{
  g_return_if_fail (LEV_IS_EXPORT_DIALOG (self));
  g_return_if_fail (choice != NULL);

  adw_combo_row_set_selected (self->format_row, MIN ((guint) choice->format, G_N_ELEMENTS (format_ids) - 1));
  adw_combo_row_set_selected (self->style_row, choice->style == LEV_CHART_STYLE_DECK ? 1 : 0);
  adw_combo_row_set_selected (self->theme_row, choice->theme == LEV_THEME_DARK ? 1 : 0);
  gtk_spin_button_set_value (self->scale_spin, choice->scale);
}

/* ---------------------------------------------------------------- */

static void
export_file_chosen (LevWindow *window,
                    GFile     *file,
                    gpointer   data)
{
  ExportJob *job = data;
  g_autoptr(GError) error = NULL;

  if (!job->export (job->owner, job->kind, file, &job->choice, &error))
    lev_window_show_toast (window, error->message, TRUE);
  else
    lev_window_show_file_toast (window, _("Chart exported"), file);
  export_job_free (job);
}

static void
on_response (LevExportDialog *dialog,
             const char      *response)
{
  ExportJob *job = g_steal_pointer (&dialog->job);
  GtkRoot *root;
  g_autofree char *name = NULL;

  /* Only the first answer counts. */
  if (job == NULL)
    return;
  root = gtk_widget_get_root (job->owner);
  if (!g_str_equal (response, "export") || !LEV_IS_WINDOW (root))
    {
      export_job_free (job);
      return;
    }
  /* Read now: the rows go with the dialog once this handler returns. */
  lev_export_dialog_get_choice (dialog, &job->choice);
  name = g_strdup_printf ("%s.%s", job->file_stem, format_ids[job->choice.format]);
  lev_window_choose_save_file (LEV_WINDOW (root), _("Export Chart"), name, export_file_chosen, job,
                               (GDestroyNotify) export_job_free);
}

LevExportDialog *
lev_export_dialog_present (GtkWidget          *owner,
                           LevChartKind        kind,
                           const char         *file_stem,
                           LevExportChartFunc  export)
{
  LevExportDialog *dialog;
  ExportJob *job;
  GtkRoot *root;

  g_return_val_if_fail (GTK_IS_WIDGET (owner), NULL);
  g_return_val_if_fail (file_stem != NULL && export != NULL, NULL);
  /* Without a window there is nowhere to ask or to say how it went. */
  root = gtk_widget_get_root (owner);
  if (!LEV_IS_WINDOW (root))
    return NULL;

  job = g_new0 (ExportJob, 1);
  job->owner = g_object_ref (owner);
  job->kind = kind;
  job->file_stem = g_strdup (file_stem);
  job->export = export;
  dialog = lev_export_dialog_new (GTK_WINDOW (root), kind, lev_window_get_settings (LEV_WINDOW (root)));
  dialog->job = job;
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}
