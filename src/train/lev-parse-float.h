/* lev-parse-float.h: the CSV reader's decimal parser. strtof alone caps the
 * reader near 65 MB/s; this takes the exact fast path for the numbers CSV
 * files hold and falls back to g_ascii_strtod for the rest. */
#pragma once

#include <string.h>

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LEV_PARSE_FLOAT_OK,
  LEV_PARSE_FLOAT_NOT_A_NUMBER, /* not of the form [+-]d[.d][e[+-]d] */
  LEV_PARSE_FLOAT_NOT_FINITE,   /* nan, inf, or beyond float32's range */
} LevParseFloatResult;

/* Parses the whole of @s[0 … len) (no surrounding spaces) as a decimal
 * number. The value is exactly (float) g_ascii_strtod (s): the float32 of
 * the correctly rounded double, which is what pandas-then-float32 (the
 * article's pipeline) gives. */
LevParseFloatResult lev_parse_float (const char *s,
                                     gsize       len,
                                     float      *out);

/* The tables of the fast path, shared with the inline parser below. */
extern const double lev_parse_float_pow10[23];
extern const double lev_parse_float_inverse_pow10[23];

/* Up to 8 decimal digits at @p at once (SWAR): how many lead the 8 bytes
 * there (8 when all are digits), their value in *@value. */
static inline guint
lev_parse_float_digits8 (const char *p,
                         guint64    *value)
{
  guint64 word, x, not_digit;
  guint k;

  memcpy (&word, p, 8);
  x = GUINT64_FROM_LE (word) ^ G_GUINT64_CONSTANT (0x3030303030303030);
  /* A byte is a digit when x holds 0–9 there: no high bit, and adding
   * 0x76 to its low 7 bits (no carry out of the byte) sets none either. */
  not_digit = (((x & G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F)) + G_GUINT64_CONSTANT (0x7676767676767676)) | x) &
              G_GUINT64_CONSTANT (0x8080808080808080);
  k = not_digit == 0 ? 8 : (guint) __builtin_ctzll (not_digit) >> 3;
  if (k == 0)
    {
      *value = 0;
      return 0;
    }
  /* The k digits to the top bytes, zeros before them: the first digit is
   * the most significant. */
  x <<= 8 * (8 - k);
  x = (x * 10 + (x >> 8)) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF);
  x = (x * 100 + (x >> 16)) & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF);
  x = (x * 10000 + (x >> 32)) & G_GUINT64_CONSTANT (0xFFFFFFFF);
  *value = x;
  return k;
}

/* v / 10^k as lev_parse_float computes it (v ≤ 2^53, k ≤ 22): v · 10^-k,
 * unless a float32 midpoint is close enough for that to round differently
 * from v / 10^k correctly rounded, the double strtod returns. */
static inline float
lev_parse_float_scale (guint64 v,
                       guint   k,
                       gboolean neg)
{
  double d = (double) v * lev_parse_float_inverse_pow10[k];
  guint64 bits;
  guint32 fbits;
  float f;

  memcpy (&bits, &d, sizeof bits);
  if (G_UNLIKELY (((bits & ((G_GUINT64_CONSTANT (1) << 29) - 1)) - ((G_GUINT64_CONSTANT (1) << 28) - 8)) < 16))
    f = (float) ((double) v / lev_parse_float_pow10[k]);
  else
    f = (float) d;
  /* without a branch: the sign of numbers is anybody's guess */
  memcpy (&fbits, &f, sizeof fbits);
  fbits ^= (guint32) neg << 31;
  memcpy (&f, &fbits, sizeof f);
  return f;
}

/* The reader's inner loop when it knows where the field ends: [s, end) of
 * at most 8 bytes after the sign, digits with at most one point ("-0.406415",
 * "2.141648", "17"), in one 8-byte load and one conversion. FALSE (nothing
 * stored) for anything else, which lev_parse_float_plain then tries.
 * Reads 8 bytes from s + 1: the caller guarantees they are readable. */
static inline gboolean
lev_parse_float_short (const char *s,
                       const char *end,
                       float      *out)
{
  const char *p = s;
  gboolean neg = *p == '-';
  guint64 word, x, not_digit, in_field, point_bit;
  guint n, d, k;

  p += neg | (*p == '+');
  n = (guint) (end - p);
  if (G_UNLIKELY (n - 1 > 7))  /* 1–8 bytes */
    return FALSE;
  memcpy (&word, p, 8);
  x = GUINT64_FROM_LE (word) ^ G_GUINT64_CONSTANT (0x3030303030303030);
  not_digit = (((x & G_GUINT64_CONSTANT (0x7F7F7F7F7F7F7F7F)) + G_GUINT64_CONSTANT (0x7676767676767676)) | x) &
              G_GUINT64_CONSTANT (0x8080808080808080);
  in_field = n == 8 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << (8 * n)) - 1;
  not_digit &= in_field;
  if (not_digit == 0)
    {
      /* an integer */
      d = n;
      k = n;
    }
  else
    {
      d = (guint) __builtin_ctzll (not_digit) >> 3;
      point_bit = G_GUINT64_CONSTANT (0x80) << (8 * d);
      /* one point, the only non-digit; '.' ^ '0' is 0x1E */
      if (G_UNLIKELY ((not_digit & ~point_bit) != 0 || ((x >> (8 * d)) & 0xFF) != 0x1E || n == 1))
        return FALSE;
      /* the point taken out: the bytes after it move down one */
      x = (x & ((G_GUINT64_CONSTANT (1) << (8 * d)) - 1)) | ((x >> 8) & ~((G_GUINT64_CONSTANT (1) << (8 * d)) - 1));
      k = n - 1;
    }
  /* the k digits to the top bytes, zeros before them */
  x <<= 8 * (8 - k);
  x = (x * 10 + (x >> 8)) & G_GUINT64_CONSTANT (0x00FF00FF00FF00FF);
  x = (x * 100 + (x >> 16)) & G_GUINT64_CONSTANT (0x0000FFFF0000FFFF);
  x = (x * 10000 + (x >> 32)) & G_GUINT64_CONSTANT (0xFFFFFFFF);
  *out = lev_parse_float_scale (x, k - d, neg);
  return TRUE;
}

/* The reader's inner loop: the plain decimal at @s ([+-], digits, an
 * optional point and digits; 1–19 digits in all, no exponent) parsed in
 * one pass without knowing where the field ends. Returns the first byte
 * after it, which the caller checks is a delimiter or a line end, and
 * stores exactly what lev_parse_float would; NULL for anything else
 * (nothing stored), which the caller hands to lev_parse_float. Reads up to
 * 24 bytes past the number: the caller guarantees they are readable. */
static inline const char *
lev_parse_float_plain (const char *s,
                       float      *out)
{
  static const guint64 pow10_int[9] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000 };
  const char *p = s;
  gboolean neg = FALSE;
  guint64 v, more;
  guint k_int, k_frac = 0, k;

  neg = *p == '-';
  p += neg | (*p == '+');
  k_int = lev_parse_float_digits8 (p, &v);
  if (G_UNLIKELY (k_int == 8))
    {
      k = lev_parse_float_digits8 (p + 8, &more);
      if (k == 8)
        return NULL;
      v = v * pow10_int[k] + more;
      k_int += k;
    }
  p += k_int;
  if (*p == '.')
    {
      guint64 frac;

      p++;
      k_frac = lev_parse_float_digits8 (p, &frac);
      if (G_UNLIKELY (k_frac == 8))
        {
          k = lev_parse_float_digits8 (p + 8, &more);
          if (k == 8)
            return NULL;
          frac = frac * pow10_int[k] + more;
          k_frac += k;
        }
      /* 19 digits cannot overflow; v · 10^k_frac is then below 10^19 */
      if (k_int + k_frac > 19)
        return NULL;
      v = k_frac > 8 ? (v * pow10_int[8]) * pow10_int[k_frac - 8] + frac : v * pow10_int[k_frac] + frac;
      p += k_frac;
    }
  if (k_int + k_frac == 0 || v > (G_GUINT64_CONSTANT (1) << 53))
    return NULL;
  *out = lev_parse_float_scale (v, k_frac, neg);
  return p;
}

G_END_DECLS
