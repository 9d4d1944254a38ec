/* lev-dataset.h: tabular training data read from CSV (libcsv, streaming),
 * its schema (which columns are features, how text columns and missing
 * values are encoded, what the target is), splits and standardisation.
 * The schema travels with a saved model so predict reads a new CSV the
 * same way training read the old one. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LEV_TARGET_AUTO,        /* binary or multiclass, from the label's values */
  LEV_TARGET_BINARY,
  LEV_TARGET_MULTICLASS,
  LEV_TARGET_REGRESSION,  /* only when asked for */
} LevTargetKind;

typedef enum {
  LEV_MISSING_REFUSE,     /* an empty/NA field is an error naming its place */
  LEV_MISSING_DROP,       /* rows with any missing field are left out */
  LEV_MISSING_MEAN,       /* features take their column's mean (label: row dropped) */
} LevMissingPolicy;

typedef enum {
  LEV_TEXT_REFUSE,        /* a text feature column is an error naming it */
  LEV_TEXT_ONEHOT,        /* one-hot encoded when it has few distinct values */
} LevTextPolicy;

typedef struct {
  char             delimiter;     /* ',', ';', '\t', or 0 to detect */
  const char      *label;         /* target column name; NULL: "label" */
  int              label_index;   /* 0-based column; -1: by name */
  LevTargetKind    target;
  LevMissingPolicy missing;
  LevTextPolicy    text;
  guint            max_categories;/* one-hot only up to this many values (0: 32) */
  gsize            max_field_bytes;/* longer fields are refused (0: 1 MiB) */
  gboolean         libcsv_only;   /* no fast path for quote-free text (tests compare the two) */
  gsize            chunk_bytes;   /* read size (0: 1 MiB); tests use tiny ones */
} LevCsvOptions;

void lev_csv_options_init (LevCsvOptions *options);

/* How one CSV column becomes features. */
typedef enum {
  LEV_COLUMN_NUMERIC,
  LEV_COLUMN_ONEHOT,
} LevColumnKind;

typedef struct {
  char          *name;
  LevColumnKind  kind;
  char         **categories;   /* ONEHOT: the values, in feature order (NULL-terminated) */
  float          fill;         /* NUMERIC: value for a missing field (mean) */
  gboolean       has_fill;
} LevColumnSpec;

typedef struct _LevSchema LevSchema;
struct _LevSchema {
  GPtrArray     *columns;        /* of LevColumnSpec*, the input columns, in file order */
  char          *label;          /* target column name */
  LevTargetKind  target;         /* never AUTO once read */
  char         **classes;        /* class names (binary and multiclass), NULL-terminated */
  guint          n_classes;      /* 0 for regression */
  guint          n_features;     /* after one-hot expansion */
  char         **feature_names;  /* n_features, NULL-terminated ("plan=pro" for one-hot) */
  LevMissingPolicy missing;
};

void        lev_schema_free        (LevSchema *schema);
JsonNode   *lev_schema_to_json     (const LevSchema *schema);
LevSchema  *lev_schema_from_json   (JsonNode   *node,
                                    GError    **error);
const char *lev_target_kind_to_string (LevTargetKind kind);

typedef struct {
  LevSchema *schema;
  gsize      n_rows;
  guint      n_features;
  float     *x;          /* n_rows × n_features, row-major */
  float     *y;          /* n_rows: 0/1, class index, or value; NULL when no label was read */
  gsize      n_dropped;  /* rows left out for missing values */
  char      *path;
} LevDataset;

void        lev_dataset_free       (LevDataset *data);

/* Reads @path (a file, or "-" for standard input) for training: the schema
 * is inferred. Every error is in LEV_ERROR and its message names the file,
 * the row (1 = the header) and the column. */
LevDataset *lev_dataset_load_csv   (const char          *path,
                                    const LevCsvOptions *options,
                                    GError             **error);

/* Reads @path with a model's @schema: the same columns by name (in any
 * order, extra columns ignored), the same encodings. The label column is
 * read when present (for scoring) and may be absent. */
LevDataset *lev_dataset_load_csv_with_schema (const char          *path,
                                              const LevSchema     *schema,
                                              const LevCsvOptions *options,
                                              GError             **error);

/* Whether a column name says it holds ids: "id", "ID", "uuid",
 * "lead_id", "Lead ID", "customerId", "编号"… */
gboolean    lev_csv_is_id_name     (const char          *name);

/* The values of the first column of @path whose name says it holds ids
 * and that @schema does not read (neither a feature nor the label), one
 * per data row in file order, as the dataset read with @schema has them;
 * @name gets the column's name. NULL without an error when there is no
 * such column (or @path is "-", which cannot be read twice). */
char      **lev_csv_read_ids       (const char          *path,
                                    const LevSchema     *schema,
                                    char               **name,
                                    GError             **error);

/* A shuffled split (Fisher–Yates driven by a seeded GRand). */
typedef struct {
  guint32 *train;
  gsize    n_train;
  guint32 *test;
  gsize    n_test;
} LevSplit;

void        lev_split_make         (gsize      n_rows,
                                    double     test_fraction,
                                    guint32    seed,
                                    LevSplit  *split);
void        lev_split_clear        (LevSplit  *split);

/* Per-feature mean and standard deviation (population, as scikit-learn's
 * StandardScaler; constant features get scale 1) over the given rows only. */
typedef struct {
  guint  n;
  float *mean;
  float *scale;
} LevScaler;

void        lev_scaler_fit         (LevScaler        *scaler,
                                    const LevDataset *data,
                                    const guint32    *rows,
                                    gsize             n_rows);
void        lev_scaler_apply       (const LevScaler  *scaler,
                                    float            *x,
                                    gsize             n_rows);
void        lev_scaler_clear       (LevScaler        *scaler);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevSchema, lev_schema_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevDataset, lev_dataset_free)

G_END_DECLS
