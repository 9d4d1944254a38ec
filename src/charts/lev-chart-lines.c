/* lev-chart-lines.c: the line charts: exceedance curve, cumulative
 * spend fan against funding, training curves. */
#define G_LOG_DOMAIN "lev-chart-lines"
#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "lev-chart-private.h"

static char **
percent_labels (const LevTicks *t)
{
  char **labels = g_new0 (char *, t->n + 1);

  for (guint i = 0; i < t->n; i++)
    labels[i] = g_strdup_printf ("%.0f%%", t->values[i] * 100);
  return labels;
}

/* A probability as people say it, never rounded to certainty. */
static char *
chance (double p)
{
  if (p > 0.995 && p < 1)
    return g_strdup (">99%");
  if (p < 0.005 && p > 0)
    return g_strdup ("<1%");
  return g_strdup_printf ("%.0f%%", p * 100);
}

static void
stroke_line (LevDraw *d,
             LevRgb   color,
             double   width,
             gboolean dashed)
{
  cairo_save (d->cr);
  lev_draw_color (d, color, 1);
  cairo_set_line_width (d->cr, width);
  if (dashed)
    {
      double dash[] = { width * 2.5, width * 1.6 };
      cairo_set_dash (d->cr, dash, 2, 0);
    }
  cairo_stroke (d->cr);
  cairo_restore (d->cr);
}

/* Labels at the right ends of lines, spread vertically so none collide. */
static void
end_labels (LevDraw       *d,
            const char   **texts,
            const double  *ys,
            const LevRgb  *colors,
            guint          n,
            double         x,
            double         lo,
            double         hi)
{
  LevLabelSlot slots[8];
  guint idx[8];
  g_autofree LevRect *boxes = g_new0 (LevRect, n);

  g_assert (n <= 8);
  for (guint i = 0; i < n; i++)
    {
      double h;
      lev_draw_measure (d, texts[i], 0.8, 0, NULL, &h);
      idx[i] = i;
      slots[i] = (LevLabelSlot) { ys[i], h, ys[i] };
    }
  for (guint i = 1; i < n; i++)
    for (guint j = i; j > 0 && slots[idx[j - 1]].want > slots[idx[j]].want; j--)
      {
        guint t = idx[j];
        idx[j] = idx[j - 1];
        idx[j - 1] = t;
      }
  {
    LevLabelSlot sorted[8];
    for (guint i = 0; i < n; i++)
      sorted[i] = slots[idx[i]];
    lev_labels_spread (sorted, n, d->em * 0.2, lo, hi);
    for (guint i = 0; i < n; i++)
      boxes[i] = lev_draw_text (d, texts[idx[i]], x, sorted[i].at, 0, 0.5, 0.8, LEV_TEXT_BOLD,
                                colors[idx[i]], -1, 0);
  }
  lev_draw_check_labels (d, boxes, n);
}

void
lev_chart_draw_exceedance (LevDraw                 *d,
                           const LevExceedanceData *data)
{
  g_autofree char *subtitle = NULL;
  g_auto(GStrv) xl = NULL;
  g_auto(GStrv) yl = NULL;
  LevRect body, plot;
  LevTicks xt, yt;
  double lo = data->x[0], hi = data->x[data->n - 1], p_budget = NAN;
  gboolean has_budget = isfinite (data->budget);
  LevRgb lev = lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED);
  LevRgb warn = lev_draw_role_rgb (d, LEV_PALETTE_WARNING);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);

  if (has_budget)
    {
      /* P(total > budget): the curve is a step function; take the first
       * point at or past the budget. */
      p_budget = data->budget < data->x[0] ? 1 : 0;
      for (guint i = 0; i < data->n; i++)
        if (data->x[i] >= data->budget)
          {
            p_budget = i > 0 ? data->p[i - 1] : data->p[0];
            if (data->x[i] == data->budget)
              p_budget = data->p[i];
            break;
          }
      if (data->has_p_over)
        p_budget = data->p_over;
      lo = MIN (lo, data->budget);
      hi = MAX (hi, data->budget);
      {
        g_autofree char *pct = chance (p_budget);
        /* Translators: e.g. "12% chance that the total exceeds the budget" */
        subtitle = g_strdup_printf (_("%s chance that the total exceeds the budget"), pct);
      }
    }
  else
    subtitle = g_strdup (_("Probability that the leveraged total is higher than each amount"));
  body = lev_draw_frame (d, LEV_CHART_EXCEEDANCE, subtitle);
  plot = body;
  plot.width -= d->em * 9; /* room for the point labels at the right */
  plot.height -= d->em * 2;
  lev_ticks_nice (0, 1, 4, &yt);
  yl = percent_labels (&yt);
  lev_draw_y_axis (d, &yt, yl, &plot);
  lev_ticks_nice (lo, hi, 6, &xt);
  xl = lev_ticks_format_money (&xt, d->set->currency, d->locale);
  lev_draw_x_axis (d, &xt, xl, &plot);

  /* The points are quantiles (every percent, or evenly spaced samples):
   * joined by straight lines, which is the interpolated curve; steps
   * between a hundred points only draw a staircase that is not in the data. */
  for (guint i = 0; i < data->n; i++)
    {
      double x = lev_ticks_map (&xt, data->x[i], plot.x, plot.x + plot.width);
      double y = lev_ticks_map (&yt, data->p[i], plot.y + plot.height, plot.y);
      if (i == 0)
        {
          cairo_move_to (d->cr, lev_ticks_map (&xt, xt.min, plot.x, plot.x + plot.width),
                         lev_ticks_map (&yt, 1, plot.y + plot.height, plot.y));
          cairo_line_to (d->cr, x, lev_ticks_map (&yt, 1, plot.y + plot.height, plot.y));
        }
      cairo_line_to (d->cr, x, y);
      if (i < LEV_CHART_MAX_MARKS)
        lev_draw_mark (d, x - 1, y - 1, 2, 2, lev, data->p[i]);
    }
  cairo_line_to (d->cr, plot.x + plot.width, lev_ticks_map (&yt, data->p[data->n - 1],
                                                            plot.y + plot.height, plot.y));
  stroke_line (d, lev, d->em * 0.16, FALSE);

  /* The 10th/50th/90th percentiles as points on the curve (exceeded with
   * 90%, 50%, 10% probability), and the budget. */
  {
    const double qs[3] = { data->p10, data->p50, data->p90 };
    const double ps[3] = { 0.9, 0.5, 0.1 };
    const char *names[3] = { _("10th percentile"), _("50th percentile"), _("90th percentile") };
    char *texts[4] = { NULL };
    double ys[4];
    LevRgb colors[4];
    guint n = 0;
    double right = plot.x + plot.width + d->em * 0.6;

    for (guint i = 0; i < 3; i++)
      {
        double x = lev_ticks_map (&xt, qs[i], plot.x, plot.x + plot.width);
        double y = lev_ticks_map (&yt, ps[i], plot.y + plot.height, plot.y);
        g_autofree char *v = lev_draw_money (d, qs[i]);
        double dash[] = { d->em * 0.15, d->em * 0.2 };

        cairo_save (d->cr);
        lev_draw_color (d, muted, 0.8);
        cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
        cairo_set_dash (d->cr, dash, 2, 0);
        cairo_move_to (d->cr, x, y);
        cairo_line_to (d->cr, right - d->em * 0.3, y);
        cairo_stroke (d->cr);
        cairo_restore (d->cr);
        lev_draw_color (d, lev, 1);
        cairo_arc (d->cr, x, y, d->em * 0.28, 0, 2 * G_PI);
        cairo_fill (d->cr);
        texts[n] = g_strdup_printf ("%s %s", names[i], v);
        ys[n] = y;
        colors[n] = muted;
        n++;
      }
    if (has_budget)
      {
        double x = lev_ticks_map (&xt, data->budget, plot.x, plot.x + plot.width);
        double y = lev_ticks_map (&yt, p_budget, plot.y + plot.height, plot.y);
        g_autofree char *v = lev_draw_money (d, data->budget);

        double dash[] = { d->em * 0.15, d->em * 0.2 };

        cairo_move_to (d->cr, x, plot.y + plot.height);
        cairo_line_to (d->cr, x, plot.y);
        stroke_line (d, warn, d->em * 0.12, FALSE);
        /* A guide from the crossing to its label at the right. */
        cairo_save (d->cr);
        lev_draw_color (d, warn, 0.8);
        cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
        cairo_set_dash (d->cr, dash, 2, 0);
        cairo_move_to (d->cr, x, y);
        cairo_line_to (d->cr, right - d->em * 0.3, y);
        cairo_stroke (d->cr);
        cairo_restore (d->cr);
        lev_draw_color (d, warn, 1);
        cairo_arc (d->cr, x, y, d->em * 0.32, 0, 2 * G_PI);
        cairo_fill (d->cr);
        /* The amount at the end of the line away from the curve: near the
         * top the curve is high when the budget is low. */
        if (p_budget > 0.5)
          lev_draw_text (d, v, x + d->em * 0.3, plot.y + plot.height - d->em * 0.3, 0, 1, 0.8,
                         LEV_TEXT_BOLD, warn, -1, 0);
        else
          lev_draw_text (d, v, x + d->em * 0.3, plot.y, 0, 0, 0.8, LEV_TEXT_BOLD, warn, -1, 0);
        {
          g_autofree char *pct = chance (p_budget);
          texts[n] = g_strdup_printf (_("%s over budget"), pct);
        }
        ys[n] = y;
        colors[n] = warn;
        n++;
      }
    end_labels (d, (const char **) texts, ys, colors, n, right, plot.y, plot.y + plot.height);
    for (guint i = 0; i < n; i++)
      g_free (texts[i]);
  }
  if (d->info)
    {
      d->info->plot = plot;
      d->info->value_axis = xt;
      d->info->value_axis_is_x = TRUE;
    }
}

void
lev_chart_draw_fan (LevDraw          *d,
                    const LevFanData *data)
{
  g_autofree char *subtitle = NULL;
  g_auto(GStrv) yl = NULL;
  LevLegendEntry legend[3];
  guint n_legend = 0;
  LevRect body, plot;
  LevTicks yt;
  double hi = 0, lh, label_w, step;
  guint n = data->n_months, every = 1;
  gboolean has_funding = isfinite (data->funding);
  gboolean funding_on_scale;
  LevRgb lev = lev_draw_role_rgb (d, LEV_PALETTE_LEVERAGED);
  LevRgb warn = lev_draw_role_rgb (d, LEV_PALETTE_WARNING);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);

  for (guint m = 0; m < n; m++)
    hi = MAX (hi, MAX (data->p90[m], data->p50[m]));
  /* Scaled to the spend; funding far above it is marked, not drawn. */
  funding_on_scale = has_funding && lev_axis_line_on_scale (0, hi, data->funding);
  if (funding_on_scale)
    hi = MAX (hi, data->funding);
  if (data->runway_month >= 0)
    {
      g_autofree char *month = lev_draw_month_label (data->start, data->runway_month);
      /* Translators: fan chart subtitle; %u is a month count, %s a month like 2027-08 */
      subtitle = g_strdup_printf (_("Spending passes the funding in month %u (%s)"),
                                  data->runway_month + 1, month);
    }
  else if (has_funding)
    {
      g_autofree char *left = lev_draw_money (d, data->funding - data->p50[n - 1]);
      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The funding lasts all %u month, %s left at the end",
                                               "The funding lasts all %u months, %s left at the end", n),
                                  n, left);
    }
  body = lev_draw_frame (d, LEV_CHART_FAN, subtitle);

  if (!data->deterministic)
    legend[n_legend++] = (LevLegendEntry) { _("10th–90th percentile"), lev, 3 };
  legend[n_legend++] = (LevLegendEntry) { data->deterministic ? _("Cumulative spend")
                                                              : _("Median cumulative spend"), lev, 1 };
  if (has_funding)
    legend[n_legend++] = (LevLegendEntry) { _("Funding"), text, 2 };
  lh = lev_draw_legend (d, legend, n_legend, body.x, body.y, body.width, FALSE);
  plot = body;
  plot.y += lh + d->em * 1.2;
  plot.height -= lh + d->em * 1.2;

  lev_ticks_nice (0, hi * 1.04, 5, &yt);
  yl = lev_ticks_format_money (&yt, d->set->currency, d->locale);
  plot.height -= d->em * 2;
  plot.width -= d->em * 1;
  lev_draw_y_axis (d, &yt, yl, &plot);

  /* Month m's cumulative spend is drawn at the end of month m. */
  step = plot.width / MAX (n, 1);
#define MX(m) (plot.x + step * ((m) + 1))
#define MY(v) lev_ticks_map (&yt, (v), plot.y + plot.height, plot.y)
  {
    g_autofree char *sample = lev_draw_month_label (data->start, 0);
    lev_draw_measure (d, sample, 0.85, 0, &label_w, NULL);
    {
      static const guint steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          every = steps[i];
          if (step * every >= label_w + d->em)
            break;
        }
    }
    for (guint m = every - 1; m < n; m += every)
      {
        g_autofree char *label = lev_draw_month_label (data->start, m);
        cairo_save (d->cr);
        lev_draw_role (d, LEV_PALETTE_GRID, 1);
        cairo_set_line_width (d->cr, MAX (1, d->em * 0.06));
        cairo_move_to (d->cr, MX (m), plot.y + plot.height);
        cairo_line_to (d->cr, MX (m), plot.y + plot.height + d->em * 0.3);
        cairo_stroke (d->cr);
        cairo_restore (d->cr);
        lev_draw_text (d, label, MX (m), plot.y + plot.height + d->em * 0.4, 0.5, 0, 0.85, 0,
                       muted, -1, 0);
      }
  }

  /* Band, from spend 0 at the plan's start. */
  if (!data->deterministic)
    {
      cairo_move_to (d->cr, plot.x, MY (0));
      for (guint m = 0; m < n; m++)
        cairo_line_to (d->cr, MX (m), MY (data->p90[m]));
      for (guint m = n; m-- > 0;)
        cairo_line_to (d->cr, MX (m), MY (data->p10[m]));
      cairo_close_path (d->cr);
      lev_draw_color (d, lev, 0.22);
      cairo_fill (d->cr);
    }
  cairo_move_to (d->cr, plot.x, MY (0));
  for (guint m = 0; m < n; m++)
    {
      cairo_line_to (d->cr, MX (m), MY (data->p50[m]));
      if (m < LEV_CHART_MAX_MARKS)
        lev_draw_mark (d, MX (m) - 1, MY (data->p50[m]) - 1, 2, 2, lev, data->p50[m]);
    }
  stroke_line (d, lev, d->em * 0.18, FALSE);

  if (has_funding && !funding_on_scale)
    {
      /* An arrow up from the top right corner, with the value. */
      g_autofree char *v = lev_draw_money (d, data->funding);
      g_autofree char *label = g_strdup_printf (_("Funding %s"), v);
      double ax = plot.x + plot.width - d->em * 0.4, ay = plot.y;

      cairo_move_to (d->cr, ax, ay + d->em * 1.6);
      cairo_line_to (d->cr, ax, ay + d->em * 0.2);
      stroke_line (d, text, d->em * 0.12, FALSE);
      cairo_move_to (d->cr, ax, ay);
      cairo_line_to (d->cr, ax - d->em * 0.35, ay + d->em * 0.5);
      cairo_line_to (d->cr, ax + d->em * 0.35, ay + d->em * 0.5);
      cairo_close_path (d->cr);
      lev_draw_color (d, text, 1);
      cairo_fill (d->cr);
      lev_draw_text (d, label, ax - d->em * 0.6, ay + d->em * 0.1, 1, 0, 0.85, LEV_TEXT_BOLD, text, -1, 0);
    }
  else if (has_funding)
    {
      g_autofree char *v = lev_draw_money (d, data->funding);
      g_autofree char *label = g_strdup_printf (_("Funding %s"), v);
      cairo_move_to (d->cr, plot.x, MY (data->funding));
      cairo_line_to (d->cr, plot.x + plot.width, MY (data->funding));
      stroke_line (d, text, d->em * 0.1, TRUE);
      lev_draw_text (d, label, plot.x + d->em * 0.4, MY (data->funding) - d->em * 0.2, 0, 1, 0.85,
                     LEV_TEXT_BOLD, text, -1, 0);
    }
  if (data->runway_month >= 0 && (guint) data->runway_month < n)
    {
      double x = MX (data->runway_month);
      g_autofree char *month = lev_draw_month_label (data->start, data->runway_month);
      g_autofree char *label = g_strdup_printf (_("Runway ends %s"), month);
      double w;

      cairo_move_to (d->cr, x, plot.y + plot.height);
      cairo_line_to (d->cr, x, plot.y);
      stroke_line (d, warn, d->em * 0.12, FALSE);
      lev_draw_measure (d, label, 0.85, LEV_TEXT_BOLD, &w, NULL);
      /* On the side of the line with room for it. */
      if (x + d->em * 0.4 + w <= plot.x + plot.width)
        lev_draw_text (d, label, x + d->em * 0.4, plot.y, 0, 0, 0.85, LEV_TEXT_BOLD, warn, -1, 0);
      else
        lev_draw_text (d, label, x - d->em * 0.4, plot.y, 1, 0, 0.85, LEV_TEXT_BOLD, warn, -1, 0);
    }
#undef MX
#undef MY
  if (d->info)
    d->info->plot = plot;
}

static void
training_panel (LevDraw                 *d,
                LevRect                  plot,
                const char              *title,
                const LevTrainingCurves *data,
                const double            *train,
                const double            *val,
                gboolean                 is_fraction,
                gboolean                 record)
{
  guint n = data->n_points;
  double x_first = lev_training_curves_x (data, 0), x_last = lev_training_curves_x (data, n - 1);
  /* From epoch 0 when the first epoch is still under way. */
  double x_lo = x_first < 1 ? 0 : 1, x_hi = MAX (ceil (x_last), 2);
  LevTicks xt, yt;
  g_auto(GStrv) xl = NULL;
  g_auto(GStrv) yl = NULL;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  LevRgb ct = lev_draw_role_rgb (d, LEV_PALETTE_TRAIN);
  LevRgb cv = lev_draw_role_rgb (d, LEV_PALETTE_VALIDATION);
  const char *texts[2];
  double ys[2];
  LevRgb colors[2];
  guint n_end = 0;
  char *owned[2] = { NULL };
  LevRect title_box;

  title_box = lev_draw_text (d, title, plot.x, plot.y, 0, 0, 1.0, LEV_TEXT_BOLD,
                             lev_draw_role_rgb (d, LEV_PALETTE_TEXT), plot.width, 0);
  plot.y += title_box.height + d->em * 0.8;
  plot.height -= title_box.height + d->em * 0.8 + d->em * 2;
  plot.width -= d->em * 5;

  for (guint i = 0; i < n; i++)
    {
      if (isfinite (train[i]))
        lo = MIN (lo, train[i]), hi = MAX (hi, train[i]);
      if (val && isfinite (val[i]))
        lo = MIN (lo, val[i]), hi = MAX (hi, val[i]);
    }
  if (lo > hi)
    lo = 0, hi = 1;
  if (is_fraction)
    lev_ticks_nice (MIN (lo, MAX (0, floor (lo * 10) / 10)), MAX (hi, MIN (1, ceil (hi * 10) / 10)), 5, &yt);
  else
    lev_ticks_nice (MIN (0, lo), hi, 5, &yt);
  if (is_fraction)
    yl = percent_labels (&yt);
  else
    {
      yl = g_new0 (char *, yt.n + 1);
      for (guint i = 0; i < yt.n; i++)
        yl[i] = g_strdup_printf ("%.*f", yt.step < 0.1 ? 2 : 1, yt.values[i]);
    }
  lev_draw_y_axis (d, &yt, yl, &plot);
  lev_ticks_nice (x_lo, x_hi, 6, &xt);
  if (xt.step < 1)
    lev_ticks_nice (x_lo, x_hi + 4, 6, &xt);
  xl = g_new0 (char *, xt.n + 1);
  for (guint i = 0; i < xt.n; i++)
    xl[i] = g_strdup_printf ("%.0f", xt.values[i]);
  lev_draw_x_axis (d, &xt, xl, &plot);
  lev_draw_text (d, _("Epoch"), plot.x + plot.width, plot.y + plot.height + d->em * 1.6, 1, 0, 0.8, 0,
                 lev_draw_role_rgb (d, LEV_PALETTE_MUTED), -1, 0);

  for (int series = 0; series < 2; series++)
    {
      const double *v = series == 0 ? train : val;
      gboolean started = FALSE;
      double last = NAN;

      if (v == NULL)
        continue;
      for (guint i = 0; i < n; i++)
        {
          double xe = lev_training_curves_x (data, i), x, y;
          if (!isfinite (v[i]))
            {
              /* A value missing from an epoch breaks the line; validation
               * is simply not measured within one. */
              if (xe == floor (xe))
                started = FALSE;
              continue;
            }
          x = lev_ticks_map (&xt, xe, plot.x, plot.x + plot.width);
          y = lev_ticks_map (&yt, v[i], plot.y + plot.height, plot.y);
          if (!started)
            cairo_move_to (d->cr, x, y);
          else
            cairo_line_to (d->cr, x, y);
          started = TRUE;
          last = v[i];
          if (record)
            lev_draw_mark (d, x - 1, y - 1, 2, 2, series == 0 ? ct : cv, v[i]);
        }
      stroke_line (d, series == 0 ? ct : cv, d->em * 0.16, series == 1);
      if (isfinite (last))
        {
          owned[n_end] = is_fraction ? g_strdup_printf ("%.1f%%", last * 100)
                                     : g_strdup_printf ("%.3f", last);
          texts[n_end] = owned[n_end];
          ys[n_end] = lev_ticks_map (&yt, last, plot.y + plot.height, plot.y);
          colors[n_end] = series == 0 ? ct : cv;
          n_end++;
        }
    }
  end_labels (d, texts, ys, colors, n_end, plot.x + plot.width + d->em * 0.5, plot.y,
              plot.y + plot.height);
  g_free (owned[0]);
  g_free (owned[1]);
  if (record && d->info)
    {
      d->info->plot = plot;
      d->info->value_axis = yt;
      d->info->value_axis_is_x = FALSE;
    }
}

void
lev_chart_draw_training (LevDraw                 *d,
                         const LevTrainingCurves *data)
{
  g_autofree char *subtitle = NULL;
  LevLegendEntry legend[2];
  LevRect body;
  double lh, gap;
  guint last = data->n_points - 1;
  gboolean whole = FALSE;
  gboolean has_metric = data->train_metric != NULL || data->val_metric != NULL;
  const char *metric = data->metric_label ? data->metric_label : _("Accuracy");

  /* The subtitle speaks of the last whole epoch. */
  for (guint i = data->n_points; i-- > 0 && !whole;)
    {
      double x = lev_training_curves_x (data, i);
      if (x == floor (x))
        {
          last = i;
          whole = TRUE;
        }
    }
  if (whole && data->val_loss && isfinite (data->val_loss[last]))
    {
      if (has_metric && data->val_metric && isfinite (data->val_metric[last]))
        {
          g_autofree char *lower = g_utf8_strdown (metric, -1);
          /* Translators: e.g. "10 epochs · validation loss 0.3412 · validation accuracy 86.5%" */
          subtitle = g_strdup_printf (_("%u epochs · validation loss %.4f · validation %s %.1f%%"),
                                      (guint) lev_training_curves_x (data, last), data->val_loss[last], lower,
                                      data->val_metric[last] * 100);
        }
      else
        subtitle = g_strdup_printf (_("%u epochs · validation loss %.4f"),
                                    (guint) lev_training_curves_x (data, last), data->val_loss[last]);
    }
  body = lev_draw_frame (d, LEV_CHART_TRAINING, subtitle);
  legend[0] = (LevLegendEntry) { _("Training"), lev_draw_role_rgb (d, LEV_PALETTE_TRAIN), 1 };
  legend[1] = (LevLegendEntry) { _("Validation"), lev_draw_role_rgb (d, LEV_PALETTE_VALIDATION), 2 };
  lh = lev_draw_legend (d, legend, 2, body.x, body.y, body.width, FALSE);
  body.y += lh + d->em;
  body.height -= lh + d->em;
  gap = d->em * 3;
  if (has_metric)
    {
      LevRect left = { body.x, body.y, (body.width - gap) / 2, body.height };
      LevRect right = { body.x + (body.width + gap) / 2, body.y, (body.width - gap) / 2, body.height };
      LevChartInfo saved = { 0 };

      training_panel (d, left, _("Loss"), data, data->train_loss, data->val_loss, FALSE, TRUE);
      /* The info describes the loss panel; the metric panel's axes must
       * not overwrite it. */
      if (d->info)
        saved = *d->info;
      training_panel (d, right, metric, data, data->train_metric ? data->train_metric : data->val_metric,
                      data->train_metric ? data->val_metric : NULL, TRUE, FALSE);
      if (d->info)
        {
          d->info->plot = saved.plot;
          d->info->value_axis = saved.value_axis;
          d->info->value_axis_is_x = saved.value_axis_is_x;
        }
    }
  else
    training_panel (d, body, _("Loss"), data, data->train_loss, data->val_loss, FALSE, TRUE);
}
