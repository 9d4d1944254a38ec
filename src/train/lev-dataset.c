/* lev-dataset.c: a CSV file as a dataset. The reader (lev-csv-reader.h)
 * streams every field straight into its place in the float32 matrix; this
 * file decides what each column is (feature, one-hot text, label, ignored),
 * handles missing values, learns or applies the label's classes and hands
 * back the finished LevDataset. Errors name the file, the row (1 = header,
 * as a spreadsheet counts) and the column, by number and by name. */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-csv-reader.h"
#include "lev-error.h"
#include "lev-parse-float.h"

void
lev_csv_options_init (LevCsvOptions *options)
{
  memset (options, 0, sizeof *options);
  options->label_index = -1;
  options->target = LEV_TARGET_AUTO;
  options->missing = LEV_MISSING_REFUSE;
  options->text = LEV_TEXT_REFUSE;
}

const char *
lev_target_kind_to_string (LevTargetKind kind)
{
  switch (kind)
    {
    case LEV_TARGET_BINARY: return "binary";
    case LEV_TARGET_MULTICLASS: return "multiclass";
    case LEV_TARGET_REGRESSION: return "regression";
    case LEV_TARGET_AUTO:
    default: return "auto";
    }
}

static const char *
column_name (Reader *r,
             guint   col)
{
  if (r->header != NULL && col < r->header->len)
    return g_ptr_array_index (r->header, col);
  return "";
}

/* The one way errors are made here: file, row, column, reason. */
void
lev_csv_reader_fail (Reader     *r,
                     int         code,
                     gsize       row,
                     guint       col,
                     const char *format,
                     ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  if (r->error != NULL)
    return;
  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (col == G_MAXUINT)
    r->error = g_error_new (LEV_ERROR, code, _("%s: row %zu: %s"), r->path, row, reason);
  else if (r->header == NULL || col >= r->header->len)
    r->error = g_error_new (LEV_ERROR, code, _("%s: row %zu, column %u: %s"),
                            r->path, row, col + 1, reason);
  else
    {
      g_autofree char *name = g_utf8_make_valid (column_name (r, col), -1);

      r->error = g_error_new (LEV_ERROR, code,
                              _("%s: row %zu, column %u (“%s”): %s"),
                              r->path, row, col + 1, name, reason);
    }
}

static gboolean
is_missing_text (const char *s,
                 gsize       n)
{
  switch (n)
    {
    case 0: return TRUE;
    case 1: return s[0] == '?';
    case 2: return g_ascii_strncasecmp (s, "NA", 2) == 0;
    case 3: return g_ascii_strncasecmp (s, "N/A", 3) == 0;
    case 4: return g_ascii_strncasecmp (s, "null", 4) == 0 || g_ascii_strncasecmp (s, "none", 4) == 0;
    default: return FALSE;
    }
}

static char *
field_for_message (const char *s,
                   gsize       n)
{
  g_autofree char *valid = g_utf8_make_valid (s, (gssize) MIN (n, 40));

  return n > 40 ? g_strdup_printf ("%s…", valid) : g_steal_pointer (&valid);
}

static void
raw_col_clear (RawCol *c)
{
  g_clear_pointer (&c->categories, g_hash_table_unref);
  g_clear_pointer (&c->category_names, g_ptr_array_unref);
  g_clear_pointer (&c->codes, g_free);
  g_clear_pointer (&c->remap, g_free);
}

gboolean
lev_csv_grow_rows (Reader *r)
{
  gsize new_cap;

  if (r->n_rows < r->cap_rows)
    return TRUE;
  /* The first block holds 1024 rows, or fewer in a very wide file, so that
   * 100,000 columns do not reserve 400 MB before the second row. */
  new_cap = r->cap_rows == 0 ? CLAMP ((4u << 20) / (MAX (r->n_raw, 1) * sizeof (float)), 16, 1024)
                             : MAX (r->cap_rows + 1, r->cap_rows + r->cap_rows / 2);
  /* g_try_realloc: a file larger than memory is an error, not an abort. */
  {
    gsize row_words = MAX (r->n_raw, 1);
    float *nx;

    if (new_cap > G_MAXSIZE / sizeof (float) / row_words)
      nx = NULL;
    else
      nx = g_try_realloc (r->x, new_cap * row_words * sizeof (float));
    if (nx == NULL)
      {
        lev_csv_reader_fail (r, LEV_ERROR_LIMIT, r->row, G_MAXUINT,
                     _("out of memory after %zu rows"), r->n_rows);
        return FALSE;
      }
    r->x = nx;
  }
  if (r->label_col >= 0)
    {
      r->y_num = g_realloc (r->y_num, new_cap * sizeof (float));
      r->y_code = g_realloc (r->y_code, new_cap * sizeof (guint32));
    }
  /* Codes for text columns, and (while training) for columns that have
   * shown no number yet, as they may still turn out to be text. */
  for (guint i = 0; i < r->n_raw; i++)
    if (r->raw[i].is_text || (r->schema == NULL && !r->raw[i].seen_number))
      r->raw[i].codes = g_realloc (r->raw[i].codes, new_cap * sizeof (guint32));
  r->cap_rows = new_cap;
  return TRUE;
}

/* The header row: names, the label, each column's role. */
static void
header_done (Reader *r)
{
  r->n_cols = r->header->len;
  r->role = g_new (int, r->n_cols);
  r->label_col = -1;

  /* A hash of the names seen: a pairwise check takes half a minute on a
   * header of 100,000 columns (tests/hardening/test-resource-bounds.c). */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint c = 0; c < r->n_cols; c++)
      {
        const char *name = g_ptr_array_index (r->header, c);
        gpointer d;

        if (name[0] != '\0' && g_hash_table_lookup_extended (seen, name, NULL, &d))
          {
            lev_csv_reader_fail (r, LEV_ERROR_REFERENCE, 1, c, _("the same name as column %u"),
                         GPOINTER_TO_UINT (d) + 1);
            return;
          }
        g_hash_table_insert (seen, (gpointer) name, GUINT_TO_POINTER (c));
      }
  }

  if (r->schema != NULL)
    {
      const char *label = r->schema->label;

      for (guint c = 0; c < r->n_cols; c++)
        r->role[c] = ROLE_IGNORE;
      r->n_raw = r->schema->columns->len;
      r->raw = g_new0 (RawCol, r->n_raw);
      r->n_not_plain = r->n_raw;
      for (guint i = 0; i < r->n_raw; i++)
        {
          const LevColumnSpec *spec = g_ptr_array_index (r->schema->columns, i);
          guint c;

          for (c = 0; c < r->n_cols; c++)
            if (g_str_equal (spec->name, g_ptr_array_index (r->header, c)))
              break;
          if (c == r->n_cols)
            {
              r->error = g_error_new (LEV_ERROR, LEV_ERROR_MISSING,
                                      _("%s: row 1, columns 1–%u: the model needs a column “%s”, which this "
                                        "file lacks"), r->path, r->n_cols, spec->name);
              return;
            }
          r->role[c] = (int) i;
          r->raw[i].file_col = c;
          r->raw[i].fill = spec->fill;
          r->raw[i].has_fill = spec->has_fill;
          if (spec->kind == LEV_COLUMN_ONEHOT)
            {
              r->raw[i].is_text = TRUE;
              r->raw[i].frozen = TRUE;
              r->raw[i].categories = g_hash_table_new (g_str_hash, g_str_equal);
              for (guint k = 0; spec->categories[k] != NULL; k++)
                g_hash_table_insert (r->raw[i].categories, spec->categories[k], GUINT_TO_POINTER (k + 1));
            }
        }
      for (guint c = 0; c < r->n_cols; c++)
        if (g_str_equal (label, g_ptr_array_index (r->header, c)))
          {
            r->label_col = (int) c;
            r->role[c] = ROLE_LABEL;
          }
      return;
    }

  if (r->opt.label_index >= 0)
    {
      if ((guint) r->opt.label_index >= r->n_cols)
        {
          r->error = g_error_new (LEV_ERROR, LEV_ERROR_MISSING,
                                  _("%s: row 1, column %d: no such column for the label (the header has %u)"),
                                  r->path, r->opt.label_index + 1, r->n_cols);
          return;
        }
      r->label_col = r->opt.label_index;
    }
  else
    {
      const char *label = r->opt.label != NULL ? r->opt.label : "label";

      for (guint c = 0; c < r->n_cols; c++)
        if (g_str_equal (label, g_ptr_array_index (r->header, c)))
          r->label_col = (int) c;
      if (r->label_col < 0)
        {
          r->error = g_error_new (LEV_ERROR, LEV_ERROR_MISSING,
                                  _("%s: row 1, columns 1–%u (“%s” … “%s”): none is named “%s”, the label "
                                    "(choose another with --label)"),
                                  r->path, r->n_cols, column_name (r, 0), column_name (r, r->n_cols - 1), label);
          return;
        }
    }
  if (r->n_cols < 2)
    {
      r->error = g_error_new (LEV_ERROR, LEV_ERROR_MISSING,
                              _("%s: row 1, column 1: only the label column; there are no features"), r->path);
      return;
    }
  r->n_raw = r->n_cols - 1;
  r->raw = g_new0 (RawCol, r->n_raw);
  r->n_not_plain = r->n_raw;
  for (guint c = 0, i = 0; c < r->n_cols; c++)
    {
      if ((int) c == r->label_col)
        r->role[c] = ROLE_LABEL;
      else
        {
          r->raw[i].file_col = c;
          r->role[c] = (int) i++;
        }
    }
}

static void
header_field (Reader     *r,
              const char *s,
              gsize       n)
{
  if (memchr (s, '\0', n) != NULL)
    {
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, 1, r->col, _("binary data (a NUL byte) in the header"));
      return;
    }
  if (!g_utf8_validate_len (s, n, NULL))
    {
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, 1, r->col, _("the column name is not valid UTF-8 text"));
      return;
    }
  if (n == 0)
    g_ptr_array_add (r->header, g_strdup_printf ("column_%u", r->col + 1));
  else
    g_ptr_array_add (r->header, g_strndup (s, n));
}

/* A value of a text (one-hot) column: its category code. */
static void
text_value (Reader     *r,
            RawCol     *c,
            const char *s,
            gsize       n)
{
  g_autofree char *key = g_strndup (s, n);
  gpointer code = g_hash_table_lookup (c->categories, key);

  if (code == NULL)
    {
      if (c->frozen)
        {
          /* A value the model never saw encodes as all zeros, as
           * scikit-learn's OneHotEncoder(handle_unknown="ignore"). */
          c->codes[r->n_rows] = MISSING_CODE;
          return;
        }
      if (c->category_names->len >= r->opt.max_categories)
        {
          lev_csv_reader_fail (r, LEV_ERROR_LIMIT, r->row, r->col,
                       _("more than %u different text values; one-hot encoding is only for a few"),
                       r->opt.max_categories);
          return;
        }
      g_ptr_array_add (c->category_names, g_strdup (key));
      code = GUINT_TO_POINTER (c->category_names->len);
      g_hash_table_insert (c->categories, g_steal_pointer (&key), code);
    }
  c->codes[r->n_rows] = GPOINTER_TO_UINT (code) - 1;
}

static void
feature_field (Reader     *r,
               RawCol     *c,
               guint       i,
               const char *s,
               gsize       n)
{
  float *slot = r->x + r->n_rows * r->n_raw + i;
  LevParseFloatResult res;
  float v;

  if (s == NULL || is_missing_text (s, n))
    {
      if (r->opt.missing == LEV_MISSING_REFUSE && !c->has_fill)
        {
          lev_csv_reader_fail (r, LEV_ERROR_MISSING, r->row, r->col,
                       _("missing value (choose to drop such rows or fill in the column mean)"));
          return;
        }
      r->row_missing = TRUE;
      c->any_missing = TRUE;
      *slot = c->has_fill ? c->fill : NAN;
      if (c->is_text)
        c->codes[r->n_rows] = MISSING_CODE;
      return;
    }
  if (c->is_text)
    {
      *slot = 0.0f;
      if (!g_utf8_validate_len (s, n, NULL))
        lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("not valid UTF-8 text"));
      else
        text_value (r, c, s, n);
      return;
    }
  res = lev_parse_float (s, n, &v);
  if (G_LIKELY (res == LEV_PARSE_FLOAT_OK))
    {
      *slot = v;
      if (!c->seen_number)
        {
          c->seen_number = TRUE;
          r->n_not_plain--;  /* a text column never gets here */
          c->first_number_row = r->row;
          if (r->schema == NULL)
            g_clear_pointer (&c->codes, g_free);
        }
      return;
    }
  if (res == LEV_PARSE_FLOAT_NOT_FINITE)
    {
      g_autofree char *shown = field_for_message (s, n);
      lev_csv_reader_fail (r, LEV_ERROR_VALUE, r->row, r->col, _("“%s” is not a finite number"), shown);
      return;
    }
  if (memchr (s, '\0', n) != NULL)
    {
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("binary data (a NUL byte)"));
      return;
    }
  {
    g_autofree char *shown = field_for_message (s, n);

    if (r->schema != NULL || r->opt.text == LEV_TEXT_REFUSE)
      {
        lev_csv_reader_fail (r, LEV_ERROR_TYPE, r->row, r->col,
                     _("“%s” is not a number; this column holds text (drop the column, "
                       "or encode text columns one-hot)"), shown);
        return;
      }
    if (c->seen_number)
      {
        lev_csv_reader_fail (r, LEV_ERROR_TYPE, r->row, r->col,
                     _("“%s” is not a number, but row %zu of this column is"),
                     shown, c->first_number_row);
        return;
      }
  }
  /* The column is text from now on; no number came before (only missing
   * values), so nothing is lost. */
  c->is_text = TRUE;
  c->categories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  c->category_names = g_ptr_array_new_with_free_func (g_free);
  if (c->codes == NULL)
    c->codes = g_new (guint32, r->cap_rows);
  for (gsize k = 0; k < r->n_rows; k++)
    c->codes[k] = MISSING_CODE;
  feature_field (r, c, i, s, n);
}

void
lev_csv_label_field (Reader     *r,
                     const char *s,
                     gsize       n)
{
  float v;
  LevParseFloatResult res;
  gpointer code;
  g_autofree char *key = NULL;

  if (s == NULL || is_missing_text (s, n))
    {
      if (r->schema != NULL)
        {
          r->y_num[r->n_rows] = NAN;
          r->y_code[r->n_rows] = MISSING_CODE;
          return;
        }
      if (r->opt.missing == LEV_MISSING_REFUSE)
        lev_csv_reader_fail (r, LEV_ERROR_MISSING, r->row, r->col, _("the label is missing"));
      r->label_missing = TRUE;
      return;
    }
  if (memchr (s, '\0', n) != NULL)
    {
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("binary data (a NUL byte)"));
      return;
    }
  for (guint k = 0; k < r->n_label_cache; k++)
    if (r->label_cache[k].len == n && memcmp (r->label_cache[k].text, s, n) == 0)
      {
        r->y_num[r->n_rows] = r->label_cache[k].value;
        r->y_code[r->n_rows] = r->label_cache[k].code;
        return;
      }
  res = lev_parse_float (s, n, &v);
  if (res == LEV_PARSE_FLOAT_NOT_FINITE)
    {
      g_autofree char *shown = field_for_message (s, n);
      lev_csv_reader_fail (r, LEV_ERROR_VALUE, r->row, r->col, _("“%s” is not a finite number"), shown);
      return;
    }
  if (res == LEV_PARSE_FLOAT_OK)
    r->y_num[r->n_rows] = v;
  else
    {
      if (!g_utf8_validate_len (s, n, NULL))
        {
          lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("not valid UTF-8 text"));
          return;
        }
      r->y_num[r->n_rows] = NAN;
      if (r->label_all_numeric)
        r->first_text_label_row = r->row;
      r->label_all_numeric = FALSE;
    }
  /* Labels are few distinct strings: codes let text classes and
   * "true/false" work without keeping the strings per row. */
  key = g_strndup (s, n);
  code = g_hash_table_lookup (r->label_codes, key);
  if (code == NULL)
    {
      if (r->label_names->len >= MAX_LABEL_VALUES)
        {
          r->too_many_labels = TRUE;
          r->y_code[r->n_rows] = MISSING_CODE;
          return;
        }
      g_ptr_array_add (r->label_names, g_strdup (key));
      code = GUINT_TO_POINTER (r->label_names->len);
      g_hash_table_insert (r->label_codes, g_steal_pointer (&key), code);
    }
  r->y_code[r->n_rows] = GPOINTER_TO_UINT (code) - 1;
  /* Only values whose row outcome is fully known are cached: a text label
   * also flips label_all_numeric, which must happen on its first row. */
  if (n < sizeof r->label_cache[0].text && r->n_label_cache < G_N_ELEMENTS (r->label_cache) &&
      res == LEV_PARSE_FLOAT_OK)
    {
      guint k = r->n_label_cache++;

      memcpy (r->label_cache[k].text, s, n);
      r->label_cache[k].len = n;
      r->label_cache[k].value = r->y_num[r->n_rows];
      r->label_cache[k].code = r->y_code[r->n_rows];
    }
}

void
lev_csv_on_field (void  *data,
                  size_t n,
                  void  *user_data)
{
  Reader *r = user_data;
  const char *s = data;
  int role;

  if (r->error != NULL)
    return;
  if (r->row == 1)
    {
      header_field (r, s != NULL ? s : "", s != NULL ? n : 0);
      r->col++;
      return;
    }
  if (r->col >= r->n_cols)
    {
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
                   _("a field beyond the header's %u columns"), r->n_cols);
      return;
    }
  if (!r->row_open)
    {
      if (!lev_csv_grow_rows (r))
        return;
      r->row_open = TRUE;
      r->row_missing = FALSE;
      r->label_missing = FALSE;
    }
  /* Spaces inside quotes (" -2") are kept by libcsv; for a value they are
   * padding, as pandas also treats them. */
  if (s != NULL)
    {
      while (n > 0 && (s[0] == ' ' || s[0] == '\t'))
        s++, n--;
      while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    }
  role = r->role[r->col];
  if (role >= 0)
    feature_field (r, &r->raw[role], (guint) role, s, n);
  else if (role == ROLE_LABEL)
    lev_csv_label_field (r, s, n);
  r->col++;
}

void
lev_csv_on_row (int   c,
                void *user_data)
{
  Reader *r = user_data;

  if (r->error != NULL)
    return;
  if (r->row == 1)
    {
      header_done (r);
      r->row++;
      r->col = 0;
      return;
    }
  if (r->col < r->n_cols)
    {
      /* A lone empty line gives one empty field; libcsv skips truly empty
       * lines, so anything short is a ragged row. */
      lev_csv_reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
                   _("the row ends after %u fields; the header has %u"), r->col, r->n_cols);
      return;
    }
  /* A dropped row's slot is simply reused by the next one. A missing
   * label cannot be imputed, so such rows go whatever the policy. */
  if (r->schema == NULL &&
      (r->label_missing || (r->row_missing && r->opt.missing == LEV_MISSING_DROP)))
    r->n_dropped++;
  else
    r->n_rows++;
  r->row_open = FALSE;
  r->row++;
  r->col = 0;
}

void
lev_csv_reader_clear (Reader *r)
{
  g_clear_error (&r->error);
  g_clear_pointer (&r->header, g_ptr_array_unref);
  g_clear_pointer (&r->role, g_free);
  if (r->raw != NULL)
    for (guint i = 0; i < r->n_raw; i++)
      raw_col_clear (&r->raw[i]);
  g_clear_pointer (&r->raw, g_free);
  g_clear_pointer (&r->x, g_free);
  g_clear_pointer (&r->y_num, g_free);
  g_clear_pointer (&r->y_code, g_free);
  g_clear_pointer (&r->label_codes, g_hash_table_unref);
  g_clear_pointer (&r->label_names, g_ptr_array_unref);
}

/* One chunk through libcsv, with the reader's error checks. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static int
compare_floats (gconstpointer a,
                gconstpointer b)
{
  float x = *(const float *) a, y = *(const float *) b;
  return (x > y) - (x < y);
}

/* Decides the target and writes y in place of y_num. */
static gboolean
finish_label (Reader     *r,
              LevSchema  *schema,
              GError    **error)
{
  guint label_col = (guint) r->label_col;
  const char *label_name = column_name (r, label_col);
  LevTargetKind kind = r->opt.target;

  schema->label = g_strdup (label_name);

  if (kind == LEV_TARGET_REGRESSION)
    {
      if (!r->label_all_numeric)
        {
          lev_csv_reader_fail (r, LEV_ERROR_TYPE, r->first_text_label_row, label_col,
                       _("the label is text, but a regression needs numbers"));
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
      schema->target = LEV_TARGET_REGRESSION;
      schema->n_classes = 0;
      return TRUE;
    }

  if (r->label_all_numeric)
    {
      /* The distinct numeric values, sorted: the classes. */
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (float));
      g_autoptr(GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
      /* Every row has the code of its label's text (unless there were too
       * many texts): then the values are found per code, not per row. */
      guint n_codes = r->too_many_labels ? 0 : r->label_names->len;
      g_autofree float *code_value = g_new0 (float, MAX (n_codes, 1));
      g_autofree guint32 *code_class = g_new0 (guint32, MAX (n_codes, 1));

      if (n_codes > 0)
        {
          g_autofree guint8 *have = g_new0 (guint8, n_codes);

          for (gsize i = 0; i < r->n_rows; i++)
            {
              guint32 k = r->y_code[i];

              if (!have[k])
                {
                  have[k] = 1;
                  code_value[k] = r->y_num[i] + 0.0f; /* -0 and 0 are one class */
                }
            }
          /* codes are numbered in the order their texts first appear */
          for (guint k = 0; k < n_codes; k++)
            {
              guint32 bits;

              if (!have[k])
                continue;
              memcpy (&bits, &code_value[k], sizeof bits);
              if (!g_hash_table_contains (seen, GUINT_TO_POINTER (bits)))
                {
                  g_hash_table_add (seen, GUINT_TO_POINTER (bits));
                  g_array_append_val (values, code_value[k]);
                }
            }
        }
      else
        for (gsize i = 0; i < r->n_rows && values->len <= MAX_LABEL_VALUES; i++)
          {
            float v = r->y_num[i] + 0.0f; /* -0 and 0 are one class */
            guint32 bits;

            memcpy (&bits, &v, sizeof bits);
            if (!g_hash_table_contains (seen, GUINT_TO_POINTER (bits)))
              {
                g_hash_table_add (seen, GUINT_TO_POINTER (bits));
                g_array_append_val (values, v);
              }
          }
      if (values->len > MAX_LABEL_VALUES)
        {
          lev_csv_reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                       _("the label has more than %u different values; for a continuous "
                         "target choose regression"), MAX_LABEL_VALUES);
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
      for (guint k = 0; k < values->len; k++)
        {
          float v = g_array_index (values, float, k);

          if (v != floorf (v))
            {
              lev_csv_reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                           _("the label holds fractions such as %g; classes must be whole "
                             "numbers or text (for a continuous target choose regression)"), (double) v);
              g_propagate_error (error, g_steal_pointer (&r->error));
              return FALSE;
            }
        }
      g_array_sort (values, compare_floats);
      schema->n_classes = values->len;
      schema->classes = g_new0 (char *, values->len + 1);
      for (guint k = 0; k < values->len; k++)
        schema->classes[k] = g_strdup_printf ("%g", (double) g_array_index (values, float, k));
      {
        /* Value → class index, in place. */
        g_autoptr(GHashTable) index = g_hash_table_new (g_direct_hash, g_direct_equal);

        for (guint k = 0; k < values->len; k++)
          {
            float v = g_array_index (values, float, k);
            guint32 bits;

            memcpy (&bits, &v, sizeof bits);
            g_hash_table_insert (index, GUINT_TO_POINTER (bits), GUINT_TO_POINTER (k));
          }
        if (n_codes > 0)
          {
            for (guint k = 0; k < n_codes; k++)
              {
                guint32 bits;

                memcpy (&bits, &code_value[k], sizeof bits);
                code_class[k] = GPOINTER_TO_UINT (g_hash_table_lookup (index, GUINT_TO_POINTER (bits)));
              }
            for (gsize i = 0; i < r->n_rows; i++)
              r->y_num[i] = (float) code_class[r->y_code[i]];
          }
        else
          for (gsize i = 0; i < r->n_rows; i++)
            {
              float v = r->y_num[i] + 0.0f;
              guint32 bits;

              memcpy (&bits, &v, sizeof bits);
              r->y_num[i] = (float) GPOINTER_TO_UINT (g_hash_table_lookup (index, GUINT_TO_POINTER (bits)));
            }
      }
    }
  else
    {
      g_autoptr(GPtrArray) names = NULL;
      g_autofree guint32 *remap = NULL;

      if (r->too_many_labels)
        {
          lev_csv_reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                       _("the label has more than %u different text values"), MAX_LABEL_VALUES);
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
      names = g_ptr_array_copy (r->label_names, (GCopyFunc) (void (*) (void)) g_strdup, NULL);
      g_ptr_array_set_free_func (names, g_free);
      g_ptr_array_sort (names, compare_strings);
      /* false/true and no/yes: the negative is class 0, whatever the
       * alphabet says. */
      if (names->len == 2)
        {
          const char *a = g_ptr_array_index (names, 0), *b = g_ptr_array_index (names, 1);

          if ((g_ascii_strcasecmp (a, "true") == 0 && g_ascii_strcasecmp (b, "false") == 0) ||
              (g_ascii_strcasecmp (a, "yes") == 0 && g_ascii_strcasecmp (b, "no") == 0))
            {
              gpointer t = names->pdata[0];
              names->pdata[0] = names->pdata[1];
              names->pdata[1] = t;
            }
        }
      remap = g_new (guint32, r->label_names->len);
      for (guint k = 0; k < r->label_names->len; k++)
        for (guint j = 0; j < names->len; j++)
          if (g_str_equal (g_ptr_array_index (r->label_names, k), g_ptr_array_index (names, j)))
            remap[k] = j;
      for (gsize i = 0; i < r->n_rows; i++)
        r->y_num[i] = (float) remap[r->y_code[i]];
      schema->n_classes = names->len;
      schema->classes = g_new0 (char *, names->len + 1);
      for (guint k = 0; k < names->len; k++)
        schema->classes[k] = g_strdup (g_ptr_array_index (names, k));
    }

  if (schema->n_classes < 2)
    {
      lev_csv_reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                   _("every row has the same label “%s”: there is nothing to learn"),
                   schema->classes[0]);
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  if (kind == LEV_TARGET_BINARY && schema->n_classes > 2)
    {
      lev_csv_reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                   _("%u different labels, but a binary target was asked for"), schema->n_classes);
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  schema->target = schema->n_classes == 2 ? LEV_TARGET_BINARY : LEV_TARGET_MULTICLASS;
  return TRUE;
}

/* Reading with a model's schema: labels become the model's class indices
 * (by name, or by value when both are numbers), for scoring. No row is
 * dropped in this mode, so row i is file row i + 2. */
static gboolean
map_labels_to_model (Reader  *r,
                     GError **error)
{
  const LevSchema *schema = r->schema;

  if (schema->target == LEV_TARGET_REGRESSION)
    {
      if (!r->label_all_numeric)
        {
          lev_csv_reader_fail (r, LEV_ERROR_TYPE, r->first_text_label_row, (guint) r->label_col,
                       _("the label is text, but the model predicts numbers"));
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
      return TRUE;  /* values as read; missing ones are NaN */
    }
  for (gsize i = 0; i < r->n_rows; i++)
    {
      const char *text;
      float v;
      gboolean found = FALSE;

      if (r->y_code[i] == MISSING_CODE)
        {
          r->y_num[i] = NAN;
          continue;
        }
      text = g_ptr_array_index (r->label_names, r->y_code[i]);
      for (guint k = 0; k < schema->n_classes && !found; k++)
        if (g_str_equal (text, schema->classes[k]) ||
            (!isnan (r->y_num[i]) &&
             lev_parse_float (schema->classes[k], strlen (schema->classes[k]), &v) == LEV_PARSE_FLOAT_OK &&
             v == r->y_num[i]))
          {
            r->y_num[i] = (float) k;
            found = TRUE;
          }
      if (!found)
        {
          g_autofree char *shown = field_for_message (text, strlen (text));
          lev_csv_reader_fail (r, LEV_ERROR_VALUE, i + 2, (guint) r->label_col,
                       _("the label “%s” is not one of the model's classes"), shown);
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
    }
  return TRUE;
}

void
lev_csv_column_spec_free (gpointer data)
{
  LevColumnSpec *spec = data;

  g_free (spec->name);
  g_strfreev (spec->categories);
  g_free (spec);
}

/* Builds the schema (training) and the final matrix. */
static LevDataset *
finish (Reader  *r,
        GError **error)
{
  g_autoptr(LevSchema) schema = NULL;
  g_autoptr(LevDataset) data = g_new0 (LevDataset, 1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  gboolean any_text = FALSE;
  guint n_features = 0;

  if (r->schema == NULL)
    {
      schema = g_new0 (LevSchema, 1);
      schema->columns = g_ptr_array_new_with_free_func (lev_csv_column_spec_free);
      schema->missing = r->opt.missing;
      for (guint i = 0; i < r->n_raw; i++)
        {
          RawCol *c = &r->raw[i];
          LevColumnSpec *spec = g_new0 (LevColumnSpec, 1);

          spec->name = g_strdup (column_name (r, c->file_col));
          if (c->is_text)
            {
              /* Categories in sorted order, so the encoding does not depend
               * on which value came first; codes are remapped. */
              g_autoptr(GPtrArray) sorted = g_ptr_array_copy (c->category_names, NULL, NULL);
              guint n_cat = sorted->len;

              /* the copy shares the strings: it must not free them */
              g_ptr_array_set_free_func (sorted, NULL);
              g_ptr_array_sort (sorted, compare_strings);
              spec->kind = LEV_COLUMN_ONEHOT;
              spec->categories = g_new0 (char *, n_cat + 1);
              c->remap = g_new (guint32, MAX (n_cat, 1));
              for (guint k = 0; k < n_cat; k++)
                {
                  spec->categories[k] = g_strdup (g_ptr_array_index (sorted, k));
                  for (guint j = 0; j < n_cat; j++)
                    if (g_ptr_array_index (c->category_names, j) == g_ptr_array_index (sorted, k))
                      c->remap[j] = k;
                }
            }
          else if (!c->seen_number)
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                           _("%s: row 2, column %u (“%s”): every value of this column is missing"),
                           r->path, c->file_col + 1, spec->name);
              lev_csv_column_spec_free (spec);
              return NULL;
            }
          else
            {
              spec->kind = LEV_COLUMN_NUMERIC;
              if (r->opt.missing == LEV_MISSING_MEAN)
                {
                  /* Over the rows kept, so a dropped row does not count. */
                  double sum = 0.0;
                  gsize n = 0;

                  for (gsize row = 0; row < r->n_rows; row++)
                    {
                      float v = r->x[row * r->n_raw + i];

                      if (!isnan (v))
                        sum += v, n++;
                    }
                  spec->fill = n > 0 ? (float) (sum / (double) n) : 0.0f;
                  spec->has_fill = TRUE;
                }
            }
          g_ptr_array_add (schema->columns, spec);
        }
      if (!finish_label (r, schema, error))
        return NULL;
    }

  for (guint i = 0; i < r->n_raw; i++)
    {
      const LevColumnSpec *spec = g_ptr_array_index (schema != NULL ? schema->columns : r->schema->columns, i);

      if (spec->kind == LEV_COLUMN_ONEHOT)
        {
          any_text = TRUE;
          for (guint k = 0; spec->categories[k] != NULL; k++)
            {
              g_ptr_array_add (names, g_strdup_printf ("%s=%s", spec->name, spec->categories[k]));
              n_features++;
            }
        }
      else
        {
          g_ptr_array_add (names, g_strdup (spec->name));
          n_features++;
        }
    }
  g_ptr_array_add (names, NULL);

  if (schema != NULL)
    {
      schema->n_features = n_features;
      schema->feature_names = (char **) g_ptr_array_steal (names, NULL);
    }
  else
    g_ptr_array_foreach (names, (GFunc) (void (*) (void)) g_free, NULL);

  /* Mean imputation, now that the means are known. */
  for (guint i = 0; i < r->n_raw; i++)
    {
      const LevColumnSpec *spec = g_ptr_array_index (schema != NULL ? schema->columns : r->schema->columns, i);

      if (spec->kind == LEV_COLUMN_NUMERIC && r->raw[i].any_missing && spec->has_fill)
        for (gsize row = 0; row < r->n_rows; row++)
          if (isnan (r->x[row * r->n_raw + i]))
            r->x[row * r->n_raw + i] = spec->fill;
    }

  if (any_text)
    {
      /* One-hot expansion into a new matrix (the memory bound of the
       * streaming reader holds for numeric files, which need none). */
      float *x = g_try_new0 (float, MAX (r->n_rows * n_features, 1));

      if (x == NULL)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("%s: out of memory"), r->path);
          return NULL;
        }
      for (gsize row = 0; row < r->n_rows; row++)
        {
          float *out = x + row * n_features;
          guint f = 0;

          for (guint i = 0; i < r->n_raw; i++)
            {
              const LevColumnSpec *spec =
                g_ptr_array_index (schema != NULL ? schema->columns : r->schema->columns, i);

              if (spec->kind == LEV_COLUMN_ONEHOT)
                {
                  guint n_cat = g_strv_length (spec->categories);
                  guint32 code = r->raw[i].codes[row];

                  if (code != MISSING_CODE)
                    out[f + (r->raw[i].remap != NULL ? r->raw[i].remap[code] : code)] = 1.0f;
                  f += n_cat;
                }
              else
                out[f++] = r->x[row * r->n_raw + i];
            }
        }
      g_free (r->x);
      r->x = x;
    }
  else if (r->n_rows > 0)
    r->x = g_realloc (r->x, r->n_rows * n_features * sizeof (float));

  data->schema = schema != NULL ? g_steal_pointer (&schema) : NULL;
  data->n_rows = r->n_rows;
  data->n_features = n_features;
  data->x = g_steal_pointer (&r->x);
  if (r->label_col >= 0 && r->schema != NULL && !map_labels_to_model (r, error))
    return NULL;
  if (r->label_col >= 0)
    data->y = g_realloc (g_steal_pointer (&r->y_num), MAX (r->n_rows, 1) * sizeof (float));
  data->n_dropped = r->n_dropped;
  data->path = g_strdup (r->path);
  return g_steal_pointer (&data);
}

static LevDataset *
load (const char          *path,
      const LevSchema     *schema,
      const LevCsvOptions *options,
      GError             **error)
{
  Reader r = { 0 };
  LevDataset *data;

  r.path = path;
  if (options != NULL)
    r.opt = *options;
  else
    lev_csv_options_init (&r.opt);
  if (r.opt.max_categories == 0)
    r.opt.max_categories = 32;
  if (r.opt.max_field_bytes == 0)
    r.opt.max_field_bytes = 1u << 20;
  if (r.opt.chunk_bytes == 0)
    r.opt.chunk_bytes = CHUNK_BYTES;
  r.schema = schema;
  r.row = 1;
  r.label_col = -1;
  r.header = g_ptr_array_new_with_free_func (g_free);
  r.label_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  r.label_names = g_ptr_array_new_with_free_func (g_free);
  r.label_all_numeric = TRUE;

  if (!lev_csv_parse_file (&r, error))
    {
      lev_csv_reader_clear (&r);
      return NULL;
    }
  data = finish (&r, error);
  lev_csv_reader_clear (&r);
  return data;
}

LevDataset *
lev_dataset_load_csv (const char          *path,
                      const LevCsvOptions *options,
                      GError             **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return load (path, NULL, options, error);
}

LevDataset *
lev_dataset_load_csv_with_schema (const char          *path,
                                  const LevSchema     *schema,
                                  const LevCsvOptions *options,
                                  GError             **error)
{
  LevCsvOptions opt;
  LevDataset *data;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (schema != NULL, NULL);
  if (options != NULL)
    opt = *options;
  else
    lev_csv_options_init (&opt);
  opt.missing = LEV_MISSING_REFUSE;
  data = load (path, schema, &opt, error);
  if (data != NULL && data->y != NULL)
    {
      /* Labels in the model's class indices (or values for regression). */
      gboolean any = FALSE;

      for (gsize i = 0; i < data->n_rows; i++)
        any |= !isnan (data->y[i]);
      if (!any)
        g_clear_pointer (&data->y, g_free);
    }
  return data;
}

void
lev_dataset_free (LevDataset *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->schema, lev_schema_free);
  g_free (data->x);
  g_free (data->y);
  g_free (data->path);
  g_free (data);
}
