/* lev-chart-private.h: the drawing context and helpers the chart
 * functions share (text, frame, axes, legend). Not installed, not used
 * outside src/charts. */
#pragma once

#include <pango/pangocairo.h>

#include "lev-chart.h"

G_BEGIN_DECLS

typedef struct {
  cairo_t             *cr;
  const LevChartSet   *set;
  const LevChartStyle *style;
  LevChartInfo        *info;
  PangoLayout         *layout;
  PangoFontDescription *font;
  LevMoneyLocale       locale;
  LevTheme             theme;
  double               width, height;
  double               em;      /* body text size in user units */
  gboolean             deck;
} LevDraw;

/* Sets up @d (fonts, the em, the theme) to draw on @cr, saving @cr's
 * state; lev_draw_end() restores it. lev_chart_draw() and the comparison
 * charts both draw through this. */
void     lev_draw_begin        (LevDraw             *d,
                                cairo_t             *cr,
                                const LevChartSet   *set,
                                const LevChartStyle *style,
                                double               width,
                                double               height,
                                LevChartInfo        *info);
void     lev_draw_end          (LevDraw             *d);

typedef enum {
  LEV_TEXT_NORMAL = 0,
  LEV_TEXT_BOLD = 1 << 0,
  LEV_TEXT_MUTED = 1 << 1,
  LEV_TEXT_WRAP = 1 << 2,  /* wrap at max_width (centred lines) instead of cutting */
} LevTextFlags;

void     lev_draw_color        (LevDraw        *d,
                                LevRgb          c,
                                double          alpha);
void     lev_draw_role         (LevDraw        *d,
                                LevPaletteRole  role,
                                double          alpha);
LevRgb   lev_draw_role_rgb     (LevDraw        *d,
                                LevPaletteRole  role);
/* Sets the layout to @text at @size (in em) and returns its logical size. */
void     lev_draw_measure      (LevDraw        *d,
                                const char     *text,
                                double          size,
                                LevTextFlags    flags,
                                double         *width,
                                double         *height);
/* Draws @text with its anchor (@ax, @ay: 0 left/top … 1 right/bottom) at
 * (@x, @y), rotated by @angle radians about the anchor, cut with an
 * ellipsis to @max_width when > 0. Returns its box (unrotated). */
LevRect  lev_draw_text         (LevDraw        *d,
                                const char     *text,
                                double          x,
                                double          y,
                                double          ax,
                                double          ay,
                                double          size,
                                LevTextFlags    flags,
                                LevRgb          color,
                                double          max_width,
                                double          angle);
/* Title, subtitle, source line and background; returns the body area. */
LevRect  lev_draw_frame        (LevDraw        *d,
                                LevChartKind    kind,
                                const char     *subtitle);
char    *lev_draw_money        (LevDraw        *d,
                                double          value);
/* A value axis along y of @plot with gridlines and labels on the left;
 * @plot is narrowed to leave room for the labels. */
void     lev_draw_y_axis       (LevDraw        *d,
                                const LevTicks *ticks,
                                char          **labels,
                                LevRect        *plot);
/* A value axis along x under @plot with vertical gridlines. */
void     lev_draw_x_axis       (LevDraw        *d,
                                const LevTicks *ticks,
                                char          **labels,
                                const LevRect  *plot);
typedef struct {
  const char *label;
  LevRgb      color;
  int         kind;   /* 0 swatch, 1 line, 2 dashed line, 3 band */
} LevLegendEntry;

/* Legend flowed into rows starting at (@x, @y), no wider than @max_width;
 * returns its height. With @measure_only nothing is drawn. */
double   lev_draw_legend       (LevDraw              *d,
                                const LevLegendEntry *entries,
                                guint                 n,
                                double                x,
                                double                y,
                                double                max_width,
                                gboolean              measure_only);
void     lev_draw_mark         (LevDraw        *d,
                                double          x,
                                double          y,
                                double          w,
                                double          h,
                                LevRgb          color,
                                double          value);
/* Category labels under slots: horizontal, rotated or abbreviated,
 * whichever fits (lev_labels_choose). Prepare first to learn the depth to
 * reserve, then draw with the slots' final geometry. */
typedef struct {
  LevLabelMode mode;
  double       depth;
  double       size;
} LevCategoryAxis;

void     lev_draw_category_prepare (LevDraw            *d,
                                    const char * const *labels,
                                    guint               n,
                                    double              slot,
                                    double              max_depth,
                                    LevCategoryAxis    *out);
void     lev_draw_category_labels  (LevDraw               *d,
                                    const LevCategoryAxis *axis,
                                    const char * const    *labels,
                                    guint                  n,
                                    double                 first_centre,
                                    double                 slot,
                                    double                 y);
/* The widest of @labels at @size (em). */
double   lev_draw_widest       (LevDraw            *d,
                                const char * const *labels,
                                guint               n,
                                double              size);
/* A note in the middle of @r (no data). */
void     lev_draw_note         (LevDraw        *d,
                                const LevRect  *r,
                                const char     *text);
/* Records that two labels were placed on top of each other. */
void     lev_draw_check_labels (LevDraw        *d,
                                const LevRect  *boxes,
                                guint           n);
/* "2027-03" for month @m after @start ("YYYY-MM"), or "M3". */
char    *lev_draw_month_label  (const char     *start,
                                guint           m);

void lev_chart_draw_cost_by_area (LevDraw *d, const LevCostByAreaData *data);
void lev_chart_draw_waterfall    (LevDraw *d, const LevWaterfallData *data);
void lev_chart_draw_composition  (LevDraw *d, const LevCompositionData *data);
void lev_chart_draw_histogram    (LevDraw *d, const LevHistogramData *data);
void lev_chart_draw_exceedance   (LevDraw *d, const LevExceedanceData *data);
void lev_chart_draw_tornado      (LevDraw *d, const LevTornadoData *data);
void lev_chart_draw_fan          (LevDraw *d, const LevFanData *data);
void lev_chart_draw_training     (LevDraw *d, const LevTrainingCurves *data);

G_END_DECLS
