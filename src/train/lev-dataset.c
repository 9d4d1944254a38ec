/* lev-dataset.c: the streaming CSV reader on libcsv. The file is read in
 * 1 MiB chunks (a large one by several threads, a block each) and every
 * field goes straight into its place in the float32 matrix, or, on a
 * worker thread, into a block-sized buffer appended to it in turn; so the
 * only large allocation is the matrix itself (grown with realloc, which
 * glibc does with mremap for large blocks, without a copy); the label
 * column takes one more float (and, while reading, one code) per row.
 * Errors name the file, the row (1 = header, as a spreadsheet counts) and
 * the column, by number and by name. */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-dataset.h"
#include "lev-error.h"
#include "lev-parse-float.h"
#include "lev-tsan.h"

#define CHUNK_BYTES (1u << 20)
/* Readable bytes after every buffer the tokeniser scans, for the inline
 * number parser's 8-byte loads. */
#define PAD_BYTES 64
#define MAX_LABEL_VALUES 1024
#define MISSING_CODE G_MAXUINT32
#define ROLE_IGNORE (-1)
#define ROLE_LABEL (-2)

typedef struct {
  gboolean    is_text;      /* one-hot column */
  gboolean    seen_number;
  gsize       first_number_row;
  GHashTable *categories;   /* value → GUINT_TO_POINTER (code + 1) */
  GPtrArray  *category_names;
  guint32    *codes;        /* per row, text columns only */
  guint32    *remap;        /* code → index among the sorted categories */
  gboolean    frozen;       /* categories come from a schema */
  gboolean    any_missing;
  float       fill;         /* schema mode */
  gboolean    has_fill;
  guint       file_col;
} RawCol;

typedef struct {
  const char          *path;
  LevCsvOptions        opt;
  const LevSchema     *schema;

  gsize                row;          /* 1-based record number being read */
  guint                col;          /* 0-based field within the record */
  GError              *error;

  GPtrArray           *header;
  guint                n_cols;
  int                 *role;         /* per file column: raw index, ROLE_LABEL, ROLE_IGNORE */
  int                  label_col;

  RawCol              *raw;
  guint                n_raw;
  guint                n_not_plain;  /* columns that are text or have shown no number yet */
  gboolean             worker;       /* a block's reader: a quote ends its part */
  float               *x;
  gsize                cap_rows;
  gsize                n_rows;
  gboolean             row_open;
  gboolean             row_missing;
  gboolean             label_missing;

  /* the label */
  float               *y_num;
  guint32             *y_code;
  GHashTable          *label_codes;  /* string → code + 1 */
  GPtrArray           *label_names;
  gboolean             label_all_numeric;
  gsize                first_text_label_row;
  gboolean             too_many_labels;
  /* The last few label strings seen, so the usual "0"/"1" costs a
   * memcmp per row rather than a copy and a hash lookup. */
  struct {
    char    text[16];
    gsize   len;
    float   value;
    guint32 code;
  }                    label_cache[4];
  guint                n_label_cache;
  gsize                n_dropped;
} Reader;

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
G_GNUC_PRINTF (5, 6) static void
reader_fail (Reader     *r,
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

static gboolean
grow_rows (Reader *r)
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
        reader_fail (r, LEV_ERROR_LIMIT, r->row, G_MAXUINT,
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
            reader_fail (r, LEV_ERROR_REFERENCE, 1, c, _("the same name as column %u"),
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
      reader_fail (r, LEV_ERROR_PARSE, 1, r->col, _("binary data (a NUL byte) in the header"));
      return;
    }
  if (!g_utf8_validate_len (s, n, NULL))
    {
      reader_fail (r, LEV_ERROR_PARSE, 1, r->col, _("the column name is not valid UTF-8 text"));
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
          reader_fail (r, LEV_ERROR_LIMIT, r->row, r->col,
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
          reader_fail (r, LEV_ERROR_MISSING, r->row, r->col,
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
        reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("not valid UTF-8 text"));
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
      reader_fail (r, LEV_ERROR_VALUE, r->row, r->col, _("“%s” is not a finite number"), shown);
      return;
    }
  if (memchr (s, '\0', n) != NULL)
    {
      reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("binary data (a NUL byte)"));
      return;
    }
  {
    g_autofree char *shown = field_for_message (s, n);

    if (r->schema != NULL || r->opt.text == LEV_TEXT_REFUSE)
      {
        reader_fail (r, LEV_ERROR_TYPE, r->row, r->col,
                     _("“%s” is not a number; this column holds text (drop the column, "
                       "or encode text columns one-hot)"), shown);
        return;
      }
    if (c->seen_number)
      {
        reader_fail (r, LEV_ERROR_TYPE, r->row, r->col,
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

static void
label_field (Reader     *r,
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
        reader_fail (r, LEV_ERROR_MISSING, r->row, r->col, _("the label is missing"));
      r->label_missing = TRUE;
      return;
    }
  if (memchr (s, '\0', n) != NULL)
    {
      reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("binary data (a NUL byte)"));
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
      reader_fail (r, LEV_ERROR_VALUE, r->row, r->col, _("“%s” is not a finite number"), shown);
      return;
    }
  if (res == LEV_PARSE_FLOAT_OK)
    r->y_num[r->n_rows] = v;
  else
    {
      if (!g_utf8_validate_len (s, n, NULL))
        {
          reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("not valid UTF-8 text"));
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

static void
on_field (void  *data,
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
      reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
                   _("a field beyond the header's %u columns"), r->n_cols);
      return;
    }
  if (!r->row_open)
    {
      if (!grow_rows (r))
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
    label_field (r, s, n);
  r->col++;
}

static void
on_row (int   c,
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
      reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
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

static int
is_space (unsigned char c)
{
  return c == ' ';
}

/* The delimiter among , ; and tab that appears most often in the first
 * line (outside quotes); a comma on a tie. */
static char
detect_delimiter (const char *buf,
                  gsize       len)
{
  gsize counts[3] = { 0, 0, 0 };
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char ch = buf[i];

      if (ch == '"')
        quoted = !quoted;
      else if (!quoted && (ch == '\n' || ch == '\r'))
        break;
      else if (!quoted)
        counts[0] += ch == ',', counts[1] += ch == ';', counts[2] += ch == '\t';
    }
  if (counts[1] > counts[0] && counts[1] >= counts[2])
    return ';';
  if (counts[2] > counts[0] && counts[2] > counts[1])
    return '\t';
  return ',';
}

static void
reader_clear (Reader *r)
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
static void
feed (Reader            *r,
      struct csv_parser *parser,
      const char        *p,
      gsize              n)
{
  if (csv_parse (parser, p, n, on_field, on_row, r) != n && r->error == NULL)
    {
      int err = csv_error (parser);

      if (err == CSV_ETOOBIG || err == CSV_ENOMEM)
        reader_fail (r, LEV_ERROR_LIMIT, r->row, r->col, _("a field too large to read"));
      else
        reader_fail (r, LEV_ERROR_PARSE, r->row, r->col,
                     _("malformed quoting (a quote inside an unquoted field, or text "
                       "after a closing quote)"));
    }
  if (r->error == NULL && csv_get_buffer_size (parser) > r->opt.max_field_bytes)
    reader_fail (r, LEV_ERROR_LIMIT, r->row, r->row == 1 ? r->col : MIN (r->col, r->n_cols - 1),
                 _("a field longer than %zu bytes"), r->opt.max_field_bytes);
}

/* The tokeniser: libcsv, with a fast path for text without quotes. libcsv
 * copies every byte through a per-character state machine (about 330 MB/s
 * here); a chunk with no quote character at all needs none of that, so its
 * complete lines are split with memchr and handed to the same callbacks,
 * with libcsv's rules for unquoted fields: CR, LF and CRLF end a record,
 * blank lines are skipped, blanks around a field are trimmed (spaces and
 * tabs, only spaces when tab is the delimiter), an empty field is NULL. The
 * first chunk holding a quote (or a line longer than a field may be) hands
 * the stream to libcsv for good, at a record boundary.
 * tests/train/test-dataset.c checks both give the same on random text. */
typedef struct {
  struct csv_parser parser;
  gboolean          libcsv;
  char              delim;
  char             *carry;       /* the incomplete last line */
  gsize             carry_len;
  gsize             carry_cap;
} Tok;

static void
tok_init (Tok     *t,
          char     delim,
          gboolean libcsv_only)
{
  memset (t, 0, sizeof *t);
  if (csv_init (&t->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0)
    g_error ("csv_init failed: out of memory");
  t->delim = delim;
  t->libcsv = libcsv_only;
  csv_set_delim (&t->parser, (unsigned char) delim);
  /* libcsv's own space test (inlined, fast) also skips tabs, which would
   * swallow empty fields of a tab-separated file; a callback per character
   * is only paid there. */
  if (delim == '\t')
    csv_set_space_func (&t->parser, is_space);
}

static void
tok_clear (Tok *t)
{
  csv_free (&t->parser);
  g_clear_pointer (&t->carry, g_free);
}

static void
carry_append (Tok        *t,
              const char *p,
              gsize       n)
{
  /* memcpy from or to NULL is undefined even for 0 bytes (UBSan). */
  if (n == 0)
    return;
  if (t->carry_len + n + PAD_BYTES > t->carry_cap)
    {
      t->carry_cap = MAX (t->carry_len + n + PAD_BYTES, 2 * t->carry_cap);
      t->carry = g_realloc (t->carry, t->carry_cap);
    }
  memcpy (t->carry + t->carry_len, p, n);
  t->carry_len += n;
  memset (t->carry + t->carry_len, 0, PAD_BYTES);
}

static void
to_libcsv (Reader *r,
           Tok    *t)
{
  t->libcsv = TRUE;
  if (t->carry_len > 0)
    feed (r, &t->parser, t->carry, t->carry_len);
  t->carry_len = 0;
}

static inline gboolean
is_blank (char     c,
          gboolean tab_delim)
{
  return c == ' ' || (c == '\t' && !tab_delim);
}

/* The common field: a number in a numeric feature column of a row already
 * open, stored without on_field's general checks. FALSE leaves it to
 * on_field (which then sees the field exactly as libcsv would give it). */
static inline gboolean
fast_number (Reader     *r,
             const char *s,
             gsize       n)
{
  int role;
  float v;

  if (n == 0 || !r->row_open || r->col >= r->n_cols || r->error != NULL)
    return FALSE;
  role = r->role[r->col];
  if (role < 0 || r->raw[role].is_text || !r->raw[role].seen_number ||
      lev_parse_float (s, n, &v) != LEV_PARSE_FLOAT_OK)
    return FALSE;
  r->x[r->n_rows * r->n_raw + (guint) role] = v;
  r->col++;
  return TRUE;
}

/* One record without its terminator. */
static void
fast_line (Reader     *r,
           Tok        *t,
           const char *line,
           gsize       len)
{
  const char *p = line, *end = line + len, *q = line;
  gboolean tab_delim = t->delim == '\t';

  while (q < end && is_blank (*q, tab_delim))
    q++;
  if (q == end)
    return;  /* libcsv never begins a record on a blank line */
  for (;;)
    {
      const char *d = memchr (p, t->delim, (gsize) (end - p));
      const char *fs = p, *fe = d != NULL ? d : end;

      while (fs < fe && is_blank (*fs, tab_delim))
        fs++;
      while (fe > fs && is_blank (fe[-1], tab_delim))
        fe--;
      if (!fast_number (r, fs, (gsize) (fe - fs)))
        on_field (fe > fs ? (void *) fs : NULL, (size_t) (fe - fs), r);
      if (d == NULL)
        break;
      p = d + 1;
    }
  on_row ('\n', r);
}

/* The label of a plain row: the last few values are known by their text,
 * anything else takes label_field's way. */
static inline gboolean
plain_label (Reader     *r,
             guint       col,
             const char *s,
             gsize       n)
{
  for (guint k = 0; k < r->n_label_cache; k++)
    if (r->label_cache[k].len == n)
      {
        gsize i = 0;

        /* a byte or two: no call to memcmp */
        while (i < n && r->label_cache[k].text[i] == s[i])
          i++;
        if (i < n)
          continue;
        r->y_num[r->n_rows] = r->label_cache[k].value;
        r->y_code[r->n_rows] = r->label_cache[k].code;
        return TRUE;
      }
  r->col = col;
  label_field (r, s, n);
  r->col = 0;
  return r->error == NULL;
}

/* Bit i set where base[i] (0 ≤ i < 64) is the delimiter, CR or LF. */
static inline guint64
separators64 (const char *base,
              char        delim)
{
  guint64 mask = 0;
#ifdef __SSE2__
  const __m128i d = _mm_set1_epi8 (delim), lf = _mm_set1_epi8 ('\n'), cr = _mm_set1_epi8 ('\r');

  for (int i = 0; i < 4; i++)
    {
      __m128i b = _mm_loadu_si128 ((const __m128i *) (const void *) (base + 16 * i));
      __m128i m = _mm_or_si128 (_mm_cmpeq_epi8 (b, d), _mm_or_si128 (_mm_cmpeq_epi8 (b, lf), _mm_cmpeq_epi8 (b, cr)));

      mask |= (guint64) (guint32) _mm_movemask_epi8 (m) << (16 * i);
    }
#else
  for (int i = 0; i < 64; i++)
    mask |= (guint64) (base[i] == delim || base[i] == '\n' || base[i] == '\r') << i;
#endif
  return mask;
}

/* The common records, once every feature column has shown a number: plain
 * decimals only, exactly one per column, no blanks, no empty field. Where
 * fields end comes from a bitmap of separators, 64 bytes at a time, so
 * finding the next field never waits for parsing this one; each number
 * goes straight into its place. Takes records from @p while they are
 * plain and returns where the first other one starts (the caller takes it
 * the general way, which overwrites whatever was stored for it here), or
 * @end. [p, end) holds complete records, PAD_BYTES readable after it. */
static const char *
plain_rows (Reader     *r,
            char        delim,
            const char *p,
            const char *end)
{
  const int *role = r->role;
  const guint last = r->n_cols - 1;
  const char *base = p;
  guint64 mask = separators64 (base, delim);

  while (p < end)
    {
      const char *rec = p, *e;
      float *row;

      if (r->n_rows >= r->cap_rows && !grow_rows (r))
        return rec;
      row = r->x + r->n_rows * r->n_raw;
      for (guint c = 0;; c++)
        {
          int k = role[c];
          float v;

          /* [end - 1] is a separator, so this stops before end */
          while (mask == 0)
            {
              base += 64;
              mask = separators64 (base, delim);
            }
          e = base + __builtin_ctzll (mask);
          mask &= mask - 1;
          if (G_LIKELY (k >= 0))
            {
              if (!lev_parse_float_short (p, e, &v) && G_UNLIKELY (lev_parse_float_plain (p, &v) != e))
                return rec;
              row[k] = v;
            }
          else if (k == ROLE_LABEL)
            {
              /* the whole field, at its place, before label_field learns it */
              if (lev_parse_float_plain (p, &v) != e || (c == last) == (*e == delim) ||
                  !plain_label (r, c, p, (gsize) (e - p)))
                return rec;
            }
          else if (memchr (p, '"', (gsize) (e - p)) != NULL)
            return rec;  /* an ignored field, but a quote may hide a delimiter */
          if (c == last)
            break;
          if (G_UNLIKELY (*e != delim))
            return rec;
          p = e + 1;
        }
      if (*e == delim)
        return rec;
      r->n_rows++;
      r->row++;
      p = e + 1;
      if (*e == '\r' && p < end && *p == '\n')
        {
          /* the LF of a CRLF: the next separator */
          while (mask == 0)
            {
              base += 64;
              mask = separators64 (base, delim);
            }
          mask &= mask - 1;
          p++;
        }
    }
  return p;
}

/* Complete records in [p, end), which ends just after a terminator and
 * has PAD_BYTES readable after it. */
static void
fast_lines (Reader     *r,
            Tok        *t,
            const char *p,
            const char *end,
            gboolean    has_cr)
{
  while (p < end && r->error == NULL)
    {
      const char *le, *cr;

      if (r->n_not_plain == 0 && r->n_cols > 0)
        {
          p = plain_rows (r, t->delim, p, end);
          if (p == end || r->error != NULL)
            break;
        }
      /* one record, up to the first of LF and CR */
      le = memchr (p, '\n', (gsize) (end - p));
      if (le == NULL)
        le = end;
      if (has_cr && (cr = memchr (p, '\r', (gsize) (le - p))) != NULL)
        le = cr;
      if (r->worker && memchr (p, '"', (gsize) (le - p)) != NULL)
        {
          /* a block is only read without quotes; the main reader takes it */
          reader_fail (r, LEV_ERROR_PARSE, r->row, G_MAXUINT, "quote");
          break;
        }
      fast_line (r, t, p, (gsize) (le - p));
      p = le + 1;
    }
}

static void
tok_feed (Reader     *r,
          Tok        *t,
          const char *p,
          gsize       n)
{
  const char *end = p + n, *last = NULL;
  gboolean has_cr;

  if (!t->libcsv && memchr (p, '"', n) != NULL)
    to_libcsv (r, t);
  if (t->libcsv)
    {
      feed (r, &t->parser, p, n);
      return;
    }
  has_cr = memchr (p, '\r', n) != NULL;
  for (const char *q = end; q > p; q--)
    if (q[-1] == '\n' || q[-1] == '\r')
      {
        last = q;
        break;
      }
  if (last == NULL)
    {
      carry_append (t, p, n);
      /* A line this long holds a field too long to read: libcsv says so
       * with the row and column. */
      if (t->carry_len > r->opt.max_field_bytes)
        to_libcsv (r, t);
      return;
    }
  if (t->carry_len > 0)
    {
      const char *nl = memchr (p, '\n', (gsize) (last - p));
      const char *cr = has_cr ? memchr (p, '\r', (gsize) (last - p)) : NULL;
      const char *first = nl == NULL ? cr : cr == NULL ? nl : MIN (nl, cr);

      /* with its terminator, so it is a complete record */
      carry_append (t, p, (gsize) (first + 1 - p));
      fast_lines (r, t, t->carry, t->carry + t->carry_len, has_cr);
      t->carry_len = 0;
      p = first + 1;
    }
  fast_lines (r, t, p, last, has_cr);
  if (r->error == NULL)
    carry_append (t, last, (gsize) (end - last));
}

/* End of input: the last line, or libcsv's end-of-data checks. */
static void
tok_finish (Reader *r,
            Tok    *t)
{
  if (r->error != NULL)
    return;
  if (!t->libcsv)
    {
      if (t->carry_len > 0)
        {
          carry_append (t, "\n", 1);
          fast_lines (r, t, t->carry, t->carry + t->carry_len, memchr (t->carry, '\r', t->carry_len) != NULL);
        }
      t->carry_len = 0;
      return;
    }
  if (csv_fini (&t->parser, on_field, on_row, r) != 0 && r->error == NULL)
    reader_fail (r, LEV_ERROR_PARSE, r->row, r->col, _("a quoted field is never closed"));
}

/* Reads and parses until EOF. */
static void
read_loop (Reader *r,
           Tok    *tok,
           FILE   *file,
           char   *buf,
           gsize  *total)
{
  for (;;)
    {
      gsize n = fread (buf, 1, r->opt.chunk_bytes, file);

      if (n == 0)
        {
          if (ferror (file))
            {
              int saved = errno;
              reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
            }
          return;
        }
      *total += n;
      memset (buf + n, 0, PAD_BYTES);
      tok_feed (r, tok, buf, n);
      if (r->error != NULL)
        return;
    }
}

/* A large regular file of plain numbers is read in blocks (1 MiB or so)
 * by several threads (libcsv alone runs near 330 MB/s on one core). Each
 * worker claims the next block, reads it with pread, parses the records
 * that begin in it with a reader of its own that shares the main reader's
 * layout, then waits for its turn and appends its rows to the main
 * reader's matrix, so rows keep their file order and nothing is copied
 * twice. A block is only taken in the plain case (no quotes, no text, no
 * error); at the first block that is not, the workers stop, and the main
 * reader reads on from there itself, so errors keep their rows. */
#define BLOCK_BYTES (1u << 20)
#define BLOCK_EXTRA (64u << 10)   /* how far the last record of a block may run past it */
#define BLOCK_MAX_BYTES (8u << 20)
#define MAX_WORKERS 4

typedef struct {
  Reader   *r;                    /* the main reader */
  int       fd;
  goffset   start;                /* where the first block's first record starts */
  goffset   size;
  guint     n_blocks;
  gsize     block_bytes;          /* BLOCK_BYTES, more for wide rows */
  gsize     block_extra;
  char      delim;
  gboolean  label_text_allowed;
  gsize     estimate_rows;        /* what the main matrix is first grown to */

  GMutex    lock;
  GCond     turn;
  guint     next_claim;
  guint     next_commit;          /* the block whose rows go in next */
  guint     failed;               /* the first block not taken (G_MAXUINT: none) */
  goffset   committed_end;        /* where the rows appended so far end in the file */
} Par;

typedef struct {
  Par      *par;
  Reader    r;
  Tok       tok;
  char     *buf;
} Worker;

static gboolean
can_split (Reader *r)
{
  if (r->error != NULL || r->n_cols == 0 || r->n_rows == 0 || r->row_open)
    return FALSE;
  for (guint i = 0; i < r->n_raw; i++)
    if (r->raw[i].is_text || !r->raw[i].seen_number)
      return FALSE;
  return TRUE;
}

/* A worker's reader starts as a copy of the main one's layout after the
 * header, with empty storage. */
static void
worker_init (Worker *w,
             Par    *par)
{
  Reader *r = par->r, *b = &w->r;

  memset (w, 0, sizeof *w);
  w->par = par;
  w->buf = g_malloc (par->block_bytes + par->block_extra + 2 + PAD_BYTES);
  tok_init (&w->tok, par->delim, FALSE);
  b->path = r->path;
  b->opt = r->opt;
  b->schema = r->schema;
  b->row = 2;
  b->header = g_ptr_array_ref (r->header);
  b->n_cols = r->n_cols;
  b->role = g_memdup2 (r->role, r->n_cols * sizeof (int));
  b->label_col = r->label_col;
  b->n_raw = r->n_raw;
  b->raw = g_new0 (RawCol, r->n_raw);
  for (guint i = 0; i < r->n_raw; i++)
    {
      b->raw[i].seen_number = TRUE;
      b->raw[i].fill = r->raw[i].fill;
      b->raw[i].has_fill = r->raw[i].has_fill;
      b->raw[i].file_col = r->raw[i].file_col;
    }
  b->label_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  b->label_names = g_ptr_array_new_with_free_func (g_free);
  b->label_all_numeric = TRUE;
  b->n_not_plain = 0;
  b->worker = TRUE;
}

static void
worker_clear (Worker *w)
{
  reader_clear (&w->r);
  tok_clear (&w->tok);
  g_free (w->buf);
}

static const char *
find_terminator (const char *p,
                 const char *end)
{
  for (; p < end; p++)
    if (*p == '\n' || *p == '\r')
      return p;
  return NULL;
}

/* Parses the records that begin in block @i into the worker's reader;
 * FALSE when the block is not plain (or cannot be read). *@rec_end is the
 * file offset where the next block's records begin. */
static gboolean
block_parse (Worker  *w,
             guint    i,
             goffset *rec_end)
{
  Par *par = w->par;
  Reader *b = &w->r;
  goffset a = par->start + (goffset) i * (goffset) par->block_bytes;
  goffset z = MIN (a + (goffset) par->block_bytes, par->size);
  goffset from = i == 0 ? a : a - 1;
  gsize want = (gsize) (MIN (z + (goffset) par->block_extra, par->size) - from), got = 0;
  const char *s, *e, *t;

  b->row = 2;  /* records in this block counted from here, also for none */
  while (got < want)
    {
      gssize n = pread (par->fd, w->buf + got, want - got, from + (goffset) got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;  /* the main reader will say what went wrong */
      got += (gsize) n;
    }
  memset (w->buf + got, 0, PAD_BYTES + 1);
  /* The first record begins after the first terminator at or after byte
   * a - 1; the last one ends at the first terminator at or after z - 1,
   * where the next block's first record begins. */
  s = w->buf;
  if (i > 0)
    {
      if ((t = find_terminator (s, w->buf + got)) == NULL)
        return FALSE;
      s = t + 1;
    }
  if (z == par->size)
    e = w->buf + got;
  else
    {
      const char *zp = w->buf + (z - 1 - from), *lo = i > 0 ? s - 1 : s;

      if ((t = find_terminator (MAX (zp, lo), w->buf + got)) == NULL)
        return FALSE;
      e = MAX (t + 1, s);
    }
  *rec_end = from + (goffset) (e - w->buf);
  if (e == s)
    return TRUE;
  /* Quotes and CRs are looked for record by record, only in records that
   * are not plain (fast_lines). */
  {
    const char *end = e;
    char *tail = (char *) e;

    /* the file's last record may lack its terminator */
    if (e[-1] != '\n' && e[-1] != '\r')
      *tail = '\n', end++;
    fast_lines (b, &w->tok, s, end, TRUE);
  }
  return b->error == NULL && !b->row_open && (par->label_text_allowed || b->label_all_numeric);
}

/* Appends the worker's rows to the main reader's (in turn, under the
 * lock), and empties the worker's storage for its next block. */
static gboolean
block_commit (Par    *par,
              Reader *b)
{
  Reader *r = par->r;
  gsize row_words = MAX (r->n_raw, 1), total = r->n_rows + b->n_rows;
  g_autofree guint32 *remap = NULL;

  if (total > r->cap_rows)
    {
      gsize cap = MAX (total + total / 4, par->estimate_rows);
      float *nx = cap > G_MAXSIZE / sizeof (float) / row_words ? NULL
                                                               : g_try_realloc (r->x, cap * row_words * sizeof (float));

      if (nx == NULL)
        return FALSE;  /* the main reader reads on and says so */
      r->x = nx;
#ifdef MADV_HUGEPAGE
      /* only where the part of a 2 MiB page left unused is a small share */
      if (cap * row_words * sizeof (float) >= (64u << 20))
        {
          guintptr lo = ((guintptr) nx + (2u << 20) - 1) & ~(guintptr) ((2u << 20) - 1);
          guintptr hi = ((guintptr) nx + cap * row_words * sizeof (float)) & ~(guintptr) ((2u << 20) - 1);

          if (hi > lo)
            madvise ((void *) lo, hi - lo, MADV_HUGEPAGE);
        }
#endif
      if (r->label_col >= 0)
        {
          r->y_num = g_realloc (r->y_num, cap * sizeof (float));
          r->y_code = g_realloc (r->y_code, cap * sizeof (guint32));
        }
      r->cap_rows = cap;
    }
  memcpy (r->x + r->n_rows * row_words, b->x, b->n_rows * row_words * sizeof (float));
  if (r->label_col >= 0)
    {
      remap = g_new (guint32, MAX (b->label_names->len, 1));
      for (guint k = 0; k < b->label_names->len; k++)
        {
          const char *name = g_ptr_array_index (b->label_names, k);
          gpointer code = g_hash_table_lookup (r->label_codes, name);

          if (code == NULL)
            {
              if (r->label_names->len >= MAX_LABEL_VALUES)
                {
                  r->too_many_labels = TRUE;
                  remap[k] = MISSING_CODE;
                  continue;
                }
              g_ptr_array_add (r->label_names, g_strdup (name));
              code = GUINT_TO_POINTER (r->label_names->len);
              g_hash_table_insert (r->label_codes, g_strdup (name), code);
            }
          remap[k] = GPOINTER_TO_UINT (code) - 1;
        }
      memcpy (r->y_num + r->n_rows, b->y_num, b->n_rows * sizeof (float));
      for (gsize i = 0; i < b->n_rows; i++)
        r->y_code[r->n_rows + i] = b->y_code[i] == MISSING_CODE ? MISSING_CODE : remap[b->y_code[i]];
      r->too_many_labels |= b->too_many_labels;
    }
  for (guint i = 0; i < r->n_raw; i++)
    r->raw[i].any_missing |= b->raw[i].any_missing;
  r->n_rows = total;
  r->n_dropped += b->n_dropped;
  r->row += b->row - 2;
  b->n_rows = 0;
  b->n_dropped = 0;
  return TRUE;
}

static gpointer
worker_main (gpointer data)
{
  Worker *w = data;
  Par *par = w->par;

  for (;;)
    {
      guint i;
      goffset rec_end = 0;
      gboolean ok, done;

      /* LEV_TSAN_*: par->lock for ThreadSanitizer (lev-tsan.h). */
      g_mutex_lock (&par->lock);
      LEV_TSAN_ACQUIRE (&par->lock);
      i = par->next_claim++;
      done = i >= par->n_blocks || i > par->failed;
      LEV_TSAN_RELEASE (&par->lock);
      g_mutex_unlock (&par->lock);
      if (done)
        break;
      ok = block_parse (w, i, &rec_end);

      g_mutex_lock (&par->lock);
      LEV_TSAN_ACQUIRE (&par->lock);
      if (!ok && i < par->failed)
        {
          par->failed = i;
          g_cond_broadcast (&par->turn);
        }
      while (par->next_commit != i && i < par->failed)
        {
          LEV_TSAN_RELEASE (&par->lock);
          g_cond_wait (&par->turn, &par->lock);
          LEV_TSAN_ACQUIRE (&par->lock);
        }
      if (i < par->failed && !block_commit (par, &w->r))
        par->failed = i;
      if (i < par->failed)
        {
          par->committed_end = rec_end;
          par->next_commit++;
        }
      done = i >= par->failed;
      g_cond_broadcast (&par->turn);
      LEV_TSAN_RELEASE (&par->lock);
      g_mutex_unlock (&par->lock);
      if (done)
        break;
    }
  return NULL;
}

/* Reads the file from @start (a record start) on with the workers; the
 * main reader takes the rest from the returned offset, if any is left. */
static goffset
read_parallel (Reader *r,
               int     fd,
               goffset start,
               goffset size,
               char    delim,
               guint   n_threads)
{
  Par par = { 0 };
  Worker workers[MAX_WORKERS];
  GThread *threads[MAX_WORKERS];
  double bytes_per_row = (double) start / (double) MAX (r->row - 1, 1);

  par.r = r;
  par.fd = fd;
  par.start = start;
  par.size = size;
  /* Rows as wide as the first chunk's take many to a block, and the last
   * one may run a few rows' width past it. */
  par.block_bytes = (gsize) CLAMP (16 * bytes_per_row, BLOCK_BYTES, BLOCK_MAX_BYTES);
  par.block_extra = (gsize) CLAMP (4 * bytes_per_row, BLOCK_EXTRA, BLOCK_MAX_BYTES / 4);
  par.n_blocks = (guint) ((size - start + (goffset) par.block_bytes - 1) / (goffset) par.block_bytes);
  par.delim = delim;
  par.label_text_allowed = !r->label_all_numeric;
  par.estimate_rows = r->n_rows + (gsize) ((double) (size - start) / bytes_per_row * 1.05) + 1024;
  par.failed = G_MAXUINT;
  par.committed_end = start;
  g_mutex_init (&par.lock);
  g_cond_init (&par.turn);
  for (guint t = 0; t < n_threads; t++)
    worker_init (&workers[t], &par);
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_new ("lev-csv-block", worker_main, &workers[t]);
  worker_main (&workers[0]);
  for (guint t = 1; t < n_threads; t++)
    g_thread_join (threads[t]);
  for (guint t = 0; t < n_threads; t++)
    worker_clear (&workers[t]);
  g_mutex_clear (&par.lock);
  g_cond_clear (&par.turn);
  g_debug ("%s: %u of %u blocks read in parallel", r->path, MIN (par.failed, par.n_blocks), par.n_blocks);
  return par.committed_end;
}

static gboolean
parse_file (Reader  *r,
            GError **error)
{
  Tok tok;
  g_autofree char *buf = g_malloc (r->opt.chunk_bytes + PAD_BYTES);
  FILE *file;
  gboolean is_stdin = g_str_equal (r->path, "-");
  gsize total = 0;
  GStatBuf st;
  char delim;

  file = is_stdin ? stdin : fopen (r->path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("%s: cannot open: %s"), r->path, g_strerror (saved));
      return FALSE;
    }

  /* The first chunk: BOM, delimiter, header and the first rows. */
  {
    gsize n = fread (buf, 1, r->opt.chunk_bytes, file);
    const char *p = buf;

    if (n == 0 && ferror (file))
      {
        int saved = errno;
        reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
      }
    total = n;
    memset (buf + n, 0, PAD_BYTES);
    if (n >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
      p += 3, n -= 3;
    delim = r->opt.delimiter ? r->opt.delimiter : detect_delimiter (p, n);
    tok_init (&tok, delim, r->opt.libcsv_only);
    if (n > 0)
      tok_feed (r, &tok, p, n);
  }

  /* A large regular file of plain numbers is read in blocks by several
   * threads, from the first record the first chunk left incomplete. */
  if (r->error == NULL && !is_stdin && !tok.libcsv && g_stat (r->path, &st) == 0 && S_ISREG (st.st_mode) &&
      st.st_size >= (goffset) (16u << 20) && g_get_num_processors () > 1 && total == r->opt.chunk_bytes &&
      can_split (r))
    {
      goffset start = (goffset) total - (goffset) tok.carry_len;
      goffset next = read_parallel (r, fileno (file), start, st.st_size, delim,
                                    (guint) MIN (g_get_num_processors (), MAX_WORKERS));

      /* The rest, if a block was not plain, is this reader's again. */
      tok.carry_len = 0;
      if (fseeko (file, next, SEEK_SET) != 0)
        {
          int saved = errno;
          reader_fail (r, LEV_ERROR_IO, r->row, G_MAXUINT, _("read error: %s"), g_strerror (saved));
        }
    }
  if (r->error == NULL)
    read_loop (r, &tok, file, buf, &total);
  tok_finish (r, &tok);
  tok_clear (&tok);
  if (!is_stdin)
    fclose (file);

  if (r->error == NULL && (total == 0 || r->n_cols == 0))
    g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: row 1, column 1: the file is empty (no header row)"),
                 r->path);
  else if (r->error == NULL && r->n_rows == 0)
    g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                 r->n_dropped > 0 ? _("%s: row 2, column 1: every data row has a missing value")
                                  : _("%s: row 2, column 1: no data rows after the header"), r->path);
  else if (r->error != NULL)
    {
      g_propagate_error (error, r->error);
      r->error = NULL;
    }
  else
    return TRUE;
  return FALSE;
}

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
          reader_fail (r, LEV_ERROR_TYPE, r->first_text_label_row, label_col,
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
          reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
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
              reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
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
          reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
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
      reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
                   _("every row has the same label “%s”: there is nothing to learn"),
                   schema->classes[0]);
      g_propagate_error (error, g_steal_pointer (&r->error));
      return FALSE;
    }
  if (kind == LEV_TARGET_BINARY && schema->n_classes > 2)
    {
      reader_fail (r, LEV_ERROR_VALUE, 2, label_col,
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
          reader_fail (r, LEV_ERROR_TYPE, r->first_text_label_row, (guint) r->label_col,
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
          reader_fail (r, LEV_ERROR_VALUE, i + 2, (guint) r->label_col,
                       _("the label “%s” is not one of the model's classes"), shown);
          g_propagate_error (error, g_steal_pointer (&r->error));
          return FALSE;
        }
    }
  return TRUE;
}

static void
column_spec_free (gpointer data)
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
      schema->columns = g_ptr_array_new_with_free_func (column_spec_free);
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
              column_spec_free (spec);
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

  if (!parse_file (&r, error))
    {
      reader_clear (&r);
      return NULL;
    }
  data = finish (&r, error);
  reader_clear (&r);
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

void
lev_schema_free (LevSchema *schema)
{
  if (schema == NULL)
    return;
  g_clear_pointer (&schema->columns, g_ptr_array_unref);
  g_free (schema->label);
  g_strfreev (schema->classes);
  g_strfreev (schema->feature_names);
  g_free (schema);
}

/* --- splits and scaling --- */

void
lev_split_make (gsize     n_rows,
                double    test_fraction,
                guint32   seed,
                LevSplit *split)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint32 *perm = g_new (guint32, MAX (n_rows, 1));
  gsize n_test;

  for (gsize i = 0; i < n_rows; i++)
    perm[i] = (guint32) i;
  for (gsize i = n_rows; i > 1; i--)
    {
      gsize j = (gsize) g_rand_int_range (rand, 0, (gint32) i);
      guint32 t = perm[i - 1];
      perm[i - 1] = perm[j];
      perm[j] = t;
    }
  /* scikit-learn's train_test_split rounds the test size up. */
  n_test = (gsize) ceil (test_fraction * (double) n_rows);
  if (n_test > n_rows)
    n_test = n_rows;
  split->n_test = n_test;
  split->n_train = n_rows - n_test;
  split->test = g_new (guint32, MAX (n_test, 1));
  split->train = g_new (guint32, MAX (split->n_train, 1));
  memcpy (split->test, perm, n_test * sizeof (guint32));
  memcpy (split->train, perm + n_test, split->n_train * sizeof (guint32));
}

void
lev_split_clear (LevSplit *split)
{
  g_clear_pointer (&split->train, g_free);
  g_clear_pointer (&split->test, g_free);
  split->n_train = split->n_test = 0;
}

void
lev_scaler_fit (LevScaler        *scaler,
                const LevDataset *data,
                const guint32    *rows,
                gsize             n_rows)
{
  guint nf = data->n_features;
  g_autofree double *sum = g_new0 (double, nf);
  g_autofree double *sq = g_new0 (double, nf);

  scaler->n = nf;
  scaler->mean = g_new (float, nf);
  scaler->scale = g_new (float, nf);
  for (gsize r = 0; r < n_rows; r++)
    {
      const float *x = data->x + (gsize) rows[r] * nf;

      for (guint j = 0; j < nf; j++)
        sum[j] += x[j];
    }
  for (guint j = 0; j < nf; j++)
    sum[j] = n_rows > 0 ? sum[j] / (double) n_rows : 0.0;
  /* Two passes, so large offsets do not cancel the variance away. */
  for (gsize r = 0; r < n_rows; r++)
    {
      const float *x = data->x + (gsize) rows[r] * nf;

      for (guint j = 0; j < nf; j++)
        {
          double d = x[j] - sum[j];
          sq[j] += d * d;
        }
    }
  for (guint j = 0; j < nf; j++)
    {
      double sd = n_rows > 0 ? sqrt (sq[j] / (double) n_rows) : 0.0;

      scaler->mean[j] = (float) sum[j];
      scaler->scale[j] = sd > 0.0 && isfinite (sd) ? (float) sd : 1.0f;
    }
}

void
lev_scaler_apply (const LevScaler *scaler,
                  float           *x,
                  gsize            n_rows)
{
  for (gsize r = 0; r < n_rows; r++)
    {
      float *row = x + r * scaler->n;

      for (guint j = 0; j < scaler->n; j++)
        row[j] = (row[j] - scaler->mean[j]) / scaler->scale[j];
    }
}

void
lev_scaler_clear (LevScaler *scaler)
{
  g_clear_pointer (&scaler->mean, g_free);
  g_clear_pointer (&scaler->scale, g_free);
  scaler->n = 0;
}

/* --- the schema as JSON (inside a model file) --- */

static JsonNode *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  /* The node takes its own reference to the array. */
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

static const char *
missing_to_string (LevMissingPolicy m)
{
  return m == LEV_MISSING_DROP ? "drop" : m == LEV_MISSING_MEAN ? "mean" : "refuse";
}

JsonNode *
lev_schema_to_json (const LevSchema *schema)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, schema->label);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, lev_target_kind_to_string (schema->target));
  json_builder_set_member_name (b, "classes");
  json_builder_add_value (b, strv_to_json (schema->classes));
  json_builder_set_member_name (b, "missing");
  json_builder_add_string_value (b, missing_to_string (schema->missing));
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < schema->columns->len; i++)
    {
      const LevColumnSpec *spec = g_ptr_array_index (schema->columns, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, spec->name);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, spec->kind == LEV_COLUMN_ONEHOT ? "one-hot" : "numeric");
      if (spec->kind == LEV_COLUMN_ONEHOT)
        {
          json_builder_set_member_name (b, "categories");
          json_builder_add_value (b, strv_to_json (spec->categories));
        }
      if (spec->has_fill)
        {
          json_builder_set_member_name (b, "fill");
          json_builder_add_double_value (b, spec->fill);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "features");
  json_builder_add_value (b, strv_to_json (schema->feature_names));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char **
json_to_strv (JsonNode    *node,
              const char  *where,
              GError     **error)
{
  JsonArray *array;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected an array of strings"), where);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s[%u]: expected a string"), where, i);
          return NULL;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (e)));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : NULL;
}

LevSchema *
lev_schema_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(LevSchema) s = g_new0 (LevSchema, 1);
  JsonObject *o;
  JsonNode *cols;
  const char *target, *missing;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("$.data: expected an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  s->columns = g_ptr_array_new_with_free_func (column_spec_free);
  s->label = g_strdup (member_string (o, "label"));
  target = member_string (o, "target");
  missing = member_string (o, "missing");
  if (s->label == NULL || target == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("$.data: “label” and “target” are required"));
      return NULL;
    }
  if (g_str_equal (target, "binary"))
    s->target = LEV_TARGET_BINARY;
  else if (g_str_equal (target, "multiclass"))
    s->target = LEV_TARGET_MULTICLASS;
  else if (g_str_equal (target, "regression"))
    s->target = LEV_TARGET_REGRESSION;
  else
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("$.data.target: unknown target “%s”"), target);
      return NULL;
    }
  s->missing = g_strcmp0 (missing, "mean") == 0 ? LEV_MISSING_MEAN
             : g_strcmp0 (missing, "drop") == 0 ? LEV_MISSING_DROP : LEV_MISSING_REFUSE;
  if (!(s->classes = json_to_strv (json_object_get_member (o, "classes"), "$.data.classes", error)) ||
      !(s->feature_names = json_to_strv (json_object_get_member (o, "features"), "$.data.features", error)))
    return NULL;
  s->n_classes = g_strv_length (s->classes);
  s->n_features = g_strv_length (s->feature_names);
  if ((s->target == LEV_TARGET_REGRESSION) != (s->n_classes == 0) ||
      (s->target == LEV_TARGET_BINARY && s->n_classes != 2))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("$.data.classes: %u classes for a %s target"),
                   s->n_classes, target);
      return NULL;
    }
  cols = json_object_get_member (o, "columns");
  if (cols == NULL || !JSON_NODE_HOLDS_ARRAY (cols))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("$.data.columns: expected an array"));
      return NULL;
    }
  {
    JsonArray *array = json_node_get_array (cols);
    guint n_features = 0;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *e = json_array_get_element (array, i);
        JsonObject *co;
        LevColumnSpec *spec;
        const char *name, *kind;
        g_autofree char *where = g_strdup_printf ("$.data.columns[%u]", i);

        if (!JSON_NODE_HOLDS_OBJECT (e))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected an object"), where);
            return NULL;
          }
        co = json_node_get_object (e);
        name = member_string (co, "name");
        kind = member_string (co, "kind");
        if (name == NULL || kind == NULL)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: “name” and “kind” are required"), where);
            return NULL;
          }
        spec = g_new0 (LevColumnSpec, 1);
        spec->name = g_strdup (name);
        g_ptr_array_add (s->columns, spec);
        if (g_str_equal (kind, "one-hot"))
          {
            g_autofree char *cwhere = g_strdup_printf ("%s.categories", where);

            spec->kind = LEV_COLUMN_ONEHOT;
            if (!(spec->categories = json_to_strv (json_object_get_member (co, "categories"), cwhere, error)))
              return NULL;
            n_features += g_strv_length (spec->categories);
          }
        else if (g_str_equal (kind, "numeric"))
          {
            JsonNode *fill = json_object_get_member (co, "fill");

            spec->kind = LEV_COLUMN_NUMERIC;
            if (fill != NULL && JSON_NODE_HOLDS_VALUE (fill))
              {
                spec->fill = (float) json_node_get_double (fill);
                spec->has_fill = TRUE;
              }
            n_features++;
          }
        else
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("%s.kind: unknown kind “%s”"), where, kind);
            return NULL;
          }
      }
    if (n_features != s->n_features || n_features == 0)
      {
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                     _("$.data.features: %u names for %u encoded features"), s->n_features, n_features);
        return NULL;
      }
  }
  return g_steal_pointer (&s);
}
