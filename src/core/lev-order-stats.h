/* lev-order-stats.h: percentiles, the CDF and the histogram of a column
 * of samples (lev-order-stats.c). lev_sorted_percentile() is declared in
 * lev-simulate.h, where the charts find it. */
#pragma once

#include "lev-simulate.h"

G_BEGIN_DECLS

/* The order statistics of v[0, n) at @ranks (0-based), exactly, into
 * @out; every value lies in [@lo, @hi]. */
void lev_order_statistics  (const double   *v,
                            gsize           n,
                            double          lo,
                            double          hi,
                            const gsize    *ranks,
                            guint           n_ranks,
                            double         *out);

/* Type-7 percentiles of v[0, n) at @levels (in [0, 1]) into @out. */
void lev_percentiles_of    (const double   *v,
                            gsize           n,
                            double          lo,
                            double          hi,
                            const double   *levels,
                            guint           n_levels,
                            double         *out);

/* Mean, sd, range, percentiles, CDF points and histogram of x[0, n)
 * (n ≥ 1), summed in sample order. */
void lev_output_stats_fill (LevOutputStats *st,
                            const double   *x,
                            gsize           n);

G_END_DECLS
