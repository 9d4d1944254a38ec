/* lev-preferences.c: chart theme, export defaults and sample count, bound
 * straight to GSettings so every window follows at once. The rows are a
 * template (ui/lev-preferences.ui); only the bindings are made here. */
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

struct _LevPreferences
{
  AdwPreferencesWindow  parent_instance;

  AdwComboRow          *theme_row;
  AdwComboRow          *style_row;
  GtkSpinButton        *scale_spin;
  GtkSpinButton        *samples_spin;
};

G_DEFINE_FINAL_TYPE (LevPreferences, lev_preferences, ADW_TYPE_PREFERENCES_WINDOW)

static const char *const theme_nicks[] = { "system", "light", "dark", NULL };
static const char *const style_nicks[] = { "screen", "deck", NULL };

static void
lev_preferences_class_init (LevPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, LevPreferences, theme_row);
  gtk_widget_class_bind_template_child (widget_class, LevPreferences, style_row);
  gtk_widget_class_bind_template_child (widget_class, LevPreferences, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, LevPreferences, samples_spin);
}

static void
lev_preferences_init (LevPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
lev_preferences_new (GtkWindow *parent,
                     GSettings *settings)
{
  LevPreferences *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  self = g_object_new (LEV_TYPE_PREFERENCES, "transient-for", parent, NULL);
  g_settings_bind_with_mapping (settings, "chart-theme", self->theme_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) theme_nicks, NULL);
  g_settings_bind_with_mapping (settings, "export-style", self->style_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                enum_to_selected, selected_to_enum, (gpointer) style_nicks, NULL);
  g_settings_bind (settings, "export-scale", self->scale_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "default-samples", self->samples_spin, "value", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}
