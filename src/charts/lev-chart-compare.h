/* lev-chart-compare.h: the comparison charts, in the same pure-function
 * style as lev-chart.h (data, style and size in; cairo out): cost by area
 * grouped by plan, overlaid exceedance curves, the paired difference
 * B − A with the chance that A costs less, and each plan's cumulative
 * spend fan against its funding. */
#pragma once

#include "lev-chart-export.h"
#include "lev-compare.h"

G_BEGIN_DECLS

typedef enum {
  LEV_COMPARE_CHART_AREAS,
  LEV_COMPARE_CHART_EXCEEDANCE,
  LEV_COMPARE_CHART_DIFFERENCE,
  LEV_COMPARE_CHART_FAN,
  LEV_N_COMPARE_CHARTS /*< skip >*/
} LevCompareChartKind;

typedef struct {
  char   *name;
  double  area[LEV_N_AREAS];   /* mean leveraged cost of each area */
  double  cdf[LEV_CDF_POINTS]; /* cdf[i]: the leveraged total at P(X ≤ x) = i/100 */
  double  p50;                 /* median leveraged total */
  double  budget;              /* NAN: none */
  double  p_within;            /* P(total ≤ budget) */
  guint   n_months;
  double *p10, *p50m, *p90;    /* cumulative spend by month, n_months each */
} LevCompareChartPlan;

typedef struct {
  char               *title;      /* "A vs B": the source line's name */
  LevCurrency         currency;
  guint64             n_samples;
  char               *start;      /* "YYYY-MM" of month 0, or NULL */
  guint               n_plans;
  LevCompareChartPlan plans[LEV_COMPARE_MAX_PLANS];
  /* The difference drawn: plan b − plan a, sample by sample. */
  guint               a, b;
  guint               n_bins;
  double             *edges;      /* n_bins + 1 */
  double             *counts;     /* n_bins */
  double              mean, p10, p50, p90;
  double              p_a_cheaper;
} LevCompareChartData;

/* From a comparison, with the difference of its pair (0, 1); @start is
 * the first plan's "YYYY-MM" or NULL. */
LevCompareChartData *lev_compare_chart_data_new  (const LevComparison       *comparison,
                                                  const char                *start);
void                 lev_compare_chart_data_free (LevCompareChartData       *data);

const char *lev_compare_chart_kind_to_id   (LevCompareChartKind  kind);
gboolean    lev_compare_chart_kind_from_id (const char          *id,
                                            LevCompareChartKind *out);
const char *lev_compare_chart_kind_title   (LevCompareChartKind  kind);

/* The colour of plan @index (0–3), the same in every comparison chart. */
LevRgb      lev_compare_plan_color         (guint                index,
                                            LevTheme             theme);

gboolean lev_compare_chart_draw   (cairo_t                   *cr,
                                   const LevCompareChartData *data,
                                   LevCompareChartKind        kind,
                                   const LevChartStyle       *style,
                                   double                     width,
                                   double                     height,
                                   LevChartInfo              *info);
gboolean lev_compare_chart_export (const LevCompareChartData *data,
                                   LevCompareChartKind        kind,
                                   const LevChartStyle       *style,
                                   LevChartFormat             format,
                                   double                     width,
                                   double                     height,
                                   double                     scale,
                                   const char                *path,
                                   GError                   **error);

/* Every comparison chart, one page each: the deck appendix of a
 * comparison. */
gboolean lev_compare_chart_export_pdf (const LevCompareChartData *data,
                                       const LevChartStyle       *style,
                                       double                     width,
                                       double                     height,
                                       const char                *path,
                                       GError                   **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevCompareChartData, lev_compare_chart_data_free)

G_END_DECLS
