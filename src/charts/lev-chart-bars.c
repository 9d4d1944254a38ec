/* lev-chart-bars.c: the bar charts: cost by area, the savings
 * waterfall, the tornado and the Monte Carlo histogram. */
#define G_LOG_DOMAIN "lev-chart-bars"
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include "lev-chart-private.h"

static char *
percent (double fraction)
{
  if (!isfinite (fraction))
    return g_strdup ("—");
  /* Never round a chance to certainty: 99.97% is not 100%. */
  if (fraction > 0.995 && fraction < 1)
    return g_strdup (">99%");
  if (fraction < 0.005 && fraction > 0)
    return g_strdup ("<1%");
  if (fabs (fraction) < 0.1 && fraction != 0)
    return g_strdup_printf ("%.1f%%", fraction * 100);
  return g_strdup_printf ("%.0f%%", fraction * 100);
}

static void
fill_bar (LevDraw *d,
          double   x,
          double   y0,
          double   y1,
          double   w,
          LevRgb   color,
          double   value)
{
  lev_draw_color (d, color, 1);
  cairo_rectangle (d->cr, x, MIN (y0, y1), w, fabs (y1 - y0));
  cairo_fill (d->cr);
  lev_draw_mark (d, x, MIN (y0, y1), w, fabs (y1 - y0), color, value);
}

/* The baseline is what was not done: a pale bar with an outline, so it
 * never reads as one of the channels' solid colours. */
static void
outline_bar (LevDraw *d,
             double   x,
             double   y0,
             double   y1,
             double   w)
{
  double lw = MAX (1, d->em * 0.07);

  if (fabs (y1 - y0) < lw)
    return;
  cairo_save (d->cr);
  lev_draw_role (d, LEV_PALETTE_AXIS, 1);
  cairo_set_line_width (d->cr, lw);
  cairo_rectangle (d->cr, x + lw / 2, MIN (y0, y1) + lw / 2, w - lw, fabs (y1 - y0) - lw);
  cairo_stroke (d->cr);
  cairo_restore (d->cr);
}

void
lev_chart_draw_cost_by_area (LevDraw                 *d,
                             const LevCostByAreaData *data)
{
  LevLegendEntry legend[LEV_N_CHANNELS + 2];
  gboolean used[LEV_N_CHANNELS] = { FALSE };
  gboolean stacked = FALSE;
  guint n_legend = 0;
  double hi = 0, lo = 0, baseline = 0, leveraged = 0;
  g_autofree char *subtitle = NULL;
  g_auto(GStrv) tick_labels = NULL;
  g_autofree const char **cats = g_new0 (const char *, data->n + 1);
  LevCategoryAxis cat;
  LevTicks ticks;
  LevRect body, plot;
  double slot, bar_w, top_pad;
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  g_autofree LevRect *value_boxes = g_new0 (LevRect, 3 * data->n);
  guint n_boxes = 0;

  for (guint i = 0; i < data->n; i++)
    {
      const LevAreaBar *b = &data->bars[i];
      hi = MAX (hi, MAX (b->baseline, b->leveraged));
      lo = MIN (lo, MIN (b->baseline, b->leveraged));
      baseline += b->baseline;
      leveraged += b->leveraged;
      cats[i] = b->label;
      if (b->stacked)
        {
          stacked = TRUE;
          for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
            used[ch] |= b->channel[ch] > 0.5;
        }
    }
  {
    g_autofree char *save = lev_draw_money (d, fabs (baseline - leveraged));
    g_autofree char *base = lev_draw_money (d, baseline);
    g_autofree char *pct = percent (baseline > 0 ? fabs (baseline - leveraged) / baseline : NAN);
    if (leveraged <= baseline)
      /* Translators: chart subtitle, e.g. "Social channels save ¥1.5M (10%) of a ¥14.5M baseline" */
      subtitle = g_strdup_printf (_("Social channels save %s (%s) of a %s baseline"), save, pct, base);
    else
      /* Translators: chart subtitle when the channels cost more, e.g. "Social channels cost ¥1.5M (10%) more than a ¥14.5M baseline" */
      subtitle = g_strdup_printf (_("Social channels cost %s (%s) more than a %s baseline"), save, pct, base);
  }
  body = lev_draw_frame (d, LEV_CHART_COST_BY_AREA, subtitle);

  legend[n_legend++] = (LevLegendEntry) { _("Baseline (self-provided)"),
                                          lev_draw_role_rgb (d, LEV_PALETTE_BASELINE), 0 };
  if (stacked)
    {
      for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
        if (used[ch])
          legend[n_legend++] = (LevLegendEntry) { lev_channel_label (ch),
                                                  lev_palette_channel (ch, d->theme), 0 };
    }
  else
    legend[n_legend++] = (LevLegendEntry) { _("Leveraged"),
                                            lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED), 0 };
  {
    double lh = lev_draw_legend (d, legend, n_legend, body.x, body.y, body.width, FALSE);
    plot = body;
    plot.y += lh + d->em * 0.8;
    plot.height -= lh + d->em * 0.8;
  }

  /* Room above the tallest pair for its value and savings labels. */
  lev_ticks_nice (lo, hi, d->deck ? 5 : 5, &ticks);
  tick_labels = lev_ticks_format_money (&ticks, d->set->currency, d->locale);
  {
    double yw = lev_draw_widest (d, (const char * const *) tick_labels, ticks.n, 0.85) + d->em * 0.6;
    slot = (plot.width - yw) / MAX (data->n, 1);
    lev_draw_category_prepare (d, cats, data->n, slot, plot.height * 0.3, &cat);
  }
  plot.height -= cat.depth;
  top_pad = d->em * 3.2;
  plot.y += top_pad;
  plot.height -= top_pad;
  lev_draw_y_axis (d, &ticks, tick_labels, &plot);
  slot = plot.width / MAX (data->n, 1);
  bar_w = MIN (slot * 0.3, d->em * 7);

  for (guint i = 0; i < data->n; i++)
    {
      const LevAreaBar *b = &data->bars[i];
      double cx = plot.x + slot * (i + 0.5);
      double y0 = lev_ticks_map (&ticks, 0, plot.y + plot.height, plot.y);
      double xb = cx - bar_w - bar_w * 0.06, xl = cx + bar_w * 0.06;
      double yb = lev_ticks_map (&ticks, b->baseline, plot.y + plot.height, plot.y);
      double yl = lev_ticks_map (&ticks, b->leveraged, plot.y + plot.height, plot.y);
      double saving = b->baseline - b->leveraged;

      fill_bar (d, xb, y0, yb, bar_w, lev_draw_role_rgb (d, LEV_PALETTE_BASELINE), b->baseline);
      outline_bar (d, xb, y0, yb, bar_w);
      if (b->stacked)
        {
          double acc = 0;
          for (guint ch = 0; ch < LEV_N_CHANNELS; ch++)
            if (b->channel[ch] > 0.5)
              {
                double ya = lev_ticks_map (&ticks, acc, plot.y + plot.height, plot.y);
                double yz = lev_ticks_map (&ticks, acc + b->channel[ch], plot.y + plot.height, plot.y);
                fill_bar (d, xl, ya, yz, bar_w, lev_palette_channel (ch, d->theme), b->channel[ch]);
                acc += b->channel[ch];
              }
        }
      else
        fill_bar (d, xl, y0, yl, bar_w, lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED), b->leveraged);

      /* Values over each bar, and the saving over the pair. */
      {
        g_autofree char *vb = lev_draw_money (d, b->baseline);
        g_autofree char *vl = lev_draw_money (d, b->leveraged);
        double top = MIN (MIN (yb, yl), y0);

        value_boxes[n_boxes++] = lev_draw_text (d, vb, xb + bar_w / 2, MIN (yb, y0) - d->em * 0.25,
                                                0.5, 1, 0.8, 0, muted, bar_w * 1.1, 0);
        value_boxes[n_boxes++] = lev_draw_text (d, vl, xl + bar_w / 2, MIN (yl, y0) - d->em * 0.25,
                                                0.5, 1, 0.8, 0, muted, bar_w * 1.1, 0);
        if (fabs (saving) >= 0.5)
          {
            g_autofree char *sv = lev_draw_money (d, fabs (saving));
            g_autofree char *pct = percent (b->baseline > 0 ? saving / b->baseline : NAN);
            g_autofree char *label = saving > 0 ? g_strdup_printf ("−%s (−%s)", sv, pct)
                                                : g_strdup_printf ("+%s", sv);
            value_boxes[n_boxes++] = lev_draw_text (d, label, cx, top - d->em * 1.6, 0.5, 1, 0.9,
                                                    LEV_TEXT_BOLD,
                                                    saving > 0 ? text
                                                               : lev_draw_role_rgb (d, LEV_PALETTE_WARNING),
                                                    slot * 0.95, 0);
          }
      }
    }
  lev_draw_check_labels (d, value_boxes, n_boxes);
  lev_draw_category_labels (d, &cat, cats, data->n, plot.x + slot / 2, slot, plot.y + plot.height);
  if (d->info)
    d->info->plot = plot;
}

void
lev_chart_draw_waterfall (LevDraw                *d,
                          const LevWaterfallData *data)
{
  guint n = data->n + 2;
  g_autofree const char **cats = g_new0 (const char *, n + 1);
  g_autofree double *from = g_new0 (double, n);
  g_autofree double *to = g_new0 (double, n);
  g_autofree LevRect *boxes = g_new0 (LevRect, n);
  g_auto(GStrv) tick_labels = NULL;
  g_autofree char *subtitle = NULL;
  double lo = 0, hi = 0, run, slot, bar_w, y_zero;
  gboolean broken;
  LevCategoryAxis cat;
  LevTicks ticks;
  LevRect body, plot;
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);

  cats[0] = _("Baseline");
  from[0] = 0;
  to[0] = data->baseline;
  run = data->baseline;
  for (guint i = 0; i < data->n; i++)
    {
      cats[i + 1] = lev_channel_label (data->steps[i].channel);
      from[i + 1] = run;
      run -= data->steps[i].saving;
      to[i + 1] = run;
    }
  cats[n - 1] = _("Leveraged");
  from[n - 1] = 0;
  to[n - 1] = data->leveraged;
  for (guint i = 0; i < n; i++)
    {
      lo = MIN (lo, MIN (from[i], to[i]));
      hi = MAX (hi, MAX (from[i], to[i]));
    }
  {
    g_autofree char *save = lev_draw_money (d, fabs (data->baseline - data->leveraged));
    g_autofree char *base = lev_draw_money (d, data->baseline);
    g_autofree char *lev = lev_draw_money (d, data->leveraged);
    if (data->leveraged <= data->baseline)
      /* Translators: waterfall subtitle, e.g. "¥14.5M → ¥13M: ¥1.5M saved through 2 channels" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s → %s: %s saved through %u channel",
                                               "%s → %s: %s saved through %u channels", data->n),
                                  base, lev, save, data->n);
    else
      /* Translators: waterfall subtitle when the channels cost more, e.g. "¥13M → ¥14.5M: ¥1.5M more through 2 channels" */
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s → %s: %s more through %u channel",
                                               "%s → %s: %s more through %u channels", data->n),
                                  base, lev, save, data->n);
  }
  body = lev_draw_frame (d, LEV_CHART_WATERFALL, subtitle);
  plot = body;
  /* Savings of a few percent would be slivers on an axis from zero:
   * then the axis starts near the lowest running total, and the two
   * total bars carry a break mark to say so. */
  {
    double lowest = hi;
    for (guint i = 0; i < n; i++)
      lowest = MIN (lowest, i == 0 || i == n - 1 ? to[i] : MIN (from[i], to[i]));
    broken = lo >= 0 && lowest > 0.6 * hi;
    if (broken)
      lo = MAX (0, lowest - (hi - lowest) * 0.8);
  }
  lev_ticks_nice (lo, hi, 5, &ticks);
  tick_labels = lev_ticks_format_money (&ticks, d->set->currency, d->locale);
  {
    double yw = lev_draw_widest (d, (const char * const *) tick_labels, ticks.n, 0.85) + d->em * 0.6;
    slot = (plot.width - yw) / n;
    lev_draw_category_prepare (d, cats, n, slot, plot.height * 0.35, &cat);
  }
  plot.height -= cat.depth;
  plot.y += d->em * 1.6;
  plot.height -= d->em * 1.6;
  lev_draw_y_axis (d, &ticks, tick_labels, &plot);
  slot = plot.width / n;
  bar_w = MIN (slot * 0.62, d->em * 9);
  y_zero = lev_ticks_map (&ticks, MAX (0, ticks.min), plot.y + plot.height, plot.y);

  for (guint i = 0; i < n; i++)
    {
      double cx = plot.x + slot * (i + 0.5);
      double y0 = lev_ticks_map (&ticks, MAX (from[i], ticks.min), plot.y + plot.height, plot.y);
      double y1 = lev_ticks_map (&ticks, to[i], plot.y + plot.height, plot.y);
      gboolean total = i == 0 || i == n - 1;
      LevRgb color = i == 0 ? lev_draw_role_rgb (d, LEV_PALETTE_BASELINE)
                   : i == n - 1 ? lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED)
                   : lev_palette_channel (data->steps[i - 1].channel, d->theme);
      double value = total ? to[i] : from[i] - to[i];
      g_autofree char *label = NULL;

      /* A step of a fraction of a pixel still shows as a hairline. */
      if (fabs (y1 - y0) < 1)
        y1 = y0 + (to[i] <= from[i] ? 1 : -1);
      fill_bar (d, cx - bar_w / 2, y0, y1, bar_w, color, value);
      if (i == 0)
        outline_bar (d, cx - bar_w / 2, y0, y1, bar_w);
      /* The break mark: a gap across the bar near the axis. */
      if (broken && total)
        {
          double yb = y0 - MIN (d->em * 1.2, fabs (y1 - y0) / 4), h = d->em * 0.35, lw = d->em * 0.25;
          cairo_save (d->cr);
          lev_draw_role (d, LEV_PALETTE_BACKGROUND, 1);
          cairo_move_to (d->cr, cx - bar_w / 2 - lw, yb + h / 2);
          cairo_line_to (d->cr, cx + bar_w / 2 + lw, yb - h / 2);
          cairo_set_line_width (d->cr, lw);
          cairo_stroke (d->cr);
          cairo_restore (d->cr);
        }

      /* Connector from this bar's end to the next bar's start. */
      if (i + 1 < n)
        {
          double dash[] = { d->em * 0.2, d->em * 0.2 };
          cairo_save (d->cr);
          lev_draw_role (d, LEV_PALETTE_AXIS, 1);
          cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
          cairo_set_dash (d->cr, dash, 2, 0);
          cairo_move_to (d->cr, cx + bar_w / 2, y1);
          cairo_line_to (d->cr, cx + slot - bar_w / 2, y1);
          cairo_stroke (d->cr);
          cairo_restore (d->cr);
        }

      if (total)
        label = lev_draw_money (d, to[i]);
      else
        {
          g_autofree char *v = lev_draw_money (d, fabs (value));
          label = g_strdup_printf ("%s%s", value > 0 ? "−" : "+", v);
        }
      boxes[i] = lev_draw_text (d, label, cx, MIN (MIN (y0, y1), y_zero) - d->em * 0.3, 0.5, 1,
                                total ? 0.9 : 0.85, total ? LEV_TEXT_BOLD : 0,
                                total ? lev_draw_role_rgb (d, LEV_PALETTE_TEXT) : muted,
                                slot * 0.98, 0);
    }
  lev_draw_check_labels (d, boxes, n);
  lev_draw_category_labels (d, &cat, cats, n, plot.x + slot / 2, slot, plot.y + plot.height);
  if (d->info)
    d->info->plot = plot;
}

typedef struct {
  guint  index;
  double swing;
} SwingOrder;

static int
cmp_swing (const void *a,
           const void *b)
{
  const SwingOrder *x = a, *y = b;
  if (x->swing != y->swing)
    return (x->swing < y->swing) - (x->swing > y->swing);
  return (x->index > y->index) - (x->index < y->index);
}

void
lev_chart_draw_tornado (LevDraw              *d,
                        const LevTornadoData *data)
{
  g_autofree SwingOrder *order = g_new0 (SwingOrder, data->n);
  g_autofree const char **names = g_new0 (const char *, data->n + 1);
  g_autofree LevRect *boxes = g_new0 (LevRect, 2 * data->n);
  g_auto(GStrv) tick_labels = NULL;
  g_autofree char *subtitle = NULL;
  LevLegendEntry legend[2];
  LevRect body, plot;
  LevTicks ticks;
  double lo = data->base, hi = data->base, row, name_w, lh, bar_h, line_h;
  guint shown;
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  guint n_boxes = 0;

  for (guint i = 0; i < data->n; i++)
    {
      order[i] = (SwingOrder) { i, fabs (data->bars[i].high - data->bars[i].low) };
      lo = MIN (lo, MIN (data->bars[i].low, data->bars[i].high));
      hi = MAX (hi, MAX (data->bars[i].low, data->bars[i].high));
    }
  qsort (order, data->n, sizeof (SwingOrder), cmp_swing);
  {
    g_autofree char *base = lev_draw_money (d, data->base);
    /* Translators: tornado subtitle; %s is the total with every input at its median */
    subtitle = g_strdup_printf (_("Swing of the leveraged total around %s as each input moves "
                                  "from its 10th to its 90th percentile"), base);
  }
  body = lev_draw_frame (d, LEV_CHART_TORNADO, subtitle);
  legend[0] = (LevLegendEntry) { _("Input at its 10th percentile"), lev_draw_role_rgb (d, LEV_PALETTE_LOW), 0 };
  legend[1] = (LevLegendEntry) { _("Input at its 90th percentile"), lev_draw_role_rgb (d, LEV_PALETTE_HIGH), 0 };
  lh = lev_draw_legend (d, legend, 2, body.x, body.y, body.width, FALSE);
  plot = body;
  plot.y += lh + d->em * 0.8;
  plot.height -= lh + d->em * 0.8;

  lev_draw_measure (d, "Ag", 0.9, 0, NULL, &line_h);
  /* As many bars as fit at a readable height, largest swings first. */
  plot.height -= line_h + d->em * 0.6; /* x axis labels */
  shown = (guint) MIN (data->n, MAX (1, floor (plot.height / (line_h * 1.5))));
  row = plot.height / MAX (shown, 1);
  bar_h = MIN (row * 0.62, d->em * 2.2);

  for (guint k = 0; k < shown; k++)
    names[k] = data->bars[order[k].index].label;
  name_w = MIN (lev_draw_widest (d, names, shown, 0.9), body.width * 0.34);
  plot.x += name_w + d->em;
  plot.width -= name_w + d->em;
  /* Room for the value labels at both ends. */
  plot.x += d->em * 4;
  plot.width -= d->em * 8;

  lev_ticks_nice (lo, hi, 5, &ticks);
  tick_labels = lev_ticks_format_money (&ticks, d->set->currency, d->locale);
  lev_draw_x_axis (d, &ticks, tick_labels, &plot);

  for (guint k = 0; k < shown; k++)
    {
      const LevTornadoBar *b = &data->bars[order[k].index];
      double cy = plot.y + row * (k + 0.5);
      double xb = lev_ticks_map (&ticks, data->base, plot.x, plot.x + plot.width);
      double xlo = lev_ticks_map (&ticks, b->low, plot.x, plot.x + plot.width);
      double xhi = lev_ticks_map (&ticks, b->high, plot.x, plot.x + plot.width);
      g_autofree char *vlo = lev_draw_money (d, b->low);
      g_autofree char *vhi = lev_draw_money (d, b->high);
      LevRgb clo = lev_draw_role_rgb (d, LEV_PALETTE_LOW), chi = lev_draw_role_rgb (d, LEV_PALETTE_HIGH);

      lev_draw_color (d, clo, 1);
      cairo_rectangle (d->cr, MIN (xb, xlo), cy - bar_h / 2, fabs (xlo - xb), bar_h);
      cairo_fill (d->cr);
      lev_draw_mark (d, MIN (xb, xlo), cy - bar_h / 2, fabs (xlo - xb), bar_h, clo, b->low);
      lev_draw_color (d, chi, 1);
      cairo_rectangle (d->cr, MIN (xb, xhi), cy - bar_h / 2, fabs (xhi - xb), bar_h);
      cairo_fill (d->cr);
      lev_draw_mark (d, MIN (xb, xhi), cy - bar_h / 2, fabs (xhi - xb), bar_h, chi, b->high);

      lev_draw_text (d, b->label, body.x + name_w, cy, 1, 0.5, 0.9, 0, text, name_w, 0);
      /* Each value sits beyond its own bar end; the lower one on the left. */
      {
        gboolean low_left = b->low <= b->high;
        double xl = MIN (MIN (xlo, xhi), xb), xr = MAX (MAX (xlo, xhi), xb);
        boxes[n_boxes++] = lev_draw_text (d, low_left ? vlo : vhi, xl - d->em * 0.4, cy, 1, 0.5,
                                          0.8, 0, muted, -1, 0);
        boxes[n_boxes++] = lev_draw_text (d, low_left ? vhi : vlo, xr + d->em * 0.4, cy, 0, 0.5,
                                          0.8, 0, muted, -1, 0);
      }
    }
  /* The median line over the bars. */
  {
    double xb = lev_ticks_map (&ticks, data->base, plot.x, plot.x + plot.width);
    cairo_save (d->cr);
    lev_draw_role (d, LEV_PALETTE_TEXT, 1);
    cairo_set_line_width (d->cr, MAX (1, d->em * 0.08));
    cairo_move_to (d->cr, xb, plot.y);
    cairo_line_to (d->cr, xb, plot.y + plot.height);
    cairo_stroke (d->cr);
    cairo_restore (d->cr);
  }
  lev_draw_check_labels (d, boxes, n_boxes);
  if (d->info)
    d->info->plot = plot;
}

void
lev_chart_draw_histogram (LevDraw                *d,
                          const LevHistogramData *data)
{
  g_autofree char *subtitle = NULL;
  g_auto(GStrv) tick_labels = NULL;
  LevRect body, plot;
  LevTicks ticks, yt;
  double lo = data->edges[0], hi = data->edges[data->n_bins], max_share = 0, total = 0;
  gboolean has_budget = isfinite (data->budget);
  gboolean budget_on_scale;
  LevRgb lev = lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED);
  LevRgb warn = lev_draw_role_rgb (d, LEV_PALETTE_WARNING);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  LevLabelSlot slots[4];
  const char *slot_text[4];
  char *owned[4] = { NULL };
  double slot_x[4];
  LevRgb slot_color[4];
  guint n_slots = 0;
  double label_h = 0;

  for (guint b = 0; b < data->n_bins; b++)
    total += data->counts[b];
  for (guint b = 0; b < data->n_bins; b++)
    max_share = MAX (max_share, total > 0 ? data->counts[b] / total : 0);
  /* Scaled to the outcomes; a budget far from them is marked at the
   * edge with an arrow, not drawn where it would squeeze the bars. */
  budget_on_scale = has_budget && lev_axis_line_on_scale (lo, hi, data->budget);
  if (budget_on_scale)
    {
      lo = MIN (lo, data->budget);
      hi = MAX (hi, data->budget);
    }
  {
    g_autofree char *p50 = lev_draw_money (d, data->p50);
    if (has_budget && isfinite (data->p_within))
      {
        g_autofree char *pct = percent (data->p_within);
        g_autofree char *budget = lev_draw_money (d, data->budget);
        /* Translators: histogram subtitle, e.g. "Median ¥13.1M · 72% chance of staying within the ¥15M budget" */
        subtitle = g_strdup_printf (_("Median %s · %s chance of staying within the %s budget"),
                                    p50, pct, budget);
      }
    else if (data->label != NULL)
      /* Translators: histogram subtitle for one output, e.g. "Talent · median ¥11.3M" */
      subtitle = g_strdup_printf (_("%s · median %s"), data->label, p50);
    else
      subtitle = g_strdup_printf (_("Median %s"), p50);
  }
  body = lev_draw_frame (d, LEV_CHART_HISTOGRAM, subtitle);
  plot = body;

  /* Percentile and budget labels along the top, spread so none collide. */
  {
    const double qs[3] = { data->p10, data->p50, data->p90 };
    const char *names[3] = { _("10th percentile"), _("50th percentile"), _("90th percentile") };
    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *v = lev_draw_money (d, qs[i]);
        owned[n_slots] = g_strdup_printf ("%s\n%s", names[i], v);
        slot_text[n_slots] = owned[n_slots];
        slot_x[n_slots] = qs[i];
        slot_color[n_slots] = muted;
        n_slots++;
      }
    if (has_budget)
      {
        g_autofree char *v = lev_draw_money (d, data->budget);
        g_autofree char *pct = isfinite (data->p_within) ? percent (data->p_within) : NULL;
        g_autofree char *label = pct ? g_strdup_printf (_("Budget %s\n%s within"), v, pct)
                                     : g_strdup_printf (_("Budget %s"), v);
        /* Off the scale: an arrow says which way it lies. */
        owned[n_slots] = budget_on_scale ? g_steal_pointer (&label)
                         : data->budget > hi ? g_strconcat (label, " →", NULL)
                                             : g_strconcat ("← ", label, NULL);
        slot_text[n_slots] = owned[n_slots];
        slot_x[n_slots] = data->budget;
        slot_color[n_slots] = warn;
        n_slots++;
      }
    for (guint i = 0; i < n_slots; i++)
      {
        double w, h;
        lev_draw_measure (d, slot_text[i], 0.8, 0, &w, &h);
        slots[i].size = w;
        label_h = MAX (label_h, h);
      }
  }
  plot.y += label_h + d->em * 0.8;
  plot.height -= label_h + d->em * 0.8;
  /* Percent-of-samples axis on the left, money along the bottom. */
  lev_ticks_nice (0, max_share, 4, &yt);
  {
    g_auto(GStrv) ylabels = g_new0 (char *, yt.n + 1);
    /* As many decimals as the step needs: 2%, 4% … or 0.5%, 1.0% … */
    int decimals = (int) MAX (0, ceil (-log10 (yt.step * 100) - 1e-9));
    for (guint i = 0; i < yt.n; i++)
      ylabels[i] = g_strdup_printf ("%.*f%%", decimals, yt.values[i] * 100);
    plot.height -= label_h / 2 + d->em * 1.2;
    lev_draw_y_axis (d, &yt, ylabels, &plot);
  }
  lev_ticks_nice (lo, hi, 6, &ticks);
  tick_labels = lev_ticks_format_money (&ticks, d->set->currency, d->locale);
  lev_draw_x_axis (d, &ticks, tick_labels, &plot);

  for (guint b = 0; b < data->n_bins; b++)
    {
      double x0 = lev_ticks_map (&ticks, data->edges[b], plot.x, plot.x + plot.width);
      double x1 = lev_ticks_map (&ticks, data->edges[b + 1], plot.x, plot.x + plot.width);
      double share = total > 0 ? data->counts[b] / total : 0;
      double y = lev_ticks_map (&yt, share, plot.y + plot.height, plot.y);
      double gap = (x1 - x0) > 4 ? MIN ((x1 - x0) * 0.12, d->em * 0.15) : 0;
      /* Bins past the budget in the warning colour: the part of the risk
       * that breaks the plan. */
      LevRgb c = has_budget && data->edges[b] >= data->budget ? warn : lev;

      lev_draw_color (d, c, 0.85);
      cairo_rectangle (d->cr, x0 + gap / 2, y, MAX (x1 - x0 - gap, 0.5), plot.y + plot.height - y);
      cairo_fill (d->cr);
      if (d->info && d->info->n_marks < LEV_CHART_MAX_MARKS)
        lev_draw_mark (d, x0 + gap / 2, y, MAX (x1 - x0 - gap, 0.5), plot.y + plot.height - y, c, share);
    }

  for (guint i = 0; i < n_slots; i++)
    slots[i].want = slot_x[i] = lev_ticks_map (&ticks, CLAMP (slot_x[i], ticks.min, ticks.max),
                                               plot.x, plot.x + plot.width);
  /* Sort by position for spreading; four at most, so insertion sort. */
  {
    guint idx[4] = { 0, 1, 2, 3 };
    LevLabelSlot sorted[4];
    g_autofree LevRect *boxes = g_new0 (LevRect, n_slots);

    for (guint i = 1; i < n_slots; i++)
      for (guint j = i; j > 0 && slots[idx[j - 1]].want > slots[idx[j]].want; j--)
        {
          guint t = idx[j];
          idx[j] = idx[j - 1];
          idx[j - 1] = t;
        }
    for (guint i = 0; i < n_slots; i++)
      sorted[i] = slots[idx[i]];
    lev_labels_spread (sorted, n_slots, d->em * 0.8, body.x, body.x + body.width);
    for (guint i = 0; i < n_slots; i++)
      {
        guint k = idx[i];
        gboolean budget = has_budget && k == n_slots - 1;
        double label_y = plot.y - d->em * 0.4;
        double dash[] = { d->em * 0.3, d->em * 0.25 };

        cairo_save (d->cr);
        lev_draw_color (d, budget ? warn : text, budget ? 1 : 0.7);
        cairo_set_line_width (d->cr, budget ? d->em * 0.14 : MAX (1, d->em * 0.08));
        if (!budget)
          cairo_set_dash (d->cr, dash, 2, 0);
        if (!budget || budget_on_scale)
          {
            cairo_move_to (d->cr, slot_x[k], plot.y + plot.height);
            cairo_line_to (d->cr, slot_x[k], plot.y);
            /* A leader to the label where spreading moved it. */
            cairo_line_to (d->cr, sorted[i].at, label_y);
            cairo_stroke (d->cr);
          }
        cairo_restore (d->cr);
        boxes[i] = lev_draw_text (d, slot_text[k], sorted[i].at, label_y, 0.5, 1, 0.8,
                                  budget ? LEV_TEXT_BOLD : 0, slot_color[k], -1, 0);
      }
    lev_draw_check_labels (d, boxes, n_slots);
  }
  for (guint i = 0; i < n_slots; i++)
    g_free (owned[i]);
  if (d->info)
    {
      d->info->plot = plot;
      d->info->value_axis = ticks;
      d->info->value_axis_is_x = TRUE;
    }
}
