/* lev-export-dialog.c: one export dialog for the Analysis cards and the
 * Model Lab's curves, so that both offer the same choices in the same
 * words and write through the same function. */
#define G_LOG_DOMAIN "lev-export-dialog"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lev-export-dialog.h"
#include "lev-window.h"

typedef struct {
  GtkWidget          *owner;
  LevChartKind        kind;
  char               *file_stem;
  LevExportChartFunc  export;
  AdwComboRow        *format;
  AdwComboRow        *style;
  AdwComboRow        *theme;
} ExportChoice;

static const char *format_ids[] = { "png", "svg", "pdf" };

static void
export_choice_free (ExportChoice *c)
{
  g_object_unref (c->owner);
  g_free (c->file_stem);
  g_free (c);
}

static void
export_file_chosen (LevWindow *window,
                    GFile     *file,
                    gpointer   data)
{
  ExportChoice *c = data;
  g_autoptr(GError) error = NULL;
  LevChartFormat format = MIN (adw_combo_row_get_selected (c->format), G_N_ELEMENTS (format_ids) - 1);
  LevChartStyleKind style = adw_combo_row_get_selected (c->style) == 1 ? LEV_CHART_STYLE_DECK
                                                                       : LEV_CHART_STYLE_SCREEN;
  LevTheme theme = adw_combo_row_get_selected (c->theme) == 1 ? LEV_THEME_DARK : LEV_THEME_LIGHT;

  if (!c->export (c->owner, c->kind, file, format, style, theme, &error))
    lev_window_show_toast (window, error->message, TRUE);
  else
    lev_window_show_toast (window, _("Chart exported"), FALSE);
  export_choice_free (c);
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             ExportChoice     *c)
{
  GtkRoot *root = gtk_widget_get_root (c->owner);
  g_autofree char *name = NULL;

  if (!g_str_equal (response, "export") || !LEV_IS_WINDOW (root))
    {
      export_choice_free (c);
      return;
    }
  name = g_strdup_printf ("%s.%s", c->file_stem,
                          format_ids[MIN (adw_combo_row_get_selected (c->format), G_N_ELEMENTS (format_ids) - 1)]);
  lev_window_choose_save_file (LEV_WINDOW (root), _("Export Chart"), name, export_file_chosen, c,
                               (GDestroyNotify) export_choice_free);
}

static AdwComboRow *
choice_row (const char        *title,
            const char *const *labels)
{
  AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (row, G_LIST_MODEL (list));
  return row;
}

void
lev_export_dialog_present (GtkWidget          *owner,
                           LevChartKind        kind,
                           const char         *file_stem,
                           LevExportChartFunc  export)
{
  const char *formats[] = { "PNG", "SVG", "PDF", NULL };
  const char *styles[] = { _("Screen"), _("Deck slide (16:9)"), NULL };
  const char *themes[] = { _("Light"), _("Dark"), NULL };
  GtkRoot *root;
  ExportChoice *c;
  GtkWidget *dialog, *list;

  g_return_if_fail (GTK_IS_WIDGET (owner));
  g_return_if_fail (file_stem != NULL && export != NULL);
  /* Without a window there is nowhere to ask or to say how it went. */
  root = gtk_widget_get_root (owner);
  if (!LEV_IS_WINDOW (root))
    return;

  c = g_new0 (ExportChoice, 1);
  c->owner = g_object_ref (owner);
  c->kind = kind;
  c->file_stem = g_strdup (file_stem);
  c->export = export;
  c->format = choice_row (_("Format"), formats);
  c->style = choice_row (_("Style"), styles);
  c->theme = choice_row (_("Theme"), themes);
  list = gtk_list_box_new ();
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (c->format));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (c->style));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (c->theme));

  dialog = adw_message_dialog_new (GTK_WINDOW (root), lev_chart_kind_title (kind),
                                   _("Export this chart as a file."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), list);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), c);
  gtk_window_present (GTK_WINDOW (dialog));
}
