/* lev-csv-ids.c: the id column of a CSV file, read beside the dataset so
 * that predictions can be joined back to the rows they score. An id is
 * not a feature: the dataset reader skips it, and this second, plain pass
 * of libcsv keeps only its text. */
#define G_LOG_DOMAIN "lev-csv-ids"
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-csv-reader.h"
#include "lev-error.h"

gboolean
lev_csv_is_id_name (const char *name)
{
  static const char *const whole[] = { "id", "uuid", "guid", "identifier", "编号", "序号" };
  static const char *const endings[] = { "_id", "-id", " id", ".id", "_uuid", "编号" };
  gsize len;

  g_return_val_if_fail (name != NULL, FALSE);

  len = strlen (name);
  for (guint i = 0; i < G_N_ELEMENTS (whole); i++)
    if (g_ascii_strcasecmp (name, whole[i]) == 0)
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (endings); i++)
    {
      gsize n = strlen (endings[i]);

      if (len > n && g_ascii_strcasecmp (name + len - n, endings[i]) == 0)
        return TRUE;
    }
  /* camelCase: "leadId", "customerID". */
  return len > 2 && g_ascii_islower (name[len - 3]) && name[len - 2] == 'I' &&
         (name[len - 1] == 'd' || name[len - 1] == 'D');
}

typedef struct {
  const LevSchema *schema;
  gsize            row;       /* 1: the header */
  guint            col;
  int              id_col;    /* -1 until the header names one */
  char            *id_name;
  gboolean         row_has_id;
  GPtrArray       *ids;       /* of char*, one per data row */
} IdReader;

static gboolean
in_schema (const LevSchema *schema,
           const char      *name)
{
  if (g_strcmp0 (schema->label, name) == 0)
    return TRUE;
  for (guint i = 0; i < schema->columns->len; i++)
    {
      const LevColumnSpec *c = g_ptr_array_index (schema->columns, i);

      if (g_strcmp0 (c->name, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
on_field (void  *data,
          size_t n,
          void  *user_data)
{
  IdReader *r = user_data;
  const char *s = data ? data : "";

  if (r->row == 1)
    {
      /* The first header field may carry a UTF-8 BOM. */
      if (r->col == 0 && n >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, n -= 3;
      if (r->id_col < 0 && g_utf8_validate (s, (gssize) n, NULL))
        {
          g_autofree char *name = g_strndup (s, n);

          if (lev_csv_is_id_name (name) && !in_schema (r->schema, name))
            {
              r->id_col = (int) r->col;
              r->id_name = g_steal_pointer (&name);
            }
        }
    }
  else if ((int) r->col == r->id_col)
    {
      g_ptr_array_add (r->ids, g_utf8_make_valid (s, (gssize) n));
      r->row_has_id = TRUE;
    }
  r->col++;
}

static void
on_row (int   c,
        void *user_data)
{
  IdReader *r = user_data;

  if (r->row > 1 && !r->row_has_id)
    g_ptr_array_add (r->ids, g_strdup (""));
  r->row_has_id = FALSE;
  r->row++;
  r->col = 0;
}

char **
lev_csv_read_ids (const char       *path,
                  const LevSchema  *schema,
                  char            **name,
                  GError          **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *buf = NULL;
  struct csv_parser parser;
  IdReader r = { schema, 1, 0, -1, NULL, FALSE, ids };
  FILE *f;
  gboolean first = TRUE;
  gsize n;

  g_return_val_if_fail (path != NULL && schema != NULL && name != NULL, NULL);

  *name = NULL;
  /* Standard input was read once, by the dataset. */
  if (g_str_equal (path, "-"))
    return NULL;
  if ((f = g_fopen (path, "rb")) == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("%s: cannot be read (%s)"), path,
                   g_strerror (saved));
      return NULL;
    }
  buf = g_malloc (CHUNK_BYTES);
  if (csv_init (&parser, CSV_APPEND_NULL) != 0)
    g_error ("csv_init failed: out of memory");
  while ((n = fread (buf, 1, CHUNK_BYTES, f)) > 0)
    {
      if (first)
        csv_set_delim (&parser, (unsigned char) lev_csv_detect_delimiter (buf, n));
      first = FALSE;
      csv_parse (&parser, buf, n, on_field, on_row, &r);
      /* Without an id in the header there is nothing to keep. */
      if (r.row > 1 && r.id_col < 0)
        break;
    }
  if (ferror (f))
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("%s: read error: %s"), path,
                   g_strerror (saved));
      fclose (f);
      csv_free (&parser);
      g_free (r.id_name);
      return NULL;
    }
  fclose (f);
  csv_fini (&parser, on_field, on_row, &r);
  csv_free (&parser);
  if (r.id_col < 0)
    return NULL;
  *name = r.id_name;
  g_ptr_array_add (ids, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}
