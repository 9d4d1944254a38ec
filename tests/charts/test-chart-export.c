/* test-chart-export.c: PNG, SVG and PDF files of every chart; SVG and
 * PDF rasterised with rsvg-convert and pdftoppm must match the PNG's
 * layout; the deck appendix has a page per chart; CJK fonts are embedded;
 * failed exports leave existing files alone. */
#define G_LOG_DOMAIN "test-chart-export"
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "chart-test-data.h"
#include "chart-test-pixels.h"
#include "lev-error.h"
#include "lev-png.h"

#define W 960
#define H 540

static char *tmpdir;

static gboolean
have_tool (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  if (path == NULL)
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", name);
      g_test_skip (msg);
      return FALSE;
    }
  return TRUE;
}

static gboolean
tool_exists (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return out;
}

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmpdir, name, NULL);
}

static cairo_surface_t *
load_png (const char *path)
{
  cairo_surface_t *s = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (s), ==, CAIRO_STATUS_SUCCESS);
  return s;
}

static cairo_surface_t *
rasterise_svg (const char *svg)
{
  g_autofree char *png = g_strconcat (svg, ".png", NULL);
  const char *argv[] = { "rsvg-convert", "-w", G_STRINGIFY (W), "-h", G_STRINGIFY (H), "-o", png, svg, NULL };
  g_autofree char *out = run (argv);
  return load_png (png);
}

static cairo_surface_t *
rasterise_pdf (const char *pdf,
               guint       page)
{
  g_autofree char *prefix = g_strdup_printf ("%s-%u", pdf, page);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  g_autofree char *p = g_strdup_printf ("%u", page);
  /* 72 dpi: one PDF point (one logical pixel) per pixel. */
  const char *argv[] = { "pdftoppm", "-png", "-r", "72", "-f", p, "-l", p, "-singlefile", pdf, prefix, NULL };
  g_autofree char *out = run (argv);
  return load_png (png);
}

static void
assert_same_layout (cairo_surface_t *png,
                    cairo_surface_t *other,
                    const char      *what)
{
  double worst, mean;

  g_assert_cmpint (cairo_image_surface_get_width (other), ==, cairo_image_surface_get_width (png));
  g_assert_cmpint (cairo_image_surface_get_height (other), ==, cairo_image_surface_get_height (png));
  mean = test_block_difference (png, other, 16, &worst);
  g_test_message ("%s: mean block difference %.4f, worst %.4f", what, mean, worst);
  if (mean > 0.01 || worst > 0.2)
    g_error ("%s does not match the PNG (mean %.4f, worst block %.4f)", what, mean, worst);
}

static void
export_ok (const LevChartSet   *set,
           LevChartKind         kind,
           const LevChartStyle *style,
           LevChartFormat       format,
           double               scale,
           const char          *path)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (lev_chart_export (set, kind, style, format, W, H, scale, path, &error));
  g_assert_no_error (error);
}

static void
check_formats (const char    *scenario,
               LevMoneyLocale locale)
{
  g_autoptr(LevChartSet) set = chart_test_full_set (scenario);
  gboolean svg = tool_exists ("rsvg-convert");
  gboolean pdf = tool_exists ("pdftoppm");

  for (int kind = 0; kind < LEV_N_CHARTS; kind++)
    for (int sk = LEV_CHART_STYLE_SCREEN; sk <= LEV_CHART_STYLE_DECK; sk++)
      for (int theme = LEV_THEME_LIGHT; theme <= LEV_THEME_DARK; theme++)
        {
          LevChartStyle style;
          g_autofree char *base = g_strdup_printf ("%s-%s-%d-%d-%d", scenario, lev_chart_kind_to_id (kind),
                                                   sk, theme, locale);
          g_autofree char *png_path = tmp_path (base);
          g_autofree char *png2_path = g_strconcat (png_path, "@2x.png", NULL);
          g_autofree char *svg_path = g_strconcat (png_path, ".svg", NULL);
          g_autofree char *pdf_path = g_strconcat (png_path, ".pdf", NULL);
          cairo_surface_t *png, *png2;

          lev_chart_style_init (&style, sk, theme);
          style.locale = locale;
          style.date = "2026-11-30";
          export_ok (set, kind, &style, LEV_CHART_FORMAT_PNG, 1, png_path);
          export_ok (set, kind, &style, LEV_CHART_FORMAT_PNG, 2, png2_path);
          export_ok (set, kind, &style, LEV_CHART_FORMAT_SVG, 1, svg_path);
          export_ok (set, kind, &style, LEV_CHART_FORMAT_PDF, 1, pdf_path);
          png = load_png (png_path);
          png2 = load_png (png2_path);
          g_assert_cmpint (cairo_image_surface_get_width (png), ==, W);
          g_assert_cmpint (cairo_image_surface_get_height (png), ==, H);
          g_assert_cmpint (cairo_image_surface_get_width (png2), ==, 2 * W);
          g_assert_cmpint (cairo_image_surface_get_height (png2), ==, 2 * H);
          if (svg)
            {
              cairo_surface_t *r = rasterise_svg (svg_path);
              g_autofree char *what = g_strconcat (base, " SVG", NULL);
              assert_same_layout (png, r, what);
              cairo_surface_destroy (r);
            }
          if (pdf)
            {
              cairo_surface_t *r = rasterise_pdf (pdf_path, 1);
              g_autofree char *what = g_strconcat (base, " PDF", NULL);
              assert_same_layout (png, r, what);
              cairo_surface_destroy (r);
            }
          cairo_surface_destroy (png);
          cairo_surface_destroy (png2);
        }
  if (!svg || !pdf)
    g_test_skip ("rsvg-convert or pdftoppm is not installed; rasterised comparisons skipped");
}

static void
test_formats_seed (void)
{
  check_formats ("seed-example.json", LEV_MONEY_LOCALE_WESTERN);
}

static void
test_formats_llm (void)
{
  check_formats ("llm-startup-7b.json", LEV_MONEY_LOCALE_CHINESE);
}

/* The comparison tells charts apart: a different chart's SVG does not
 * pass for this chart's PNG. */
static void
test_comparison_discriminates (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("seed-example.json");
  g_autofree char *a = tmp_path ("discriminate.png");
  g_autofree char *b = tmp_path ("discriminate.svg");
  LevChartStyle style;
  cairo_surface_t *pa, *pb;
  double worst, mean;

  if (!have_tool ("rsvg-convert"))
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  export_ok (set, LEV_CHART_COST_BY_AREA, &style, LEV_CHART_FORMAT_PNG, 1, a);
  /* Same chart, numbers moved by a fifth. */
  set->cost_by_area->bars[1].leveraged *= 1.2;
  set->cost_by_area->bars[1].stacked = FALSE;
  export_ok (set, LEV_CHART_COST_BY_AREA, &style, LEV_CHART_FORMAT_SVG, 1, b);
  pa = load_png (a);
  pb = rasterise_svg (b);
  mean = test_block_difference (pa, pb, 16, &worst);
  g_test_message ("moved bar: mean %.4f worst %.4f", mean, worst);
  g_assert_true (mean > 0.01 || worst > 0.2);
  cairo_surface_destroy (pa);
  cairo_surface_destroy (pb);
}

static void
test_deck_appendix (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("llm-startup-7b.json");
  g_autofree char *path = tmp_path ("appendix.pdf");
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  LevChartStyle style;
  guint expected = 0;

  for (int k = 0; k < LEV_N_CHARTS; k++)
    expected += lev_chart_set_has (set, k);
  g_assert_cmpuint (expected, ==, LEV_N_CHARTS);
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  style.locale = LEV_MONEY_LOCALE_CHINESE;
  g_assert_true (lev_chart_export_pdf_pages (set, NULL, 0, &style, W, H, path, &error));
  g_assert_no_error (error);

  if (!have_tool ("pdfinfo"))
    return;
  {
    const char *argv[] = { "pdfinfo", path, NULL };
    g_auto(GStrv) lines = NULL;
    guint checked = 0;

    info = run (argv);
    lines = g_strsplit (info, "\n", -1);
    for (guint i = 0; lines[i]; i++)
      {
        g_auto(GStrv) kv = g_strsplit (lines[i], ":", 2);
        if (kv[0] == NULL || kv[1] == NULL)
          continue;
        g_strstrip (kv[1]);
        if (g_str_equal (kv[0], "Pages"))
          {
            g_assert_cmpuint (g_ascii_strtoull (kv[1], NULL, 10), ==, expected);
            checked++;
          }
        else if (g_str_equal (kv[0], "Page size"))
          {
            g_assert_cmpstr (kv[1], ==, "960 x 540 pts");
            checked++;
          }
        else if (g_str_equal (kv[0], "Creator"))
          {
            g_assert_true (g_str_has_prefix (kv[1], "Leverage"));
            checked++;
          }
      }
    g_assert_cmpuint (checked, ==, 3);
  }
  /* Each page is the chart it should be. */
  if (tool_exists ("pdftoppm"))
    {
      guint page = 0;
      for (int k = 0; k < LEV_N_CHARTS; k++)
        {
          g_autoptr(GError) e = NULL;
          cairo_surface_t *png = lev_chart_render_image (set, k, &style, W, H, 1, NULL, &e);
          cairo_surface_t *r = rasterise_pdf (path, ++page);
          g_autofree char *what = g_strdup_printf ("appendix page %u (%s)", page, lev_chart_kind_to_id (k));
          assert_same_layout (png, r, what);
          cairo_surface_destroy (png);
          cairo_surface_destroy (r);
        }
    }
  /* Chinese text goes in as embedded font subsets, not as missing fonts. */
  if (tool_exists ("pdffonts"))
    {
      const char *argv[] = { "pdffonts", path, NULL };
      g_autofree char *fonts = run (argv);
      g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
      gboolean cjk = FALSE;

      for (guint i = 2; lines[i]; i++)
        {
          if (*lines[i] == '\0')
            continue;
          g_test_message ("%s", lines[i]);
          if (strstr (lines[i], "CJK"))
            cjk = TRUE;
          /* Columns: name type encoding emb sub uni; emb must be yes. */
          g_assert_nonnull (strstr (lines[i], " yes "));
        }
      g_assert_true (cjk);
    }
}

static void
test_svg_outlines_text (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("llm-startup-7b.json");
  g_autofree char *path = tmp_path ("outlines.svg");
  g_autofree char *text = NULL;
  LevChartStyle style;

  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  style.locale = LEV_MONEY_LOCALE_CHINESE;
  style.title = "按渠道节省";
  export_ok (set, LEV_CHART_WATERFALL, &style, LEV_CHART_FORMAT_SVG, 1, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* Glyphs travel as outlines, so a deck tool without Noto CJK shows
   * them right; the document is sized in pixels. */
  g_assert_nonnull (strstr (text, "<svg"));
  g_assert_nonnull (strstr (text, "width=\"960px\""));
  g_assert_nonnull (strstr (text, "glyph"));
  g_assert_null (strstr (text, "<text"));
}

static void
test_failures_keep_files (void)
{
  g_autoptr(LevChartSet) set = chart_test_full_set ("seed-example.json");
  g_autoptr(LevChartSet) empty = lev_chart_set_new ();
  g_autofree char *keep = tmp_path ("keep.png");
  g_autofree char *missing_dir = tmp_path ("no/such/dir/x.png");
  g_autofree char *deck = tmp_path ("empty-deck.pdf");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  LevChartStyle style;

  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  g_assert_true (g_file_set_contents (keep, "the founder's file", -1, NULL));

  /* Bad size: refused before anything is written. */
  g_assert_false (lev_chart_export (set, LEV_CHART_WATERFALL, &style, LEV_CHART_FORMAT_PNG, 1920, 1080, 100,
                                    keep, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_false (lev_chart_export (set, LEV_CHART_WATERFALL, &style, LEV_CHART_FORMAT_SVG, -5, 1080, 1,
                                    keep, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (keep, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the founder's file");

  /* A folder that does not exist: an error naming the file. */
  g_assert_false (lev_chart_export (set, LEV_CHART_WATERFALL, &style, LEV_CHART_FORMAT_PDF, 800, 450, 1,
                                    missing_dir, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, missing_dir));
  g_clear_error (&error);

  /* Nothing to export: an error, and no empty file left behind. */
  g_assert_false (lev_chart_export_pdf_pages (empty, NULL, 0, &style, 800, 450, deck, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_assert_false (g_file_test (deck, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A good export replaces the old file whole. */
  g_assert_true (lev_chart_export (set, LEV_CHART_WATERFALL, &style, LEV_CHART_FORMAT_PNG, 800, 450, 1,
                                   keep, &error));
  g_assert_no_error (error);
  {
    cairo_surface_t *s = load_png (keep);
    g_assert_cmpint (cairo_image_surface_get_width (s), ==, 800);
    cairo_surface_destroy (s);
  }
  /* No temporary files are left in the folder. */
  {
    g_autoptr(GDir) dir = g_dir_open (tmpdir, 0, NULL);
    const char *name;
    while ((name = g_dir_read_name (dir)))
      g_assert_false (g_str_has_prefix (name, ".goutputstream") || strstr (name, ".lev-") != NULL);
  }
}

typedef struct {
  const guint8 *data;
  gsize         len, pos;
} Reader;

static cairo_status_t
read_mem (void *closure, unsigned char *out, unsigned int length)
{
  Reader *r = closure;
  if (r->pos + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->pos, length);
  r->pos += length;
  return CAIRO_STATUS_SUCCESS;
}

/* Our PNG writer, decoded by libpng (through cairo), gives back every
 * pixel: opaque images exactly, translucent ones within the rounding of
 * un-premultiplying. Sizes cover one strip, several strips, odd sizes. */
static void
test_png_writer (void)
{
  const int sizes[][2] = { { 1, 1 }, { 3, 5 }, { 700, 1 }, { 1, 700 }, { 513, 517 }, { 2001, 1333 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    for (int transparent = 0; transparent <= 1; transparent++)
      {
        int w = sizes[i][0], h = sizes[i][1];
        cairo_surface_t *src = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
        cairo_surface_t *back;
        cairo_t *cr = cairo_create (src);
        g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
        g_autoptr(GError) error = NULL;
        Reader reader = { 0 };
        int max_diff = 0;

        /* Something with gradients, edges and (maybe) translucency. */
        if (!transparent)
          {
            cairo_set_source_rgb (cr, 1, 1, 1);
            cairo_paint (cr);
          }
        {
          cairo_pattern_t *g = cairo_pattern_create_linear (0, 0, w, h);
          cairo_pattern_add_color_stop_rgba (g, 0, 0.1, 0.5, 0.9, 1);
          cairo_pattern_add_color_stop_rgba (g, 1, 0.9, 0.3, 0.1, transparent ? 0.3 : 1);
          cairo_set_source (cr, g);
          cairo_arc (cr, w / 2.0, h / 2.0, MAX (w, h) / 2.5, 0, 2 * G_PI);
          cairo_fill (cr);
          cairo_pattern_destroy (g);
        }
        cairo_destroy (cr);
        cairo_surface_flush (src);

        g_assert_true (lev_png_write (src, mem, &error));
        g_assert_no_error (error);
        g_assert_true (g_output_stream_close (mem, NULL, NULL));
        reader.data = g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem));
        reader.len = g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem));
        back = cairo_image_surface_create_from_png_stream (read_mem, &reader);
        g_assert_cmpint (cairo_surface_status (back), ==, CAIRO_STATUS_SUCCESS);
        g_assert_cmpint (cairo_image_surface_get_width (back), ==, w);
        g_assert_cmpint (cairo_image_surface_get_height (back), ==, h);
        for (int y = 0; y < h; y++)
          {
            const guint8 *a = cairo_image_surface_get_data (src) + y * cairo_image_surface_get_stride (src);
            const guint8 *b = cairo_image_surface_get_data (back) + y * cairo_image_surface_get_stride (back);
            for (int x = 0; x < w * 4; x++)
              max_diff = MAX (max_diff, abs ((int) a[x] - (int) b[x]));
          }
        g_test_message ("%dx%d %s: largest channel difference %d", w, h, transparent ? "translucent" : "opaque", max_diff);
        if (transparent)
          g_assert_cmpint (max_diff, <=, 1);
        else
          {
            /* Told it is opaque, the writer gives the very same bytes. */
            g_autoptr(GOutputStream) mem2 = g_memory_output_stream_new_resizable ();
            g_assert_cmpint (max_diff, ==, 0);
            g_assert_true (lev_png_write_opaque (src, mem2, &error));
            g_assert_true (g_output_stream_close (mem2, NULL, NULL));
            g_assert_cmpmem (reader.data, reader.len,
                             g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (mem2)),
                             g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (mem2)));
          }
        cairo_surface_destroy (src);
        cairo_surface_destroy (back);
      }
}

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int argc, char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("lev-chart-export-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);
  g_test_add_func ("/charts/export/png-writer", test_png_writer);
  g_test_add_func ("/charts/export/formats-seed-example", test_formats_seed);
  g_test_add_func ("/charts/export/formats-llm-startup-zh", test_formats_llm);
  g_test_add_func ("/charts/export/comparison-discriminates", test_comparison_discriminates);
  g_test_add_func ("/charts/export/deck-appendix", test_deck_appendix);
  g_test_add_func ("/charts/export/svg-outlines-text", test_svg_outlines_text);
  g_test_add_func ("/charts/export/failures-keep-files", test_failures_keep_files);
  status = g_test_run ();
  rm_rf (tmpdir);
  g_free (tmpdir);
  return status;
}
