/* lev-lab-data.c: the Model Lab's CSV preview and predictions file. The
 * preview is deliberately forgiving (it shows a broken file rather than
 * refusing it); the dataset reader is the strict judge that names the
 * row and column of each problem. */
#define G_LOG_DOMAIN "lev-lab-data"
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "lev-backend.h"
#include "lev-error.h"
#include "lev-file.h"
#include "lev-lab-data.h"

/* A preview never needs more than this; a 10 GB file opens instantly. */
#define PREVIEW_MAX_BYTES (4 * 1024 * 1024)

void
lev_lab_preview_free (LevLabPreview *preview)
{
  if (preview == NULL)
    return;
  g_strfreev (preview->names);
  g_free (preview->kinds);
  g_free (preview->n_missing);
  g_clear_pointer (&preview->rows, g_ptr_array_unref);
  g_free (preview);
}

const char *
lev_lab_column_kind_label (LevLabColumnKind kind)
{
  switch (kind)
    {
    case LEV_LAB_COLUMN_INTEGER: return _("integer");
    case LEV_LAB_COLUMN_NUMBER:  return _("number");
    case LEV_LAB_COLUMN_TEXT:    return _("text");
    case LEV_LAB_COLUMN_EMPTY:
    default:                     return _("empty");
    }
}

/* The delimiter that splits the header into the most fields, quotes
 * respected; a comma when none appears. */
static char
detect_delimiter (const char *p,
                  const char *end)
{
  static const char candidates[] = { ',', ';', '\t' };
  guint counts[G_N_ELEMENTS (candidates)] = { 0 };
  gboolean quoted = FALSE;
  char best = ',';
  guint best_count = 0;

  for (; p < end; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && (*p == '\n' || *p == '\r'))
        break;
      else if (!quoted)
        for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
          if (*p == candidates[i])
            counts[i]++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (counts[i] > best_count)
      {
        best = candidates[i];
        best_count = counts[i];
      }
  return best;
}

/* One field, made valid UTF-8 for display (a broken byte shows as U+FFFD,
 * the reader reports it). */
static char *
take_field (GString *field)
{
  char *text = g_utf8_make_valid (field->str, (gssize) field->len);

  g_string_truncate (field, 0);
  return text;
}

typedef struct {
  GPtrArray *records;   /* of GPtrArray of char* */
  GPtrArray *current;
  GString   *field;
} Parse;

static void
end_record (Parse *ps)
{
  GPtrArray *rec;

  g_ptr_array_add (ps->current, take_field (ps->field));
  rec = ps->current;
  ps->current = g_ptr_array_new_with_free_func (g_free);
  /* Blank lines are not rows. */
  if (rec->len == 1 && *(const char *) g_ptr_array_index (rec, 0) == '\0')
    {
      g_ptr_array_unref (rec);
      return;
    }
  g_ptr_array_add (ps->records, rec);
}

static gboolean
parse_number (const char *text,
              gboolean   *integer)
{
  g_autofree char *t = g_strstrip (g_strdup (text));
  char *end = NULL;
  double v;

  /* strtod reads hex and "inf"; the dataset reader does not. */
  if (*t == '\0' || strpbrk (t, "xXnN") != NULL)
    return FALSE;
  errno = 0;
  v = g_ascii_strtod (t, &end);
  if (end == t || *end != '\0' || errno == ERANGE || !isfinite (v))
    return FALSE;
  *integer = strpbrk (t, ".eE") == NULL;
  return TRUE;
}

LevLabPreview *
lev_lab_preview_read (const char  *path,
                      guint        max_rows,
                      GError     **error)
{
  g_autofree char *buf = NULL;
  g_autoptr(LevLabPreview) pv = NULL;
  Parse ps = { 0 };
  FILE *f;
  gsize len;
  const char *p, *end;
  gboolean quoted = FALSE, truncated;
  GPtrArray *header;

  g_return_val_if_fail (path != NULL, NULL);

  f = g_fopen (path, "rb");
  if (f == NULL)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("%s: cannot be read (%s)"), path, g_strerror (saved));
      return NULL;
    }
  buf = g_malloc (PREVIEW_MAX_BYTES + 1);
  len = fread (buf, 1, PREVIEW_MAX_BYTES, f);
  truncated = len == PREVIEW_MAX_BYTES && fgetc (f) != EOF;
  fclose (f);
  buf[len] = '\0';

  p = buf;
  end = buf + len;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  pv = g_new0 (LevLabPreview, 1);
  pv->delimiter = detect_delimiter (p, end);
  ps.records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  ps.current = g_ptr_array_new_with_free_func (g_free);
  ps.field = g_string_new (NULL);

  for (; p < end && ps.records->len <= max_rows; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (ps.field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            g_string_append_c (ps.field, c);
        }
      else if (c == '"')
        quoted = TRUE;
      else if (c == pv->delimiter)
        g_ptr_array_add (ps.current, take_field (ps.field));
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          end_record (&ps);
        }
      else
        g_string_append_c (ps.field, c);
    }
  if (ps.records->len > max_rows)
    {
      /* Anything but blank lines left means more rows. */
      for (; p < end && !pv->more; p++)
        pv->more = !g_ascii_isspace (*p);
      pv->more = pv->more || truncated;
    }
  else if (truncated)
    pv->more = TRUE;   /* the last record may be cut: leave it out */
  else if (ps.field->len > 0 || ps.current->len > 0)
    end_record (&ps);
  g_ptr_array_unref (ps.current);
  g_string_free (ps.field, TRUE);

  if (ps.records->len == 0)
    {
      g_ptr_array_unref (ps.records);
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: the file is empty"), path);
      return NULL;
    }

  header = g_ptr_array_index (ps.records, 0);
  pv->n_columns = header->len;
  pv->names = g_new0 (char *, pv->n_columns + 1);
  for (guint j = 0; j < header->len; j++)
    pv->names[j] = g_strdup (g_ptr_array_index (header, j));
  pv->kinds = g_new0 (LevLabColumnKind, pv->n_columns);
  pv->n_missing = g_new0 (guint, pv->n_columns);
  pv->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  {
    gboolean *seen = g_new0 (gboolean, pv->n_columns);
    gboolean *text = g_new0 (gboolean, pv->n_columns);
    gboolean *fraction = g_new0 (gboolean, pv->n_columns);

    for (guint i = 1; i < ps.records->len && i <= max_rows; i++)
      {
        GPtrArray *rec = g_ptr_array_index (ps.records, i);
        char **row = g_new0 (char *, pv->n_columns + 1);

        for (guint j = 0; j < pv->n_columns; j++)
          {
            const char *v = j < rec->len ? g_ptr_array_index (rec, j) : "";
            gboolean integer = FALSE;

            row[j] = g_strdup (v);
            if (*v == '\0' || g_ascii_strcasecmp (v, "NA") == 0)
              {
                pv->n_missing[j]++;
                continue;
              }
            seen[j] = TRUE;
            if (!parse_number (v, &integer))
              text[j] = TRUE;
            else if (!integer)
              fraction[j] = TRUE;
          }
        g_ptr_array_add (pv->rows, row);
      }
    for (guint j = 0; j < pv->n_columns; j++)
      pv->kinds[j] = !seen[j] ? LEV_LAB_COLUMN_EMPTY
                   : text[j] ? LEV_LAB_COLUMN_TEXT
                   : fraction[j] ? LEV_LAB_COLUMN_NUMBER
                   : LEV_LAB_COLUMN_INTEGER;
    g_free (seen);
    g_free (text);
    g_free (fraction);
  }
  g_ptr_array_unref (ps.records);
  return g_steal_pointer (&pv);
}

/* ---------------------------------------------------------------- */

gboolean
lev_lab_predict_csv (const LevModel *model,
                     const char     *csv_path,
                     const char     *out_path,
                     gsize          *n_rows,
                     double         *accuracy,
                     GError        **error)
{
  g_autoptr(LevDataset) data = NULL;
  g_autoptr(LevBackend) backend = NULL;
  g_autoptr(GString) csv = NULL;
  gsize scored = 0, right = 0;

  g_return_val_if_fail (model != NULL && csv_path != NULL && out_path != NULL, FALSE);

  if (!(data = lev_dataset_load_csv_with_schema (csv_path, model->schema, NULL, error)))
    return FALSE;
  /* Scoring a file is quick; the CPU backend needs no device set-up. */
  backend = lev_backend_new_by_name ("cpu", NULL, error);
  if (backend == NULL)
    return FALSE;
  if (!(csv = lev_model_predict_csv (model, backend, data, &scored, &right, error)))
    return FALSE;
  if (!lev_file_replace (out_path, csv->str, csv->len, error))
    return FALSE;
  if (n_rows != NULL)
    *n_rows = data->n_rows;
  if (accuracy != NULL)
    *accuracy = scored > 0 ? (double) right / (double) scored : NAN;
  return TRUE;
}

/* ---------------------------------------------------------------- */

static void
lab_data_clear (gpointer p)
{
  LevLabData *d = p;

  lev_dataset_free (d->dataset);
}

LevLabData *
lev_lab_data_new (LevDataset *dataset)
{
  LevLabData *d = g_atomic_rc_box_new0 (LevLabData);

  d->dataset = dataset;
  return d;
}

LevLabData *
lev_lab_data_ref (LevLabData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
lev_lab_data_unref (LevLabData *data)
{
  if (data != NULL)
    g_atomic_rc_box_release_full (data, lab_data_clear);
}

/* ---------------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_of (const double *values,
           guint         n)
{
  g_autofree double *sorted = g_memdup2 (values, n * sizeof (double));

  qsort (sorted, n, sizeof (double), compare_doubles);
  return n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

gboolean
lev_lab_measure_stable (LevLabSampleFunc  sample,
                        gpointer          user_data,
                        guint             min_runs,
                        guint             max_runs,
                        double            tolerance,
                        LevLabMeasure    *measure,
                        GError          **error)
{
  g_autofree double *runs = NULL;
  double medians[3] = { NAN, NAN, NAN };
  guint n = 0;

  g_return_val_if_fail (sample != NULL && measure != NULL, FALSE);
  g_return_val_if_fail (min_runs >= 1 && max_runs >= min_runs, FALSE);

  runs = g_new (double, max_runs);
  while (n < max_runs)
    {
      double v = sample (user_data, error);
      double lo, hi;

      if (!(v > 0))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the measurement gave no figure");
          return FALSE;
        }
      runs[n++] = v;
      medians[0] = medians[1];
      medians[1] = medians[2];
      medians[2] = median_of (runs, n);
      if (n < MAX (min_runs, 3))
        continue;
      /* Settled: the last three medians lie within the tolerance. */
      lo = MIN (medians[0], MIN (medians[1], medians[2]));
      hi = MAX (medians[0], MAX (medians[1], medians[2]));
      if (hi - lo <= tolerance * medians[2])
        break;
    }
  measure->median = median_of (runs, n);
  measure->low = measure->high = runs[0];
  for (guint i = 1; i < n; i++)
    {
      measure->low = MIN (measure->low, runs[i]);
      measure->high = MAX (measure->high, runs[i]);
    }
  measure->n_runs = n;
  return TRUE;
}

char *
lev_lab_measure_describe (const LevLabMeasure *m)
{
  g_return_val_if_fail (m != NULL, NULL);

  if (m->n_runs <= 1)
    return g_strdup_printf (_("%.2f GFLOP/s"), m->median);
  /* TRANSLATORS: a throughput: the median, the number of timed runs, the
   * slowest and the fastest of them. */
  return g_strdup_printf (_("%.2f GFLOP/s (median of %u runs, %.2f–%.2f)"), m->median, m->n_runs, m->low,
                          m->high);
}
