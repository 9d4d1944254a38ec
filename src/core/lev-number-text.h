/* lev-number-text.h: numbers and ranges as founders type them, and back.
 *   500000  50万  1.2亿  2.5M  300k  40%          a point
 *   80万 to 120万   80万-120万   80万到120万      lognormal, 90% interval
 *   ~100万                                        lognormal, 80万 to 120万 (±20%)
 *   uniform(a, b)  triangular(a, mode, b)  pert(a, mode, b)  normal(mean, sd)
 * The plan editor uses this for every numeric field; the file keeps the
 * {"dist": …} form. */
#pragma once

#include "lev-number.h"

G_BEGIN_DECLS

/* LEV_ERROR_PARSE (with the character position) for anything else, and
 * LEV_ERROR_VALUE for well-formed nonsense (low above high). The result
 * is checked only for its own consistency; the caller applies the field's
 * range with lev_number_validate(). */
gboolean lev_number_parse_text (const char      *text,
                                LevNumber       *out,
                                GError         **error);
/* The shortest text that parses back to the same number: with 万/亿 when
 * @chinese_units, with k/M/B otherwise. Empirical distributions are
 * described ("empirical(prices.csv: usd)") but cannot be typed back. */
char    *lev_number_to_text    (const LevNumber *self,
                                gboolean         chinese_units);

/* The same, but a value the program computed (1/3, a measured
 * throughput) is rounded to four significant digits, for showing: it
 * does not always parse back to the same number. */
char    *lev_number_to_readable_text (const LevNumber *self,
                                      gboolean         chinese_units);
/* @json with every fractional number written in the fewest digits that
 * read back as the same double (json-glib writes %.17g: 0.3 becomes
 * 0.29999999999999999). */
char    *lev_json_shortest_numbers (const char *json);

G_END_DECLS
