/* lev-parse-float.c: fast exact decimal → float32 for CSV fields.
 *
 * Clinger's fast path: with at most 15 significant decimal digits… more
 * precisely a mantissa w < 2^53 and a power of ten |e| ≤ 22, both w and 10^e
 * are exact doubles, so one IEEE multiplication or division rounds once and
 * gives exactly the correctly rounded double that strtod returns. Everything
 * else (long mantissas, huge exponents) goes to g_ascii_strtod. */
#define G_LOG_DOMAIN "lev-parse-float"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-parse-float.h"

const double lev_parse_float_pow10[23] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* 10^-k rounded to double, for a multiplication in place of the division. */
const double lev_parse_float_inverse_pow10[23] = {
  1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
  1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
};

/* v · 10^-k is within 2.5 double ulps of v / 10^k correctly rounded, the
 * double strtod returns. Rounding either to float32 gives the same value
 * unless a float32 midpoint (low 29 mantissa bits 1000…0) lies that close,
 * which one value in ~10^7 meets: only then is the exact division needed.
 * Values here are normal floats (1e-22 ≤ |x| < 2^53), so the pattern holds. */
static inline gboolean
near_float_midpoint (double q,
                     float *f)
{
  guint64 bits;

  memcpy (&bits, &q, sizeof bits);
  if (((bits & ((G_GUINT64_CONSTANT (1) << 29) - 1)) - ((G_GUINT64_CONSTANT (1) << 28) - 8)) < 16)
    return TRUE;
  *f = (float) q;
  return FALSE;
}

static LevParseFloatResult
slow_path (const char *s,
           gsize       len,
           float      *out)
{
  char stack[128];
  g_autofree char *heap = NULL;
  char *copy = stack;
  char *end = NULL;
  double d;
  float f;

  if (len >= sizeof stack)
    copy = heap = g_malloc (len + 1);
  memcpy (copy, s, len);
  copy[len] = '\0';
  d = g_ascii_strtod (copy, &end);
  if (end != copy + len)
    return LEV_PARSE_FLOAT_NOT_A_NUMBER;
  f = (float) d;
  if (!isfinite (f))
    return LEV_PARSE_FLOAT_NOT_FINITE;
  *out = f;
  return LEV_PARSE_FLOAT_OK;
}

static gboolean
is_special (const char *s,
            gsize       len)
{
  const char *p = s;

  if (len > 0 && (*p == '+' || *p == '-'))
    {
      p++;
      len--;
    }
  return (len == 3 && (g_ascii_strncasecmp (p, "nan", 3) == 0 || g_ascii_strncasecmp (p, "inf", 3) == 0)) ||
         (len == 8 && g_ascii_strncasecmp (p, "infinity", 8) == 0);
}

LevParseFloatResult
lev_parse_float (const char *s,
                 gsize       len,
                 float      *out)
{
  const char *p = s, *end = s + len;
  gboolean neg = FALSE;
  guint64 w = 0;
  int n_sig = 0;       /* significant digits taken into w */
  int n_digits = 0;    /* digits seen at all */
  int exp10 = 0;
  gboolean dropped = FALSE;
  double d;
  float f;

  if (p < end && (*p == '+' || *p == '-'))
    neg = *p++ == '-';
  if (end - p <= 20)
    {
      /* The common case: at most 19 digits and a point, so the mantissa
       * cannot overflow and every digit is significant; no per-digit
       * bookkeeping. Anything else falls through to the general loop. */
      const char *q = p;
      guint64 v = 0;
      int frac = 0, nd = 0;

      for (; q < end && (guint) (*q - '0') < 10; q++, nd++)
        v = v * 10 + (guint) (*q - '0');
      if (q < end && *q == '.')
        {
          gsize k = (gsize) (end - q - 1);

          /* Up to 8 decimals at once (SWAR) from the field's last 8 bytes,
           * never reading outside it: the usual "-0.123456" costs one load
           * and three multiplications instead of a loop over its digits. */
          if (k >= 1 && k <= 8 && end - s >= 8)
            {
              guint64 word, keep, digits;

              memcpy (&word, end - 8, 8);
              word = GUINT64_FROM_LE (word);
              keep = k == 8 ? G_MAXUINT64 : ~(G_MAXUINT64 >> (8 * k));
              digits = (word & keep) | (G_GUINT64_CONSTANT (0x3030303030303030) & ~keep);
              if ((digits & G_GUINT64_CONSTANT (0xF0F0F0F0F0F0F0F0)) == G_GUINT64_CONSTANT (0x3030303030303030) &&
                  ((digits + G_GUINT64_CONSTANT (0x0606060606060606)) & G_GUINT64_CONSTANT (0xF0F0F0F0F0F0F0F0)) ==
                    G_GUINT64_CONSTANT (0x3030303030303030))
                {
                  guint64 x = digits - G_GUINT64_CONSTANT (0x3030303030303030);
                  static const guint64 pow10_int[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000,
                                                        10000000, 100000000 };

                  x = (x * 10 + (x >> 8)) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF);
                  x = (x * 100 + (x >> 16)) & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF);
                  x = (x * 10000 + (x >> 32)) & G_GUINT64_CONSTANT (0xFFFFFFFF);
                  v = v * pow10_int[k] + x;
                  nd += (int) k;
                  frac = (int) k;
                  q = end;
                }
            }
          if (q != end)
            for (q++; q < end && (guint) (*q - '0') < 10; q++, nd++, frac++)
              v = v * 10 + (guint) (*q - '0');
        }
      if (q == end && nd > 0 && nd <= 19 && v <= (G_GUINT64_CONSTANT (1) << 53) && frac <= 22)
        {
          d = near_float_midpoint ((double) v * lev_parse_float_inverse_pow10[frac], &f)
                ? (double) v / lev_parse_float_pow10[frac]
                : (double) f;
          f = (float) (neg ? -d : d);
          *out = f;
          return LEV_PARSE_FLOAT_OK;
        }
    }
  for (; p < end && (guint) (*p - '0') < 10; p++)
    {
      n_digits++;
      if (n_sig < 19)
        {
          w = w * 10 + (guint) (*p - '0');
          if (w != 0)
            n_sig++;
        }
      else
        {
          dropped |= *p != '0';
          exp10++;
        }
    }
  if (p < end && *p == '.')
    {
      for (p++; p < end && (guint) (*p - '0') < 10; p++)
        {
          n_digits++;
          if (n_sig < 19)
            {
              w = w * 10 + (guint) (*p - '0');
              if (w != 0)
                n_sig++;
              exp10--;
            }
          else
            dropped |= *p != '0';
        }
    }
  if (n_digits == 0)
    return is_special (s, len) ? LEV_PARSE_FLOAT_NOT_FINITE : LEV_PARSE_FLOAT_NOT_A_NUMBER;
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      gboolean eneg = FALSE;
      int e = 0, n_e = 0;

      p++;
      if (p < end && (*p == '+' || *p == '-'))
        eneg = *p++ == '-';
      for (; p < end && (guint) (*p - '0') < 10; p++, n_e++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      if (n_e == 0)
        return LEV_PARSE_FLOAT_NOT_A_NUMBER;
      exp10 += eneg ? -e : e;
    }
  if (p != end)
    return LEV_PARSE_FLOAT_NOT_A_NUMBER;

  if (dropped || w > (G_GUINT64_CONSTANT (1) << 53) || exp10 > 22 || exp10 < -22)
    {
      if (w == 0)
        {
          *out = neg ? -0.0f : 0.0f;
          return LEV_PARSE_FLOAT_OK;
        }
      return slow_path (s, len, out);
    }
  d = (double) w;
  d = exp10 < 0 ? d / lev_parse_float_pow10[-exp10] : d * lev_parse_float_pow10[exp10];
  f = (float) (neg ? -d : d);
  if (!isfinite (f))
    return LEV_PARSE_FLOAT_NOT_FINITE;
  *out = f;
  return LEV_PARSE_FLOAT_OK;
}
