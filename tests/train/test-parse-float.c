/* test-parse-float.c: the CSV reader's decimal parser against
 * (float) g_ascii_strtod on millions of random strings, bit for bit, and
 * its refusals. */
#define G_LOG_DOMAIN "test-parse-float"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-parse-float.h"

static guint n_plain, n_short;

/* The reader's inline parser on @s as it meets it in a line: followed by a
 * delimiter and more digits, which must not leak into the value. It may
 * decline; what it takes must be the whole field and exact. */
static void
check_plain (const char *s,
             float       want)
{
  char buf[128];
  gsize len = strlen (s);
  float got = 0.0f;
  const char *end;

  g_assert_cmpuint (len + 40, <, sizeof buf);
  memcpy (buf, s, len);
  memcpy (buf + len, n_plain % 2 ? ",12345678901234567890123456789" : "\n98765432109876543210987654321", 31);
  /* the short form's parser, told where the field ends */
  if (lev_parse_float_short (buf, buf + len, &got))
    {
      n_short++;
      if (memcmp (&got, &want, sizeof got) != 0)
        g_error ("“%s” (short parser): got %.9g, want %.9g", s, got, want);
    }
  end = lev_parse_float_plain (buf, &got);
  if (end == NULL)
    return;
  g_assert_true (end >= buf && end <= buf + len);
  if (end < buf + len)
    return;  /* a prefix (before an exponent, say): the reader declines the field */
  n_plain++;
  if (memcmp (&got, &want, sizeof got) != 0)
    g_error ("“%s” (inline parser): got %.9g, want %.9g", s, got, want);
}

static void
check_one (const char *s)
{
  char *end = NULL;
  double d = g_ascii_strtod (s, &end);
  float want = (float) d, got = 0.0f;
  LevParseFloatResult res = lev_parse_float (s, strlen (s), &got);

  g_assert_true (*end == '\0');
  if (!isfinite (want))
    {
      g_assert_cmpint (res, ==, LEV_PARSE_FLOAT_NOT_FINITE);
      return;
    }
  if (res != LEV_PARSE_FLOAT_OK || memcmp (&got, &want, sizeof got) != 0)
    g_error ("“%s”: got %.9g (result %d), want %.9g", s, got, res, want);
  check_plain (s, want);
}

/* Strings as CSV files hold them: a sign, 1–20 digits with a decimal point
 * anywhere (or none), sometimes an exponent. */
static void
test_random_decimal (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (20261130);
  const int n = g_test_slow () ? 20000000 : 2000000;
  guint plain_before = n_plain, short_before = n_short;
  char buf[64];

  for (int i = 0; i < n; i++)
    {
      int len = g_rand_int_range (rng, 1, 21);
      int point = g_rand_int_range (rng, -1, len + 1);
      char *p = buf;

      if (g_rand_int_range (rng, 0, 4) == 0)
        *p++ = g_rand_boolean (rng) ? '-' : '+';
      for (int k = 0; k < len; k++)
        {
          if (k == point)
            *p++ = '.';
          *p++ = (char) ('0' + g_rand_int_range (rng, 0, 10));
        }
      if (point == len)
        *p++ = '.';
      if (g_rand_int_range (rng, 0, 3) == 0)
        p += g_snprintf (p, 12, "%c%d", g_rand_boolean (rng) ? 'e' : 'E', g_rand_int_range (rng, -60, 60));
      *p = '\0';
      check_one (buf);
    }
  /* Without an exponent, 1–19 digits and below 2^53 (most of the rest):
   * the inline parser must have taken and checked a good share. */
  g_test_message ("%u of %d taken by the inline parser, %u by the short one", n_plain - plain_before, n,
                  n_short - short_before);
  g_assert_cmpuint (n_plain - plain_before, >, (guint) n / 3);
  g_assert_cmpuint (n_short - short_before, >, (guint) n / 5);
}

/* Doubles printed with 1–17 significant digits: every magnitude float32
 * has, including subnormals and the edges of overflow. */
static void
test_random_printed (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (42);
  const int n = g_test_slow () ? 10000000 : 1000000;
  char buf[64];

  for (int i = 0; i < n; i++)
    {
      double mant = g_rand_double_range (rng, -10, 10);
      double d = ldexp (mant, g_rand_int_range (rng, -155, 132));
      int digits = g_rand_int_range (rng, 1, 18);

      g_snprintf (buf, sizeof buf, "%.*g", digits, d);
      check_one (buf);
      g_snprintf (buf, sizeof buf, "%.*f", digits % 9, mant);
      check_one (buf);
    }
}

/* Decimals at and around the midpoints between neighbouring floats, where
 * the fast path must notice it is too close to call and divide exactly. */
static void
test_near_midpoints (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (7);
  char buf[64];

  for (int i = 0; i < 300000; i++)
    {
      float f = (float) ldexp (g_rand_double_range (rng, 1, 2), g_rand_int_range (rng, -60, 50));
      double mid = ((double) f + (double) nextafterf (f, INFINITY)) / 2;  /* exact in double */
      int digits = g_rand_int_range (rng, 6, 18);

      g_snprintf (buf, sizeof buf, "%.*g", digits, mid);
      check_one (buf);
      g_snprintf (buf, sizeof buf, "%.*f", g_rand_int_range (rng, 1, 12), mid);
      check_one (buf);
    }
}

/* Halfway cases between two floats, where a double-rounding parser errs. */
static void
test_edges (void)
{
  const char *cases[] = {
    "0", "-0", "0.0", ".5", "5.", "1e0", "1E+2", "1e-2", "3.4028234e38", "3.4028236e38",
    "1.17549435e-38", "1.4e-45", "7e-46", "1e-50", "16777217", "16777216.5", "9007199254740993",
    "0.1", "0.2", "0.30000000000000004", "123456789012345678901234567890", "1.00000005960464477539",
    "1.000000059604644775390625", "2.7182818284590452353602874713527", "000000.000001e+0006",
    "4.0000002384185791015625", "-1e-45", "1e22", "1e23", "9999999999999999e-22",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    check_one (cases[i]);
}

/* The inline parser takes the fields CSV writers print (printf %f, %g
 * without an exponent, integers; up to 15 digits, so below 2^53) rather
 * than declining them, or the reader would not be fast. */
static void
test_plain_accepts (void)
{
  g_autoptr(GRand) rng = g_rand_new_with_seed (5);
  const char *refused[] = { "", "-", "+", ".", "-.", "e5", "1e5", "1.5e3", "12345678901234567890", "1.2.3",
                            "1-2", " 1", "1 ", "+-1", "1..", "..", "1.2e", "0x1", "1,5", "--1" };
  char buf[96];
  float v = 0.0f;

  for (int i = 0; i < 200000; i++)
    {
      const char *end;
      gsize len;

      g_snprintf (buf, 40, "%.*f", g_rand_int_range (rng, 0, 9),
                  g_rand_double_range (rng, -1, 1) * pow (10, g_rand_int_range (rng, 0, 7)));
      len = strlen (buf);
      memcpy (buf + len, ";0000000000000000000000000000000", 33);
      end = lev_parse_float_plain (buf, &v);
      g_assert_true (end == buf + len);
      g_assert_cmpfloat (v, ==, (float) g_ascii_strtod (buf, NULL));
      /* at most 8 bytes after the sign: the short parser's */
      v = 0.0f;
      g_assert_true (lev_parse_float_short (buf, buf + len, &v) == (len - (buf[0] == '-') <= 8));
      if (len - (buf[0] == '-') <= 8)
        g_assert_cmpfloat (v, ==, (float) g_ascii_strtod (buf, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      const char *end;
      gsize len = strlen (refused[i]);

      memcpy (buf, refused[i], len);
      memcpy (buf + len, ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,", 33);
      end = lev_parse_float_plain (buf, &v);
      g_assert_true (end == NULL || end < buf + len);
      g_assert_false (lev_parse_float_short (buf, buf + len, &v));
    }
}

static void
test_refusals (void)
{
  const char *not_numbers[] = {
    "", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1,5", "abc", "12abc", " 1", "1 ", "0x10",
    "--1", "1e5e5", "..1", "1..", "++1", "1-", "\xff",
  };
  const char *not_finite[] = { "nan", "NaN", "-inf", "Inf", "+Infinity", "1e39", "-3.5e38" };
  float v = 42.0f;

  for (guint i = 0; i < G_N_ELEMENTS (not_numbers); i++)
    g_assert_cmpint (lev_parse_float (not_numbers[i], strlen (not_numbers[i]), &v), ==,
                     LEV_PARSE_FLOAT_NOT_A_NUMBER);
  for (guint i = 0; i < G_N_ELEMENTS (not_finite); i++)
    g_assert_cmpint (lev_parse_float (not_finite[i], strlen (not_finite[i]), &v), ==,
                     LEV_PARSE_FLOAT_NOT_FINITE);
  g_assert_cmpfloat (v, ==, 42.0f);
  /* The length is respected: no NUL terminator is needed. */
  g_assert_cmpint (lev_parse_float ("1.5xyz", 3, &v), ==, LEV_PARSE_FLOAT_OK);
  g_assert_cmpfloat (v, ==, 1.5f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/train/parse-float/random-decimal", test_random_decimal);
  g_test_add_func ("/train/parse-float/random-printed", test_random_printed);
  g_test_add_func ("/train/parse-float/edges", test_edges);
  g_test_add_func ("/train/parse-float/near-midpoints", test_near_midpoints);
  g_test_add_func ("/train/parse-float/plain-accepts", test_plain_accepts);
  g_test_add_func ("/train/parse-float/refusals", test_refusals);
  return g_test_run ();
}
