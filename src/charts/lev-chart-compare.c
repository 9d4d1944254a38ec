/* lev-chart-compare.c: the comparison charts and their adapter from a
 * LevComparison. Each plan keeps one colour in every chart, and the
 * legend names the plans in the order given. */
#define G_LOG_DOMAIN "lev-chart-compare"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "lev-chart-compare.h"
#include "lev-chart-private.h"

static const struct {
  const char *id;
  const char *title;
} kinds[LEV_N_COMPARE_CHARTS] = {
  { "areas", N_("Cost by area, plan by plan") },
  { "exceedance", N_("Chance each plan costs more than an amount") },
  { "difference", N_("Difference in leveraged total, same futures") },
  { "fan", N_("Cumulative spend of each plan against funding") },
};

const char *
lev_compare_chart_kind_to_id (LevCompareChartKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_COMPARE_CHARTS, NULL);
  return kinds[kind].id;
}

gboolean
lev_compare_chart_kind_from_id (const char          *id,
                                LevCompareChartKind *out)
{
  for (guint k = 0; k < LEV_N_COMPARE_CHARTS; k++)
    if (g_strcmp0 (id, kinds[k].id) == 0)
      {
        *out = k;
        return TRUE;
      }
  return FALSE;
}

const char *
lev_compare_chart_kind_title (LevCompareChartKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_COMPARE_CHARTS, NULL);
  return _(kinds[kind].title);
}

LevRgb
lev_compare_plan_color (guint    index,
                        LevTheme theme)
{
  /* Okabe–Ito blue, orange, bluish green, reddish purple: told apart by
   * colour-blind readers; lighter on a dark background. */
  static const LevRgb light[4] = {
    { 0.000, 0.447, 0.698 }, { 0.902, 0.624, 0.000 },
    { 0.000, 0.620, 0.451 }, { 0.800, 0.475, 0.655 },
  };
  static const LevRgb dark[4] = {
    { 0.337, 0.706, 0.914 }, { 0.941, 0.706, 0.235 },
    { 0.157, 0.784, 0.588 }, { 0.863, 0.588, 0.745 },
  };

  index %= 4;
  return theme == LEV_THEME_DARK ? dark[index] : light[index];
}

/* ------------------------------------------------------------------ */
/* Data. */

LevCompareChartData *
lev_compare_chart_data_new (const LevComparison *c,
                            const char          *start)
{
  LevCompareChartData *data;
  const LevComparePair *pair;
  const LevOutputStats *d;
  GString *title;

  g_return_val_if_fail (c != NULL && c->n_plans >= 2, NULL);
  data = g_new0 (LevCompareChartData, 1);
  title = g_string_new (NULL);
  data->currency = c->currency;
  data->n_samples = c->n_samples;
  data->start = g_strdup (start);
  data->n_plans = c->n_plans;
  for (guint p = 0; p < c->n_plans; p++)
    {
      const LevComparePlan *pl = &c->plans[p];
      LevCompareChartPlan *cp = &data->plans[p];

      cp->name = g_strdup (pl->snapshot->name);
      /* Translators: joins plan names in a chart's source line, "Plan A vs Plan B" */
      g_string_append_printf (title, "%s%s", p ? _(" vs ") : "", cp->name);
      memcpy (cp->area, pl->area_mean, sizeof cp->area);
      memcpy (cp->cdf, pl->leveraged.cdf, sizeof cp->cdf);
      cp->p50 = pl->leveraged.percentiles[LEV_P50];
      cp->budget = pl->budget;
      cp->p_within = pl->p_within_budget;
      cp->n_months = pl->n_months;
      cp->p10 = g_new (double, MAX (pl->n_months, 1));
      cp->p50m = g_new (double, MAX (pl->n_months, 1));
      cp->p90 = g_new (double, MAX (pl->n_months, 1));
      for (guint m = 0; m < pl->n_months; m++)
        {
          cp->p10[m] = pl->months[m].p10;
          cp->p50m[m] = pl->months[m].p50;
          cp->p90[m] = pl->months[m].p90;
        }
    }
  data->title = g_string_free (title, FALSE);

  pair = lev_comparison_get_pair (c, 0, 1);
  d = &pair->difference;
  data->a = 0;
  data->b = 1;
  data->n_bins = MAX (d->n_bins, 1);
  data->edges = g_new (double, data->n_bins + 1);
  data->counts = g_new0 (double, data->n_bins);
  for (guint i = 0; i <= data->n_bins; i++)
    data->edges[i] = d->hist_lo + i * d->hist_width;
  for (guint i = 0; i < d->n_bins && d->hist_counts; i++)
    data->counts[i] = (double) d->hist_counts[i];
  data->mean = d->mean;
  data->p10 = d->percentiles[LEV_P10];
  data->p50 = d->percentiles[LEV_P50];
  data->p90 = d->percentiles[LEV_P90];
  data->p_a_cheaper = pair->p_a_cheaper;
  return data;
}

void
lev_compare_chart_data_free (LevCompareChartData *data)
{
  if (data == NULL)
    return;
  for (guint p = 0; p < data->n_plans; p++)
    {
      g_free (data->plans[p].name);
      g_free (data->plans[p].p10);
      g_free (data->plans[p].p50m);
      g_free (data->plans[p].p90);
    }
  g_free (data->title);
  g_free (data->start);
  g_free (data->edges);
  g_free (data->counts);
  g_free (data);
}

/* ------------------------------------------------------------------ */
/* Drawing helpers. */

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
stroke (LevDraw *d, LevRgb color, double width, gboolean dashed)
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

static double
plan_legend (LevDraw *d, const LevCompareChartData *data, const LevRect *body, int kind)
{
  LevLegendEntry legend[LEV_COMPARE_MAX_PLANS];

  for (guint p = 0; p < data->n_plans; p++)
    legend[p] = (LevLegendEntry) { data->plans[p].name, lev_compare_plan_color (p, d->theme), kind };
  return lev_draw_legend (d, legend, data->n_plans, body->x, body->y, body->width, FALSE);
}

static gboolean
same_budget (const LevCompareChartData *data)
{
  for (guint p = 1; p < data->n_plans; p++)
    if (data->plans[p].budget != data->plans[0].budget)
      return FALSE;
  return TRUE;
}

static char **
percent_labels (const LevTicks *t)
{
  char **labels = g_new0 (char *, t->n + 1);

  for (guint i = 0; i < t->n; i++)
    labels[i] = g_strdup_printf ("%.0f%%", t->values[i] * 100);
  return labels;
}

/* ------------------------------------------------------------------ */
/* Cost by area, grouped: one group per area, one bar per plan. */

static void
draw_areas (LevDraw *d, const LevCompareChartData *data)
{
  const char *cats[LEV_N_AREAS];
  g_auto(GStrv) tick_labels = NULL;
  g_autofree char *subtitle = NULL;
  LevCategoryAxis cat;
  LevTicks ticks;
  LevRect body, plot;
  double hi = 0, slot, bar_w, lh;
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  guint cheapest = 0;

  for (guint p = 0; p < data->n_plans; p++)
    {
      if (data->plans[p].p50 < data->plans[cheapest].p50)
        cheapest = p;
      for (guint a = 0; a < LEV_N_AREAS; a++)
        hi = MAX (hi, data->plans[p].area[a]);
    }
  {
    g_autofree char *v = lev_draw_money (d, data->plans[cheapest].p50);
    /* Translators: comparison chart subtitle, e.g. "Lowest median total: Partner plan, ¥13.2M" */
    subtitle = g_strdup_printf (_("Mean cost of each area · lowest median total: %s, %s"),
                                data->plans[cheapest].name, v);
  }
  body = lev_draw_frame (d, LEV_CHART_COST_BY_AREA, subtitle);
  lh = plan_legend (d, data, &body, 0);
  plot = body;
  plot.y += lh + d->em * 0.8;
  plot.height -= lh + d->em * 0.8;

  for (guint a = 0; a < LEV_N_AREAS; a++)
    cats[a] = lev_area_kind_label (a);
  lev_ticks_nice (0, hi * 1.05, 5, &ticks);
  tick_labels = lev_ticks_format_money (&ticks, d->set->currency, d->locale);
  {
    double yw = lev_draw_widest (d, (const char * const *) tick_labels, ticks.n, 0.85) + d->em * 0.6;
    slot = (plot.width - yw) / LEV_N_AREAS;
    lev_draw_category_prepare (d, cats, LEV_N_AREAS, slot, plot.height * 0.3, &cat);
  }
  plot.height -= cat.depth + d->em * 1.6;
  plot.y += d->em * 1.6;
  lev_draw_y_axis (d, &ticks, tick_labels, &plot);
  slot = plot.width / LEV_N_AREAS;
  bar_w = MIN (slot * 0.8 / data->n_plans, d->em * 6);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      double cx = plot.x + slot * (a + 0.5);
      double x0 = cx - bar_w * data->n_plans / 2;
      double y0 = lev_ticks_map (&ticks, 0, plot.y + plot.height, plot.y);

      for (guint p = 0; p < data->n_plans; p++)
        {
          double v = data->plans[p].area[a];
          double y = lev_ticks_map (&ticks, v, plot.y + plot.height, plot.y);
          double x = x0 + p * bar_w;
          LevRgb c = lev_compare_plan_color (p, d->theme);
          g_autofree char *label = lev_draw_money (d, v);

          lev_draw_color (d, c, 1);
          cairo_rectangle (d->cr, x + bar_w * 0.05, y, bar_w * 0.9, y0 - y);
          cairo_fill (d->cr);
          lev_draw_mark (d, x + bar_w * 0.05, y, bar_w * 0.9, y0 - y, c, v);
          /* Values only where they fit over their bar. */
          if (bar_w >= d->em * 2.6)
            lev_draw_text (d, label, x + bar_w / 2, y - d->em * 0.2, 0.5, 1, 0.7, 0, muted,
                           bar_w * 1.05, 0);
        }
    }
  lev_draw_category_labels (d, &cat, cats, LEV_N_AREAS, plot.x + slot / 2, slot,
                            plot.y + plot.height);
  if (d->info)
    d->info->plot = plot;
}

/* ------------------------------------------------------------------ */
/* Exceedance curves, overlaid. */

static void
draw_exceedance (LevDraw *d, const LevCompareChartData *data)
{
  g_auto(GStrv) xl = NULL;
  g_auto(GStrv) yl = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  LevTicks xt, yt;
  LevRect body, plot;
  double lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE, lh;
  LevRgb warn = lev_draw_role_rgb (d, LEV_PALETTE_WARNING);
  gboolean one_budget = same_budget (data);

  for (guint p = 0; p < data->n_plans; p++)
    {
      const LevCompareChartPlan *pl = &data->plans[p];
      g_autofree char *pct = chance (1 - pl->p_within);

      lo = MIN (lo, pl->cdf[0]);
      hi = MAX (hi, pl->cdf[LEV_CDF_POINTS - 1]);
      if (isfinite (pl->budget))
        {
          lo = MIN (lo, pl->budget);
          hi = MAX (hi, pl->budget);
        }
      /* Translators: one plan's part of a subtitle, "Plan A: 12% over budget" */
      g_string_append_printf (subtitle, _("%s%s: %s over budget"), p ? " · " : "", pl->name, pct);
    }
  body = lev_draw_frame (d, LEV_CHART_EXCEEDANCE, subtitle->str);
  lh = plan_legend (d, data, &body, 1);
  plot = body;
  plot.y += lh + d->em * 0.8;
  plot.height -= lh + d->em * 0.8 + d->em * 2;
  lev_ticks_nice (0, 1, 4, &yt);
  yl = percent_labels (&yt);
  lev_draw_y_axis (d, &yt, yl, &plot);
  lev_ticks_nice (lo, hi, 6, &xt);
  xl = lev_ticks_format_money (&xt, d->set->currency, d->locale);
  lev_draw_x_axis (d, &xt, xl, &plot);

#define X(v) lev_ticks_map (&xt, (v), plot.x, plot.x + plot.width)
#define Y(v) lev_ticks_map (&yt, (v), plot.y + plot.height, plot.y)
  for (guint p = 0; p < data->n_plans; p++)
    {
      const LevCompareChartPlan *pl = &data->plans[p];
      LevRgb c = lev_compare_plan_color (p, d->theme);

      if (isfinite (pl->budget) && (!one_budget || p == 0))
        {
          g_autofree char *v = lev_draw_money (d, pl->budget);
          /* Translators: the budget line of a comparison chart, "Budget ¥20M" */
          g_autofree char *label = g_strdup_printf (_("Budget %s"), v);

          cairo_move_to (d->cr, X (pl->budget), plot.y + plot.height);
          cairo_line_to (d->cr, X (pl->budget), plot.y);
          stroke (d, one_budget ? warn : c, d->em * 0.1, TRUE);
          lev_draw_text (d, label, X (pl->budget) + d->em * 0.3, plot.y + p * d->em * 1.2, 0, 0,
                         0.8, LEV_TEXT_BOLD, one_budget ? warn : c, -1, 0);
        }
      cairo_move_to (d->cr, plot.x, Y (1));
      cairo_line_to (d->cr, X (pl->cdf[0]), Y (1));
      for (guint i = 0; i < LEV_CDF_POINTS; i++)
        cairo_line_to (d->cr, X (pl->cdf[i]), Y (1.0 - i / 100.0));
      cairo_line_to (d->cr, plot.x + plot.width, Y (0));
      stroke (d, c, d->em * 0.16, FALSE);
      /* The median, marked on each curve. */
      lev_draw_color (d, c, 1);
      cairo_arc (d->cr, X (pl->p50), Y (0.5), d->em * 0.28, 0, 2 * G_PI);
      cairo_fill (d->cr);
      lev_draw_mark (d, X (pl->p50) - 1, Y (0.5) - 1, 2, 2, c, pl->p50);
    }
#undef X
#undef Y
  if (d->info)
    {
      d->info->plot = plot;
      d->info->value_axis = xt;
      d->info->value_axis_is_x = TRUE;
    }
}

/* ------------------------------------------------------------------ */
/* The paired difference B − A. */

static void
draw_difference (LevDraw *d, const LevCompareChartData *data)
{
  const LevCompareChartPlan *pa = &data->plans[data->a], *pb = &data->plans[data->b];
  LevRgb ca = lev_compare_plan_color (data->a, d->theme);
  LevRgb cb = lev_compare_plan_color (data->b, d->theme);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  g_auto(GStrv) xl = NULL;
  g_auto(GStrv) yl = NULL;
  g_autofree char *subtitle = NULL, *pct = chance (data->p_a_cheaper);
  LevLegendEntry legend[2];
  LevTicks xt, yt;
  LevRect body, plot;
  double lo = data->edges[0], hi = data->edges[data->n_bins], top = 0, lh;
  gboolean flat = !(hi > lo);

  for (guint i = 0; i < data->n_bins; i++)
    top = MAX (top, data->counts[i]);
  /* Translators: e.g. "Partner plan costs less than Own plan in 83% of the same futures" */
  subtitle = g_strdup_printf (_("%s costs less than %s in %s of the same futures"),
                              pa->name, pb->name, pct);
  body = lev_draw_frame (d, LEV_CHART_HISTOGRAM, subtitle);
  {
    g_autofree char *la = g_strdup_printf (_("%s costs less"), pa->name);
    g_autofree char *lb = g_strdup_printf (_("%s costs less"), pb->name);

    legend[0] = (LevLegendEntry) { la, ca, 0 };
    legend[1] = (LevLegendEntry) { lb, cb, 0 };
    lh = lev_draw_legend (d, legend, 2, body.x, body.y, body.width, FALSE);
  }
  plot = body;
  plot.y += lh + d->em * 0.8;
  plot.height -= lh + d->em * 0.8 + d->em * 2;
  plot.y += d->em * 1.4;
  plot.height -= d->em * 1.4;

  /* Zero always on the axis: it is where the plans cost the same. */
  lo = MIN (lo, 0);
  hi = MAX (hi, 0);
  if (flat && lo == hi)
    {
      lo = -1;
      hi = 1;
    }
  lev_ticks_nice (0, top > 0 ? top : 1, 4, &yt);
  yl = g_new0 (char *, yt.n + 1);
  for (guint i = 0; i < yt.n; i++)
    yl[i] = g_strdup_printf ("%.1f%%", 100.0 * yt.values[i] / MAX ((double) data->n_samples, 1));
  lev_draw_y_axis (d, &yt, yl, &plot);
  lev_ticks_nice (lo, hi, 6, &xt);
  xl = lev_ticks_format_money (&xt, d->set->currency, d->locale);
  lev_draw_x_axis (d, &xt, xl, &plot);

#define X(v) lev_ticks_map (&xt, (v), plot.x, plot.x + plot.width)
#define Y(v) lev_ticks_map (&yt, (v), plot.y + plot.height, plot.y)
  for (guint i = 0; i < data->n_bins; i++)
    {
      double x0 = X (data->edges[i]), x1 = X (data->edges[i + 1]);
      double mid = (data->edges[i] + data->edges[i + 1]) / 2;
      /* B − A > 0: A costs less there. */
      LevRgb c = mid > 0 ? ca : mid < 0 ? cb : muted;

      if (flat)
        {
          x0 = X (data->edges[0]) - d->em * 0.4;
          x1 = X (data->edges[0]) + d->em * 0.4;
        }
      lev_draw_color (d, c, 0.9);
      cairo_rectangle (d->cr, x0, Y (data->counts[i]), MAX (x1 - x0, 1), Y (0) - Y (data->counts[i]));
      cairo_fill (d->cr);
      if (i < LEV_CHART_MAX_MARKS - 4)
        lev_draw_mark (d, x0, Y (data->counts[i]), MAX (x1 - x0, 1), Y (0) - Y (data->counts[i]), c,
                       data->counts[i]);
    }
  /* Zero: the plans cost the same. */
  cairo_move_to (d->cr, X (0), plot.y + plot.height);
  cairo_line_to (d->cr, X (0), plot.y - d->em * 0.6);
  stroke (d, text, d->em * 0.12, FALSE);
  {
    /* Translators: label of the zero line of the difference chart */
    g_autofree char *eq = g_strdup_printf (_("same cost · %s cheaper in %s"), pa->name, pct);
    double w;

    lev_draw_measure (d, eq, 0.85, LEV_TEXT_BOLD, &w, NULL);
    if (X (0) + d->em * 0.4 + w <= plot.x + plot.width)
      lev_draw_text (d, eq, X (0) + d->em * 0.4, plot.y - d->em * 0.6, 0, 0.5, 0.85, LEV_TEXT_BOLD,
                     text, -1, 0);
    else
      lev_draw_text (d, eq, X (0) - d->em * 0.4, plot.y - d->em * 0.6, 1, 0.5, 0.85, LEV_TEXT_BOLD,
                     text, -1, 0);
  }
  /* 10th, 50th, 90th percentiles of the difference, dashed. */
  {
    const double qs[3] = { data->p10, data->p50, data->p90 };
    const char *names[3] = { _("10th percentile"), _("50th percentile"), _("90th percentile") };
    LevRect boxes[3];

    for (guint i = 0; i < 3; i++)
      {
        g_autofree char *v = lev_draw_money (d, qs[i]);
        g_autofree char *label = g_strdup_printf ("%s %s", names[i], v);
        double w, h, y = plot.y + d->em * (0.2 + 1.3 * i);

        cairo_move_to (d->cr, X (qs[i]), plot.y + plot.height);
        cairo_line_to (d->cr, X (qs[i]), y);
        stroke (d, muted, d->em * 0.08, TRUE);
        /* On a patch of background: the zero line and the bars may run
         * behind the label. */
        lev_draw_measure (d, label, 0.75, 0, &w, &h);
        lev_draw_role (d, LEV_PALETTE_BACKGROUND, 0.9);
        cairo_rectangle (d->cr, X (qs[i]) - w / 2 - d->em * 0.2, y, w + d->em * 0.4, h);
        cairo_fill (d->cr);
        boxes[i] = lev_draw_text (d, label, X (qs[i]), y, 0.5, 0, 0.75, 0, muted, -1, 0);
      }
    lev_draw_check_labels (d, boxes, 3);
  }
#undef X
#undef Y
  if (d->info)
    {
      d->info->plot = plot;
      d->info->value_axis = xt;
      d->info->value_axis_is_x = TRUE;
    }
}

/* ------------------------------------------------------------------ */
/* Spend fans against funding. */

static void
draw_fan (LevDraw *d, const LevCompareChartData *data)
{
  g_auto(GStrv) yl = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  LevRgb muted = lev_draw_role_rgb (d, LEV_PALETTE_MUTED);
  LevRgb text = lev_draw_role_rgb (d, LEV_PALETTE_TEXT);
  LevTicks yt;
  LevRect body, plot;
  double hi = 0, step, label_w, lh;
  guint n = 0, every = 1;
  gboolean one_budget = same_budget (data);

  for (guint p = 0; p < data->n_plans; p++)
    {
      const LevCompareChartPlan *pl = &data->plans[p];
      int runway = -1;

      n = MAX (n, pl->n_months);
      for (guint m = 0; m < pl->n_months; m++)
        {
          hi = MAX (hi, MAX (pl->p90[m], pl->p50m[m]));
          if (runway < 0 && isfinite (pl->budget) && pl->p50m[m] > pl->budget * (1 + 1e-12))
            runway = (int) m;
        }
      if (isfinite (pl->budget))
        hi = MAX (hi, pl->budget);
      if (runway >= 0)
        {
          g_autofree char *month = lev_draw_month_label (data->start, runway);
          /* Translators: one plan's part of a subtitle, "Plan A: funding runs out 2027-08" */
          g_string_append_printf (subtitle, _("%s%s: funding runs out %s"), p ? " · " : "",
                                  pl->name, month);
        }
      else
        /* Translators: one plan's part of a subtitle, "Plan A: funding lasts" */
        g_string_append_printf (subtitle, _("%s%s: funding lasts"), p ? " · " : "", pl->name);
    }
  body = lev_draw_frame (d, LEV_CHART_FAN, subtitle->str);
  lh = plan_legend (d, data, &body, 1);
  plot = body;
  plot.y += lh + d->em * 1.2;
  plot.height -= lh + d->em * 1.2 + d->em * 2;
  plot.width -= d->em;
  lev_ticks_nice (0, hi * 1.04, 5, &yt);
  yl = lev_ticks_format_money (&yt, d->set->currency, d->locale);
  lev_draw_y_axis (d, &yt, yl, &plot);

  step = plot.width / MAX (n, 1);
#define MX(m) (plot.x + step * ((m) + 1))
#define MY(v) lev_ticks_map (&yt, (v), plot.y + plot.height, plot.y)
  {
    static const guint steps[] = { 1, 2, 3, 6, 12, 24, 60, 120 };
    g_autofree char *sample = lev_draw_month_label (data->start, 0);

    lev_draw_measure (d, sample, 0.85, 0, &label_w, NULL);
    for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
      {
        every = steps[i];
        if (step * every >= label_w + d->em)
          break;
      }
    for (guint m = every - 1; m < n; m += every)
      {
        g_autofree char *label = lev_draw_month_label (data->start, m);
        lev_draw_text (d, label, MX (m), plot.y + plot.height + d->em * 0.4, 0.5, 0, 0.85, 0,
                       muted, -1, 0);
      }
  }
  for (guint p = 0; p < data->n_plans; p++)
    {
      const LevCompareChartPlan *pl = &data->plans[p];
      LevRgb c = lev_compare_plan_color (p, d->theme);

      if (pl->n_months == 0)
        continue;
      cairo_move_to (d->cr, plot.x, MY (0));
      for (guint m = 0; m < pl->n_months; m++)
        cairo_line_to (d->cr, MX (m), MY (pl->p90[m]));
      for (guint m = pl->n_months; m-- > 0;)
        cairo_line_to (d->cr, MX (m), MY (pl->p10[m]));
      cairo_close_path (d->cr);
      lev_draw_color (d, c, 0.16);
      cairo_fill (d->cr);
      cairo_move_to (d->cr, plot.x, MY (0));
      for (guint m = 0; m < pl->n_months; m++)
        cairo_line_to (d->cr, MX (m), MY (pl->p50m[m]));
      stroke (d, c, d->em * 0.18, FALSE);
      lev_draw_mark (d, MX (pl->n_months - 1) - 1, MY (pl->p50m[pl->n_months - 1]) - 1, 2, 2, c,
                     pl->p50m[pl->n_months - 1]);
      if (isfinite (pl->budget) && (!one_budget || p == 0))
        {
          g_autofree char *v = lev_draw_money (d, pl->budget);
          g_autofree char *label = g_strdup_printf (_("Funding %s"), v);
          LevRgb lc = one_budget ? text : c;

          cairo_move_to (d->cr, plot.x, MY (pl->budget));
          cairo_line_to (d->cr, plot.x + plot.width, MY (pl->budget));
          stroke (d, lc, d->em * 0.1, TRUE);
          lev_draw_text (d, label, plot.x + d->em * 0.4 + p * d->em * 9, MY (pl->budget) - d->em * 0.2,
                         0, 1, 0.85, LEV_TEXT_BOLD, lc, -1, 0);
        }
    }
#undef MX
#undef MY
  if (d->info)
    d->info->plot = plot;
}

/* ------------------------------------------------------------------ */

gboolean
lev_compare_chart_draw (cairo_t                   *cr,
                        const LevCompareChartData *data,
                        LevCompareChartKind        kind,
                        const LevChartStyle       *style,
                        double                     width,
                        double                     height,
                        LevChartInfo              *info)
{
  LevChartSet frame = { 0 };
  LevChartStyle titled;
  LevDraw d;

  g_return_val_if_fail (cr != NULL && data != NULL && style != NULL, FALSE);
  g_return_val_if_fail ((guint) kind < LEV_N_COMPARE_CHARTS, FALSE);
  g_return_val_if_fail (data->n_plans >= 2 && data->n_plans <= LEV_COMPARE_MAX_PLANS, FALSE);

  /* The frame reads the source line's name, currency and samples from a
   * chart set, and its title from the style. */
  frame.scenario_name = data->title;
  frame.currency = data->currency;
  frame.n_samples = data->n_samples;
  titled = *style;
  if (titled.title == NULL)
    titled.title = lev_compare_chart_kind_title (kind);
  lev_draw_begin (&d, cr, &frame, &titled, width, height, info);
  switch (kind)
    {
    case LEV_COMPARE_CHART_AREAS:      draw_areas (&d, data); break;
    case LEV_COMPARE_CHART_EXCEEDANCE: draw_exceedance (&d, data); break;
    case LEV_COMPARE_CHART_DIFFERENCE: draw_difference (&d, data); break;
    case LEV_COMPARE_CHART_FAN:        draw_fan (&d, data); break;
    case LEV_N_COMPARE_CHARTS:
    default:
      g_assert_not_reached ();
    }
  lev_draw_end (&d);
  return TRUE;
}

static gboolean
draw_any (cairo_t             *cr,
          gconstpointer        data,
          guint                kind,
          const LevChartStyle *style,
          double               width,
          double               height,
          LevChartInfo        *info)
{
  return lev_compare_chart_draw (cr, data, kind, style, width, height, info);
}

gboolean
lev_compare_chart_export (const LevCompareChartData *data,
                          LevCompareChartKind        kind,
                          const LevChartStyle       *style,
                          LevChartFormat             format,
                          double                     width,
                          double                     height,
                          double                     scale,
                          const char                *path,
                          GError                   **error)
{
  g_return_val_if_fail (data != NULL && style != NULL && path != NULL, FALSE);
  g_return_val_if_fail ((guint) kind < LEV_N_COMPARE_CHARTS, FALSE);
  return lev_chart_export_with (draw_any, data, kind, data->title, style, format, width, height,
                                scale, path, error);
}

gboolean
lev_compare_chart_export_pdf (const LevCompareChartData *data,
                              const LevChartStyle       *style,
                              double                     width,
                              double                     height,
                              const char                *path,
                              GError                   **error)
{
  guint kinds_all[LEV_N_COMPARE_CHARTS];
  const char *outlines[LEV_N_COMPARE_CHARTS];

  g_return_val_if_fail (data != NULL && style != NULL && path != NULL, FALSE);
  for (guint k = 0; k < LEV_N_COMPARE_CHARTS; k++)
    {
      kinds_all[k] = k;
      outlines[k] = lev_compare_chart_kind_title (k);
    }
  return lev_chart_export_pdf_pages_with (draw_any, data, kinds_all, outlines, LEV_N_COMPARE_CHARTS,
                                          data->title, style, width, height, path, error);
}
