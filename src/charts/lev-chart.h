/* lev-chart.h: every chart as a pure function of (data, style, size)
 * onto any cairo_t. The GUI's widget and every export call the same
 * lev_chart_draw(), so what a founder sees is what goes into the deck. */
#pragma once

#include <cairo.h>

#include "lev-chart-data.h"
#include "lev-chart-layout.h"
#include "lev-palette.h"

G_BEGIN_DECLS

typedef enum {
  LEV_CHART_STYLE_SCREEN, /* compact type, follows the desktop's scheme */
  LEV_CHART_STYLE_DECK,   /* 16:9 slide: large type, title, subtitle, source */
} LevChartStyleKind;

typedef struct {
  LevChartStyleKind kind;
  LevTheme          theme;
  gboolean          transparent;  /* no background fill */
  LevMoneyLocale    locale;       /* AUTO: from the environment */
  const char       *title;        /* NULL: the chart's default title */
  const char       *subtitle;     /* NULL: made from the data */
  const char       *date;         /* source line's date; NULL: today */
  const char       *font_family;  /* NULL: Cantarell with Noto Sans CJK */
} LevChartStyle;

#define LEV_CHART_DECK_WIDTH   1920
#define LEV_CHART_DECK_HEIGHT  1080
#define LEV_CHART_SCREEN_WIDTH 960
#define LEV_CHART_SCREEN_HEIGHT 600

void lev_chart_style_init (LevChartStyle     *style,
                           LevChartStyleKind  kind,
                           LevTheme           theme);

/* The desktop's light or dark preference (GNOME's color-scheme setting),
 * for the screen style outside the app; light where there is none. The
 * app itself follows AdwStyleManager. */
LevTheme lev_chart_theme_from_desktop (void);

/* What a drawing did, for tests and for hit-testing in the widget: the
 * plot area, the value axis, the marks drawn and any text pango could not
 * render (a missing-glyph box). Rectangles are in user space. */
#define LEV_CHART_MAX_MARKS 64

typedef struct {
  LevRect  rect;
  LevRgb   color;
  double   value;    /* the number the mark stands for */
} LevChartMark;

typedef struct {
  LevRect      plot;
  LevTicks     value_axis;       /* the money (or loss) axis */
  gboolean     value_axis_is_x;  /* horizontal value axis (tornado, histogram…) */
  guint        n_marks;
  LevChartMark marks[LEV_CHART_MAX_MARKS];
  guint        n_texts;          /* text layouts drawn */
  guint        unknown_glyphs;   /* glyphs drawn as missing-glyph boxes */
  guint        overlapping_labels; /* label pairs that collided (should be 0) */
} LevChartInfo;

/* Draws @kind from @set at (0, 0)–(@width, @height) in user space.
 * Returns FALSE (drawing only the frame and a note) when @set has no data
 * for @kind. @info may be NULL. */
gboolean lev_chart_draw (cairo_t             *cr,
                         const LevChartSet   *set,
                         LevChartKind         kind,
                         const LevChartStyle *style,
                         double               width,
                         double               height,
                         LevChartInfo        *info);

/* The source line: "Leverage · scenario · 2026-11-30 · 100,000 samples". */
char    *lev_chart_source_line (const LevChartSet   *set,
                                const LevChartStyle *style);

G_END_DECLS
