/* lev-json.h: the one reader of untrusted JSON (scenarios, models,
 * safetensors headers, training runs). Strict RFC 8259, duplicate keys
 * refused, nesting bounded; the tree it returns is json-glib's. */
#pragma once

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

G_END_DECLS
