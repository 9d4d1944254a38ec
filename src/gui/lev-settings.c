/* lev-settings.c: looking the schema up instead of aborting without it. */
#define G_LOG_DOMAIN "lev-settings"
#include "config.h"

#include "lev-settings.h"

GSettings *
lev_settings_get (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, LEV_SETTINGS_SCHEMA, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new_full (schema, NULL, NULL);
}
