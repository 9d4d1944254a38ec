/* lev-money.c: locale-aware money text. We do not use printf's %'
 * grouping: C locales differ per machine and Chinese needs 万/亿, which no
 * libc produces. */
#define G_LOG_DOMAIN "lev-money"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-money.h"

LevMoneyLocale
lev_money_locale_detect (void)
{
  static const char *vars[] = { "LC_ALL", "LC_MONETARY", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      const char *v = g_getenv (vars[i]);
      if (v != NULL && *v != '\0')
        return g_str_has_prefix (v, "zh") ? LEV_MONEY_LOCALE_CHINESE : LEV_MONEY_LOCALE_WESTERN;
    }
  return LEV_MONEY_LOCALE_WESTERN;
}

/* "%.*f" with trailing zeros (and a bare point) removed. */
static char *
trimmed (double v, int decimals)
{
  char *s = g_strdup_printf ("%.*f", decimals, v);
  char *dot = strchr (s, '.');

  if (dot != NULL)
    {
      char *end = s + strlen (s) - 1;
      while (end > dot && *end == '0')
        *end-- = '\0';
      if (end == dot)
        *end = '\0';
    }
  if (g_str_equal (s, "-0"))
    {
      g_free (s);
      s = g_strdup ("0");
    }
  return s;
}

static char *
grouped (double v)
{
  g_autofree char *digits = g_strdup_printf ("%.0f", fabs (v));
  GString *out = g_string_new (NULL);
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

/* Chinese: below 1万 as is; then 万 up to 1亿; then 亿. Up to two
 * decimals in full style, three significant digits in compact. */
static char *
chinese (double v, LevMoneyStyle style)
{
  double a = fabs (v);
  const char *unit = "";
  double scaled = a;
  int decimals;

  if (a >= 1e8 * (1 - 5e-7))
    {
      unit = "亿";
      scaled = a / 1e8;
    }
  else if (a >= 1e4)
    {
      unit = "万";
      scaled = a / 1e4;
    }
  if (style == LEV_MONEY_SCREEN)
    decimals = scaled >= 1000 ? 0 : scaled >= 100 ? 1 : scaled >= 10 ? 2 : 3;
  else if (style == LEV_MONEY_COMPACT)
    decimals = scaled >= 100 ? 0 : scaled >= 10 ? 1 : 2;
  else
    decimals = g_str_equal (unit, "亿") ? 4 : 2; /* to the hundred yuan */
  if (*unit == '\0')
    decimals = style == LEV_MONEY_COMPACT ? 0 : (a == floor (a) ? 0 : 2);
  /* Rounding up to the next unit (9999.99万 → 1亿) is left to the
   * threshold above; 10000万 would read oddly but stays correct. */
  {
    g_autofree char *num = trimmed (scaled, decimals);
    return g_strdup_printf ("%s%s%s", v < 0 && strcmp (num, "0") ? "-" : "", num, unit);
  }
}

static char *
western_compact (double v, int sig)
{
  static const struct { double div; const char *suffix; } steps[] = {
    { 1e12, "T" }, { 1e9, "B" }, { 1e6, "M" }, { 1e3, "K" },
  };
  double a = fabs (v);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (a >= steps[i].div * (1 - 0.5 * pow (10, -sig)))
      {
        double s = a / steps[i].div;
        g_autofree char *num = trimmed (s, s >= 100 ? sig - 3 : s >= 10 ? sig - 2 : sig - 1);
        return g_strdup_printf ("%s%s%s", v < 0 ? "-" : "", num, steps[i].suffix);
      }
  {
    g_autofree char *num = trimmed (a, a >= 100 ? 0 : 2);
    return g_strdup_printf ("%s%s", v < 0 && strcmp (num, "0") ? "-" : "", num);
  }
}

static char *
western_full (double v)
{
  g_autofree char *ints = grouped (floor (fabs (v) + 0.5));
  return g_strdup_printf ("%s%s", v < 0 && fabs (v) >= 0.5 ? "-" : "", ints);
}

char *
lev_money_format (double         amount,
                  LevCurrency    currency,
                  LevMoneyStyle  style,
                  LevMoneyLocale locale)
{
  g_autofree char *body = NULL;

  if (!isfinite (amount))
    return g_strdup ("—");
  if (locale == LEV_MONEY_LOCALE_AUTO)
    locale = lev_money_locale_detect ();

  if (locale == LEV_MONEY_LOCALE_CHINESE)
    {
      body = chinese (amount, style);
      if (currency == LEV_CURRENCY_CNY)
        return style == LEV_MONEY_FULL ? g_strconcat (body, "元", NULL) : g_steal_pointer (&body);
      return g_strconcat (body[0] == '-' ? "-$" : "$", body[0] == '-' ? body + 1 : body, NULL);
    }

  /* USD reads best compact ($1.3M); so does CNY in compact style. */
  if (style == LEV_MONEY_SCREEN)
    body = western_compact (amount, 4);
  else if (currency == LEV_CURRENCY_USD || style == LEV_MONEY_COMPACT)
    body = western_compact (amount, 3);
  else
    body = western_full (amount);
  return g_strconcat (body[0] == '-' ? "-" : "",
                      currency == LEV_CURRENCY_USD ? "$" : "¥",
                      body[0] == '-' ? body + 1 : body, NULL);
}

char *
lev_number_format (double         value,
                   LevMoneyLocale locale)
{
  if (!isfinite (value))
    return g_strdup ("—");
  if (locale == LEV_MONEY_LOCALE_AUTO)
    locale = lev_money_locale_detect ();
  if (locale == LEV_MONEY_LOCALE_CHINESE)
    return chinese (value, LEV_MONEY_COMPACT);
  if (fabs (value) >= 1e6)
    return western_compact (value, 3);
  if (fabs (value - floor (value)) > 1e-9 && fabs (value) < 1000)
    return trimmed (value, 2);
  {
    g_autofree char *g = grouped (floor (fabs (value) + 0.5));
    return g_strconcat (value < 0 ? "-" : "", g, NULL);
  }
}
