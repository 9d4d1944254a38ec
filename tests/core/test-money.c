/* test-money.c: money text in Chinese (万/亿) and Western forms. */
#include "config.h"

#include <math.h>

#include "lev-money.h"

typedef struct {
  double          amount;
  LevCurrency     currency;
  LevMoneyStyle   style;
  LevMoneyLocale  locale;
  const char     *expected;
} Case;

static void
test_money_cases (void)
{
  static const Case cases[] = {
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_CHINESE, "1300万" },
    { 145000000, LEV_CURRENCY_CNY, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_CHINESE, "1.45亿" },
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "1300万元" },
    { 145000000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "1.45亿元" },
    { 1500000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "150万元" },
    { 5000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "5000元" },
    { 0, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "0元" },
    { -180000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "-18万元" },
    { 1604732.1, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "160.47万元" },
    { 99990000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "9999万元" },
    { 100000000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_CHINESE, "1亿元" },
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_WESTERN, "¥13,000,000" },
    { 999, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_WESTERN, "¥999" },
    { 1000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_WESTERN, "¥1,000" },
    { -1500000, LEV_CURRENCY_CNY, LEV_MONEY_FULL, LEV_MONEY_LOCALE_WESTERN, "-¥1,500,000" },
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "¥13M" },
    { 1300000, LEV_CURRENCY_USD, LEV_MONEY_FULL, LEV_MONEY_LOCALE_WESTERN, "$1.3M" },
    { 1300000, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "$1.3M" },
    { 2500, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "$2.5K" },
    { 4.2e9, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "$4.2B" },
    { 999999, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "$1M" },
    { 12.5, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "$12.5" },
    { -2000000, LEV_CURRENCY_USD, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_WESTERN, "-$2M" },
    /* The window's one form per locale: the units people type. */
    { 979796, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "¥979.8K" },
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "¥13M" },
    { 14500000, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "¥14.5M" },
    { 12345678, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "¥12.35M" },
    { 999990, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "¥1M" },
    { 500, LEV_CURRENCY_USD, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_WESTERN, "$500" },
    { 979796, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "97.98万" },
    { 13000000, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "1300万" },
    { 15000000, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "1500万" },
    { 145000000, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "1.45亿" },
    { 1604732.1, LEV_CURRENCY_CNY, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "160.5万" },
    { 1300000, LEV_CURRENCY_USD, LEV_MONEY_SCREEN, LEV_MONEY_LOCALE_CHINESE, "$130万" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *s = lev_money_format (cases[i].amount, cases[i].currency,
                                             cases[i].style, cases[i].locale);
      g_test_message ("%.17g → %s", cases[i].amount, s);
      g_assert_cmpstr (s, ==, cases[i].expected);
    }
}

static void
test_money_locale_detect (void)
{
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpint (lev_money_locale_detect (), ==, LEV_MONEY_LOCALE_CHINESE);
  g_setenv ("LC_ALL", "en_US.UTF-8", TRUE);
  g_assert_cmpint (lev_money_locale_detect (), ==, LEV_MONEY_LOCALE_WESTERN);
  g_unsetenv ("LC_ALL");
  g_setenv ("LANG", "zh_TW.UTF-8", TRUE);
  g_assert_cmpint (lev_money_locale_detect (), ==, LEV_MONEY_LOCALE_CHINESE);
  g_setenv ("LANG", "C", TRUE);
  g_assert_cmpint (lev_money_locale_detect (), ==, LEV_MONEY_LOCALE_WESTERN);
}

static void
test_money_non_finite (void)
{
  g_autofree char *s = lev_money_format (NAN, LEV_CURRENCY_CNY, LEV_MONEY_FULL,
                                         LEV_MONEY_LOCALE_WESTERN);
  g_assert_cmpstr (s, ==, "—");
}

static void
test_number_format (void)
{
  g_autofree char *a = lev_number_format (29490, LEV_MONEY_LOCALE_WESTERN);
  g_autofree char *b = lev_number_format (29490, LEV_MONEY_LOCALE_CHINESE);
  g_autofree char *c = lev_number_format (0.5, LEV_MONEY_LOCALE_WESTERN);

  g_assert_cmpstr (a, ==, "29,490");
  g_assert_cmpstr (b, ==, "2.95万");
  g_assert_cmpstr (c, ==, "0.5");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/money/cases", test_money_cases);
  g_test_add_func ("/core/money/locale-detect", test_money_locale_detect);
  g_test_add_func ("/core/money/non-finite", test_money_non_finite);
  g_test_add_func ("/core/money/number-format", test_number_format);
  return g_test_run ();
}
