/* lev-json-private.h: jansson's strict check, seen from lev-json.c. The
 * two JSON libraries share function names (json_object_iter_next, with
 * different arguments), so no file includes both, and the program calls
 * jansson for nothing but json_loadb, json_decref and json_error_code. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether @data is strict JSON (RFC 8259, no key twice in an object, no
 * \u0000, no integer outside 64 bits, no number beyond double range). If
 * not, *@line, *@column (from 1) and a translated *@reason say why. The
 * caller bounds the nesting beforehand. */
gboolean lev_json_strict_check (const char  *data,
                                gsize        length,
                                int         *line,
                                int         *column,
                                char       **reason);

G_END_DECLS
