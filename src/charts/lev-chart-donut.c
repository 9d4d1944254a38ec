/* lev-chart-donut.c: the leveraged cost's composition by channel, a
 * donut with the total in the centre and a table-like legend beside it
 * (name, amount, share), which never collides however thin a slice. */
#define G_LOG_DOMAIN "lev-chart-donut"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "lev-chart-private.h"

void
lev_chart_draw_composition (LevDraw                  *d,
                            const LevCompositionData *data)
{
  g_autofree char *subtitle = NULL;
  g_autofree LevRect *boxes = g_new0 (LevRect, 3 * data->n + 2);
  LevRect body;
  double sum = 0, cx, cy, r, inner, angle = -G_PI / 2, row_h, size = 0.95;
  double table_x, table_w, name_w = 0, value_w = 0, pct_w = 0, line_h;
  guint n_boxes = 0, shown;
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);

  for (guint i = 0; i < data->n; i++)
    sum += data->slices[i].value;
  {
    const char *top = data->n > 0 ? lev_channel_label (data->slices[0].channel) : "";
    g_autofree char *pct = lev_share_text (sum > 0 ? data->slices[0].value / sum : 0);
    /* Translators: donut subtitle, e.g. "Hiring is the largest share: 62%" */
    subtitle = data->netted
      ? g_strdup_printf (_("%s is the largest share: %s (subsidies netted against what they cover)"), top, pct)
      : g_strdup_printf (_("%s is the largest share: %s"), top, pct);
  }
  body = lev_draw_frame (d, LEV_CHART_COMPOSITION, subtitle);

  r = MIN (body.height, body.width * 0.5) / 2 * 0.96;
  inner = r * 0.6;
  cx = body.x + r + body.width * 0.02;
  cy = body.y + body.height / 2;

  for (guint i = 0; i < data->n; i++)
    {
      double sweep = sum > 0 ? data->slices[i].value / sum * 2 * G_PI : 0;
      LevRgb c = lev_palette_channel (data->slices[i].channel, d->theme);
      double mid = angle + sweep / 2;

      /* A thin gap of even width between slices, cut from the geometry
       * (not painted in the background colour, which would show on a
       * transparent slide): half the gap off each end, as an angle at
       * each radius. */
      {
        double half = data->n > 1 ? MAX (0.5, d->em * 0.05) : 0;
        double a_out = MIN (half / r, sweep / 2), a_in = MIN (half / inner, sweep / 2);

        cairo_new_path (d->cr);
        cairo_arc (d->cr, cx, cy, r, angle + a_out, angle + sweep - a_out);
        cairo_arc_negative (d->cr, cx, cy, inner, angle + sweep - a_in, angle + a_in);
        cairo_close_path (d->cr);
        lev_draw_color (d, c, 1);
        cairo_fill (d->cr);
      }
      /* The mark is a small square in the middle of the slice's ring. */
      if (sweep > 0.05)
        lev_draw_mark (d, cx + cos (mid) * (r + inner) / 2 - 2, cy + sin (mid) * (r + inner) / 2 - 2,
                       4, 4, c, data->slices[i].value);
      /* Share on the ring where the slice has room for it. */
      if (sweep > 0.35)
        {
          g_autofree char *pct = lev_share_text (data->slices[i].value / sum);
          LevRgb on = lev_rgb_contrast (c, (LevRgb) { 1, 1, 1 }) >= 3.0 ? (LevRgb) { 1, 1, 1 }
                                                                          : (LevRgb) { 0.1, 0.1, 0.12 };
          lev_draw_text (d, pct, cx + cos (mid) * (r + inner) / 2, cy + sin (mid) * (r + inner) / 2,
                         0.5, 0.5, 0.85, LEV_TEXT_BOLD, on, -1, 0);
        }
      angle += sweep;
    }

  /* The total in the centre. */
  {
    g_autofree char *total = lev_draw_money (d, data->total);
    double w, h, s = 2.0;
    lev_draw_measure (d, total, s, LEV_TEXT_BOLD, &w, &h);
    if (w > inner * 1.6)
      s *= inner * 1.6 / w;
    boxes[n_boxes++] = lev_draw_text (d, total, cx, cy + d->em * 0.3, 0.5, 1, s, LEV_TEXT_BOLD,
                                      text, -1, 0);
    boxes[n_boxes++] = lev_draw_text (d, _("leveraged total"), cx, cy + d->em * 0.4, 0.5, 0, 0.85,
                                      0, muted, inner * 1.7, 0);
  }

  /* The table: as many rows as fit (fourteen channels fit at any size
   * the styles allow). */
  table_x = cx + r + body.width * 0.06;
  table_w = body.x + body.width - table_x;
  lev_draw_measure (d, "Ag", size, 0, NULL, &line_h);
  row_h = line_h * 1.55;
  shown = (guint) MIN (data->n, MAX (1, floor (body.height / row_h)));
  for (guint i = 0; i < shown; i++)
    {
      g_autofree char *v = lev_draw_money (d, data->slices[i].value);
      double w;
      lev_draw_measure (d, lev_channel_label (data->slices[i].channel), size, 0, &w, NULL);
      name_w = MAX (name_w, w);
      lev_draw_measure (d, v, size, LEV_TEXT_BOLD, &w, NULL);
      value_w = MAX (value_w, w);
    }
  lev_draw_measure (d, "100%", size, 0, &pct_w, NULL);
  name_w = MIN (name_w, table_w - value_w - pct_w - d->em * 4.5);
  {
    double y0 = cy - shown * row_h / 2;
    for (guint i = 0; i < shown; i++)
      {
        const LevSlice *s = &data->slices[i];
        double y = y0 + row_h * (i + 0.5);
        double x = table_x;
        g_autofree char *v = lev_draw_money (d, s->value);
        g_autofree char *pct = lev_share_text (sum > 0 ? s->value / sum : 0);

        lev_draw_color (d, lev_palette_channel (s->channel, d->theme), 1);
        cairo_rectangle (d->cr, x, y - d->em * 0.4, d->em * 0.8, d->em * 0.8);
        cairo_fill (d->cr);
        x += d->em * 1.4;
        boxes[n_boxes++] = lev_draw_text (d, lev_channel_label (s->channel), x, y, 0, 0.5, size, 0,
                                          text, name_w, 0);
        x += name_w + d->em * 1.5 + value_w;
        boxes[n_boxes++] = lev_draw_text (d, v, x, y, 1, 0.5, size, LEV_TEXT_BOLD, text, -1, 0);
        x += d->em * 1.2 + pct_w;
        boxes[n_boxes++] = lev_draw_text (d, pct, x, y, 1, 0.5, size, 0, muted, -1, 0);
      }
  }
  lev_draw_check_labels (d, boxes, n_boxes);
  if (d->info)
    d->info->plot = (LevRect) { cx - r, cy - r, 2 * r, 2 * r };
}
