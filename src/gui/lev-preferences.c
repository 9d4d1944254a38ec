/* lev-preferences.c: chart theme, export defaults and sample count, bound
 * straight to GSettings so every window follows at once. */
#define G_LOG_DOMAIN "lev-preferences"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-preferences.h"

static gboolean
enum_to_selected (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
selected_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  const char *const *nicks = user_data;
  guint sel = g_value_get_uint (value);

  if (sel >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[sel]);
}

static GtkWidget *
combo (const char         *title,
       const char         *subtitle,
       const char *const  *labels,
       GSettings          *settings,
       const char         *key,
       const char *const  *nicks)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) nicks, NULL);
  return row;
}

static GtkWidget *
spin (const char *title,
      const char *subtitle,
      GSettings  *settings,
      const char *key,
      double      min,
      double      max,
      double      step,
      guint       digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (button), digits);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  row, NULL, -1);
  g_settings_bind (settings, key, button, "value", G_SETTINGS_BIND_DEFAULT);
  return row;
}

GtkWidget *
lev_preferences_new (GtkWindow *parent,
                     GSettings *settings)
{
  static const char *const theme_nicks[] = { "system", "light", "dark", NULL };
  static const char *const style_nicks[] = { "screen", "deck", NULL };
  const char *theme_labels[] = { _("Follow the system"), _("Light"), _("Dark"), NULL };
  const char *style_labels[] = { _("As on screen"), _("Deck slide (16:9)"), NULL };
  GtkWidget *window = adw_preferences_window_new ();
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *charts = adw_preferences_group_new ();
  GtkWidget *analysis = adw_preferences_group_new ();

  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  adw_preferences_window_set_search_enabled (ADW_PREFERENCES_WINDOW (window), FALSE);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (charts), _("Charts"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (charts),
                             combo (_("Theme"), _("Colours of the charts on screen"), theme_labels,
                                    settings, "chart-theme", theme_nicks));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (charts),
                             combo (_("Export style"), _("What an exported chart looks like"),
                                    style_labels, settings, "export-style", style_nicks));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (charts),
                             spin (_("PNG scale"), _("2 keeps charts sharp on a projector"),
                                   settings, "export-scale", 1, 4, 0.5, 1));

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (analysis), _("Analysis"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (analysis),
                             spin (_("Samples for new plans"),
                                   _("Monte Carlo samples a new scenario starts with"),
                                   settings, "default-samples", 1000, 10000000, 1000, 0));

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (charts));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (analysis));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (page));
  return window;
}
