/* lev-settings.h: the app's GSettings, or NULL where the schema is not
 * installed (an uninstalled test run): the window then keeps defaults. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LEV_SETTINGS_SCHEMA "io.github.leverage.Leverage"

/* A new reference, or NULL without the schema. */
GSettings *lev_settings_get (void);

G_END_DECLS
