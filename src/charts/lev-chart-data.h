/* lev-chart-data.h: what each chart draws, as plain C data. Charts know
 * nothing of scenarios, reports or the simulation engine; adapters fill
 * these structs (lev_chart_set_new_from_report and, when Monte Carlo
 * results exist, the simulation adapter), and tests build them by hand. */
#pragma once

#include "lev-report.h"

G_BEGIN_DECLS

typedef enum {
  LEV_CHART_COST_BY_AREA,
  LEV_CHART_WATERFALL,
  LEV_CHART_COMPOSITION,
  LEV_CHART_HISTOGRAM,
  LEV_CHART_EXCEEDANCE,
  LEV_CHART_TORNADO,
  LEV_CHART_FAN,
  LEV_CHART_TRAINING,
  LEV_N_CHARTS /*< skip >*/
} LevChartKind;

const char *lev_chart_kind_to_id   (LevChartKind kind);
gboolean    lev_chart_kind_from_id (const char   *id,
                                    LevChartKind *out);
/* One line for --help and menus (translated). */
const char *lev_chart_kind_summary (LevChartKind kind);
/* The default title (translated). */
const char *lev_chart_kind_title   (LevChartKind kind);

/* Cost by area: baseline beside leveraged. */
typedef struct {
  char   *label;
  double  baseline;
  double  leveraged;
  /* The leveraged cost split by channel (subsidies netted against what
   * they cover); when @stacked the bar is drawn in these segments, which
   * add up to @leveraged. */
  gboolean stacked;
  double   channel[LEV_N_CHANNELS];
} LevAreaBar;

typedef struct {
  guint       n;
  LevAreaBar *bars;
} LevCostByAreaData;

/* Waterfall: baseline total, each channel's saving, leveraged total. */
typedef struct {
  LevChannel channel;
  double     saving;     /* positive: lowers the cost */
} LevWaterfallStep;

typedef struct {
  double            baseline;
  double            leveraged;
  guint             n;
  LevWaterfallStep *steps;
} LevWaterfallData;

/* Composition of the leveraged cost by channel. */
typedef struct {
  LevChannel channel;
  double     value;
} LevSlice;

typedef struct {
  double    total;
  guint     n;
  LevSlice *slices;     /* largest first, every value > 0 */
  gboolean  netted;     /* subsidies were netted against what they cover */
} LevCompositionData;

/* Monte Carlo histogram of the leveraged total. */
typedef struct {
  guint   n_bins;
  double *edges;        /* n_bins + 1, increasing */
  double *counts;       /* n_bins */
  double  p10, p50, p90;
  double  budget;       /* NAN: none */
  double  p_within;     /* P(total ≤ budget), NAN: unknown */
  guint64 n_samples;
  char   *label;        /* the output shown, NULL: the leveraged total */
} LevHistogramData;

/* Exceedance: P(total > x) against x. */
typedef struct {
  guint   n;
  double *x;            /* increasing */
  double *p;            /* non-increasing, in [0, 1] */
  double  budget;       /* NAN: none */
  /* P(total > budget) from all samples; without it, read off the curve */
  gboolean has_p_over;
  double   p_over;
  double  p10, p50, p90;
} LevExceedanceData;

/* Tornado: the output as each input moves from its 10th to its 90th
 * percentile, the others at their median. */
typedef struct {
  char   *label;
  double  low;          /* output with the input at its 10th percentile */
  double  high;         /* … at its 90th */
} LevTornadoBar;

typedef struct {
  double         base;  /* output with every input at its median */
  guint          n;
  LevTornadoBar *bars;  /* any order; drawn by swing, largest on top */
} LevTornadoData;

/* Cumulative spend by month: 10–90th percentile band around the median. */
typedef struct {
  guint   n_months;
  double *p10, *p50, *p90; /* cumulative, n_months each */
  double  funding;         /* NAN: none */
  int     runway_month;    /* first month the median exceeds funding; -1: never */
  char   *start;           /* "YYYY-MM" of month 0, or NULL */
  gboolean deterministic;  /* the band is a single line */
} LevFanData;

/* Training curves by epoch; NAN where a value is missing. A point is a
 * whole epoch or, while one is under way, the part of it done so far. */
typedef struct {
  guint   n_points;
  double *epoch;          /* x of each point: 1, 2, … for whole epochs, 2.4 for
                           * 40 % of the third; NULL: 1, 2, 3, … */
  double *train_loss, *val_loss;
  double *train_metric, *val_metric;
  char   *metric_label;   /* "Accuracy" by default */
} LevTrainingCurves;

/* Everything a scenario can chart, with what the deck's source line
 * says. Members that are NULL have no data (that chart is skipped by
 * "all" and refused when asked for by name). */
typedef struct {
  char               *scenario_name;
  LevCurrency         currency;
  guint64             n_samples;    /* 0: deterministic */
  LevCostByAreaData  *cost_by_area;
  LevWaterfallData   *waterfall;
  LevCompositionData *composition;
  LevHistogramData   *histogram;
  LevExceedanceData  *exceedance;
  LevTornadoData     *tornado;
  LevFanData         *fan;
  LevTrainingCurves  *training;
} LevChartSet;

LevChartSet *lev_chart_set_new              (void);
/* Cost by area, waterfall, composition and the (single-line) spend curve
 * from the deterministic report; @start is the scenario's "YYYY-MM". */
LevChartSet *lev_chart_set_new_from_report  (const LevReport *report,
                                             const char      *start);
void         lev_chart_set_free             (LevChartSet     *self);
gboolean     lev_chart_set_has              (const LevChartSet *self,
                                             LevChartKind       kind);

void lev_cost_by_area_data_free  (LevCostByAreaData  *data);
void lev_waterfall_data_free     (LevWaterfallData   *data);
void lev_composition_data_free   (LevCompositionData *data);
void lev_histogram_data_free     (LevHistogramData   *data);
void lev_exceedance_data_free    (LevExceedanceData  *data);
void lev_tornado_data_free       (LevTornadoData     *data);
void lev_fan_data_free           (LevFanData         *data);
void lev_training_curves_free    (LevTrainingCurves  *data);
/* The x of point @i, and how many of the points are whole epochs. */
double lev_training_curves_x        (const LevTrainingCurves *data,
                                     guint                    i);
guint  lev_training_curves_n_epochs (const LevTrainingCurves *data);

/* Fills the histogram and exceedance data from raw samples (any order);
 * a convenience for adapters and tests. @budget may be NAN. */
LevHistogramData  *lev_histogram_data_new_from_samples  (const double *samples,
                                                         gsize         n,
                                                         guint         n_bins,
                                                         double        budget);
LevExceedanceData *lev_exceedance_data_new_from_samples (const double *samples,
                                                         gsize         n,
                                                         guint         n_points,
                                                         double        budget);
/* The nearest-rank-with-interpolation percentile (type 7, as numpy's
 * default) of sorted @values. */
double             lev_percentile_sorted                (const double *sorted,
                                                         gsize         n,
                                                         double        q);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevChartSet, lev_chart_set_free)

G_END_DECLS
