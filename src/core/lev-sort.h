/* lev-sort.h: doubles as unsigned 64-bit keys that sort in the same
 * (IEEE 754) order, for the radix sorts of lev-order-stats.c and
 * lev-correlation.c. */
#pragma once

#include <string.h>
#include <glib.h>

G_BEGIN_DECLS

static inline guint64
lev_sort_key (double d)
{
  guint64 u;

  memcpy (&u, &d, sizeof u);
  return (u >> 63) ? ~u : (u | G_GUINT64_CONSTANT (0x8000000000000000));
}

static inline double
lev_sort_key_value (guint64 u)
{
  double d;

  u = (u >> 63) ? (u & ~G_GUINT64_CONSTANT (0x8000000000000000)) : ~u;
  memcpy (&d, &u, sizeof d);
  return d;
}

G_END_DECLS
