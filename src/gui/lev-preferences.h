/* lev-preferences.h: the preferences window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LEV_TYPE_PREFERENCES (lev_preferences_get_type ())
G_DECLARE_FINAL_TYPE (LevPreferences, lev_preferences, LEV, PREFERENCES, AdwPreferencesWindow)

GtkWidget *lev_preferences_new (GtkWindow *parent,
                                GSettings *settings);

G_END_DECLS
