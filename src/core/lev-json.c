/* lev-json.c: strict JSON for every file a user can hand us. json-glib's
 * parser is lenient (it reads 0012 as octal, 0x10, comments, single quotes,
 * 5. and .5, keeps the last of two equal keys, cuts strings at \u0000,
 * writes invalid UTF-8 for a lone surrogate, wraps integers beyond 64 bits)
 * and recursive without a bound. So untrusted files are first checked by
 * jansson (lev-json-jansson.c), which implements RFC 8259 strictly and
 * refuses duplicate keys, with the nesting bounded here; only then does
 * json-glib build the tree the readers walk. */
#define G_LOG_DOMAIN "lev-json"
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-json.h"
#include "lev-json-private.h"

/* Line and column (in characters) of @at, both from 1. */
static void
position_of (const char *data,
             const char *at,
             guint      *line,
             guint      *column)
{
  *line = 1;
  *column = 1;
  for (const char *p = data; p < at; p++)
    {
      if (*p == '\n')
        {
          (*line)++;
          *column = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        (*column)++;
    }
}

/* Both parsers recurse; count the depth before either sees the text, so
 * the limit is ours and the message says where it was passed. */
static gboolean
check_depth (const char *data,
             gsize       length,
             guint       max_depth,
             GError    **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              guint line, column;

              position_of (data, data + i, &line, &column);
              g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("%u:%u: nested deeper than %u levels"),
                           line, column, max_depth);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }
  return TRUE;
}

static gboolean
only_spaces (const char *data,
             gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
      return FALSE;
  return TRUE;
}

JsonNode *
lev_json_parse (const char  *data,
                gsize        length,
                guint        max_depth,
                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;
  const char *end;
  int line, column;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  /* Stops at the first invalid byte or NUL, whichever comes first. */
  if (!g_utf8_validate_len (data, length, &end))
    {
      guint at_line, at_column;

      position_of (data, end, &at_line, &at_column);
      if (*end == '\0')
        g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%u:%u: NUL byte in file"), at_line, at_column);
      else
        g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%u:%u: invalid UTF-8 (byte 0x%02x)"), at_line,
                     at_column, (guchar) *end);
      return NULL;
    }
  if (only_spaces (data, length))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("1:1: the file is empty"));
      return NULL;
    }
  if (!check_depth (data, length, max_depth, error))
    return NULL;
  if (!lev_json_strict_check (data, length, &line, &column, &reason))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, "%d:%d: %s", line, column, reason);
      return NULL;
    }
  /* What jansson accepts, json-glib reads to the same values: strict JSON
   * within 64-bit integers and double range. */
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, "%s", local->message);
      return NULL;
    }
  return json_parser_steal_root (parser);
}
