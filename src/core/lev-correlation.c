/* lev-correlation.c: Iman–Conover on one chunk of draws. */
#define G_LOG_DOMAIN "lev-correlation"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-correlation.h"
#include "lev-dist.h"
#include "lev-error.h"
#include "lev-philox.h"
#include "lev-sort.h"

#define IC_STREAM 0x49430000u /* "IC": keeps these draws apart from the inputs' */

/* In place: a (k×k, row-major, symmetric) becomes its lower factor L with
 * a = L·Lᵀ. FALSE when not positive definite. */
static gboolean
cholesky (double *a, guint k)
{
  for (guint j = 0; j < k; j++)
    {
      double d = a[j * k + j];

      for (guint p = 0; p < j; p++)
        d -= a[j * k + p] * a[j * k + p];
      if (!(d > 1e-12))
        return FALSE;
      d = sqrt (d);
      a[j * k + j] = d;
      for (guint i = j + 1; i < k; i++)
        {
          double s = a[i * k + j];

          for (guint p = 0; p < j; p++)
            s -= a[i * k + p] * a[j * k + p];
          a[i * k + j] = s / d;
        }
      for (guint p = j + 1; p < k; p++)
        a[j * k + p] = 0.0;
    }
  return TRUE;
}

LevIcPlan *
lev_ic_plan_new (const guint  *pairs,
                 const double *ranks,
                 guint         n_pairs,
                 GError      **error)
{
  g_autoptr(LevIcPlan) self = g_new0 (LevIcPlan, 1);
  g_autoptr(GArray) inputs = g_array_new (FALSE, FALSE, sizeof (guint));
  guint k;

  for (guint p = 0; p < 2 * n_pairs; p++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < inputs->len; i++)
        seen |= g_array_index (inputs, guint, i) == pairs[p];
      if (!seen)
        g_array_append_val (inputs, pairs[p]);
    }
  k = self->k = inputs->len;
  self->inputs = (guint *) g_array_free (g_steal_pointer (&inputs), FALSE);
  self->chol = g_new0 (double, MAX (k * k, 1));
  for (guint i = 0; i < k; i++)
    self->chol[i * k + i] = 1.0;
  for (guint p = 0; p < n_pairs; p++)
    {
      guint i = 0, j = 0;
      /* The normal-score Pearson correlation whose Spearman equivalent is
       * the asked rank correlation (Pearson 1907: ρs = 6/π·asin(r/2)). */
      double r = 2.0 * sin (G_PI * ranks[p] / 6.0);

      while (self->inputs[i] != pairs[2 * p])
        i++;
      while (self->inputs[j] != pairs[2 * p + 1])
        j++;
      self->chol[i * k + j] = self->chol[j * k + i] = r;
    }
  self->scores = g_new (double, LEV_IC_SCORES);
  for (guint i = 0; i < LEV_IC_SCORES; i++)
    self->scores[i] = lev_normal_quantile ((i + 1.0) / (LEV_IC_SCORES + 1.0));
  if (!cholesky (self->chol, k))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("these rank correlations cannot hold together (their matrix is not "
                   "positive definite); weaken some of them"));
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
lev_ic_plan_free (LevIcPlan *self)
{
  if (self == NULL)
    return;
  g_free (self->inputs);
  g_free (self->chol);
  g_free (self->scores);
  g_free (self);
}

/* LSD radix sort by bytes; chunks are a few thousand keys, where this
 * is several times faster than qsort's comparator calls. Result in @a. */
static void
radix_sort_u64 (guint64 *a, guint64 *tmp, gsize n)
{
  gsize counts[8][256] = { { 0 } };
  guint64 *src = a, *dst = tmp;

  for (gsize i = 0; i < n; i++)
    for (guint p = 0; p < 8; p++)
      counts[p][(a[i] >> (8 * p)) & 0xff]++;
  for (guint p = 0; p < 8; p++)
    {
      gsize sum = 0;
      guint64 *t;

      if (n == 0 || counts[p][(a[0] >> (8 * p)) & 0xff] == n)
        continue;
      for (guint d = 0; d < 256; d++)
        {
          gsize c = counts[p][d];
          counts[p][d] = sum;
          sum += c;
        }
      for (gsize i = 0; i < n; i++)
        dst[counts[p][(src[i] >> (8 * p)) & 0xff]++] = src[i];
      t = src;
      src = dst;
      dst = t;
    }
  if (src != a)
    memcpy (a, src, n * sizeof (guint64));
}

void
lev_iman_conover (const LevIcPlan *plan,
                  double *const   *columns,
                  guint            m,
                  const guint32    key[2],
                  guint32          chunk)
{
  guint k = plan->k;
  g_autofree double *scores = NULL, *s = NULL, *t = NULL, *e = NULL, *qinv = NULL, *mt = NULL;
  g_autofree guint64 *keys = NULL, *tmp = NULL;
  g_autofree guint *rows = NULL;
  guint index_bits;
  guint64 index_mask;

  if (k < 2 || m < 4 * k)
    return;

  scores = g_new (double, m);
  s = g_new (double, (gsize) m * k);
  t = g_new (double, (gsize) m * k);
  e = g_new0 (double, k * k);
  qinv = g_new0 (double, k * k);
  mt = g_new0 (double, k * k);
  keys = g_new (guint64, m);
  tmp = g_new (guint64, m);
  rows = g_new (guint, m);
  index_bits = g_bit_storage (m - 1);
  index_mask = (G_GUINT64_CONSTANT (1) << index_bits) - 1;

  /* van der Waerden scores, one random permutation per column. */
  if (m == LEV_IC_SCORES)
    memcpy (scores, plan->scores, m * sizeof (double));
  else
    for (guint i = 0; i < m; i++)
      scores[i] = lev_normal_quantile ((i + 1.0) / (m + 1.0));
  for (guint j = 0; j < k; j++)
    {
      double *col = s + (gsize) j * m;
      guint32 out[4] = { 0 };

      memcpy (col, scores, m * sizeof (double));

      /* Fisher–Yates; each Philox block gives four 32-bit draws, and
       * (u·(i+1)) >> 32 maps one to 0..i with a bias below 2^-21. */
      for (guint i = m - 1; i > 0; i--)
        {
          guint r, w = (m - 1 - i) & 3;
          double swap;

          if (w == 0)
            {
              guint32 ctr[4] = { (m - 1 - i) / 4, chunk, j, IC_STREAM };

              lev_philox4x32_10 (ctr, key, out);
            }
          r = (guint) (((guint64) out[w] * (i + 1)) >> 32);
          swap = col[i];
          col[i] = col[r];
          col[r] = swap;
        }
    }

  /* E: the sample correlation of the permuted scores, and its factor Q. */
  for (guint a = 0; a < k; a++)
    for (guint b = 0; b <= a; b++)
      {
        const double *x = s + (gsize) a * m, *y = s + (gsize) b * m;
        double sx = 0, sy = 0, sxy = 0, sxx = 0, syy = 0, c;

        for (guint i = 0; i < m; i++)
          {
            sx += x[i];
            sy += y[i];
          }
        sx /= m;
        sy /= m;
        for (guint i = 0; i < m; i++)
          {
            sxy += (x[i] - sx) * (y[i] - sy);
            sxx += (x[i] - sx) * (x[i] - sx);
            syy += (y[i] - sy) * (y[i] - sy);
          }
        c = sxy / sqrt (sxx * syy);
        e[a * k + b] = e[b * k + a] = a == b ? 1.0 : c;
      }
  if (!cholesky (e, k))
    return;

  /* Q⁻¹ by forward substitution, then M = P·Q⁻¹ (both lower triangular). */
  for (guint c = 0; c < k; c++)
    for (guint i = c; i < k; i++)
      {
        double v = i == c ? 1.0 : 0.0;

        for (guint p = c; p < i; p++)
          v -= e[i * k + p] * qinv[p * k + c];
        qinv[i * k + c] = v / e[i * k + i];
      }
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j <= i; j++)
      {
        double v = 0;

        for (guint p = j; p <= i; p++)
          v += plan->chol[i * k + p] * qinv[p * k + j];
        mt[i * k + j] = v;
      }

  /* T = S·Mᵀ: rows of scores with the target correlation. */
  for (guint j = 0; j < k; j++)
    {
      double *tc = t + (gsize) j * m;

      for (guint i = 0; i < m; i++)
        {
          double v = 0;

          for (guint p = 0; p <= j; p++)
            v += mt[j * k + p] * s[(gsize) p * m + i];
          tc[i] = v;
        }
    }

  /* Each input's draws take the rank order of its column of T. The
   * rank order sorts T's keys with the row index in their low bits: rows
   * whose T values agree to within those bits rank by index, which is
   * deterministic and, for continuous scores, practically never happens. */
  for (guint j = 0; j < k; j++)
    {
      double *x = columns[j];
      const double *tc = t + (gsize) j * m;

      for (guint i = 0; i < m; i++)
        keys[i] = (lev_sort_key (tc[i]) & ~index_mask) | i;
      radix_sort_u64 (keys, tmp, m);
      for (guint i = 0; i < m; i++)
        rows[i] = (guint) (keys[i] & index_mask);
      for (guint i = 0; i < m; i++)
        keys[i] = lev_sort_key (x[i]);
      radix_sort_u64 (keys, tmp, m);
      for (guint r = 0; r < m; r++)
        x[rows[r]] = lev_sort_key_value (keys[r]);
    }
}
