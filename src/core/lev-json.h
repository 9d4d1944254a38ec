/* lev-json.h: JSON in and out. In: the one reader of untrusted JSON
 * (scenarios, models, safetensors headers, training runs), strict RFC
 * 8259, duplicate keys refused, nesting bounded; the tree it returns is
 * json-glib's. Out: the small helpers every writer shares (the report, the
 * simulation, the comparison, the sensitivity table, the trainer). */
#pragma once

#include <math.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Parses @length bytes of @data (which need not be NUL-terminated) into a
 * json-glib tree. Refuses, with LEV_ERROR and a message "LINE:COLUMN:
 * reason", anything that is not strict JSON: invalid UTF-8, NUL bytes,
 * comments, single quotes, leading zeros, hex, "5." or ".5", NaN, trailing
 * commas or text, a key twice in one object, "\u0000" or a lone surrogate
 * in a string, an integer outside 64 bits, a number beyond double range,
 * arrays and objects nested deeper than @max_depth (LEV_ERROR_LIMIT). The
 * top level must be an object or an array. */
JsonNode *lev_json_parse (const char  *data,
                          gsize        length,
                          guint        max_depth,
                          GError     **error);

/* A number member, or null where the value is NaN or infinite (JSON has
 * no such numbers, and a reader should see "not defined" rather than a
 * parse error). @name may be NULL inside an array. */
static inline void
lev_json_add_number_or_null (JsonBuilder *b,
                             const char  *name,
                             double       v)
{
  if (name != NULL)
    json_builder_set_member_name (b, name);
  if (isfinite (v))
    json_builder_add_double_value (b, v);
  else
    json_builder_add_null_value (b);
}

G_END_DECLS
