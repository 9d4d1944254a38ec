/* lev-chart-layout.c: nice ticks, collision-free label placement and
 * legend flow. Ticks use steps of 1, 2 or 5 × 10^k only: they read as
 * round numbers in 万/亿 just as in K/M, since both are powers of ten. */
#define G_LOG_DOMAIN "lev-chart-layout"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-chart-layout.h"

/* m × 10^e, computed so that 0.2 comes out as 2/10 and not 2 × 0.1. */
static double
scaled (double k,
        double m,
        int    e)
{
  if (e >= 0)
    return k * m * pow (10, e);
  return k * m / pow (10, -e);
}

void
lev_ticks_nice (double    lo,
                double    hi,
                guint     target,
                LevTicks *out)
{
  static const double mantissas[] = { 1, 2, 5 };
  double span, k0 = 0, k1 = 1;
  double best_m = 1;
  int best_e = 0;
  gboolean found = FALSE;

  g_return_if_fail (out != NULL);
  memset (out, 0, sizeof *out);

  if (!isfinite (lo) || !isfinite (hi))
    {
      lo = 0;
      hi = 1;
    }
  if (lo > hi)
    {
      double t = lo;
      lo = hi;
      hi = t;
    }
  /* Keep far from the ends of double range, where steps overflow. */
  lo = CLAMP (lo, -1e300, 1e300);
  hi = CLAMP (hi, -1e300, 1e300);
  if (hi == lo)
    {
      /* One value: widen by 10% of it each way (or to 0…1 for zero). */
      double d = fabs (lo) * 0.1;
      if (lo == 0)
        hi = 1;
      else
        {
          lo -= d;
          hi += d;
        }
    }
  /* A span below the precision of the values cannot have distinct ticks. */
  span = hi - lo;
  if (span < MAX (fabs (lo), fabs (hi)) * 1e-9)
    {
      double mid = (lo + hi) / 2, d = fabs (mid) * 5e-10;
      lo = mid - d;
      hi = mid + d;
      span = hi - lo;
    }
  target = CLAMP (target, 2, 12);

  /* The step whose tick count comes closest to target + 1; on a tie,
   * fewer ticks (less clutter). */
  {
    int e0 = (int) floor (log10 (span / target)) - 1;
    double best_miss = G_MAXDOUBLE;

    for (int e = e0; e <= e0 + 3; e++)
      for (guint i = 0; i < G_N_ELEMENTS (mantissas); i++)
        {
          double step = scaled (1, mantissas[i], e);
          double a = floor (lo / step + 1e-9);
          double b = ceil (hi / step - 1e-9);
          double count = MAX (b - a, 1) + 1;
          double miss = fabs (count - (target + 1)) + (count > target + 1 ? 0.5 : 0);

          if (count <= MIN (LEV_TICKS_MAX, target + 2) && miss < best_miss)
            {
              found = TRUE;
              best_miss = miss;
              best_m = mantissas[i];
              best_e = e;
              k0 = a;
              k1 = b;
            }
        }
  }
  g_assert (found);
  if (k1 == k0)
    k1 = k0 + 1;

  out->step = scaled (1, best_m, best_e);
  out->n = (guint) (k1 - k0) + 1;
  for (guint i = 0; i < out->n; i++)
    {
      double v = scaled (k0 + i, best_m, best_e);
      out->values[i] = v == 0 ? 0 : v; /* no -0 */
    }
  out->min = out->values[0];
  out->max = out->values[out->n - 1];
}

double
lev_ticks_map (const LevTicks *ticks,
               double          value,
               double          from,
               double          to)
{
  g_return_val_if_fail (ticks != NULL, from);
  if (ticks->max == ticks->min)
    return from;
  return from + (value - ticks->min) / (ticks->max - ticks->min) * (to - from);
}

/* "%.*f" without trailing zeros. */
static char *
trim_number (double v,
             int    decimals)
{
  char *s = g_strdup_printf ("%.*f", CLAMP (decimals, 0, 15), v);
  char *dot = strchr (s, '.');

  if (dot != NULL)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  return s;
}

/* Same conventions as lev_money_format's compact style (so a tick reads
 * like every other number in the app), but with as many decimals as the
 * step needs, so neighbouring ticks never print alike. */
static char *
tick_label (double         v,
            double         step,
            int            currency,
            LevMoneyLocale locale)
{
  double a = fabs (v), unit = 1;
  const char *suffix = "";
  const char *sign = "";
  g_autofree char *num = NULL;
  int decimals;

  if (locale == LEV_MONEY_LOCALE_CHINESE)
    {
      if (a >= 1e8)
        unit = 1e8, suffix = "亿";
      else if (a >= 1e4)
        unit = 1e4, suffix = "万";
      if (currency == LEV_CURRENCY_USD)
        sign = "$";
    }
  else
    {
      if (a >= 1e12)
        unit = 1e12, suffix = "T";
      else if (a >= 1e9)
        unit = 1e9, suffix = "B";
      else if (a >= 1e6)
        unit = 1e6, suffix = "M";
      else if (a >= 1e3)
        unit = 1e3, suffix = "K";
      if (currency == LEV_CURRENCY_USD)
        sign = "$";
      else if (currency == LEV_CURRENCY_CNY)
        sign = "¥";
    }
  decimals = (int) MAX (0, ceil (log10 (unit / step) - 1e-9));
  num = trim_number (a / unit, decimals);
  if (g_str_equal (num, "0"))
    suffix = "";
  return g_strdup_printf ("%s%s%s%s", v < 0 && !g_str_equal (num, "0") ? "-" : "",
                          sign, num, suffix);
}

char **
lev_ticks_format_money (const LevTicks *ticks,
                        int             currency,
                        LevMoneyLocale  locale)
{
  char **labels;

  g_return_val_if_fail (ticks != NULL, NULL);
  if (locale == LEV_MONEY_LOCALE_AUTO)
    locale = lev_money_locale_detect ();
  labels = g_new0 (char *, ticks->n + 1);
  for (guint i = 0; i < ticks->n; i++)
    labels[i] = tick_label (ticks->values[i], ticks->step, currency, locale);
  return labels;
}

LevLabelMode
lev_labels_choose (const double *widths,
                   guint         n,
                   double        slot,
                   double        line_height,
                   double        max_depth)
{
  double widest = 0;
  const double s45 = G_SQRT2 / 2;

  for (guint i = 0; i < n; i++)
    widest = MAX (widest, widths[i]);
  if (n == 0 || widest <= slot * 0.92)
    return LEV_LABELS_HORIZONTAL;
  /* Rotated labels run parallel; their distance apart is slot·sin 45°. */
  if (slot * s45 >= line_height * 1.1 && (widest + line_height) * s45 <= max_depth)
    return LEV_LABELS_ROTATED;
  return LEV_LABELS_ABBREVIATED;
}

void
lev_labels_spread (LevLabelSlot *labels,
                   guint         n,
                   double        gap,
                   double        lo,
                   double        hi)
{
  g_autofree guint *first = NULL; /* cluster start index per cluster */
  g_autofree double *offset = NULL; /* centre offset within its cluster */
  guint n_clusters = 0;

  if (n == 0)
    return;
  g_return_if_fail (labels != NULL);

  /* Clusters of touching labels sit where the mean of their members wants
   * them; merging continues until no two clusters overlap. Keeps the
   * displacement small, unlike pushing each label along in turn. */
  first = g_new (guint, n + 1);
  offset = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      guint c;

      first[n_clusters++] = i;
      for (;;)
        {
          guint s, e;
          double sum = 0, x;

          c = n_clusters - 1;
          s = first[c];
          e = i;
          offset[s] = 0;
          for (guint k = s + 1; k <= e; k++)
            offset[k] = offset[k - 1] + labels[k - 1].size / 2 + gap + labels[k].size / 2;
          for (guint k = s; k <= e; k++)
            sum += labels[k].want - offset[k];
          x = sum / (e - s + 1);
          for (guint k = s; k <= e; k++)
            labels[k].at = x + offset[k];
          if (c == 0)
            break;
          {
            guint prev_last = s - 1;
            if (labels[prev_last].at + labels[prev_last].size / 2 + gap
                <= labels[s].at - labels[s].size / 2 + 1e-9)
              break;
          }
          n_clusters--; /* merge with the previous cluster */
        }
    }

  /* Inside [lo, hi] where there is room: push right off lo, then left off
   * hi, then right again so that no overlap is ever traded for bounds. */
  if (hi > lo)
    {
      if (labels[0].at - labels[0].size / 2 < lo)
        labels[0].at = lo + labels[0].size / 2;
      for (guint i = 1; i < n; i++)
        labels[i].at = MAX (labels[i].at, labels[i - 1].at + labels[i - 1].size / 2 + gap
                                            + labels[i].size / 2);
      if (labels[n - 1].at + labels[n - 1].size / 2 > hi)
        labels[n - 1].at = hi - labels[n - 1].size / 2;
      for (guint i = n - 1; i > 0; i--)
        labels[i - 1].at = MIN (labels[i - 1].at, labels[i].at - labels[i].size / 2 - gap
                                                    - labels[i - 1].size / 2);
      if (labels[0].at - labels[0].size / 2 < lo)
        labels[0].at = lo + labels[0].size / 2;
      for (guint i = 1; i < n; i++)
        labels[i].at = MAX (labels[i].at, labels[i - 1].at + labels[i - 1].size / 2 + gap
                                            + labels[i].size / 2);
    }
}

gboolean
lev_labels_overlap (const LevLabelSlot *labels,
                    guint               n,
                    double              gap)
{
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (fabs (labels[i].at - labels[j].at) + 1e-6
          < (labels[i].size + labels[j].size) / 2 + gap)
        return TRUE;
  return FALSE;
}

gboolean
lev_rect_intersects (const LevRect *a,
                     const LevRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

guint
lev_legend_flow (const double *widths,
                 guint         n,
                 double        gap,
                 double        max_width,
                 double       *x,
                 guint        *row)
{
  guint r = 0;
  double cur = 0;

  if (n == 0)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      if (cur > 0 && cur + widths[i] > max_width)
        {
          r++;
          cur = 0;
        }
      x[i] = cur;
      row[i] = r;
      cur += widths[i] + gap;
    }
  return r + 1;
}

gboolean
lev_axis_line_on_scale (double data_lo,
                        double data_hi,
                        double line)
{
  double span = data_hi - data_lo;

  if (!isfinite (line))
    return FALSE;
  if (!isfinite (span) || !(span > 0))
    return TRUE;
  /* The data then keeps at least 60% of the axis. */
  return line >= data_lo - 0.6 * span && line <= data_hi + 0.6 * span;
}

char *
lev_share_text (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  /* What "%.0f" would round to 0% or 100% is said as a bound instead. */
  if (fraction > 0 && fraction * 100 < 1 && rint (fraction * 100) < 1)
    return g_strdup ("<1%");
  if (fraction < 1 && rint (fraction * 100) >= 100)
    return g_strdup (">99%");
  return g_strdup_printf ("%.0f%%", fraction * 100);
}
