/* lev-chart-layout.h: the layout maths every chart shares: nice axis
 * ticks (and their money labels), label placement without collisions and
 * legend flow. Pure functions of numbers, so they are unit-tested without
 * drawing anything. */
#pragma once

#include "lev-money.h"

G_BEGIN_DECLS

#define LEV_TICKS_MAX 24

typedef struct {
  double min;    /* axis range: covers the data, starts and ends on a tick */
  double max;
  double step;   /* 1, 2 or 5 × 10^k */
  guint  n;      /* number of ticks, min and max included */
  double values[LEV_TICKS_MAX];
} LevTicks;

/* Ticks for data in [lo, hi] (either order), about @target of them
 * (2 ≤ target ≤ 12). A zero-width range is widened around its value;
 * non-finite input gives 0…1. */
void   lev_ticks_nice         (double          lo,
                               double          hi,
                               guint           target,
                               LevTicks       *out);
/* Labels for every tick, all distinct, in the money conventions of
 * @locale (万/亿 or K/M/B). With @currency < 0 the labels carry no currency
 * sign (counts, percentages are formatted by the caller). Free with
 * g_strfreev. */
char **lev_ticks_format_money (const LevTicks *ticks,
                               int             currency,
                               LevMoneyLocale  locale);
/* Position of @value on an axis drawn from @from (at ticks->min) to @to
 * (at ticks->max). */
double lev_ticks_map          (const LevTicks *ticks,
                               double          value,
                               double          from,
                               double          to);

/* Whether a reference line at @line (a budget, the funding) is drawn on
 * the axis of data in [@data_lo, @data_hi], or marked off the scale: a
 * ¥50M line over ¥5M of spend would squeeze the data into a tenth of the
 * chart. On the scale when it lies within 60% of the data's span of it. */
gboolean lev_axis_line_on_scale (double data_lo,
                                 double data_hi,
                                 double line);

/* A share of a whole as a percentage that never rounds a non-zero share
 * to 0% or a partial one to 100%: "<1%", "62%", ">99%". */
char    *lev_share_text         (double fraction);

/* How the labels of a category axis fit under their slots. */
typedef enum {
  LEV_LABELS_HORIZONTAL,
  LEV_LABELS_ROTATED,      /* at 45° */
  LEV_LABELS_ABBREVIATED,  /* horizontal, each cut to the slot width */
  LEV_LABELS_WRAPPED,      /* horizontal on two lines (chosen by the drawing
                            * code, which can measure wrapped text) */
} LevLabelMode;

/* @widths: each label's natural width; @slot: distance between slot
 * centres; @line_height: the text's height; @max_depth: room below the
 * axis. Horizontal when every label fits its slot, rotated when the rotated
 * labels clear each other and the room below, else abbreviated. */
LevLabelMode lev_labels_choose (const double *widths,
                                guint         n,
                                double        slot,
                                double        line_height,
                                double        max_depth);

/* Labels along one axis: each wants to be centred at @want and is
 * @size long. lev_labels_spread() moves them as little as it can so that
 * no two overlap (with @gap between), keeping their order and, where there
 * is room, keeping them inside [lo, hi]. Writes the centres to @at. */
typedef struct {
  double want;
  double size;
  double at;
} LevLabelSlot;

void     lev_labels_spread    (LevLabelSlot *labels,
                               guint         n,
                               double        gap,
                               double        lo,
                               double        hi);
gboolean lev_labels_overlap   (const LevLabelSlot *labels,
                               guint               n,
                               double              gap);

typedef struct {
  double x, y, width, height;
} LevRect;

gboolean lev_rect_intersects  (const LevRect *a,
                               const LevRect *b);

/* Legend entries of @widths flowed into rows no wider than @max_width;
 * writes each entry's x offset and row into @x and @row; returns the number
 * of rows. An entry wider than a row gets a row of its own. */
guint    lev_legend_flow      (const double *widths,
                               guint         n,
                               double        gap,
                               double        max_width,
                               double       *x,
                               guint        *row);

G_END_DECLS
