/* lev-number-text.c: a small hand-written parser for the number syntax.
 * Decimal text is converted by one correctly rounded strtod of
 * "DIGITSeEXP", so 1.2亿 is exactly 120000000, never 119999999.99999999. */
#define G_LOG_DOMAIN "lev-number-text"
#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-number-text.h"

#define MAX_TEXT 256

typedef struct {
  const char *start;
  const char *p;
  const char *text;
} Parser;

static void
skip_ws (Parser *ps)
{
  while (*ps->p == ' ' || *ps->p == '\t')
    ps->p++;
  /* The ideographic space of Chinese input methods. */
  while (g_str_has_prefix (ps->p, "\xE3\x80\x80"))
    ps->p += 3;
}

static glong
column_of (const Parser *ps, const char *at)
{
  return g_utf8_pointer_to_offset (ps->start, at) + 1;
}

static gboolean
fail (const Parser *ps,
      const char   *at,
      GError      **error,
      const char   *reason)
{
  g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("“%s”: at character %ld: %s"),
               ps->text, column_of (ps, at), reason);
  return FALSE;
}

static const struct {
  const char *suffix;
  int         exp10;
} units[] = {
  { "万亿", 12 }, { "亿", 8 }, { "万", 4 }, { "千", 3 }, { "bn", 9 }, { "B", 9 }, { "M", 6 }, { "k", 3 },
  { "K", 3 }, { "T", 12 }, { "%", -2 },
};

/* NUMBER: digits [. digits] [e [+-] digits] [unit]; @grouping allows
 * 1,000,000 (not inside function arguments, where ',' separates). */
static gboolean
parse_number (Parser   *ps,
              gboolean  grouping,
              double   *out,
              GError  **error)
{
  GString *digits = g_string_new (NULL);
  const char *begin = ps->p;
  int exp10 = 0;
  gboolean any = FALSE;
  double v;
  char *end;

  skip_ws (ps);
  begin = ps->p;
  if (*ps->p == '-')
    {
      g_string_free (digits, TRUE);
      return fail (ps, ps->p, error, "negative numbers are not allowed here");
    }
  if (*ps->p == '+')
    ps->p++;
  while (g_ascii_isdigit (*ps->p) ||
         (grouping && *ps->p == ',' && any && g_ascii_isdigit (ps->p[1]) &&
          g_ascii_isdigit (ps->p[2]) && g_ascii_isdigit (ps->p[3]) && !g_ascii_isdigit (ps->p[4])))
    {
      if (*ps->p != ',')
        {
          g_string_append_c (digits, *ps->p);
          any = TRUE;
        }
      ps->p++;
    }
  if (*ps->p == '.')
    {
      g_string_append_c (digits, '.');
      ps->p++;
      if (!g_ascii_isdigit (*ps->p) && !any)
        {
          g_string_free (digits, TRUE);
          return fail (ps, ps->p, error, "expected digits");
        }
      while (g_ascii_isdigit (*ps->p))
        {
          g_string_append_c (digits, *ps->p++);
          any = TRUE;
        }
    }
  if (!any)
    {
      g_string_free (digits, TRUE);
      return fail (ps, begin, error,
                   *begin == '\0' ? "expected a number such as 500000, 50万, 1.2亿 or 2.5M"
                                  : "expected a number such as 500000, 50万, 1.2亿 or 2.5M here");
    }
  if ((*ps->p == 'e' || *ps->p == 'E') &&
      (g_ascii_isdigit (ps->p[1]) || ((ps->p[1] == '+' || ps->p[1] == '-') && g_ascii_isdigit (ps->p[2]))))
    {
      int sign = 1, e = 0;

      ps->p++;
      if (*ps->p == '+' || *ps->p == '-')
        sign = *ps->p++ == '-' ? -1 : 1;
      while (g_ascii_isdigit (*ps->p))
        {
          if (e < 10000)
            e = e * 10 + (*ps->p - '0');
          ps->p++;
        }
      exp10 = sign * e;
    }
  else if ((*ps->p == 'e' || *ps->p == 'E'))
    {
      g_string_free (digits, TRUE);
      return fail (ps, ps->p, error, "an exponent needs digits (1e6)");
    }
  if (*ps->p == '.')
    {
      g_string_free (digits, TRUE);
      return fail (ps, ps->p, error, "a number has at most one decimal point");
    }

  skip_ws (ps);
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_has_prefix (ps->p, units[i].suffix))
      {
        ps->p += strlen (units[i].suffix);
        exp10 += units[i].exp10;
        break;
      }

  g_string_append_printf (digits, "e%d", exp10);
  v = g_ascii_strtod (digits->str, &end);
  g_string_free (digits, TRUE);
  if (!isfinite (v))
    return fail (ps, begin, error, "the number is too large");
  *out = v;
  return TRUE;
}

static gboolean
at_end (Parser *ps)
{
  skip_ws (ps);
  return *ps->p == '\0';
}

/* " to ", "到", "至", "-", "–", "—": the range separators. */
static gboolean
parse_range_sep (Parser *ps)
{
  static const char *const seps[] = { "to", "TO", "To", "到", "至", "-", "\xE2\x80\x93", "\xE2\x80\x94", "~", NULL };
  const char *save = ps->p;

  skip_ws (ps);
  for (guint i = 0; seps[i]; i++)
    if (g_str_has_prefix (ps->p, seps[i]))
      {
        /* "to" is a word: "100 tox" is not a range. */
        if (g_ascii_isalpha (seps[i][0]) && g_ascii_isalpha (ps->p[strlen (seps[i])]))
          continue;
        ps->p += strlen (seps[i]);
        return TRUE;
      }
  ps->p = save;
  return FALSE;
}

static gboolean
check_lognormal (Parser *ps, double low, double high, GError **error)
{
  if (!(low > 0))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("“%s”: a range's low end must be above zero (it is a lognormal)"), ps->text);
      return FALSE;
    }
  if (!(low < high))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("“%s”: the low end of a range must be below the high end"), ps->text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_function (Parser     *ps,
                const char *name,
                LevNumber  *out,
                GError    **error)
{
  static const struct {
    const char *name;
    LevDistKind kind;
    guint n;
    const char *usage;
  } funcs[] = {
    { "uniform", LEV_DIST_UNIFORM, 2, "uniform(min, max)" },
    { "triangular", LEV_DIST_TRIANGULAR, 3, "triangular(min, mode, max)" },
    { "pert", LEV_DIST_PERT, 3, "pert(min, mode, max)" },
    { "normal", LEV_DIST_NORMAL, 2, "normal(mean, sd)" },
    { "lognormal", LEV_DIST_LOGNORMAL, 2, "lognormal(low, high)" },
  };
  double args[3] = { 0 };
  guint f, n = 0;

  for (f = 0; f < G_N_ELEMENTS (funcs); f++)
    if (g_ascii_strcasecmp (name, funcs[f].name) == 0)
      break;
  if (f == G_N_ELEMENTS (funcs))
    {
      if (g_ascii_strcasecmp (name, "empirical") == 0)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                       _("“%s”: empirical distributions come from a CSV column; choose the file "
                       "in the editor"), ps->text);
          return FALSE;
        }
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                   _("“%s”: unknown distribution “%s” (expected uniform, triangular, pert, normal "
                   "or lognormal)"), ps->text, name);
      return FALSE;
    }

  ps->p++; /* '(' */
  for (;;)
    {
      if (n == funcs[f].n)
        return fail (ps, ps->p, error, "too many arguments");
      if (!parse_number (ps, FALSE, &args[n++], error))
        return FALSE;
      skip_ws (ps);
      if (*ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (*ps->p == ')')
        {
          ps->p++;
          break;
        }
      return fail (ps, ps->p, error, "expected “,” or “)”");
    }
  if (n != funcs[f].n)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("“%s”: expected %s"), ps->text, funcs[f].usage);
      return FALSE;
    }
  if (!at_end (ps))
    return fail (ps, ps->p, error, "unexpected text after the distribution");

  switch (funcs[f].kind)
    {
    case LEV_DIST_UNIFORM:
      if (!(args[0] < args[1]))
        goto order;
      *out = lev_number_uniform (args[0], args[1]);
      break;
    case LEV_DIST_TRIANGULAR:
    case LEV_DIST_PERT:
      if (!(args[0] <= args[1] && args[1] <= args[2] && args[0] < args[2]))
        goto order;
      *out = funcs[f].kind == LEV_DIST_PERT ? lev_number_pert (args[0], args[1], args[2])
                                            : lev_number_triangular (args[0], args[1], args[2]);
      break;
    case LEV_DIST_NORMAL:
      if (!(args[1] > 0))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("“%s”: the standard deviation must be above zero"), ps->text);
          return FALSE;
        }
      *out = lev_number_normal (args[0], args[1]);
      break;
    case LEV_DIST_LOGNORMAL:
    default:
      if (!check_lognormal (ps, args[0], args[1], error))
        return FALSE;
      *out = lev_number_lognormal (args[0], args[1]);
      break;
    }
  return TRUE;

order:
  g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("“%s”: expected %s in increasing order"),
               ps->text, funcs[f].usage);
  return FALSE;
}

gboolean
lev_number_parse_text (const char  *text,
                       LevNumber   *out,
                       GError     **error)
{
  Parser ps;
  double a, b;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (strlen (text) > MAX_TEXT || !g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                   _("not a number: the text is too long or not valid UTF-8"));
      return FALSE;
    }
  ps.start = ps.p = ps.text = text;
  skip_ws (&ps);
  if (*ps.p == '\0')
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE,
                   _("empty: type a number such as 500000, 50万, 1.2亿 or 2.5M, or a range "
                   "such as 80万 to 120万"));
      return FALSE;
    }

  if (g_ascii_isalpha (*ps.p))
    {
      const char *name = ps.p;
      g_autofree char *word = NULL;

      while (g_ascii_isalpha (*ps.p))
        ps.p++;
      word = g_strndup (name, ps.p - name);
      skip_ws (&ps);
      if (*ps.p != '(')
        return fail (&ps, name, error,
                     "expected a number such as 500000, 50万, 1.2亿 or 2.5M, or a range such "
                     "as 80万 to 120万");
      return parse_function (&ps, word, out, error);
    }

  /* ~X and ≈X: about X, a lognormal with 90% interval ±20%. */
  if (*ps.p == '~' || g_str_has_prefix (ps.p, "\xE2\x89\x88") || g_str_has_prefix (ps.p, "约"))
    {
      ps.p += *ps.p == '~' ? 1 : 3;
      if (!parse_number (&ps, TRUE, &a, error))
        return FALSE;
      if (!at_end (&ps))
        return fail (&ps, ps.p, error, "unexpected text after the number");
      if (!(a > 0))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("“%s”: “about” needs a number above zero"), text);
          return FALSE;
        }
      *out = lev_number_lognormal (0.8 * a, 1.2 * a);
      return TRUE;
    }

  if (!parse_number (&ps, TRUE, &a, error))
    return FALSE;
  if (at_end (&ps))
    {
      *out = lev_number_point (a);
      return TRUE;
    }
  if (!parse_range_sep (&ps))
    return fail (&ps, ps.p, error, "expected the end, or “to” and a second number for a range");
  skip_ws (&ps);
  if (*ps.p == '\0')
    return fail (&ps, ps.p, error, "a range needs a number after “to”");
  if (!parse_number (&ps, TRUE, &b, error))
    return FALSE;
  if (!at_end (&ps))
    return fail (&ps, ps.p, error, "unexpected text after the range");
  if (!check_lognormal (&ps, a, b, error))
    return FALSE;
  *out = lev_number_lognormal (a, b);
  return TRUE;
}

static gboolean
reads_back (const char *text, double v)
{
  LevNumber n;

  return lev_number_parse_text (text, &n, NULL) && n.kind == LEV_DIST_POINT && n.p[0] == v;
}

/* The significant digits of the shortest "%.Ng" that reads back as @v. */
static int
exact_digits (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 1; digits < 17; digits++)
    {
      g_autofree char *fmt = g_strdup_printf ("%%.%dg", digits);

      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        return digits;
    }
  return 17;
}

/* @v with a unit suffix where one fits. Exact (the shortest text that
 * parses back to @v) unless @readable and @v needs more digits than a
 * person types: then four significant digits, for values the program
 * computed (1/3, a measured throughput) rather than ones typed. */
static char *
value_text (double v, gboolean chinese, gboolean readable)
{
  static const struct { double unit; const char *suffix; } cn[] = {
    { 1e12, "万亿" }, { 1e8, "亿" }, { 1e4, "万" },
  }, west[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "K" },
  };
  guint n = chinese ? G_N_ELEMENTS (cn) : G_N_ELEMENTS (west);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean round = readable && exact_digits (v) > 7;

  for (guint i = 0; i < n; i++)
    {
      double unit = chinese ? cn[i].unit : west[i].unit;
      const char *suffix = chinese ? cn[i].suffix : west[i].suffix;

      if (fabs (v) >= unit)
        {
          if (round)
            {
              g_ascii_formatd (buf, sizeof buf, "%.4g", v / unit);
              return g_strconcat (buf, suffix, NULL);
            }
          for (int digits = 12; digits <= 17; digits++)
            {
              g_autofree char *fmt = g_strdup_printf ("%%.%dg", digits);
              g_autofree char *t = NULL;

              g_ascii_formatd (buf, sizeof buf, fmt, v / unit);
              t = g_strconcat (buf, suffix, NULL);
              if (reads_back (t, v))
                return g_steal_pointer (&t);
            }
          break;
        }
    }
  if (round)
    {
      g_ascii_formatd (buf, sizeof buf, "%.4g", v);
      return g_strdup (buf);
    }
  for (int digits = 12; digits <= 17; digits++)
    {
      g_autofree char *fmt = g_strdup_printf ("%%.%dg", digits);

      g_ascii_formatd (buf, sizeof buf, fmt, v);
      if (reads_back (buf, v))
        break;
    }
  return g_strdup (buf);
}

static char *
number_text (const LevNumber *self,
             gboolean         chinese_units,
             gboolean         readable)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case LEV_DIST_NONE:
      return g_strdup ("");
    case LEV_DIST_POINT:
      return value_text (self->p[0], chinese_units, readable);
    case LEV_DIST_EMPIRICAL:
      {
        gsize n;

        lev_empirical_get_values (self->empirical, &n);
        if (lev_empirical_get_file (self->empirical) != NULL)
          return g_strdup_printf ("empirical(%s: %s)", lev_empirical_get_file (self->empirical),
                                  lev_empirical_get_column (self->empirical));
        return g_strdup_printf ("empirical(%" G_GSIZE_FORMAT " values)", n);
      }
    default:
      break;
    }

  a = value_text (self->p[0], chinese_units, readable);
  b = value_text (self->p[1], chinese_units, readable);
  switch (self->kind)
    {
    case LEV_DIST_LOGNORMAL:
      return g_strdup_printf ("%s to %s", a, b);
    case LEV_DIST_UNIFORM:
      return g_strdup_printf ("uniform(%s, %s)", a, b);
    case LEV_DIST_NORMAL:
      return g_strdup_printf ("normal(%s, %s)", a, b);
    case LEV_DIST_TRIANGULAR:
    case LEV_DIST_PERT:
      c = value_text (self->p[2], chinese_units, readable);
      return g_strdup_printf ("%s(%s, %s, %s)", lev_dist_kind_to_id (self->kind), a, b, c);
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
lev_number_to_text (const LevNumber *self,
                    gboolean         chinese_units)
{
  g_return_val_if_fail (self != NULL, NULL);
  return number_text (self, chinese_units, FALSE);
}

char *
lev_number_to_readable_text (const LevNumber *self,
                             gboolean         chinese_units)
{
  g_return_val_if_fail (self != NULL, NULL);
  return number_text (self, chinese_units, TRUE);
}

char *
lev_json_shortest_numbers (const char *json)
{
  GString *out;
  gboolean in_string = FALSE;

  g_return_val_if_fail (json != NULL, NULL);

  out = g_string_sized_new (strlen (json));
  for (const char *p = json; *p != '\0';)
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            g_string_append_c (out, *p++);
          else if (*p == '"')
            in_string = FALSE;
          g_string_append_c (out, *p++);
        }
      else if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p++);
        }
      else if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          g_autofree char *token = NULL;
          char *end;
          double v;

          while (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E' || g_ascii_isdigit (*p))
            p++;
          token = g_strndup (start, p - start);
          v = g_ascii_strtod (token, &end);
          /* Integers and anything unexpected pass through untouched. */
          if (*end != '\0' || !isfinite (v) || strpbrk (token, ".eE") == NULL)
            g_string_append (out, token);
          else
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              g_autofree char *fmt = g_strdup_printf ("%%.%dg", exact_digits (v));

              g_ascii_formatd (buf, sizeof buf, fmt, v);
              /* Still a JSON number with a fraction or exponent. */
              if (strpbrk (buf, ".eE") == NULL)
                g_strlcat (buf, ".0", sizeof buf);
              g_string_append (out, buf);
            }
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
