/* test-chart-compare.c: the comparison charts: every kind in both styles
 * and themes draws in its plot with no missing glyph and no colliding
 * label; bars stand where the numbers say in each plan's colour; the
 * difference is coloured by which plan costs less; a plan against itself
 * (a difference of nothing) still draws; the adapter carries a real
 * comparison's figures; PNG, SVG and PDF exports are what they claim. */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "chart-test-pixels.h"
#include "lev-chart-compare.h"
#include "lev-scenario-io.h"

/* Two plans by hand: B dearer in compute, cheaper in talent. */
static LevCompareChartData *
hand_data (guint n_plans, gboolean flat_difference)
{
  LevCompareChartData *d = g_new0 (LevCompareChartData, 1);
  static const char *names[] = { "Own cluster", "Partner cluster", "Voucher", "Lean" };

  d->title = g_strdup ("Own cluster vs Partner cluster");
  d->currency = LEV_CURRENCY_CNY;
  d->n_samples = 100000;
  d->start = g_strdup ("2027-01");
  d->n_plans = n_plans;
  for (guint p = 0; p < n_plans; p++)
    {
      LevCompareChartPlan *pl = &d->plans[p];
      double shift = 1e6 * p;

      pl->name = g_strdup (names[p]);
      pl->area[LEV_AREA_DATA] = 1.3e6;
      pl->area[LEV_AREA_COMPUTE] = 1.7e6 + 0.8e6 * p;
      pl->area[LEV_AREA_TALENT] = 11.5e6 - 0.5e6 * p;
      pl->area[LEV_AREA_MARKET] = 1.0e6;
      for (guint i = 0; i < LEV_CDF_POINTS; i++)
        pl->cdf[i] = 12e6 + shift + 8e6 * i / 100.0;
      pl->p50 = pl->cdf[50];
      pl->budget = 20e6;
      pl->p_within = 0.97 - 0.05 * p;
      pl->n_months = 18;
      pl->p10 = g_new (double, 18);
      pl->p50m = g_new (double, 18);
      pl->p90 = g_new (double, 18);
      for (guint m = 0; m < 18; m++)
        {
          pl->p50m[m] = (m + 1) * (0.85e6 + 0.05e6 * p);
          pl->p10[m] = pl->p50m[m] * 0.85;
          pl->p90[m] = pl->p50m[m] * 1.15;
        }
    }
  d->a = 0;
  d->b = 1;
  if (flat_difference)
    {
      d->n_bins = 1;
      d->edges = g_new0 (double, 2);
      d->counts = g_new (double, 1);
      d->counts[0] = d->n_samples;
    }
  else
    {
      d->n_bins = 40;
      d->edges = g_new (double, 41);
      d->counts = g_new (double, 40);
      for (guint i = 0; i <= 40; i++)
        d->edges[i] = -2e5 + 1.2e6 * i / 40.0;
      for (guint i = 0; i < 40; i++)
        {
          double mid = (d->edges[i] + d->edges[i + 1]) / 2;
          d->counts[i] = 5000 * exp (-pow ((mid - 3e5) / 2.5e5, 2));
        }
      d->mean = d->p50 = 3e5;
      d->p10 = -1e4;
      d->p90 = 6e5;
      d->p_a_cheaper = 0.9;
    }
  return d;
}

static gboolean
draw (cairo_t *cr, gconstpointer data, guint kind, const LevChartStyle *style, double w, double h,
      LevChartInfo *info)
{
  return lev_compare_chart_draw (cr, data, kind, style, w, h, info);
}

static cairo_surface_t *
render (const LevCompareChartData *d, LevCompareChartKind kind, const LevChartStyle *style,
        double w, double h, LevChartInfo *info)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s = lev_chart_render_image_with (draw, d, kind, style, w, h, 1, info,
                                                    &error);

  g_assert_no_error (error);
  return s;
}

static void
check_common (cairo_surface_t *s, const LevChartInfo *info, const LevChartStyle *style,
              double w, double h, const char *what)
{
  LevRgb bg = lev_palette_role (LEV_PALETTE_BACKGROUND, style->theme);
  double ink;

  g_assert_cmpfloat (info->plot.x, >=, 0);
  g_assert_cmpfloat (info->plot.y, >=, 0);
  g_assert_cmpfloat (info->plot.x + info->plot.width, <=, w);
  g_assert_cmpfloat (info->plot.y + info->plot.height, <=, h);
  g_assert_cmpfloat (info->plot.width, >, w * 0.3);
  g_assert_cmpfloat (info->plot.height, >, h * 0.3);
  ink = test_ink_fraction (s, info->plot.x, info->plot.y, info->plot.width, info->plot.height, bg);
  if (ink < 0.01)
    g_error ("%s: plot area blank (%.4f of pixels inked)", what, ink);
  g_assert_cmpuint (info->n_marks, >, 0);
  g_assert_cmpuint (info->n_texts, >, 3);
  if (info->unknown_glyphs != 0)
    g_error ("%s: %u missing glyphs", what, info->unknown_glyphs);
  if (info->overlapping_labels != 0)
    g_error ("%s: %u labels collide", what, info->overlapping_labels);
}

static void
test_every_chart (void)
{
  for (guint n = 2; n <= 4; n++)
    {
      g_autoptr(LevCompareChartData) d = hand_data (n, FALSE);

      for (int kind = 0; kind < LEV_N_COMPARE_CHARTS; kind++)
        for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
          for (int theme = LEV_THEME_LIGHT; theme <= LEV_THEME_DARK; theme++)
            {
              LevChartStyle style;
              LevChartInfo info;
              double w = sk == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_WIDTH : LEV_CHART_SCREEN_WIDTH;
              double h = sk == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_HEIGHT : LEV_CHART_SCREEN_HEIGHT;
              g_autofree char *what = g_strdup_printf ("%u plans, %s, style %d, theme %d", n,
                                                       lev_compare_chart_kind_to_id (kind), sk, theme);
              cairo_surface_t *s;

              lev_chart_style_init (&style, sk, theme);
              style.date = "2026-12-03";
              s = render (d, kind, &style, w, h, &info);
              check_common (s, &info, &style, w, h, what);
              cairo_surface_destroy (s);
            }
    }
}

/* Each area's bars: one per plan, in the plan's colour, as tall as its value. */
static void
test_area_bars (void)
{
  g_autoptr(LevCompareChartData) d = hand_data (3, FALSE);
  LevChartStyle style;
  LevChartInfo info;
  cairo_surface_t *s;
  double y0;

  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  s = render (d, LEV_COMPARE_CHART_AREAS, &style, 1920, 1080, &info);
  g_assert_cmpuint (info.n_marks, ==, 3 * LEV_N_AREAS);
  y0 = info.marks[0].rect.y + info.marks[0].rect.height;
  for (guint a = 0; a < LEV_N_AREAS; a++)
    for (guint p = 0; p < 3; p++)
      {
        const LevChartMark *mk = &info.marks[a * 3 + p];
        LevRgb c = lev_compare_plan_color (p, LEV_THEME_LIGHT);
        double want_h = d->plans[p].area[a] / (info.value_axis.max - info.value_axis.min) * info.plot.height;

        g_assert_cmpfloat (mk->value, ==, d->plans[p].area[a]);
        g_assert_cmpfloat (test_px_distance ((TestPx) { mk->color.r, mk->color.g, mk->color.b, 1 }, c), <, 1e-9);
        g_assert_cmpfloat (fabs (mk->rect.height - want_h), <, 1.0);
        g_assert_cmpfloat (fabs (mk->rect.y + mk->rect.height - y0), <, 0.5);
        /* The pixel in the middle of the bar is the plan's colour. */
        if (mk->rect.height > 6)
          g_assert_cmpfloat (test_px_distance (test_pixel (s, mk->rect.x + mk->rect.width / 2,
                                                           mk->rect.y + mk->rect.height / 2), c), <, 0.02);
        /* Left to right: plan 0, 1, 2 within each area. */
        if (p > 0)
          g_assert_cmpfloat (mk->rect.x, >, info.marks[a * 3 + p - 1].rect.x);
      }
  cairo_surface_destroy (s);
}

/* Bins where B − A > 0 (A cheaper) in A's colour, the others in B's. */
static void
test_difference_colours (void)
{
  g_autoptr(LevCompareChartData) d = hand_data (2, FALSE);
  LevChartStyle style;
  LevChartInfo info;
  cairo_surface_t *s;
  LevRgb ca = lev_compare_plan_color (0, LEV_THEME_DARK), cb = lev_compare_plan_color (1, LEV_THEME_DARK);
  guint seen_a = 0, seen_b = 0;

  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, LEV_THEME_DARK);
  s = render (d, LEV_COMPARE_CHART_DIFFERENCE, &style, 960, 600, &info);
  g_assert_true (info.value_axis_is_x);
  g_assert_cmpfloat (info.value_axis.min, <=, d->edges[0]);
  g_assert_cmpfloat (info.value_axis.max, >=, d->edges[d->n_bins]);
  for (guint i = 0; i < info.n_marks; i++)
    {
      const LevChartMark *mk = &info.marks[i];
      double mid = (d->edges[i] + d->edges[i + 1]) / 2;
      LevRgb want = mid > 0 ? ca : cb;
      TestPx got = { mk->color.r, mk->color.g, mk->color.b, 1 };

      g_assert_cmpfloat (mk->value, ==, d->counts[i]);
      g_assert_cmpfloat (test_px_distance (got, want), <, 1e-9);
      seen_a += mid > 0;
      seen_b += mid < 0;
    }
  g_assert_cmpuint (seen_a, >, 0);
  g_assert_cmpuint (seen_b, >, 0);
  cairo_surface_destroy (s);
}

/* A plan against itself: one bin of width 0 at 0, P(A cheaper) 0. */
static void
test_flat_difference (void)
{
  g_autoptr(LevCompareChartData) d = hand_data (2, TRUE);

  for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
    {
      LevChartStyle style;
      LevChartInfo info;
      cairo_surface_t *s;

      lev_chart_style_init (&style, sk, LEV_THEME_LIGHT);
      s = render (d, LEV_COMPARE_CHART_DIFFERENCE, &style, 960, 600, &info);
      check_common (s, &info, &style, 960, 600, "flat difference");
      g_assert_cmpfloat (info.value_axis.min, <, 0);
      g_assert_cmpfloat (info.value_axis.max, >, 0);
      cairo_surface_destroy (s);
    }
}

/* The adapter: a real comparison's figures, unchanged. */
static void
test_from_comparison (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "scenarios",
                                            "llm-startup-7b.json", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) a = lev_scenario_load_file (path, &error);
  g_autoptr(LevScenario) b = lev_scenario_load_file (path, &error);
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  g_autoptr(LevCompareChartData) d = NULL;
  LevNumber dearer = lev_number_lognormal (200000, 500000);
  LevSnapshot *snaps[2];
  LevCompareOptions opts = { .n_samples = 20000, .seed = 3 };

  g_assert_no_error (error);
  lev_item_set_number (lev_scenario_find_item (b, "data-exchange-corpus", NULL),
                       LEV_ITEM_UNIT_PRICE, &dearer);
  sa = lev_snapshot_new (a, &error);
  sb = lev_snapshot_new (b, &error);
  g_assert_no_error (error);
  snaps[0] = sa;
  snaps[1] = sb;
  c = lev_compare (snaps, 2, &opts, NULL, &error);
  g_assert_no_error (error);
  d = lev_compare_chart_data_new (c, "2027-01");
  g_assert_cmpuint (d->n_plans, ==, 2);
  g_assert_cmpfloat (d->p_a_cheaper, ==, c->pairs[0].p_a_cheaper);
  g_assert_cmpfloat (d->p_a_cheaper, ==, 1.0);
  g_assert_cmpfloat (d->p50, ==, c->pairs[0].difference.percentiles[LEV_P50]);
  g_assert_cmpmem (d->plans[1].cdf, sizeof d->plans[1].cdf, c->plans[1].leveraged.cdf,
                   sizeof c->plans[1].leveraged.cdf);
  g_assert_cmpfloat (d->plans[0].area[LEV_AREA_DATA], <, d->plans[1].area[LEV_AREA_DATA]);
  g_assert_cmpfloat (d->plans[0].area[LEV_AREA_TALENT], ==, d->plans[1].area[LEV_AREA_TALENT]);
  g_assert_cmpuint (d->plans[0].n_months, ==, c->plans[0].n_months);
  g_assert_cmpfloat (d->plans[1].p90[5], ==, c->plans[1].months[5].p90);
  {
    double total = 0;

    for (guint i = 0; i < d->n_bins; i++)
      total += d->counts[i];
    g_assert_cmpfloat (total, ==, 20000);
  }
  g_assert_nonnull (strstr (d->title, c->plans[0].snapshot->name));
}

static void
test_exports (void)
{
  g_autoptr(LevCompareChartData) d = hand_data (2, FALSE);
  g_autofree char *dir = g_dir_make_tmp ("lev-compare-XXXXXX", NULL);
  static const struct { LevChartFormat format; const char *magic; } formats[] = {
    { LEV_CHART_FORMAT_PNG, "\x89PNG" }, { LEV_CHART_FORMAT_SVG, "<?xml" },
    { LEV_CHART_FORMAT_PDF, "%PDF" },
  };
  LevChartStyle style;

  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  for (int kind = 0; kind < LEV_N_COMPARE_CHARTS; kind++)
    for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
      {
        g_autofree char *name = g_strdup_printf ("%s.%s", lev_compare_chart_kind_to_id (kind),
                                                 lev_chart_format_to_id (formats[f].format));
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *bytes = NULL;
        g_autoptr(GError) error = NULL;
        gsize len;

        g_assert_true (lev_compare_chart_export (d, kind, &style, formats[f].format, 1920, 1080, 1,
                                                 path, &error));
        g_assert_no_error (error);
        g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
        g_assert_cmpuint (len, >, 1000);
        g_assert_true (memcmp (bytes, formats[f].magic, strlen (formats[f].magic)) == 0);
        g_unlink (path);
      }
  /* The deck appendix: every chart, one page each. */
  {
    g_autofree char *path = g_build_filename (dir, "appendix.pdf", NULL);
    g_autofree char *bytes = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GRegex) page = g_regex_new ("/Type\\s*/Page[^s]", G_REGEX_RAW, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    guint pages = 0;
    gsize len;

    g_assert_true (lev_compare_chart_export_pdf (d, &style, 1920, 1080, path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
    g_assert_true (memcmp (bytes, "%PDF", 4) == 0);
    g_regex_match_full (page, bytes, len, 0, 0, &match, NULL);
    for (; g_match_info_matches (match); g_match_info_next (match, NULL))
      pages++;
    g_assert_cmpuint (pages, ==, LEV_N_COMPARE_CHARTS);
    g_unlink (path);
  }
  /* A folder that cannot be written: an error naming the file, no crash. */
  {
    g_autofree char *bad = g_build_filename (dir, "no-such-folder", "x.png", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_false (lev_compare_chart_export (d, LEV_COMPARE_CHART_FAN, &style, LEV_CHART_FORMAT_PNG,
                                              1920, 1080, 1, bad, &error));
    g_assert_nonnull (error);
    g_assert_nonnull (strstr (error->message, "x.png"));
  }
  g_rmdir (dir);
}

static void
test_kind_ids (void)
{
  for (int kind = 0; kind < LEV_N_COMPARE_CHARTS; kind++)
    {
      LevCompareChartKind back;

      g_assert_true (lev_compare_chart_kind_from_id (lev_compare_chart_kind_to_id (kind), &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_nonnull (lev_compare_chart_kind_title (kind));
    }
  {
    LevCompareChartKind back;
    g_assert_false (lev_compare_chart_kind_from_id ("tornado", &back));
  }
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/compare/every-chart", test_every_chart);
  g_test_add_func ("/charts/compare/area-bars", test_area_bars);
  g_test_add_func ("/charts/compare/difference-colours", test_difference_colours);
  g_test_add_func ("/charts/compare/flat-difference", test_flat_difference);
  g_test_add_func ("/charts/compare/from-comparison", test_from_comparison);
  g_test_add_func ("/charts/compare/exports", test_exports);
  g_test_add_func ("/charts/compare/kind-ids", test_kind_ids);
  return g_test_run ();
}
