/* lev-chart-export.h: charts as PNG (any size and scale), SVG, PDF and a
 * multi-page PDF "deck appendix". Files are replaced atomically: a failed
 * export leaves what was there before. */
#pragma once

#include "lev-chart.h"

G_BEGIN_DECLS

typedef enum {
  LEV_CHART_FORMAT_PNG,
  LEV_CHART_FORMAT_SVG,
  LEV_CHART_FORMAT_PDF,
} LevChartFormat;

#define LEV_CHART_MAX_PIXELS 32767 /* cairo's image surface limit per side */
/* At most 2^27 pixels (512 MiB of ARGB) in one image: a 4K slide at
 * scale 4 fits; a typo like --scale 80 is refused, not left to swap. */
#define LEV_CHART_MAX_AREA   (G_GUINT64_CONSTANT (1) << 27)

gboolean         lev_chart_format_from_id (const char      *id,
                                           LevChartFormat  *out);
const char      *lev_chart_format_to_id   (LevChartFormat   format);

/* Checks a logical size and PNG scale; errors are LEV_ERROR_VALUE. */
gboolean         lev_chart_check_size     (double           width,
                                           double           height,
                                           double           scale,
                                           GError         **error);

/* The chart drawn on a new ARGB image of @width × @scale by @height ×
 * @scale pixels. NULL with @error on a bad size. */
cairo_surface_t *lev_chart_render_image   (const LevChartSet   *set,
                                           LevChartKind         kind,
                                           const LevChartStyle *style,
                                           double               width,
                                           double               height,
                                           double               scale,
                                           LevChartInfo        *info,
                                           GError             **error);

/* One chart to @path. @scale only matters for PNG; SVG and PDF pages are
 * @width × @height (pixels in SVG, points in PDF). */
gboolean         lev_chart_export         (const LevChartSet   *set,
                                           LevChartKind         kind,
                                           const LevChartStyle *style,
                                           LevChartFormat       format,
                                           double               width,
                                           double               height,
                                           double               scale,
                                           const char          *path,
                                           GError             **error);

/* A PDF with one page per chart of @kinds (those without data skipped);
 * with @kinds NULL every chart @set has data for. */
gboolean         lev_chart_export_pdf_pages (const LevChartSet   *set,
                                             const LevChartKind  *kinds,
                                             guint                n_kinds,
                                             const LevChartStyle *style,
                                             double               width,
                                             double               height,
                                             const char          *path,
                                             GError             **error);

/* Any chart drawing with lev_chart_draw()'s contract, for charts that are
 * not of a LevChartSet (the comparison's): @data and @kind are the
 * drawing's own. */
typedef gboolean (*LevChartDrawFunc) (cairo_t             *cr,
                                      gconstpointer        data,
                                      guint                kind,
                                      const LevChartStyle *style,
                                      double               width,
                                      double               height,
                                      LevChartInfo        *info);

cairo_surface_t *lev_chart_render_image_with (LevChartDrawFunc     draw,
                                              gconstpointer        data,
                                              guint                kind,
                                              const LevChartStyle *style,
                                              double               width,
                                              double               height,
                                              double               scale,
                                              LevChartInfo        *info,
                                              GError             **error);
/* @document_name: the PDF's title. */
gboolean         lev_chart_export_with       (LevChartDrawFunc     draw,
                                              gconstpointer        data,
                                              guint                kind,
                                              const char          *document_name,
                                              const LevChartStyle *style,
                                              LevChartFormat       format,
                                              double               width,
                                              double               height,
                                              double               scale,
                                              const char          *path,
                                              GError             **error);

/* A PDF with one page per entry of @kinds, each bookmarked with the
 * matching entry of @outlines: a deck appendix of any drawing. */
gboolean         lev_chart_export_pdf_pages_with (LevChartDrawFunc     draw,
                                                  gconstpointer        data,
                                                  const guint         *kinds,
                                                  const char *const   *outlines,
                                                  guint                n_kinds,
                                                  const char          *document_name,
                                                  const LevChartStyle *style,
                                                  double               width,
                                                  double               height,
                                                  const char          *path,
                                                  GError             **error);

G_END_DECLS
