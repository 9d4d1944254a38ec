/* lev-number.h: a numeric scenario field. Today a point value or unset;
 * the uncertainty work widens the kinds without changing the file shape. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  LEV_DIST_NONE = 0, /* the field is absent */
  LEV_DIST_POINT,
} LevDistKind;

/* Plain value type, copied by value. p[] holds the kind's parameters:
 * POINT: p[0] = value. */
typedef struct {
  LevDistKind kind;
  double      p[4];
} LevNumber;

#define LEV_TYPE_NUMBER (lev_number_get_type ())
GType      lev_number_get_type      (void) G_GNUC_CONST;

LevNumber *lev_number_copy          (const LevNumber *self);
void       lev_number_free          (LevNumber       *self);

LevNumber  lev_number_point         (double           value);
LevNumber  lev_number_none          (void);
gboolean   lev_number_is_set        (const LevNumber *self);
/* The value the deterministic report uses. */
double     lev_number_value         (const LevNumber *self);
gboolean   lev_number_equal         (const LevNumber *a,
                                     const LevNumber *b);

/* Limits that bound every numeric field in a file. */
typedef struct {
  double   min;
  double   max;
  gboolean integer;
} LevNumberRange;

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

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevNumber, lev_number_free)

G_END_DECLS
