/* lev-number.h: a numeric scenario field: unset, a point value or a
 * distribution. The file shape is always a number or {"dist": …}
 * (data/scenarios/FORMAT.md). */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LEV_DIST_NONE = 0, /* the field is absent */
  LEV_DIST_POINT,
  LEV_DIST_UNIFORM,
  LEV_DIST_TRIANGULAR,
  LEV_DIST_PERT,
  LEV_DIST_NORMAL,
  LEV_DIST_LOGNORMAL,
  LEV_DIST_EMPIRICAL,
} LevDistKind;

/* The samples of an empirical distribution: immutable and reference
 * counted (atomically), so LevNumbers that share it can be copied to
 * snapshots and read from worker threads. */
typedef struct _LevEmpirical LevEmpirical;

LevEmpirical *lev_empirical_new        (const double *values,
                                        gsize         n_values,
                                        const char   *file,
                                        const char   *column);
LevEmpirical *lev_empirical_ref        (LevEmpirical *self);
void          lev_empirical_unref      (LevEmpirical *self);
/* In the order given. */
const double *lev_empirical_get_values (const LevEmpirical *self,
                                        gsize              *n_values);
/* Ascending. */
const double *lev_empirical_get_sorted (const LevEmpirical *self,
                                        gsize              *n_values);
/* The CSV file (as written in the scenario) and column, or NULL when the
 * values were given inline. */
const char   *lev_empirical_get_file   (const LevEmpirical *self);
const char   *lev_empirical_get_column (const LevEmpirical *self);

/* A value type. p[] holds the kind's parameters:
 *   POINT       p[0] value
 *   UNIFORM     p[0] min, p[1] max
 *   TRIANGULAR  p[0] min, p[1] mode, p[2] max
 *   PERT        p[0] min, p[1] mode, p[2] max (λ = 4)
 *   NORMAL      p[0] mean, p[1] standard deviation (truncated to the field's range)
 *   LOGNORMAL   p[0] low, p[1] high: the 5th and 95th percentiles
 *   EMPIRICAL   the samples in @empirical
 * Plain assignment shares @empirical without a reference: copy with
 * lev_number_init_copy() or lev_number_assign() and release with
 * lev_number_clear(). Numbers without samples need none of that. */
typedef struct {
  LevDistKind   kind;
  double        p[4];
  LevEmpirical *empirical;
} LevNumber;

#define LEV_TYPE_NUMBER (lev_number_get_type ())
GType      lev_number_get_type      (void) G_GNUC_CONST;

LevNumber *lev_number_copy          (const LevNumber *self);
void       lev_number_free          (LevNumber       *self);
/* *dest = *src with its own reference to the samples. */
void       lev_number_init_copy     (LevNumber       *dest,
                                     const LevNumber *src);
void       lev_number_assign        (LevNumber       *dest,
                                     const LevNumber *src);
/* Drops the samples' reference; leaves an unset number. */
void       lev_number_clear         (LevNumber       *self);

LevNumber  lev_number_point         (double           value);
LevNumber  lev_number_none          (void);
LevNumber  lev_number_uniform       (double min, double max);
LevNumber  lev_number_triangular    (double min, double mode, double max);
LevNumber  lev_number_pert          (double min, double mode, double max);
LevNumber  lev_number_normal        (double mean, double sd);
LevNumber  lev_number_lognormal     (double low, double high);
/* Takes a new reference to @samples. */
LevNumber  lev_number_empirical     (LevEmpirical    *samples);

gboolean   lev_number_is_set        (const LevNumber *self);
/* TRUE for every kind but NONE and POINT. */
gboolean   lev_number_is_uncertain  (const LevNumber *self);
/* The value the deterministic report uses: a point's value, and a
 * distribution's median (truncated at zero, as every field is
 * non-negative). The median rather than the mean or the mode: it is the
 * value the simulation is as likely to fall below as above. */
double     lev_number_value         (const LevNumber *self);
gboolean   lev_number_equal         (const LevNumber *a,
                                     const LevNumber *b);
const char *lev_dist_kind_to_id     (LevDistKind      kind);

/* Limits that bound every numeric field in a file. */
typedef struct {
  double   min;
  double   max;
  gboolean integer;
} LevNumberRange;

/* Reads a field; relative empirical "file" names are resolved against
 * @base_dir (NULL: the current directory). */
gboolean   lev_number_from_json_in  (JsonNode             *node,
                                     const char           *path,
                                     const LevNumberRange *range,
                                     const char           *base_dir,
                                     LevNumber            *out,
                                     GError              **error);
gboolean   lev_number_from_json     (JsonNode             *node,
                                     const char           *path,
                                     const LevNumberRange *range,
                                     LevNumber            *out,
                                     GError              **error);
JsonNode  *lev_number_to_json       (const LevNumber *self);
gboolean   lev_number_check_value   (double                value,
                                     const char           *path,
                                     const LevNumberRange *range,
                                     GError              **error);
/* Checks a whole number field (parameters in range, ordered, positive
 * where they must be) the way the file reader does. */
gboolean   lev_number_validate      (const LevNumber      *self,
                                     const char           *path,
                                     const LevNumberRange *range,
                                     GError              **error);

/* Reads one numeric column of a CSV file (libcsv): header row, delimiter
 * "," ";" or tab, quotes, CRLF, UTF-8 BOM. Errors name file, line and column. */
LevEmpirical *lev_empirical_load_csv (const char  *filename,
                                      const char  *display_file,
                                      const char  *column,
                                      GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevNumber, lev_number_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LevNumber, lev_number_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevEmpirical, lev_empirical_unref)

G_END_DECLS
