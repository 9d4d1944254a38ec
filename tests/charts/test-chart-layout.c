/* test-chart-layout.c: the layout maths charts share: nice ticks over
 * many ranges, money tick labels, label spreading, legend flow, and the
 * palette's contrast. */
#define G_LOG_DOMAIN "test-chart-layout"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-chart-layout.h"
#include "lev-palette.h"

/* The properties every tick set must have, checked against the range
 * asked for, not against numbers copied from the implementation. */
static void
check_ticks (double lo, double hi, guint target)
{
  LevTicks t;
  double a = MIN (lo, hi), b = MAX (lo, hi);
  double mant, e;

  lev_ticks_nice (lo, hi, target, &t);
  g_test_message ("[%g, %g] target %u: %g…%g step %g n %u", lo, hi, target, t.min, t.max, t.step, t.n);
  g_assert_cmpuint (t.n, >=, 2);
  g_assert_cmpuint (t.n, <=, LEV_TICKS_MAX);
  /* At most one tick more than asked for and not far fewer. */
  g_assert_cmpuint (t.n, <=, MAX (target, 2) + 2);
  g_assert_cmpfloat (t.step, >, 0);
  /* The step is 1, 2 or 5 times a power of ten. */
  e = floor (log10 (t.step) + 1e-12);
  mant = t.step / pow (10, e);
  g_assert_true (fabs (mant - 1) < 1e-9 || fabs (mant - 2) < 1e-9 || fabs (mant - 5) < 1e-9);
  /* The axis covers the data (a zero-width range: its value). */
  g_assert_cmpfloat (t.min, <=, a + fabs (a) * 1e-12);
  g_assert_cmpfloat (t.max, >=, b - fabs (b) * 1e-12);
  g_assert_cmpfloat (t.values[0], ==, t.min);
  g_assert_cmpfloat (t.values[t.n - 1], ==, t.max);
  for (guint i = 0; i < t.n; i++)
    {
      double k = t.values[i] / t.step;
      /* Every tick a whole multiple of the step, evenly spaced, and zero
       * exactly zero (no -0, no 1e-17). */
      g_assert_cmpfloat (fabs (k - round (k)), <, 1e-6);
      if (i > 0)
        g_assert_cmpfloat (fabs (t.values[i] - t.values[i - 1] - t.step), <=, t.step * 1e-6);
      if (fabs (t.values[i]) < t.step * 1e-6)
        {
          g_assert_cmpfloat (t.values[i], ==, 0);
          g_assert_false (signbit (t.values[i]));
        }
    }
  /* Not wasteful: the data spans more than a third of the axis. */
  if (b > a)
    g_assert_cmpfloat ((b - a) / (t.max - t.min), >, 0.3);
}

static void
test_ticks_ranges (void)
{
  static const double ranges[][2] = {
    { 0, 1 }, { 0, 10 }, { 0, 13e6 }, { 0, 14.5e6 }, { 0, 20e6 }, { 0, 1e8 },
    { 0, 1.45e8 }, { 0, 1e12 }, { 0, 3.7e12 }, { 1e12, 1.0001e12 }, { 0, 1e-3 },
    { 0, 3e-3 }, { 1e-3, 2e-3 }, { -1, 1 }, { -5e6, 12e6 }, { -3e6, -1e6 },
    { -1e12, 0 }, { 12.5e6, 13.2e6 }, { 0.1, 0.9 }, { 0.31, 0.97 }, { 99, 101 },
    { 123456, 987654 }, { 5, 5 }, { 0, 0 }, { -7, -7 }, { 1e-3, 1e-3 },
    { 1e12, 1e12 }, { 13e6, 0 }, { 0.5, 0.50001 }, { 1, 1e6 }, { 17, 23 },
    { 3.2e7, 9.9e7 }, { 0, 7 }, { 999, 1001 }, { 6.02e23, 6.03e23 },
    { 1e-9, 5e-9 },
  };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    for (guint target = 3; target <= 8; target++)
      {
        check_ticks (ranges[i][0], ranges[i][1], target);
        n++;
      }
  g_assert_cmpuint (G_N_ELEMENTS (ranges), >=, 30);
  g_assert_cmpuint (n, >=, 180);
}

static void
test_ticks_known (void)
{
  LevTicks t;

  /* A hand-worked case: 0…13M with about 5 ticks reads 0, 5M, 10M, 15M. */
  lev_ticks_nice (0, 13e6, 5, &t);
  g_assert_cmpuint (t.n, ==, 4);
  g_assert_cmpfloat (t.step, ==, 5e6);
  g_assert_cmpfloat (t.max, ==, 15e6);

  /* 0…1e-3: steps of 2e-4, and 0.0006 is 6/10000 exactly as printed. */
  lev_ticks_nice (0, 1e-3, 5, &t);
  g_assert_cmpfloat (t.step, ==, 2e-4);
  g_assert_cmpuint (t.n, ==, 6);
  g_assert_cmpfloat (t.values[3], ==, 6e-4);

  /* Zero-width at zero becomes 0…1; at 5, a range around 5. */
  lev_ticks_nice (0, 0, 5, &t);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat (t.max, ==, 1);
  lev_ticks_nice (5, 5, 5, &t);
  g_assert_cmpfloat (t.min, <, 5);
  g_assert_cmpfloat (t.max, >, 5);

  /* Non-finite input does not hang or crash. */
  lev_ticks_nice (NAN, 3, 5, &t);
  g_assert_cmpfloat (t.min, ==, 0);
  g_assert_cmpfloat (t.max, ==, 1);
  lev_ticks_nice (-INFINITY, INFINITY, 5, &t);
  g_assert_cmpuint (t.n, >=, 2);
  lev_ticks_nice (-1e308, 1e308, 5, &t);
  g_assert_cmpuint (t.n, >=, 2);
  g_assert_true (isfinite (t.step));

  /* Mapping: ends to ends, middle to middle. */
  lev_ticks_nice (0, 20, 4, &t);
  g_assert_cmpfloat (lev_ticks_map (&t, t.min, 100, 500), ==, 100);
  g_assert_cmpfloat (lev_ticks_map (&t, t.max, 100, 500), ==, 500);
  g_assert_cmpfloat (fabs (lev_ticks_map (&t, (t.min + t.max) / 2, 100, 500) - 300), <, 1e-9);
}

static void
check_labels_distinct (char **labels)
{
  for (guint i = 0; labels[i]; i++)
    for (guint j = i + 1; labels[j]; j++)
      g_assert_cmpstr (labels[i], !=, labels[j]);
}

static void
test_ticks_money_labels (void)
{
  static const double ranges[][2] = {
    { 0, 13e6 }, { 0, 1.45e8 }, { 1e12, 1.0001e12 }, { 0, 1e-3 }, { -5e6, 12e6 },
    { 12.5e6, 13.2e6 }, { 99e6, 101e6 }, { 0, 9000 }, { 0, 3e4 }, { 1e8, 1.2e8 },
  };
  LevTicks t;

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    for (int loc = LEV_MONEY_LOCALE_CHINESE; loc <= LEV_MONEY_LOCALE_WESTERN; loc++)
      for (int cur = -1; cur <= LEV_CURRENCY_USD; cur++)
        {
          g_auto(GStrv) labels = NULL;
          lev_ticks_nice (ranges[i][0], ranges[i][1], 5, &t);
          labels = lev_ticks_format_money (&t, cur, loc);
          g_assert_cmpuint (g_strv_length (labels), ==, t.n);
          check_labels_distinct (labels);
        }

  /* Where the compact money format already resolves the ticks, the tick
   * labels read exactly like every other amount in the app. */
  lev_ticks_nice (0, 20e6, 4, &t);
  for (int loc = LEV_MONEY_LOCALE_CHINESE; loc <= LEV_MONEY_LOCALE_WESTERN; loc++)
    for (int cur = LEV_CURRENCY_CNY; cur <= LEV_CURRENCY_USD; cur++)
      {
        g_auto(GStrv) labels = lev_ticks_format_money (&t, cur, loc);
        for (guint k = 0; k < t.n; k++)
          {
            g_autofree char *m = lev_money_format (t.values[k], cur, LEV_MONEY_COMPACT, loc);
            g_assert_cmpstr (labels[k], ==, m);
          }
      }

  /* Chinese uses 万 and 亿; western K/M/B/T. */
  lev_ticks_nice (0, 1.5e8, 3, &t);
  {
    g_auto(GStrv) zh = lev_ticks_format_money (&t, LEV_CURRENCY_CNY, LEV_MONEY_LOCALE_CHINESE);
    g_auto(GStrv) en = lev_ticks_format_money (&t, LEV_CURRENCY_USD, LEV_MONEY_LOCALE_WESTERN);
    g_assert_cmpstr (zh[0], ==, "0");
    g_assert_cmpstr (zh[1], ==, "5000万");
    g_assert_cmpstr (zh[2], ==, "1亿");
    g_assert_cmpstr (zh[3], ==, "1.5亿");
    g_assert_cmpstr (en[1], ==, "$50M");
    g_assert_cmpstr (en[3], ==, "$150M");
  }
  /* Ticks closer than the compact format's three digits get decimals. */
  lev_ticks_nice (1e8, 1.001e8, 4, &t);
  {
    g_auto(GStrv) zh = lev_ticks_format_money (&t, LEV_CURRENCY_CNY, LEV_MONEY_LOCALE_CHINESE);
    check_labels_distinct (zh);
    g_assert_true (g_str_has_suffix (zh[1], "亿"));
  }
  lev_ticks_nice (-2e6, 2e6, 4, &t);
  {
    g_auto(GStrv) en = lev_ticks_format_money (&t, LEV_CURRENCY_CNY, LEV_MONEY_LOCALE_WESTERN);
    g_assert_cmpstr (en[0], ==, "-¥2M");
    g_assert_cmpstr (en[2], ==, "¥0");
  }
}

static void
test_labels_spread (void)
{
  /* Already apart: nobody moves. */
  {
    LevLabelSlot s[3] = { { 10, 4, 0 }, { 30, 4, 0 }, { 50, 4, 0 } };
    lev_labels_spread (s, 3, 1, 0, 100);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpfloat (s[i].at, ==, s[i].want);
  }
  /* Three on one spot: spread symmetrically about it, no overlap. */
  {
    LevLabelSlot s[3] = { { 50, 10, 0 }, { 50, 10, 0 }, { 50, 10, 0 } };
    lev_labels_spread (s, 3, 2, 0, 100);
    g_assert_false (lev_labels_overlap (s, 3, 2));
    g_assert_cmpfloat (fabs (s[1].at - 50), <, 1e-9);
    g_assert_cmpfloat (fabs ((s[0].at + s[2].at) / 2 - 50), <, 1e-9);
    g_assert_cmpfloat (s[0].at, <, s[1].at);
  }
  /* Crowded against the upper bound: pushed back inside, order kept. */
  {
    LevLabelSlot s[4] = { { 90, 10, 0 }, { 95, 10, 0 }, { 97, 10, 0 }, { 99, 10, 0 } };
    lev_labels_spread (s, 4, 1, 0, 100);
    g_assert_false (lev_labels_overlap (s, 4, 1));
    g_assert_cmpfloat (s[3].at + 5, <=, 100 + 1e-9);
    for (guint i = 1; i < 4; i++)
      g_assert_cmpfloat (s[i - 1].at, <, s[i].at);
  }
  /* More than fits: still no overlap (bounds give way). */
  {
    LevLabelSlot s[5];
    for (guint i = 0; i < 5; i++)
      s[i] = (LevLabelSlot) { 10, 10, 0 };
    lev_labels_spread (s, 5, 1, 0, 30);
    g_assert_false (lev_labels_overlap (s, 5, 1));
    g_assert_cmpfloat (s[0].at - 5, >=, -1e-9);
  }
  /* Random crowds: never an overlap, never out of order. */
  {
    g_autoptr(GRand) r = g_rand_new_with_seed (7);
    for (guint round = 0; round < 500; round++)
      {
        guint n = g_rand_int_range (r, 1, 12);
        LevLabelSlot s[12];
        double last = 0;
        for (guint i = 0; i < n; i++)
          {
            last += g_rand_double_range (r, 0, 20);
            s[i] = (LevLabelSlot) { last, g_rand_double_range (r, 1, 30), 0 };
          }
        lev_labels_spread (s, n, 2, 0, 400);
        g_assert_false (lev_labels_overlap (s, n, 2));
        for (guint i = 1; i < n; i++)
          g_assert_cmpfloat (s[i - 1].at, <, s[i].at);
      }
  }
}

static void
test_labels_choose (void)
{
  double fit[] = { 40, 50, 60 };
  double wide[] = { 40, 150, 60 };

  g_assert_cmpint (lev_labels_choose (fit, 3, 100, 14, 100), ==, LEV_LABELS_HORIZONTAL);
  /* Too wide for the slot, room below: rotate. */
  g_assert_cmpint (lev_labels_choose (wide, 3, 100, 14, 200), ==, LEV_LABELS_ROTATED);
  /* No room below for rotated text: abbreviate. */
  g_assert_cmpint (lev_labels_choose (wide, 3, 100, 14, 40), ==, LEV_LABELS_ABBREVIATED);
  /* Slots so narrow that even rotated lines would touch: abbreviate. */
  g_assert_cmpint (lev_labels_choose (wide, 3, 15, 14, 1000), ==, LEV_LABELS_ABBREVIATED);
  g_assert_cmpint (lev_labels_choose (NULL, 0, 15, 14, 1000), ==, LEV_LABELS_HORIZONTAL);
}

static void
test_legend_flow (void)
{
  double w[] = { 100, 80, 120, 60, 300, 50 };
  double x[6];
  guint row[6];
  guint rows = lev_legend_flow (w, 6, 10, 250, x, row);

  /* Rows: [100 80] [120 60] [300] [50]. */
  g_assert_cmpuint (rows, ==, 4);
  g_assert_cmpuint (row[0], ==, 0);
  g_assert_cmpuint (row[1], ==, 0);
  g_assert_cmpfloat (x[1], ==, 110);
  g_assert_cmpuint (row[2], ==, 1);
  g_assert_cmpuint (row[4], ==, 2);
  g_assert_cmpuint (row[5], ==, 3);
  for (guint i = 0; i < 6; i++)
    {
      /* No entry overlaps another of its row, none exceeds the width
       * unless it is alone in its row. */
      if (x[i] > 0)
        g_assert_cmpfloat (x[i] + w[i], <=, 250);
      for (guint j = i + 1; j < 6; j++)
        if (row[i] == row[j])
          g_assert_cmpfloat (x[i] + w[i], <=, x[j]);
    }
  g_assert_cmpuint (lev_legend_flow (w, 0, 10, 250, x, row), ==, 0);
}

static void
test_palette (void)
{
  for (int theme = LEV_THEME_LIGHT; theme <= LEV_THEME_DARK; theme++)
    {
      LevRgb bg = lev_palette_role (LEV_PALETTE_BACKGROUND, theme);

      /* Text meets WCAG AA; muted text too. */
      g_assert_cmpfloat (lev_rgb_contrast (lev_palette_role (LEV_PALETTE_TEXT, theme), bg), >=, 4.5);
      g_assert_cmpfloat (lev_rgb_contrast (lev_palette_role (LEV_PALETTE_MUTED, theme), bg), >=, 4.5);
      /* Every channel colour is told apart from every other (no two the
       * same) and from the background. */
      for (guint a = 0; a < LEV_N_CHANNELS; a++)
        {
          LevRgb ca = lev_palette_channel (a, theme);
          g_assert_cmpfloat (lev_rgb_contrast (ca, bg), >, 1.1);
          for (guint b = a + 1; b < LEV_N_CHANNELS; b++)
            {
              LevRgb cb = lev_palette_channel (b, theme);
              double dist = fabs (ca.r - cb.r) + fabs (ca.g - cb.g) + fabs (ca.b - cb.b);
              g_assert_cmpfloat (dist, >, 0.1);
            }
        }
    }
  /* The contrast formula against its defined extremes. */
  g_assert_cmpfloat (fabs (lev_rgb_contrast ((LevRgb) { 0, 0, 0 }, (LevRgb) { 1, 1, 1 }) - 21), <, 1e-9);
  g_assert_cmpfloat (lev_rgb_contrast ((LevRgb) { 0.5, 0.5, 0.5 }, (LevRgb) { 0.5, 0.5, 0.5 }), ==, 1);
}

static void
test_share_text (void)
{
  static const struct { double f; const char *text; } cases[] = {
    { 0, "0%" }, { 0.001, "<1%" }, { 0.0049, "<1%" }, { 0.005, "<1%" }, { 0.006, "1%" }, { 0.62, "62%" },
    { 0.996, ">99%" }, { 1, "100%" }, { NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *t = lev_share_text (cases[i].f);
      g_assert_cmpstr (t, ==, cases[i].text);
    }
}

static void
test_axis_line_on_scale (void)
{
  g_assert_false (lev_axis_line_on_scale (0, 5e6, 50e6));
  g_assert_true (lev_axis_line_on_scale (0, 5e6, 7e6));
  g_assert_true (lev_axis_line_on_scale (0, 5e6, 2e6));
  g_assert_false (lev_axis_line_on_scale (12e6, 14e6, 50e6));
  g_assert_false (lev_axis_line_on_scale (12e6, 14e6, 1e6));
  g_assert_true (lev_axis_line_on_scale (12e6, 14e6, 15e6));
  g_assert_true (lev_axis_line_on_scale (0, 0, 50e6));
  g_assert_false (lev_axis_line_on_scale (0, 5e6, NAN));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/layout/ticks-ranges", test_ticks_ranges);
  g_test_add_func ("/charts/layout/ticks-known", test_ticks_known);
  g_test_add_func ("/charts/layout/ticks-money-labels", test_ticks_money_labels);
  g_test_add_func ("/charts/layout/labels-spread", test_labels_spread);
  g_test_add_func ("/charts/layout/labels-choose", test_labels_choose);
  g_test_add_func ("/charts/layout/legend-flow", test_legend_flow);
  g_test_add_func ("/charts/layout/palette", test_palette);
  g_test_add_func ("/charts/layout/share-text", test_share_text);
  g_test_add_func ("/charts/layout/axis-line-on-scale", test_axis_line_on_scale);
  return g_test_run ();
}
