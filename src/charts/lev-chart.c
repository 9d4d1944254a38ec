/* lev-chart.c: what every chart shares: the frame (title, subtitle,
 * source line), text through pangocairo, axes, legends, and the dispatch
 * from a chart kind to its drawing function. */
#define G_LOG_DOMAIN "lev-chart"
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "lev-chart-private.h"

#define DEFAULT_FONT "Cantarell, Noto Sans CJK SC, Noto Sans, sans-serif"
#define CHINESE_FONT "Noto Sans CJK SC, Cantarell, sans-serif"

void
lev_chart_style_init (LevChartStyle     *style,
                      LevChartStyleKind  kind,
                      LevTheme           theme)
{
  g_return_if_fail (style != NULL);
  memset (style, 0, sizeof *style);
  style->kind = kind;
  style->theme = theme;
  style->locale = LEV_MONEY_LOCALE_AUTO;
}

LevTheme
lev_chart_theme_from_desktop (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *scheme = NULL;

  /* Looked up first: g_settings_new() aborts on a missing schema, and a
   * headless machine may well not have GNOME's. */
  if (source == NULL ||
      !(schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)) ||
      !g_settings_schema_has_key (schema, "color-scheme"))
    return LEV_THEME_LIGHT;
  settings = g_settings_new_full (schema, NULL, NULL);
  scheme = g_settings_get_string (settings, "color-scheme");
  return g_str_equal (scheme, "prefer-dark") ? LEV_THEME_DARK : LEV_THEME_LIGHT;
}

void
lev_draw_color (LevDraw *d,
                LevRgb   c,
                double   alpha)
{
  cairo_set_source_rgba (d->cr, c.r, c.g, c.b, alpha);
}

LevRgb
lev_draw_role_rgb (LevDraw        *d,
                   LevPaletteRole  role)
{
  return lev_palette_role (role, d->theme);
}

void
lev_draw_role (LevDraw        *d,
               LevPaletteRole  role,
               double          alpha)
{
  lev_draw_color (d, lev_palette_role (role, d->theme), alpha);
}

static void
set_layout (LevDraw      *d,
            const char   *text,
            double        size,
            LevTextFlags  flags,
            double        max_width)
{
  /* Tiny canvases can compute a size of nothing or less; pango refuses it. */
  pango_font_description_set_absolute_size (d->font, MAX (size * d->em, 0.5) * PANGO_SCALE);
  pango_font_description_set_weight (d->font, (flags & LEV_TEXT_BOLD) ? PANGO_WEIGHT_BOLD
                                                                        : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (d->layout, d->font);
  if (max_width > 0 && (flags & LEV_TEXT_WRAP))
    {
      pango_layout_set_width (d->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_wrap (d->layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_ellipsize (d->layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_alignment (d->layout, PANGO_ALIGN_CENTER);
    }
  else if (max_width > 0)
    {
      pango_layout_set_width (d->layout, (int) (max_width * PANGO_SCALE));
      pango_layout_set_ellipsize (d->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_alignment (d->layout, PANGO_ALIGN_LEFT);
    }
  else
    {
      pango_layout_set_width (d->layout, -1);
      pango_layout_set_ellipsize (d->layout, PANGO_ELLIPSIZE_NONE);
      pango_layout_set_alignment (d->layout, PANGO_ALIGN_LEFT);
    }
  pango_layout_set_text (d->layout, text, -1);
}

void
lev_draw_measure (LevDraw      *d,
                  const char   *text,
                  double        size,
                  LevTextFlags  flags,
                  double       *width,
                  double       *height)
{
  PangoRectangle logical;

  set_layout (d, text, size, flags, -1);
  pango_layout_get_extents (d->layout, NULL, &logical);
  if (width)
    *width = (double) logical.width / PANGO_SCALE;
  if (height)
    *height = (double) logical.height / PANGO_SCALE;
}

LevRect
lev_draw_text (LevDraw      *d,
               const char   *text,
               double        x,
               double        y,
               double        ax,
               double        ay,
               double        size,
               LevTextFlags  flags,
               LevRgb        color,
               double        max_width,
               double        angle)
{
  PangoRectangle logical;
  double w, h;

  if (text == NULL || *text == '\0')
    return (LevRect) { x, y, 0, 0 };
  set_layout (d, text, size, flags, max_width);
  pango_layout_get_extents (d->layout, NULL, &logical);
  w = (double) logical.width / PANGO_SCALE;
  h = (double) logical.height / PANGO_SCALE;

  cairo_save (d->cr);
  cairo_translate (d->cr, x, y);
  if (angle != 0)
    cairo_rotate (d->cr, angle);
  cairo_move_to (d->cr, -ax * w - (double) logical.x / PANGO_SCALE, -ay * h);
  lev_draw_color (d, color, 1);
  pango_cairo_update_layout (d->cr, d->layout);
  pango_cairo_show_layout (d->cr, d->layout);
  cairo_restore (d->cr);

  if (d->info)
    {
      d->info->n_texts++;
      d->info->unknown_glyphs += pango_layout_get_unknown_glyphs_count (d->layout);
    }
  return (LevRect) { x - ax * w, y - ay * h, w, h };
}

char *
lev_draw_money (LevDraw *d,
                double   value)
{
  return lev_money_format (value, d->set->currency, LEV_MONEY_COMPACT, d->locale);
}

char *
lev_draw_month_label (const char *start,
                      guint       m)
{
  int year, month;

  if (start != NULL && sscanf (start, "%4d-%2d", &year, &month) == 2 && month >= 1 && month <= 12)
    {
      int total = (month - 1) + (int) m;
      return g_strdup_printf ("%04d-%02d", year + total / 12, total % 12 + 1);
    }
  /* Translators: month number in a plan with no start date, e.g. "M3" */
  return g_strdup_printf (_("M%u"), m + 1);
}

char *
lev_chart_source_line (const LevChartSet   *set,
                       const LevChartStyle *style)
{
  g_autofree char *date = NULL;
  g_autofree char *samples = NULL;

  g_return_val_if_fail (set != NULL && style != NULL, NULL);
  if (style->date != NULL)
    date = g_strdup (style->date);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      date = g_date_time_format (now, "%Y-%m-%d");
    }
  if (set->n_samples > 0)
    {
      g_autofree char *n = lev_number_format ((double) set->n_samples, style->locale);
      /* Translators: part of a chart's source line, e.g. "100,000 samples" */
      samples = g_strdup_printf (_("%s samples"), n);
    }
  else
    /* Translators: part of a chart's source line when nothing was simulated */
    samples = g_strdup (_("point values"));
  return g_strdup_printf ("Leverage · %s · %s · %s",
                          set->scenario_name ? set->scenario_name : _("Untitled scenario"),
                          date, samples);
}

LevRect
lev_draw_frame (LevDraw      *d,
                LevChartKind  kind,
                const char   *subtitle)
{
  const LevChartStyle *style = d->style;
  const char *title = style->title ? style->title : lev_chart_kind_title (kind);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  double mx = d->deck ? d->width * 0.055 : d->em * 1.4;
  double top = d->deck ? d->height * 0.06 : d->em * 1.1;
  double bottom = d->height - (d->deck ? d->height * 0.045 : d->em * 1.0);
  LevRect r;

  if (style->subtitle)
    subtitle = style->subtitle;
  if (!style->transparent)
    {
      lev_draw_role (d, LEV_PALETTE_BACKGROUND, 1);
      cairo_paint (d->cr);
    }

  if (title && *title)
    {
      r = lev_draw_text (d, title, mx, top, 0, 0, d->deck ? 2.0 : 1.35, LEV_TEXT_BOLD, text,
                         d->width - 2 * mx, 0);
      top = r.y + r.height;
    }
  if (subtitle && *subtitle)
    {
      r = lev_draw_text (d, subtitle, mx, top + d->em * 0.2, 0, 0, d->deck ? 1.1 : 1.0, 0, muted,
                         d->width - 2 * mx, 0);
      top = r.y + r.height;
    }
  if (d->deck)
    {
      g_autofree char *source = lev_chart_source_line (d->set, style);
      r = lev_draw_text (d, source, mx, bottom, 0, 1, 0.72, 0, muted, d->width - 2 * mx, 0);
      bottom = r.y - d->em * 0.8;
    }
  top += d->em * (d->deck ? 1.4 : 1.0);
  return (LevRect) { mx, top, MAX (d->width - 2 * mx, 1), MAX (bottom - top, 1) };
}

void
lev_draw_y_axis (LevDraw        *d,
                 const LevTicks *ticks,
                 char          **labels,
                 LevRect        *plot)
{
  double widest = 0, h = 0;
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);

  for (guint i = 0; i < ticks->n; i++)
    {
      double w;
      lev_draw_measure (d, labels[i], 0.85, 0, &w, &h);
      widest = MAX (widest, w);
    }
  plot->x += widest + d->em * 0.6;
  plot->width -= widest + d->em * 0.6;
  /* Half a label's height of room at the top, so the top label is not cut. */
  plot->y += h / 2;
  plot->height -= h / 2;

  cairo_save (d->cr);
  cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
  for (guint i = 0; i < ticks->n; i++)
    {
      double y = lev_ticks_map (ticks, ticks->values[i], plot->y + plot->height, plot->y);

      lev_draw_role (d, ticks->values[i] == 0 ? LEV_PALETTE_AXIS : LEV_PALETTE_GRID, 1);
      cairo_move_to (d->cr, plot->x, y);
      cairo_line_to (d->cr, plot->x + plot->width, y);
      cairo_stroke (d->cr);
      lev_draw_text (d, labels[i], plot->x - d->em * 0.6, y, 1, 0.5, 0.85, 0, muted, -1, 0);
    }
  cairo_restore (d->cr);
  if (d->info)
    {
      d->info->value_axis = *ticks;
      d->info->value_axis_is_x = FALSE;
    }
}

void
lev_draw_x_axis (LevDraw        *d,
                 const LevTicks *ticks,
                 char          **labels,
                 const LevRect  *plot)
{
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  double slot = plot->width / MAX (ticks->n - 1, 1);
  double widest = 0;
  guint every = 1;

  for (guint i = 0; i < ticks->n; i++)
    {
      double w;
      lev_draw_measure (d, labels[i], 0.85, 0, &w, NULL);
      widest = MAX (widest, w);
    }
  /* Skip labels rather than let them collide (the gridlines stay). */
  while (widest + d->em > slot * every && every < ticks->n)
    every++;

  cairo_save (d->cr);
  cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
  for (guint i = 0; i < ticks->n; i++)
    {
      double x = lev_ticks_map (ticks, ticks->values[i], plot->x, plot->x + plot->width);

      lev_draw_role (d, ticks->values[i] == 0 ? LEV_PALETTE_AXIS : LEV_PALETTE_GRID, 1);
      cairo_move_to (d->cr, x, plot->y);
      cairo_line_to (d->cr, x, plot->y + plot->height);
      cairo_stroke (d->cr);
      if (i % every == 0)
        lev_draw_text (d, labels[i], x, plot->y + plot->height + d->em * 0.4, 0.5, 0, 0.85, 0,
                       muted, -1, 0);
    }
  cairo_restore (d->cr);
  if (d->info)
    {
      d->info->value_axis = *ticks;
      d->info->value_axis_is_x = TRUE;
    }
}

static void
legend_symbol (LevDraw              *d,
               const LevLegendEntry *e,
               double                x,
               double                cy,
               double                size)
{
  cairo_save (d->cr);
  lev_draw_color (d, e->color, 1);
  switch (e->kind)
    {
    case 1:
    case 2:
      cairo_set_line_width (d->cr, d->em * 0.16);
      if (e->kind == 2)
        {
          double dash[] = { d->em * 0.3, d->em * 0.2 };
          cairo_set_dash (d->cr, dash, 2, 0);
        }
      cairo_move_to (d->cr, x, cy);
      cairo_line_to (d->cr, x + size * 1.6, cy);
      cairo_stroke (d->cr);
      break;
    case 3:
      lev_draw_color (d, e->color, 0.25);
      cairo_rectangle (d->cr, x, cy - size / 2, size * 1.6, size);
      cairo_fill (d->cr);
      break;
    default:
      cairo_rectangle (d->cr, x, cy - size / 2, size, size);
      cairo_fill (d->cr);
      break;
    }
  cairo_restore (d->cr);
}

double
lev_draw_legend (LevDraw              *d,
                 const LevLegendEntry *entries,
                 guint                 n,
                 double                x,
                 double                y,
                 double                max_width,
                 gboolean              measure_only)
{
  g_autofree double *widths = g_new (double, MAX (n, 1));
  g_autofree double *xs = g_new (double, MAX (n, 1));
  g_autofree guint *rows = g_new (guint, MAX (n, 1));
  double sym = d->em * 0.75, line_h = 0;
  guint n_rows;

  for (guint i = 0; i < n; i++)
    {
      double w, h;
      lev_draw_measure (d, entries[i].label, 0.85, 0, &w, &h);
      widths[i] = (entries[i].kind == 0 ? sym : sym * 1.6) + d->em * 0.4 + w;
      line_h = MAX (line_h, h);
    }
  n_rows = lev_legend_flow (widths, n, d->em * 1.4, max_width, xs, rows);
  line_h *= 1.25;
  if (!measure_only)
    for (guint i = 0; i < n; i++)
      {
        double cy = y + rows[i] * line_h + line_h / 2;
        double tx = x + xs[i] + (entries[i].kind == 0 ? sym : sym * 1.6) + d->em * 0.4;

        legend_symbol (d, &entries[i], x + xs[i], cy, sym);
        lev_draw_text (d, entries[i].label, tx, cy, 0, 0.5, 0.85, 0,
                       lev_draw_role_rgb (d, LEV_PALETTE_TEXT), max_width - (tx - x), 0);
      }
  return n_rows * line_h;
}

void
lev_draw_mark (LevDraw *d,
               double   x,
               double   y,
               double   w,
               double   h,
               LevRgb   color,
               double   value)
{
  LevChartInfo *info = d->info;

  if (info == NULL || info->n_marks >= LEV_CHART_MAX_MARKS)
    return;
  if (w < 0)
    x += w, w = -w;
  if (h < 0)
    y += h, h = -h;
  info->marks[info->n_marks++] = (LevChartMark) { { x, y, w, h }, color, value };
}

double
lev_draw_widest (LevDraw            *d,
                 const char * const *labels,
                 guint               n,
                 double              size)
{
  double widest = 0;

  for (guint i = 0; i < n; i++)
    {
      double w;
      lev_draw_measure (d, labels[i], size, 0, &w, NULL);
      widest = MAX (widest, w);
    }
  return widest;
}

void
lev_draw_category_prepare (LevDraw            *d,
                           const char * const *labels,
                           guint               n,
                           double              slot,
                           double              max_depth,
                           LevCategoryAxis    *out)
{
  g_autofree double *widths = g_new0 (double, MAX (n, 1));
  double h = 0, widest = 0;

  out->size = 0.9;
  for (guint i = 0; i < n; i++)
    {
      lev_draw_measure (d, labels[i], out->size, 0, &widths[i], &h);
      widest = MAX (widest, widths[i]);
    }
  out->mode = lev_labels_choose (widths, n, slot, h, max_depth);
  /* Two lines read better than a slant; only pango can tell whether a
   * label wraps into two lines of the slot's width. */
  if (out->mode != LEV_LABELS_HORIZONTAL && slot > d->em * 3)
    {
      gboolean fits = TRUE;
      for (guint i = 0; i < n && fits; i++)
        {
          PangoRectangle logical;
          set_layout (d, labels[i], out->size, LEV_TEXT_WRAP, slot * 0.92);
          pango_layout_get_extents (d->layout, NULL, &logical);
          fits = pango_layout_get_line_count (d->layout) <= 2 &&
                 logical.width <= slot * 0.92 * PANGO_SCALE;
        }
      if (fits)
        out->mode = LEV_LABELS_WRAPPED;
    }
  switch (out->mode)
    {
    case LEV_LABELS_WRAPPED:
      out->depth = 2 * h + d->em * 0.5;
      break;
    case LEV_LABELS_ROTATED:
      out->depth = (widest + h) * G_SQRT2 / 2 + d->em * 0.5;
      break;
    case LEV_LABELS_HORIZONTAL:
    case LEV_LABELS_ABBREVIATED:
    default:
      out->depth = h + d->em * 0.5;
      break;
    }
}

void
lev_draw_category_labels (LevDraw               *d,
                          const LevCategoryAxis *axis,
                          const char * const    *labels,
                          guint                  n,
                          double                 first_centre,
                          double                 slot,
                          double                 y)
{
  g_autofree LevRect *boxes = g_new0 (LevRect, MAX (n, 1));
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);

  for (guint i = 0; i < n; i++)
    {
      double cx = first_centre + i * slot;

      switch (axis->mode)
        {
        case LEV_LABELS_ROTATED:
          /* Anchored at its end under the slot, running down to the left. */
          lev_draw_text (d, labels[i], cx + d->em * 0.3, y + d->em * 0.3, 1, 0, axis->size, 0,
                         text, -1, -G_PI / 4);
          break;
        case LEV_LABELS_ABBREVIATED:
          boxes[i] = lev_draw_text (d, labels[i], cx, y + d->em * 0.4, 0.5, 0, axis->size, 0,
                                    text, slot * 0.92, 0);
          break;
        case LEV_LABELS_WRAPPED:
          boxes[i] = lev_draw_text (d, labels[i], cx, y + d->em * 0.4, 0.5, 0, axis->size,
                                    LEV_TEXT_WRAP, text, slot * 0.92, 0);
          break;
        case LEV_LABELS_HORIZONTAL:
        default:
          boxes[i] = lev_draw_text (d, labels[i], cx, y + d->em * 0.4, 0.5, 0, axis->size, 0,
                                    text, -1, 0);
          break;
        }
    }
  if (axis->mode != LEV_LABELS_ROTATED)
    lev_draw_check_labels (d, boxes, n);
}

void
lev_draw_note (LevDraw       *d,
               const LevRect *r,
               const char    *text)
{
  lev_draw_text (d, text, r->x + r->width / 2, r->y + r->height / 2, 0.5, 0.5, 1.1, 0,
                 lev_draw_role_rgb (d, LEV_PALETTE_MUTED), r->width, 0);
}

void
lev_draw_check_labels (LevDraw       *d,
                       const LevRect *boxes,
                       guint          n)
{
  if (d->info == NULL)
    return;
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      {
        /* A hair of tolerance: touching boxes do not collide. */
        LevRect a = { boxes[i].x + 0.5, boxes[i].y + 0.5, boxes[i].width - 1, boxes[i].height - 1 };
        if (boxes[i].width > 0 && boxes[j].width > 0 && lev_rect_intersects (&a, &boxes[j]))
          d->info->overlapping_labels++;
      }
}

void
lev_draw_begin (LevDraw             *d,
                cairo_t             *cr,
                const LevChartSet   *set,
                const LevChartStyle *style,
                double               width,
                double               height,
                LevChartInfo        *info)
{
  PangoContext *ctx;
  cairo_font_options_t *options;

  memset (d, 0, sizeof *d);
  if (info)
    memset (info, 0, sizeof *info);
  d->cr = cr;
  d->set = set;
  d->style = style;
  d->info = info;
  d->theme = style->theme;
  d->locale = style->locale == LEV_MONEY_LOCALE_AUTO ? lev_money_locale_detect () : style->locale;
  d->width = MAX (width, 16);
  d->height = MAX (height, 16);
  d->deck = style->kind == LEV_CHART_STYLE_DECK;
  /* Deck type is sized for a 1920×1080 slide and scales with it; screen
   * type stays near the desktop's 13 px however large the widget. */
  if (d->deck)
    d->em = 26 * MIN (d->width / LEV_CHART_DECK_WIDTH, d->height / LEV_CHART_DECK_HEIGHT);
  else
    d->em = 13 * CLAMP (MIN (d->width / LEV_CHART_SCREEN_WIDTH, d->height / LEV_CHART_SCREEN_HEIGHT),
                        0.75, 1.6);

  d->layout = pango_cairo_create_layout (cr);
  ctx = pango_layout_get_context (d->layout);
  /* Unhinted metrics and unrounded positions: the same layout in PNG, SVG
   * and PDF, whatever the device scale. */
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (ctx, options);
  cairo_font_options_destroy (options);
  pango_context_set_round_glyph_positions (ctx, FALSE);
  if (d->locale == LEV_MONEY_LOCALE_CHINESE)
    pango_context_set_language (ctx, pango_language_from_string ("zh-cn"));
  pango_layout_context_changed (d->layout);
  d->font = pango_font_description_from_string (style->font_family ? style->font_family
                                                : d->locale == LEV_MONEY_LOCALE_CHINESE ? CHINESE_FONT
                                                                                        : DEFAULT_FONT);
  cairo_save (cr);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
}

void
lev_draw_end (LevDraw *d)
{
  cairo_restore (d->cr);
  pango_font_description_free (d->font);
  g_object_unref (d->layout);
}

gboolean
lev_chart_draw (cairo_t             *cr,
                const LevChartSet   *set,
                LevChartKind         kind,
                const LevChartStyle *style,
                double               width,
                double               height,
                LevChartInfo        *info)
{
  LevDraw d;
  gboolean has;

  g_return_val_if_fail (cr != NULL && set != NULL && style != NULL, FALSE);
  g_return_val_if_fail ((guint) kind < LEV_N_CHARTS, FALSE);

  lev_draw_begin (&d, cr, set, style, width, height, info);
  has = lev_chart_set_has (set, kind);
  if (!has)
    {
      LevRect body = lev_draw_frame (&d, kind, NULL);
      lev_draw_note (&d, &body, _("No data for this chart yet"));
    }
  else
    switch (kind)
      {
      case LEV_CHART_COST_BY_AREA: lev_chart_draw_cost_by_area (&d, set->cost_by_area); break;
      case LEV_CHART_WATERFALL:    lev_chart_draw_waterfall (&d, set->waterfall); break;
      case LEV_CHART_COMPOSITION:  lev_chart_draw_composition (&d, set->composition); break;
      case LEV_CHART_HISTOGRAM:    lev_chart_draw_histogram (&d, set->histogram); break;
      case LEV_CHART_EXCEEDANCE:   lev_chart_draw_exceedance (&d, set->exceedance); break;
      case LEV_CHART_TORNADO:      lev_chart_draw_tornado (&d, set->tornado); break;
      case LEV_CHART_FAN:          lev_chart_draw_fan (&d, set->fan); break;
      case LEV_CHART_TRAINING:     lev_chart_draw_training (&d, set->training); break;
      case LEV_N_CHARTS:
      default:
        g_assert_not_reached ();
      }
  lev_draw_end (&d);
  return has;
}
