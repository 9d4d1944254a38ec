/* lev-lab-data.h: the Model Lab's work that needs no widgets: a quick look
 * at the first rows of a CSV (fields and each column's kind, for the
 * preview table), and predictions of a trained model written as CSV. */
#pragma once

#include <glib.h>

#include "lev-mlp.h"

G_BEGIN_DECLS

typedef enum {
  LEV_LAB_COLUMN_EMPTY,    /* no value in the rows looked at */
  LEV_LAB_COLUMN_INTEGER,  /* whole numbers only */
  LEV_LAB_COLUMN_NUMBER,   /* numbers */
  LEV_LAB_COLUMN_TEXT,     /* anything else */
} LevLabColumnKind;

typedef struct {
  guint             n_columns;
  char            **names;        /* n_columns, NULL-terminated, valid UTF-8 */
  LevLabColumnKind *kinds;        /* n_columns */
  guint            *n_missing;    /* n_columns: empty fields seen */
  GPtrArray        *rows;         /* of char ** (n_columns each, padded with "") */
  char              delimiter;
  gboolean          more;         /* the file has rows beyond those read */
} LevLabPreview;

/* Reads the header and up to @max_rows rows of @path, looking at no more
 * than the first few megabytes. Only unreadable and empty files are
 * errors; the preview shows what is there and the dataset reader, which
 * reads everything, names any problem. */
LevLabPreview *lev_lab_preview_read  (const char    *path,
                                      guint          max_rows,
                                      GError       **error);
void           lev_lab_preview_free  (LevLabPreview *preview);
/* "number", "integer", "text", "empty" (translated). */
const char    *lev_lab_column_kind_label (LevLabColumnKind kind);

/* Scores @csv_path with @model and writes one line per row to @out_path
 * (atomically), as `leverage-cli predict` does: the predicted class and
 * its probabilities, or the predicted value. @n_rows gets the rows
 * written; @accuracy the share right on rows that carried a label (NaN
 * when none did). */
gboolean       lev_lab_predict_csv   (const LevModel *model,
                                      const char     *csv_path,
                                      const char     *out_path,
                                      gsize          *n_rows,
                                      double         *accuracy,
                                      GError        **error);

/* A throughput measured until it settled: the median of the timed runs,
 * and the slowest and fastest of them, so that a figure taken on a busy
 * machine says how far it can be trusted. */
typedef struct {
  double median;
  double low;
  double high;
  guint  n_runs;
} LevLabMeasure;

/* One timed run: a figure (GFLOP/s), or a negative value with @error set. */
typedef double (*LevLabSampleFunc) (gpointer   user_data,
                                    GError   **error);

/* Takes at least @min_runs figures and at most @max_runs, and stops once
 * the median of the runs so far has moved by less than @tolerance
 * (relative) over the last three runs. FALSE when a run fails. */
gboolean       lev_lab_measure_stable (LevLabSampleFunc  sample,
                                       gpointer          user_data,
                                       guint             min_runs,
                                       guint             max_runs,
                                       double            tolerance,
                                       LevLabMeasure    *measure,
                                       GError          **error);

/* "12.3 GFLOP/s (median of 7 runs, 10.1–13.0)", translated. */
char          *lev_lab_measure_describe (const LevLabMeasure *measure);

/* A dataset read for training, shared by the page and the run that trains
 * on it (a run outlives a file replaced under it). Reference counted,
 * atomically: the last reference may go on a worker thread. */
typedef struct {
  LevDataset *dataset;
} LevLabData;

LevLabData    *lev_lab_data_new      (LevDataset    *dataset);
LevLabData    *lev_lab_data_ref      (LevLabData    *data);
void           lev_lab_data_unref    (LevLabData    *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevLabPreview, lev_lab_preview_free)

G_END_DECLS
