/* lev-preferences.h: the preferences window. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWidget *lev_preferences_new (GtkWindow *parent,
                                GSettings *settings);

G_END_DECLS
