/* lev-json-jansson.c: jansson's strict parser as lev-json.c's validation
 * pass. Only this file includes jansson.h (see lev-json-private.h). */
#define G_LOG_DOMAIN "lev-json"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <jansson.h>

#include "lev-json-private.h"

/* jansson's reason, in our words where it names its own API or is vague. */
static char *
reason_of (const json_error_t *e)
{
  const char *near = strstr (e->text, " near ");

  switch (json_error_code (e))
    {
    case json_error_duplicate_key:
      return g_strdup_printf (_("the same key twice in one object%s"), near ? near : "");
    case json_error_null_character:
      return g_strdup (_("\\u0000 (a NUL character) in a string"));
    case json_error_numeric_overflow:
      return g_strdup_printf (_("number out of range%s"), near ? near : "");
    case json_error_stack_overflow:
      return g_strdup (_("nested too deeply"));
    default:
      return g_strdup (e->text);
    }
}

gboolean
lev_json_strict_check (const char  *data,
                       gsize        length,
                       int         *line,
                       int         *column,
                       char       **reason)
{
  json_error_t e;
  json_t *root = json_loadb (data, length, JSON_REJECT_DUPLICATES, &e);

  if (root == NULL)
    {
      *line = MAX (e.line, 1);
      *column = MAX (e.column, 1);
      *reason = reason_of (&e);
      return FALSE;
    }
  json_decref (root);
  return TRUE;
}
