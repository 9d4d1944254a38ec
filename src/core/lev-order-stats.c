/* lev-order-stats.c: order statistics of a column of samples without
 * sorting all of it (percentiles, the CDF's points), the histogram, and
 * the radix sort they rest on. Everything is a function of the values and
 * their order only, so the figures are the same whatever the threads. */
#define G_LOG_DOMAIN "lev-order-stats"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lev-order-stats.h"
#include "lev-sort.h"

double
lev_sorted_percentile (const double *sorted,
                       gsize         n,
                       double        level)
{
  double h;
  gsize i;

  if (n == 0)
    return NAN;
  h = (n - 1) * level;
  i = (gsize) h;
  if (i + 1 >= n)
    return sorted[n - 1];
  return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
}

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}


#define RADIX_BITS 11
#define RADIX_SIZE (1u << RADIX_BITS)
#define RADIX_PASSES 6 /* 66 bits ≥ 64 */

/* LSD radix sort of @n doubles from @in into @out: 1M doubles in a few
 * milliseconds where qsort takes a hundred. Passes in which every key
 * shares the digit (the sign and exponent bits, mostly) are skipped. */
static void
radix_sort (const double *in,
            double       *out,
            gsize         n,
            guint64      *a,
            guint64      *b)
{
  g_autofree gsize *counts = g_new0 (gsize, RADIX_PASSES * RADIX_SIZE);

  for (gsize i = 0; i < n; i++)
    {
      guint64 k = lev_sort_key (in[i]);

      a[i] = k;
      for (guint p = 0; p < RADIX_PASSES; p++)
        counts[p * RADIX_SIZE + ((k >> (p * RADIX_BITS)) & (RADIX_SIZE - 1))]++;
    }
  for (guint p = 0; p < RADIX_PASSES; p++)
    {
      gsize *c = counts + p * RADIX_SIZE, sum = 0;
      guint shift = p * RADIX_BITS;
      guint64 *t;

      if (n > 0 && c[(a[0] >> shift) & (RADIX_SIZE - 1)] == n)
        continue;
      for (guint d = 0; d < RADIX_SIZE; d++)
        {
          gsize v = c[d];
          c[d] = sum;
          sum += v;
        }
      for (gsize i = 0; i < n; i++)
        b[c[(a[i] >> shift) & (RADIX_SIZE - 1)]++] = a[i];
      t = a;
      a = b;
      b = t;
    }
  for (gsize i = 0; i < n; i++)
    out[i] = lev_sort_key_value (a[i]);
}

/* Bins for counting: about 16 values per bin, so the bins holding wanted
 * ranks sort in a few dozen steps; at most 32768 (256 KiB of counts stays
 * in cache), at least 64. A function of n only, so deterministic. */
static inline gsize
qbins_for (gsize n)
{
  return CLAMP (n / 16, 64, 32768);
}

static inline gsize
qbin (double x, double lo, double scale, gsize nbins)
{
  gsize b = (gsize) ((x - lo) * scale);

  return MIN (b, nbins - 1);
}

/* The order statistics of v[0, n) at @ranks (0-based), exactly, without
 * sorting all of v: count values into equal bins between @lo and
 * @hi (the bin of x is monotone in x, so bin b holds exactly the order
 * statistics cum[b] … cum[b+1]−1), gather the few bins that hold wanted
 * ranks in one more pass, and sort only those. Runs of equal values cost
 * nothing: the radix sort skips digits they share. */
void
lev_order_statistics (const double *v,
                      gsize         n,
                      double        lo,
                      double        hi,
                      const gsize  *ranks,
                      guint         n_ranks,
                      double       *out)
{
  g_autofree gsize *cum = NULL, *fill = NULL;
  g_autofree gssize *slot = NULL;
  g_autofree double *buf = NULL, *sorted = NULL;
  g_autofree guint64 *ka = NULL, *kb = NULL;
  double scale;
  gsize total = 0, biggest = 0, nbins = qbins_for (n);

  if (!(hi > lo))
    {
      for (guint r = 0; r < n_ranks; r++)
        out[r] = lo;
      return;
    }
  scale = nbins / (hi - lo);
  cum = g_new0 (gsize, nbins + 1);
  for (gsize i = 0; i < n; i++)
    cum[qbin (v[i], lo, scale, nbins) + 1]++;
  for (guint b = 0; b < nbins; b++)
    cum[b + 1] += cum[b];

  slot = g_new (gssize, nbins);
  fill = g_new0 (gsize, nbins);
  for (guint b = 0; b < nbins; b++)
    slot[b] = -1;
  for (guint r = 0; r < n_ranks; r++)
    {
      /* The bin holding this rank: the last b with cum[b] ≤ rank. */
      gsize lo_b = 0, hi_b = nbins;

      while (hi_b - lo_b > 1)
        {
          gsize mid = (lo_b + hi_b) / 2;

          if (cum[mid] <= ranks[r])
            lo_b = mid;
          else
            hi_b = mid;
        }
      slot[lo_b] = 0;
    }
  for (guint b = 0; b < nbins; b++)
    if (slot[b] >= 0)
      {
        gsize count = cum[b + 1] - cum[b];

        slot[b] = (gssize) total;
        total += count;
        biggest = MAX (biggest, count);
      }

  buf = g_new (double, MAX (total, 1));
  for (gsize i = 0; i < n; i++)
    {
      gsize b = qbin (v[i], lo, scale, nbins);

      if (slot[b] >= 0)
        buf[slot[b] + fill[b]++] = v[i];
    }
  sorted = g_new (double, MAX (biggest, 1));
  ka = g_new (guint64, MAX (biggest, 1));
  kb = g_new (guint64, MAX (biggest, 1));
  for (guint b = 0; b < nbins; b++)
    if (slot[b] >= 0)
      {
        gsize count = cum[b + 1] - cum[b];
        double *x = buf + slot[b];

        /* Most bins hold a few dozen values: insertion sort, then qsort;
         * a bin that holds a big run of equal or crowded values (early
         * months of a fan chart) gets the radix sort. */
        if (count > 32 && count <= 4096)
          qsort (x, count, sizeof (double), compare_doubles);
        else if (count <= 32)
          for (gsize i = 1; i < count; i++)
            {
              double xi = x[i];
              gsize j = i;

              for (; j > 0 && x[j - 1] > xi; j--)
                x[j] = x[j - 1];
              x[j] = xi;
            }
        else
          {
            radix_sort (x, sorted, count, ka, kb);
            memcpy (x, sorted, count * sizeof (double));
          }
      }
  for (guint r = 0; r < n_ranks; r++)
    {
      gsize lo_b = 0, hi_b = nbins;

      while (hi_b - lo_b > 1)
        {
          gsize mid = (lo_b + hi_b) / 2;

          if (cum[mid] <= ranks[r])
            lo_b = mid;
          else
            hi_b = mid;
        }
      out[r] = buf[slot[lo_b] + (ranks[r] - cum[lo_b])];
    }
}

/* Type-7 percentiles from the order statistics around each level. */
void
lev_percentiles_of (const double *v,
                    gsize         n,
                    double        lo,
                    double        hi,
                    const double *levels,
                    guint         n_levels,
                    double       *out)
{
  g_autofree gsize *ranks = g_new (gsize, 2 * n_levels);
  g_autofree double *values = g_new (double, 2 * n_levels);

  for (guint l = 0; l < n_levels; l++)
    {
      double h = (n - 1) * levels[l];

      ranks[2 * l] = (gsize) h;
      ranks[2 * l + 1] = MIN ((gsize) h + 1, n - 1);
    }
  lev_order_statistics (v, n, lo, hi, ranks, 2 * n_levels, values);
  for (guint l = 0; l < n_levels; l++)
    {
      double h = (n - 1) * levels[l];

      out[l] = values[2 * l] + (h - ranks[2 * l]) * (values[2 * l + 1] - values[2 * l]);
    }
}

void
lev_output_stats_fill (LevOutputStats *st,
                       const double   *x,
                       gsize           n)
{
  gsize ranks[2 * LEV_N_PERCENTILES + LEV_CDF_POINTS];
  double values[2 * LEV_N_PERCENTILES + LEV_CDF_POINTS];
  double mean = 0, m2 = 0, scale, lo = x[0], hi = x[0], iqr, width;
  int exponent;
  guint bins;

  for (gsize i = 0; i < n; i++)
    {
      lo = MIN (lo, x[i]);
      hi = MAX (hi, x[i]);
    }
  /* Welford's running mean and variance, in sample order (the same bytes
   * whatever the threads), on values divided by a power of two near the
   * largest magnitude, which is exact and keeps squared differences from
   * overflowing. A plain sum drifted: 100,000 equal costs of 1.67e55
   * averaged to more than their maximum, with an sd of 2.8e41. */
  scale = MAX (fabs (lo), fabs (hi));
  frexp (scale, &exponent);
  scale = scale > 0 && isfinite (scale) ? ldexp (1.0, exponent) : 1.0;
  for (gsize i = 0; i < n; i++)
    {
      double y = x[i] / scale;
      double d = y - mean;

      mean += d / (double) (i + 1);
      m2 += d * (y - mean);
    }
  /* Rounding cannot put the mean of these values outside them. */
  st->mean = CLAMP (mean * scale, lo, hi);
  st->sd = n > 1 ? sqrt (MAX (m2, 0) / (double) (n - 1)) * scale : 0.0;
  st->min = lo;
  st->max = hi;

  /* One counting pass for the percentiles' and the CDF's ranks together. */
  for (guint l = 0; l < LEV_N_PERCENTILES; l++)
    {
      double h = (n - 1) * lev_percentile_levels[l];

      ranks[2 * l] = (gsize) h;
      ranks[2 * l + 1] = MIN ((gsize) h + 1, n - 1);
    }
  for (guint i = 0; i < LEV_CDF_POINTS; i++)
    {
      /* The smallest sample whose empirical CDF reaches i/100. */
      gsize rank = (gsize) ceil ((double) n * i / (LEV_CDF_POINTS - 1));

      ranks[2 * LEV_N_PERCENTILES + i] = CLAMP (rank, 1, n) - 1;
    }
  lev_order_statistics (x, n, lo, hi, ranks, G_N_ELEMENTS (ranks), values);
  for (guint l = 0; l < LEV_N_PERCENTILES; l++)
    {
      double h = (n - 1) * lev_percentile_levels[l];

      st->percentiles[l] = values[2 * l] + (h - ranks[2 * l]) * (values[2 * l + 1] - values[2 * l]);
    }
  memcpy (st->cdf, values + 2 * LEV_N_PERCENTILES, sizeof st->cdf);
  st->cdf[0] = lo;

  /* Freedman–Diaconis: width 2·IQR/n^(1/3), capped for a readable chart. */
  iqr = st->percentiles[LEV_P75] - st->percentiles[LEV_P25];
  if (hi > lo)
    {
      double fd = 2.0 * iqr / cbrt ((double) n);
      double want = fd > 0 ? ceil ((hi - lo) / fd) : LEV_HIST_MAX_BINS;

      bins = (guint) CLAMP (want, 1, LEV_HIST_MAX_BINS);
      width = (hi - lo) / bins;
    }
  else
    {
      bins = 1;
      width = 0;
    }
  st->n_bins = bins;
  st->hist_lo = lo;
  st->hist_width = width;
  st->hist_counts = g_new0 (guint64, bins);
  for (gsize i = 0; i < n; i++)
    {
      guint b = width > 0 ? (guint) ((x[i] - lo) / width) : 0;

      st->hist_counts[MIN (b, bins - 1)]++;
    }
}
