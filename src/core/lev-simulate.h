/* lev-simulate.h: the Monte Carlo engine and its immutable results.
 * A snapshot goes in; N samples run in fixed-size chunks on a GThreadPool;
 * chunk k draws from a Philox4x32-10 stream of (seed, k) (key = seed,
 * counter = (pair, k, input, 0)), so every byte of a result is the same for
 * any number of threads (for a given build: another compiler or libm may
 * round differently). Charts read LevSimResult only (docs/ARCHITECTURE.md). */
#pragma once

#include <gio/gio.h>

#include "lev-snapshot.h"

G_BEGIN_DECLS

/* The quantities of interest, one column of samples each. */
typedef enum {
  LEV_OUTPUT_LEVERAGED,      /* total cost with the social channels */
  LEV_OUTPUT_BASELINE,       /* total cost if everything were self-provided */
  LEV_OUTPUT_SAVINGS,        /* baseline − leveraged: the social advantage */
  LEV_OUTPUT_AREA_DATA,      /* leveraged cost of each area, in LevAreaKind order */
  LEV_OUTPUT_AREA_COMPUTE,
  LEV_OUTPUT_AREA_TALENT,
  LEV_OUTPUT_AREA_MARKET,
  LEV_OUTPUT_PEAK_MONTHLY,   /* largest monthly spend */
  LEV_OUTPUT_RUNWAY_MONTHS,  /* months before cumulative spend exceeds the budget;
                              * n_months when it never does */
  LEV_N_OUTPUTS
} LevOutput;

#define LEV_OUTPUT_AREA(kind) ((LevOutput) (LEV_OUTPUT_AREA_DATA + (kind)))

/* Percentiles reported for every output: 5, 10, 25, 50, 75, 90, 95. */
#define LEV_N_PERCENTILES 7
extern const double lev_percentile_levels[LEV_N_PERCENTILES];
enum {
  LEV_P5, LEV_P10, LEV_P25, LEV_P50, LEV_P75, LEV_P90, LEV_P95
};

/* The CDF is given as its inverse at 101 evenly spaced probabilities:
 * cdf[i] is the smallest sample x with P(X ≤ x) ≥ i/100 (cdf[0] = min,
 * cdf[100] = max). A chart draws the curve through (cdf[i], i/100). */
#define LEV_CDF_POINTS 101

/* Percentile definition everywhere: linear interpolation between order
 * statistics (Hyndman–Fan type 7, numpy's default), on the sorted samples. */
typedef struct {
  double   mean;
  double   sd;           /* sample standard deviation (n − 1) */
  double   min;
  double   max;
  double   percentiles[LEV_N_PERCENTILES];
  /* Histogram: n_bins equal bins from hist_lo, width hist_width; the last
   * bin includes its right edge (= max). Bin count by Freedman–Diaconis,
   * between 1 and LEV_HIST_MAX_BINS. */
  guint    n_bins;
  double   hist_lo;
  double   hist_width;
  guint64 *hist_counts;  /* n_bins */
  double   cdf[LEV_CDF_POINTS];
} LevOutputStats;

#define LEV_HIST_MAX_BINS 120

/* A month of the fan chart: percentiles of the cumulative leveraged spend
 * at the end of the month (month 0 is the plan's first month). */
typedef struct {
  double p10;
  double p50;
  double p90;
} LevMonthBand;

typedef struct _LevSimResult LevSimResult;

struct _LevSimResult {
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public, read-only >*/
  LevSnapshot    *snapshot;
  guint64         seed;
  guint           n_samples;
  guint           chunk_size;
  LevOutputStats  outputs[LEV_N_OUTPUTS];
  double          p_within_budget;   /* fraction of samples with leveraged ≤ budget */
  guint           n_months;          /* = snapshot->n_months */
  LevMonthBand   *months;            /* n_months */
  /* Raw samples, sample i of output o at samples[o][i], in sample order. */
  double         *samples[LEV_N_OUTPUTS];
  /* Uncertain inputs (every input that is not a point), as snapshot input
   * indices; their draws only when LevSimOptions.keep_inputs was set:
   * input_samples[j][i] is input uncertain[j]'s value in sample i. */
  guint           n_uncertain;
  guint          *uncertain;
  double        **input_samples;     /* NULL without keep_inputs */
};

typedef struct {
  guint    n_samples;   /* 0: 10,000 */
  guint64  seed;
  guint    n_threads;   /* 0: g_get_num_processors () */
  gboolean keep_inputs; /* keep every uncertain input's draws (sensitivity, audit CSV) */
} LevSimOptions;

/* The most samples one run takes: the raw columns are kept in memory. */
#define LEV_SIM_MAX_SAMPLES 5000000u
/* Fixed: the chunking never depends on the thread count. */
#define LEV_SIM_CHUNK 2048u /* = LEV_IC_SCORES */

/* Called on the caller's main context, at most about every 50 ms. */
typedef void (*LevSimProgress) (guint    done,
                                guint    total,
                                gpointer user_data);

void          lev_simulate_async   (LevSnapshot         *snapshot,
                                    const LevSimOptions *options,
                                    GCancellable        *cancellable,
                                    LevSimProgress       progress,
                                    gpointer             progress_data,
                                    GDestroyNotify       progress_destroy,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
/* G_IO_ERROR_CANCELLED when cancelled: the callback runs as soon as the
 * cancellable fires (the workers stop within one chunk, about a
 * millisecond, and free their memory after), and no progress call follows. */
LevSimResult *lev_simulate_finish  (GAsyncResult        *result,
                                    GError             **error);
/* The same run, in the calling thread (which waits for the pool). */
LevSimResult *lev_simulate         (LevSnapshot         *snapshot,
                                    const LevSimOptions *options,
                                    GCancellable        *cancellable,
                                    GError             **error);

LevSimResult *lev_sim_result_ref   (LevSimResult        *self);
void          lev_sim_result_unref (LevSimResult        *self);

const char   *lev_output_id        (LevOutput            output);
/* "leveraged", "baseline", "savings", an area id, "peak_monthly",
 * "runway_months". */
gboolean      lev_output_from_id   (const char          *id,
                                    LevOutput           *out);

/* JSON (fields documented in data/scenarios/FORMAT.md) and the raw
 * samples as CSV (one row per sample, one column per output, then each
 * kept input). */
JsonNode     *lev_sim_result_to_json (const LevSimResult *self);
gboolean      lev_sim_result_write_csv (const LevSimResult *self,
                                        GOutputStream      *out,
                                        GCancellable       *cancellable,
                                        GError            **error);

/* Type-7 percentile of sorted data; exposed for the tests and charts. */
double        lev_sorted_percentile (const double *sorted,
                                     gsize         n,
                                     double        level);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevSimResult, lev_sim_result_unref)

G_END_DECLS
