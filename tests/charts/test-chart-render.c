/* test-chart-render.c: every chart drawn for both sample scenarios in
 * both styles and themes, checked by its pixels: sizes, ink in the plot
 * area, bars and points where the numbers put them, no label collisions,
 * no missing glyphs (also in Chinese). */
#define G_LOG_DOMAIN "test-chart-render"
#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <pango/pangocairo.h>

#include "chart-test-data.h"
#include "chart-test-pixels.h"
#include "lev-error.h"

static const char *scenarios[] = { "seed-example.json", "llm-startup-7b.json" };

static cairo_surface_t *
render (const LevChartSet   *set,
        LevChartKind         kind,
        const LevChartStyle *style,
        double               w,
        double               h,
        double               scale,
        LevChartInfo        *info)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *s = lev_chart_render_image (set, kind, style, w, h, scale, info, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  /* LEV_TEST_DUMP=DIR keeps every image, to look at what the tests saw. */
  if (g_getenv ("LEV_TEST_DUMP") != NULL)
    {
      static guint count;
      g_autofree char *test = g_strdelimit (g_strdup (g_test_get_path () ? g_test_get_path () : ""), "/", '_');
      g_autofree char *name = g_strdup_printf ("%04u%s-%s-%s-%.0fx%.0f.png", count++, test,
                                               lev_chart_kind_to_id (kind),
                                               style->kind == LEV_CHART_STYLE_DECK ? "deck" : "screen", w, h);
      g_autofree char *path = g_build_filename (g_getenv ("LEV_TEST_DUMP"), name, NULL);
      cairo_surface_write_to_png (s, path);
    }
  return s;
}

/* y of @value on the info's vertical value axis: the test's own mapping. */
static double
value_y (const LevChartInfo *info,
         double              value)
{
  const LevTicks *t = &info->value_axis;
  return info->plot.y + info->plot.height - (value - t->min) / (t->max - t->min) * info->plot.height;
}

static double
value_x (const LevChartInfo *info,
         double              value)
{
  const LevTicks *t = &info->value_axis;
  return info->plot.x + (value - t->min) / (t->max - t->min) * info->plot.width;
}

/* A vertical bar for @value at x = @cx: drawn in @c just inside its top
 * and not just above it. */
static void
assert_vertical_bar (cairo_surface_t    *s,
                     double              scale,
                     const LevChartInfo *info,
                     double              cx,
                     double              value,
                     LevRgb              c)
{
  double top = value_y (info, value), zero = value_y (info, MAX (0, info->value_axis.min));
  double dir = top < zero ? 1 : -1; /* towards the inside of the bar */

  if (fabs (zero - top) * scale < 12)
    return; /* too short to sample both sides */
  g_assert_cmpfloat (test_px_distance (test_pixel (s, cx * scale, top * scale + 5 * dir), c), <, 0.06);
  g_assert_cmpfloat (test_px_distance (test_pixel (s, cx * scale, top * scale - 4 * dir), c), >, 0.06);
}

static void
check_common (cairo_surface_t     *s,
              const LevChartInfo  *info,
              const LevChartStyle *style,
              double               w,
              double               h,
              double               scale,
              const char          *what)
{
  LevRgb bg = lev_palette_role (LEV_PALETTE_BACKGROUND, style->theme);
  double ink;

  g_assert_cmpint (cairo_image_surface_get_width (s), ==, (int) ceil (w * scale - 1e-6));
  g_assert_cmpint (cairo_image_surface_get_height (s), ==, (int) ceil (h * scale - 1e-6));
  /* The plot sits inside the canvas and is not a sliver. */
  g_assert_cmpfloat (info->plot.x, >=, 0);
  g_assert_cmpfloat (info->plot.y, >=, 0);
  g_assert_cmpfloat (info->plot.x + info->plot.width, <=, w);
  g_assert_cmpfloat (info->plot.y + info->plot.height, <=, h);
  g_assert_cmpfloat (info->plot.width, >, w * 0.3);
  g_assert_cmpfloat (info->plot.height, >, h * 0.3);
  /* Something is drawn in it. */
  ink = test_ink_fraction (s, info->plot.x * scale, info->plot.y * scale, info->plot.width * scale,
                           info->plot.height * scale, bg);
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
  for (guint sc = 0; sc < G_N_ELEMENTS (scenarios); sc++)
    {
      g_autoptr(LevChartSet) set = chart_test_full_set (scenarios[sc]);

      for (int kind = 0; kind < LEV_N_CHARTS; kind++)
        for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
          for (int theme = LEV_THEME_LIGHT; theme <= LEV_THEME_DARK; theme++)
            {
              LevChartStyle style;
              LevChartInfo info;
              double w = sk == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_WIDTH : LEV_CHART_SCREEN_WIDTH;
              double h = sk == LEV_CHART_STYLE_DECK ? LEV_CHART_DECK_HEIGHT : LEV_CHART_SCREEN_HEIGHT;
              cairo_surface_t *s;
              g_autofree char *what = g_strdup_printf ("%s %s %s %s", scenarios[sc],
                                                       lev_chart_kind_to_id (kind),
                                                       sk ? "deck" : "screen", theme ? "dark" : "light");

              lev_chart_style_init (&style, sk, theme);
              style.locale = LEV_MONEY_LOCALE_WESTERN;
              style.date = "2026-11-30";
              s = render (set, kind, &style, w, h, 1, &info);
              g_test_message ("%s: %u marks, %u texts", what, info.n_marks, info.n_texts);
              check_common (s, &info, &style, w, h, 1, what);
              cairo_surface_destroy (s);
            }
    }
}

/* Hand-made numbers, so where each bar must be is known. */
static void
test_bars_where_numbers_say (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  const double base[4] = { 100e6, 50e6, 0, 80e6 }, lev[4] = { 60e6, 45e6, 0, 90e6 };
  LevChartStyle style;

  set->scenario_name = g_strdup ("Bars test");
  set->cost_by_area = g_new0 (LevCostByAreaData, 1);
  set->cost_by_area->n = 4;
  set->cost_by_area->bars = g_new0 (LevAreaBar, 4);
  for (guint i = 0; i < 4; i++)
    set->cost_by_area->bars[i] = (LevAreaBar) { g_strdup_printf ("Area %u", i), base[i], lev[i] };

  for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
    for (double scale = 1; scale <= 2; scale++)
      {
        LevChartInfo info;
        cairo_surface_t *s;
        double slot;
        LevRgb cb, cl;

        lev_chart_style_init (&style, sk, LEV_THEME_LIGHT);
        style.locale = LEV_MONEY_LOCALE_WESTERN;
        s = render (set, LEV_CHART_COST_BY_AREA, &style, 1200, 700, scale, &info);
        check_common (s, &info, &style, 1200, 700, scale, "cost-by-area by hand");
        cb = lev_palette_role (LEV_PALETTE_BASELINE, LEV_THEME_LIGHT);
        cl = lev_palette_role (LEV_PALETTE_LEVERAGED, LEV_THEME_LIGHT);
        /* The axis starts at zero and covers the largest bar. */
        g_assert_cmpfloat (info.value_axis.min, ==, 0);
        g_assert_cmpfloat (info.value_axis.max, >=, 100e6);
        slot = info.plot.width / 4;
        g_assert_cmpuint (info.n_marks, ==, 8);
        for (guint i = 0; i < 4; i++)
          {
            const LevChartMark *mb = &info.marks[2 * i], *ml = &info.marks[2 * i + 1];
            double xb = mb->rect.x + mb->rect.width / 2, xl = ml->rect.x + ml->rect.width / 2;
            double centre = info.plot.x + slot * (i + 0.5);

            g_assert_cmpfloat (mb->value, ==, base[i]);
            g_assert_cmpfloat (ml->value, ==, lev[i]);
            /* Baseline left of the slot's centre, leveraged right. */
            g_assert_cmpfloat (xb, <, centre);
            g_assert_cmpfloat (xl, >, centre);
            g_assert_cmpfloat (xb, >, centre - slot / 2);
            g_assert_cmpfloat (xl, <, centre + slot / 2);
            /* The recorded rectangle's top is where the number says. */
            if (base[i] > 0)
              g_assert_cmpfloat (fabs (mb->rect.y - value_y (&info, base[i])), <, 0.5);
            assert_vertical_bar (s, scale, &info, xb, base[i], cb);
            assert_vertical_bar (s, scale, &info, xl, lev[i], cl);
          }
        /* A zero bar leaves the plot empty at its place above the axis. */
        {
          LevRgb bg = lev_palette_role (LEV_PALETTE_BACKGROUND, LEV_THEME_LIGHT);
          /* Halfway between gridlines, where only a bar could put ink. */
          double x = info.plot.x + slot * 2.5;
          double y = value_y (&info, info.value_axis.values[1] + info.value_axis.step / 2);
          g_assert_cmpfloat (test_px_distance (test_pixel (s, x * scale, y * scale), bg), <, 0.02);
        }
        cairo_surface_destroy (s);
      }
}

/* The report's numbers, drawn: cost-by-area baseline bars, waterfall
 * totals and steps, tornado bar ends, donut slices, fan points. */
static void
test_scenario_marks (void)
{
  for (guint sc = 0; sc < G_N_ELEMENTS (scenarios); sc++)
    {
      g_autoptr(LevChartSet) set = chart_test_full_set (scenarios[sc]);
      LevChartStyle style;
      LevChartInfo info;
      cairo_surface_t *s;
      const double scale = 2;

      lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
      style.locale = LEV_MONEY_LOCALE_WESTERN;

      /* Cost by area: every area's baseline bar. */
      s = render (set, LEV_CHART_COST_BY_AREA, &style, 1920, 1080, scale, &info);
      {
        double slot = info.plot.width / set->cost_by_area->n;
        for (guint a = 0; a < set->cost_by_area->n; a++)
          {
            double cx = info.plot.x + slot * (a + 0.5) - 0.12 * slot; /* inside the left bar */
            assert_vertical_bar (s, scale, &info, cx, set->cost_by_area->bars[a].baseline,
                                 lev_palette_role (LEV_PALETTE_BASELINE, LEV_THEME_LIGHT));
          }
      }
      cairo_surface_destroy (s);

      /* Waterfall: first bar is the baseline total, last the leveraged;
       * each step spans its saving. */
      s = render (set, LEV_CHART_WATERFALL, &style, 1920, 1080, scale, &info);
      {
        const LevWaterfallData *wf = set->waterfall;
        guint n = wf->n + 2;
        double slot = info.plot.width / n, run = wf->baseline;

        assert_vertical_bar (s, scale, &info, info.plot.x + slot * 0.5, wf->baseline,
                             lev_palette_role (LEV_PALETTE_BASELINE, LEV_THEME_LIGHT));
        assert_vertical_bar (s, scale, &info, info.plot.x + slot * (n - 0.5), wf->leveraged,
                             lev_palette_role (LEV_PALETTE_LEVERAGED, LEV_THEME_LIGHT));
        for (guint i = 0; i < wf->n; i++)
          {
            double y_from = value_y (&info, run), y_to = value_y (&info, run - wf->steps[i].saving);
            double cx = info.plot.x + slot * (i + 1.5);
            LevRgb c = lev_palette_channel (wf->steps[i].channel, LEV_THEME_LIGHT);

            run -= wf->steps[i].saving;
            if (fabs (y_to - y_from) * scale > 4)
              g_assert_cmpfloat (test_px_distance (test_pixel (s, cx * scale, (y_from + y_to) / 2 * scale), c),
                                 <, 0.06);
          }
      }
      cairo_surface_destroy (s);

      /* Tornado: each bar's ends at its low and high outputs. */
      s = render (set, LEV_CHART_TORNADO, &style, 1920, 1080, scale, &info);
      g_assert_true (info.value_axis_is_x);
      for (guint k = 0; k < info.n_marks; k++)
        {
          const LevChartMark *m = &info.marks[k];
          double end = value_x (&info, m->value);
          double cy = m->rect.y + m->rect.height / 2;
          double dir = end < value_x (&info, set->tornado->base) ? 1 : -1;

          g_assert_cmpfloat (fabs (MIN (m->rect.x, m->rect.x + m->rect.width) - MIN (end, value_x (&info, set->tornado->base))), <, 0.5);
          if (m->rect.width * scale > 12)
            {
              g_assert_cmpfloat (test_px_distance (test_pixel (s, end * scale + 4 * dir, cy * scale), m->color), <, 0.06);
              g_assert_cmpfloat (test_px_distance (test_pixel (s, end * scale - 5 * dir, cy * scale), m->color), >, 0.06);
            }
        }
      cairo_surface_destroy (s);

      /* Donut: each slice's colour at the angle its share puts it. */
      s = render (set, LEV_CHART_COMPOSITION, &style, 1920, 1080, scale, &info);
      {
        const LevCompositionData *c = set->composition;
        double sum = 0, cum = 0, r = info.plot.width / 2;
        double cx = info.plot.x + r, cy = info.plot.y + r;

        for (guint i = 0; i < c->n; i++)
          sum += c->slices[i].value;
        g_assert_cmpfloat (fabs (sum - c->total), <, 1);
        for (guint i = 0; i < c->n; i++)
          {
            double mid = -G_PI / 2 + 2 * G_PI * (cum + c->slices[i].value / 2) / sum;
            double rr = r * 0.8; /* the ring spans 0.6 r to r */
            cum += c->slices[i].value;
            if (c->slices[i].value / sum < 0.02)
              continue;
            /* Off the percentage label, which sits at the ring's middle. */
            g_assert_true (test_colour_near (s, (cx + cos (mid) * rr * 1.12) * scale,
                                             (cy + sin (mid) * rr * 1.12) * scale, 2,
                                             lev_palette_channel (c->slices[i].channel, LEV_THEME_LIGHT), 0.06));
          }
      }
      cairo_surface_destroy (s);

      /* Fan: the median line passes through each month's value. */
      s = render (set, LEV_CHART_FAN, &style, 1920, 1080, scale, &info);
      for (guint m = 0; m < MIN (set->fan->n_months, info.n_marks); m++)
        {
          const LevChartMark *mk = &info.marks[m];
          double y = value_y (&info, set->fan->p50[m]);
          g_assert_cmpfloat (mk->value, ==, set->fan->p50[m]);
          g_assert_true (test_colour_near (s, (mk->rect.x + 1) * scale, y * scale, 2,
                                           lev_palette_role (LEV_PALETTE_LEVERAGED, LEV_THEME_LIGHT), 0.1));
        }
      cairo_surface_destroy (s);

      /* Histogram: bar heights are the bins' shares. */
      s = render (set, LEV_CHART_HISTOGRAM, &style, 1920, 1080, scale, &info);
      {
        const LevHistogramData *hd = set->histogram;
        double total = 0;
        for (guint b = 0; b < hd->n_bins; b++)
          total += hd->counts[b];
        g_assert_cmpuint (info.n_marks, ==, MIN (hd->n_bins, LEV_CHART_MAX_MARKS));
        for (guint b = 0; b < info.n_marks; b++)
          g_assert_cmpfloat (fabs (info.marks[b].value - hd->counts[b] / total), <, 1e-12);
      }
      cairo_surface_destroy (s);
    }
}

/* Output size is the logical size times the scale, at any size, and
 * the layout does not move with the scale. */
static void
test_sizes_and_scale (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("seed-example.json");
  const double sizes[][3] = {
    { 1920, 1080, 1 }, { 1920, 1080, 2 }, { 960, 600, 1.5 }, { 1000, 700, 1 },
    { 640, 360, 3 }, { 3840, 2160, 1 }, { 400, 300, 1 },
  };
  LevChartStyle style;

  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  style.locale = LEV_MONEY_LOCALE_WESTERN;
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      LevChartInfo info;
      cairo_surface_t *s = render (set, LEV_CHART_WATERFALL, &style, sizes[i][0], sizes[i][1],
                                   sizes[i][2], &info);
      g_assert_cmpint (cairo_image_surface_get_width (s), ==, (int) ceil (sizes[i][0] * sizes[i][2]));
      g_assert_cmpint (cairo_image_surface_get_height (s), ==, (int) ceil (sizes[i][1] * sizes[i][2]));
      cairo_surface_destroy (s);
    }
  /* Scale 2 shrunk by half is the scale-1 image, give or take antialiasing. */
  {
    LevChartInfo i1, i2;
    cairo_surface_t *s1 = render (set, LEV_CHART_COST_BY_AREA, &style, 960, 540, 1, &i1);
    cairo_surface_t *s2 = render (set, LEV_CHART_COST_BY_AREA, &style, 960, 540, 2, &i2);
    cairo_surface_t *half = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 960, 540);
    cairo_t *cr = cairo_create (half);
    double worst, mean;

    cairo_scale (cr, 0.5, 0.5);
    cairo_set_source_surface (cr, s2, 0, 0);
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
    cairo_paint (cr);
    cairo_destroy (cr);
    mean = test_block_difference (s1, half, 8, &worst);
    g_test_message ("scale 1 vs scale 2/2: mean %.4f worst %.4f", mean, worst);
    g_assert_cmpfloat (mean, <, 0.01);
    g_assert_cmpfloat (worst, <, 0.12);
    g_assert_cmpfloat (fabs (i1.plot.y - i2.plot.y), <, 1e-9);
    cairo_surface_destroy (s1);
    cairo_surface_destroy (s2);
    cairo_surface_destroy (half);
  }
  /* Errors, not crashes, for sizes cairo cannot hold. */
  {
    g_autoptr(GError) error = NULL;
    g_assert_null (lev_chart_render_image (set, LEV_CHART_WATERFALL, &style, 20000, 20000, 2, NULL, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
    g_clear_error (&error);
    g_assert_null (lev_chart_render_image (set, LEV_CHART_WATERFALL, &style, 0, 100, 1, NULL, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
    g_clear_error (&error);
    g_assert_null (lev_chart_render_image (set, LEV_CHART_WATERFALL, &style, 100, 100, NAN, NULL, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
    g_clear_error (&error);
    /* Within the side limit, but 30,000² pixels: refused, not 3.6 GB. */
    g_assert_null (lev_chart_render_image (set, LEV_CHART_WATERFALL, &style, 3750, 3750, 8, NULL, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
    g_clear_error (&error);
    /* Rounded down to nothing. */
    g_assert_null (lev_chart_render_image (set, LEV_CHART_WATERFALL, &style, 1920, 1080, 0.001, NULL, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  }
}

/* Chinese text: every glyph found in a font (no missing-glyph boxes),
 * checked two ways: pango's count of unknown glyphs in each layout the
 * charts draw, and the coverage of the CJK font for every character. */
static void
test_chinese (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("llm-startup-7b.json");
  const char *zh_areas[4] = { "数据", "算力", "人才", "市场" };
  const char *zh_inputs[6] = { "模型算力利用率", "H100 每小时价格", "大模型算法工程师年薪",
                               "训练词元数", "语料每 TB 价格", "场景试点月费" };
  GString *all_text = g_string_new (NULL);
  LevChartStyle style;

  g_free (set->scenario_name);
  set->scenario_name = g_strdup ("七十亿参数模型创业公司：前十八个月");
  g_string_append (all_text, set->scenario_name);
  for (guint a = 0; a < 4; a++)
    {
      g_free (set->cost_by_area->bars[a].label);
      set->cost_by_area->bars[a].label = g_strdup (zh_areas[a]);
      g_string_append (all_text, zh_areas[a]);
    }
  for (guint i = 0; i < set->tornado->n; i++)
    {
      g_free (set->tornado->bars[i].label);
      set->tornado->bars[i].label = g_strdup (zh_inputs[i]);
      g_string_append (all_text, zh_inputs[i]);
    }
  set->training->metric_label = g_strdup ("准确率");
  g_string_append (all_text, "万亿元准确率语料券训力券");

  for (int kind = 0; kind < LEV_N_CHARTS; kind++)
    for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
      {
        LevChartInfo info;
        cairo_surface_t *s;
        double w = sk ? 1920 : 960, h = sk ? 1080 : 600;
        g_autofree char *what = g_strdup_printf ("zh %s %s", lev_chart_kind_to_id (kind), sk ? "deck" : "screen");

        lev_chart_style_init (&style, sk, LEV_THEME_LIGHT);
        style.locale = LEV_MONEY_LOCALE_CHINESE;
        style.subtitle = "社会化渠道节省的成本（语料券、训力券）";
        s = render (set, kind, &style, w, h, 1, &info);
        check_common (s, &info, &style, w, h, 1, what);
        cairo_surface_destroy (s);
      }

  /* The CJK font covers every character the charts were given. */
  {
    PangoFontMap *map = pango_cairo_font_map_get_default ();
    PangoContext *ctx = pango_font_map_create_context (map);
    PangoFontDescription *desc = pango_font_description_from_string ("Noto Sans CJK SC 12");
    PangoFont *font;

    pango_context_set_language (ctx, pango_language_from_string ("zh-cn"));
    font = pango_font_map_load_font (map, ctx, desc);
    g_assert_nonnull (font);
    for (const char *p = all_text->str; *p; p = g_utf8_next_char (p))
      {
        gunichar c = g_utf8_get_char (p);
        if (c > 0x2E80 && !pango_font_has_char (font, c))
          g_error ("Noto Sans CJK SC lacks U+%04X", c);
      }
    pango_font_description_free (desc);
    g_object_unref (font);
    g_object_unref (ctx);
  }
  g_string_free (all_text, TRUE);

  /* The check can fail: a character no font has is counted. */
  {
    LevChartInfo info;
    cairo_surface_t *s;

    lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
    style.title = "Plan \xf3\xb0\x80\x80\xf3\xb0\x80\x81"; /* U+F0000, U+F0001: private use */
    s = render (set, LEV_CHART_WATERFALL, &style, 1920, 1080, 1, &info);
    g_assert_cmpuint (info.unknown_glyphs, >=, 2);
    cairo_surface_destroy (s);
  }
}

/* Charts with no data say so instead of drawing nonsense. */
static void
test_no_data (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  LevChartStyle style;

  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, LEV_THEME_DARK);
  for (int kind = 0; kind < LEV_N_CHARTS; kind++)
    {
      cairo_surface_t *s = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 200);
      cairo_t *cr = cairo_create (s);
      LevChartInfo info;

      g_assert_false (lev_chart_set_has (set, kind));
      g_assert_false (lev_chart_draw (cr, set, kind, &style, 300, 200, &info));
      g_assert_cmpuint (info.n_marks, ==, 0);
      g_assert_cmpuint (info.n_texts, >=, 2); /* title and the note */
      cairo_destroy (cr);
      cairo_surface_destroy (s);
    }
}

/* Awkward but valid data: one bar, negative savings, zero totals, a
 * single epoch, a single month, all-equal samples, huge and tiny sums. */
static void
test_edge_data (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  const double one = 5e6;
  double equal[50];
  LevChartStyle style;

  for (guint i = 0; i < 50; i++)
    equal[i] = 7.5e6;
  set->cost_by_area = g_new0 (LevCostByAreaData, 1);
  set->cost_by_area->n = 1;
  set->cost_by_area->bars = g_new0 (LevAreaBar, 1);
  set->cost_by_area->bars[0] = (LevAreaBar) { g_strdup ("Only area with a very long name indeed, "
                                                        "much longer than any slot could hold"),
                                              one, one * 1.2 };
  set->waterfall = g_new0 (LevWaterfallData, 1);
  set->waterfall->baseline = 1e12;
  set->waterfall->leveraged = 1e12 + 3e9;
  set->waterfall->n = 1;
  set->waterfall->steps = g_new0 (LevWaterfallStep, 1);
  set->waterfall->steps[0] = (LevWaterfallStep) { LEV_CHANNEL_CLOUD, -3e9 };
  set->composition = g_new0 (LevCompositionData, 1);
  set->composition->total = 1e-3;
  set->composition->n = 1;
  set->composition->slices = g_new0 (LevSlice, 1);
  set->composition->slices[0] = (LevSlice) { LEV_CHANNEL_OTHER, 1e-3 };
  set->histogram = lev_histogram_data_new_from_samples (equal, 50, 20, NAN);
  set->exceedance = lev_exceedance_data_new_from_samples (equal, 50, 10, 1e6);
  set->fan = g_new0 (LevFanData, 1);
  set->fan->n_months = 1;
  set->fan->p10 = g_new0 (double, 1);
  set->fan->p50 = g_new0 (double, 1);
  set->fan->p90 = g_new0 (double, 1);
  set->fan->funding = 0;
  set->fan->runway_month = 0;
  set->fan->deterministic = TRUE;
  chart_test_add_training (set, 1);

  for (int kind = 0; kind < LEV_N_CHARTS; kind++)
    for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
      {
        LevChartInfo info;
        cairo_surface_t *s;

        if (!lev_chart_set_has (set, kind))
          continue;
        lev_chart_style_init (&style, sk, LEV_THEME_LIGHT);
        s = render (set, kind, &style, 800, 450, 1, &info);
        g_assert_cmpuint (info.unknown_glyphs, ==, 0);
        g_assert_cmpuint (info.overlapping_labels, ==, 0);
        cairo_surface_destroy (s);
        /* And in a tiny canvas, which must not crash or hang. */
        s = render (set, kind, &style, 16, 16, 1, NULL);
        cairo_surface_destroy (s);
      }
}

/* Every channel at once, long names, small canvases: labels must still
 * never collide (they wrap, rotate, shorten or spread instead). */
static void
test_crowded (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  const double sizes[][2] = { { 640, 400 }, { 960, 600 }, { 1920, 1080 }, { 1280, 1280 } };
  double run = 5e8;

  set->scenario_name = g_strdup ("A plan with every channel in it, and a long name to match");
  set->cost_by_area = g_new0 (LevCostByAreaData, 1);
  set->cost_by_area->n = 4;
  set->cost_by_area->bars = g_new0 (LevAreaBar, 4);
  for (guint a = 0; a < 4; a++)
    {
      LevAreaBar *b = &set->cost_by_area->bars[a];
      b->label = g_strdup_printf ("Area number %u with a rather long descriptive name", a + 1);
      b->baseline = 1e8 * (a + 1);
      b->leveraged = 0;
      b->stacked = TRUE;
      for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
        {
          b->channel[ch] = 2e6 * (ch + 1) * (a + 1);
          b->leveraged += b->channel[ch];
        }
    }
  set->waterfall = g_new0 (LevWaterfallData, 1);
  set->waterfall->baseline = run;
  set->waterfall->n = LEV_N_CHANNELS;
  set->waterfall->steps = g_new0 (LevWaterfallStep, LEV_N_CHANNELS);
  for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
    {
      double saving = ch % 5 == 4 ? -3e6 : 1.7e7 / (ch + 1);
      set->waterfall->steps[ch] = (LevWaterfallStep) { ch, saving };
      run -= saving;
    }
  set->waterfall->leveraged = run;
  set->composition = g_new0 (LevCompositionData, 1);
  set->composition->n = LEV_N_CHANNELS;
  set->composition->slices = g_new0 (LevSlice, LEV_N_CHANNELS);
  for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
    {
      set->composition->slices[ch] = (LevSlice) { ch, 1e8 / (ch + 1) };
      set->composition->total += 1e8 / (ch + 1);
    }
  set->tornado = g_new0 (LevTornadoData, 1);
  set->tornado->base = 3e8;
  set->tornado->n = 12;
  set->tornado->bars = g_new0 (LevTornadoBar, 12);
  for (guint i = 0; i < 12; i++)
    set->tornado->bars[i] = (LevTornadoBar) {
      g_strdup_printf ("Input %u: a long label naming the item and its field", i), 3e8 - 1e7 / (i + 1),
      3e8 + 2e7 / (i + 1) };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
      for (int kind = 0; kind < LEV_N_CHARTS; kind++)
        {
          LevChartStyle style;
          LevChartInfo info;
          cairo_surface_t *s;

          if (!lev_chart_set_has (set, kind))
            continue;
          lev_chart_style_init (&style, sk, LEV_THEME_LIGHT);
          style.locale = LEV_MONEY_LOCALE_WESTERN;
          s = render (set, kind, &style, sizes[i][0], sizes[i][1], 1, &info);
          if (info.overlapping_labels != 0)
            g_error ("crowded %s %s %gx%g: %u labels collide", lev_chart_kind_to_id (kind),
                     sk ? "deck" : "screen", sizes[i][0], sizes[i][1], info.overlapping_labels);
          g_assert_cmpuint (info.unknown_glyphs, ==, 0);
          cairo_surface_destroy (s);
        }
}

/* The deck's source line, as the issue spells it. */
static void
test_source_line (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  LevChartStyle style;
  g_autofree char *deterministic = NULL, *simulated = NULL, *chinese = NULL;

  set->scenario_name = g_strdup ("7B plan");
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  style.date = "2026-11-30";
  style.locale = LEV_MONEY_LOCALE_WESTERN;
  deterministic = lev_chart_source_line (set, &style);
  set->n_samples = 100000;
  simulated = lev_chart_source_line (set, &style);
  style.locale = LEV_MONEY_LOCALE_CHINESE;
  chinese = lev_chart_source_line (set, &style);
  g_assert_true (g_str_has_prefix (deterministic, "Leverage · 7B plan · 2026-11-30 · "));
  g_assert_cmpstr (simulated, ==, "Leverage · 7B plan · 2026-11-30 · 100,000 samples");
  /* 万 in Chinese, whatever the translation of "samples". */
  g_assert_true (g_str_has_prefix (chinese, "Leverage · 7B plan · 2026-11-30 · 10万"));
}

/* Screen style outside the app follows GNOME's color-scheme (the tests
 * run with the memory settings backend, so this changes nothing real). */
static void
test_desktop_theme (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (!g_str_equal (g_getenv ("GSETTINGS_BACKEND") ? g_getenv ("GSETTINGS_BACKEND") : "", "memory"))
    {
      g_test_skip ("needs GSETTINGS_BACKEND=memory, not to touch real settings");
      return;
    }
  if (source == NULL || !(schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)) ||
      !g_settings_schema_has_key (schema, "color-scheme"))
    {
      /* Without GNOME's schema: light, and no abort. */
      g_assert_cmpint (lev_chart_theme_from_desktop (), ==, LEV_THEME_LIGHT);
      g_test_skip ("gsettings-desktop-schemas is not installed");
      return;
    }
  settings = g_settings_new ("org.gnome.desktop.interface");
  g_assert_true (g_settings_set_string (settings, "color-scheme", "prefer-dark"));
  g_assert_cmpint (lev_chart_theme_from_desktop (), ==, LEV_THEME_DARK);
  g_assert_true (g_settings_set_string (settings, "color-scheme", "prefer-light"));
  g_assert_cmpint (lev_chart_theme_from_desktop (), ==, LEV_THEME_LIGHT);
  g_assert_true (g_settings_set_string (settings, "color-scheme", "default"));
  g_assert_cmpint (lev_chart_theme_from_desktop (), ==, LEV_THEME_LIGHT);
}

/* A ¥5M spend against ¥50M of funding: the charts scale to the data, and
 * the funding is marked off the scale instead of squeezing the data into
 * the bottom tenth of the card. */
static void
test_offscale_funding (void)
{
  g_autoptr(LevChartSet) set = lev_chart_set_new ();
  g_autofree double *samples = g_new (double, 500);
  LevChartStyle style;
  LevChartInfo info;
  cairo_surface_t *s;

  set->currency = LEV_CURRENCY_CNY;
  set->fan = g_new0 (LevFanData, 1);
  set->fan->n_months = 12;
  set->fan->p10 = g_new0 (double, 12);
  set->fan->p50 = g_new0 (double, 12);
  set->fan->p90 = g_new0 (double, 12);
  for (guint m = 0; m < 12; m++)
    set->fan->p10[m] = set->fan->p50[m] = set->fan->p90[m] = 5e6 * (m + 1) / 12;
  set->fan->funding = 50e6;
  set->fan->runway_month = -1;
  set->fan->deterministic = TRUE;
  for (guint i = 0; i < 500; i++)
    samples[i] = 4.5e6 + 1e6 * i / 500;
  set->histogram = lev_histogram_data_new_from_samples (samples, 500, 20, 50e6);
  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, LEV_THEME_LIGHT);

  s = render (set, LEV_CHART_FAN, &style, 800, 450, 1, &info);
  g_assert_cmpfloat (info.value_axis.max, <, 10e6);
  g_assert_cmpfloat (info.value_axis.max, >=, 5e6);
  g_assert_cmpuint (info.overlapping_labels, ==, 0);
  cairo_surface_destroy (s);
  s = render (set, LEV_CHART_HISTOGRAM, &style, 800, 450, 1, &info);
  g_assert_cmpfloat (info.value_axis.max, <, 10e6);
  g_assert_cmpuint (info.overlapping_labels, ==, 0);
  cairo_surface_destroy (s);

  /* Funding close above the spend stays on the scale, drawn as a line. */
  set->fan->funding = 7e6;
  s = render (set, LEV_CHART_FAN, &style, 800, 450, 1, &info);
  g_assert_cmpfloat (info.value_axis.max, >=, 7e6);
  cairo_surface_destroy (s);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/charts/render/every-chart", test_every_chart);
  g_test_add_func ("/charts/render/bars-where-numbers-say", test_bars_where_numbers_say);
  g_test_add_func ("/charts/render/scenario-marks", test_scenario_marks);
  g_test_add_func ("/charts/render/sizes-and-scale", test_sizes_and_scale);
  g_test_add_func ("/charts/render/chinese", test_chinese);
  g_test_add_func ("/charts/render/no-data", test_no_data);
  g_test_add_func ("/charts/render/edge-data", test_edge_data);
  g_test_add_func ("/charts/render/crowded", test_crowded);
  g_test_add_func ("/charts/render/offscale-funding", test_offscale_funding);
  g_test_add_func ("/charts/render/source-line", test_source_line);
  g_test_add_func ("/charts/render/desktop-theme", test_desktop_theme);
  return g_test_run ();
}
