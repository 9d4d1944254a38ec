/* lev-compare.h: two to four plans side by side under common random
 * numbers. Inputs are matched across plans by name, as correlations name
 * them (ITEM-ID.FIELD, plan.FIELD, budget, AREA.requirement): a matched
 * input draws from the same Philox stream in every plan, each plan
 * applying its own distribution to the shared uniform by inverse CDF, so
 * "A is cheaper than B in 83% of futures" is read from paired samples.
 * Unmatched inputs draw from streams of their own.
 *
 * The first plan's streams are exactly those of lev_simulate() (stream j
 * for its j-th uncertain input), so its samples equal a simulation of it
 * with the same seed; a later plan whose uncertain inputs are all matched,
 * in the same order, has the samples of its own simulation too. Each plan
 * applies its own rank correlations (Iman–Conover) after the shared
 * draws. Like the simulation, every byte of a comparison is the same for
 * any number of threads. */
#pragma once

#include <gio/gio.h>

#include "lev-simulate.h"

G_BEGIN_DECLS

#define LEV_COMPARE_MIN_PLANS 2
#define LEV_COMPARE_MAX_PLANS 4
#define LEV_COMPARE_MAX_PAIRS 6 /* every (a, b) with a < b */

/* Mean and 10th/50th/90th percentiles (type 7) of one output. */
typedef struct {
  double mean;
  double p10;
  double p50;
  double p90;
} LevCompareSummary;

typedef struct {
  LevSnapshot      *snapshot;
  /* The leveraged total in full (its CDF draws the exceedance curves). */
  LevOutputStats    leveraged;
  LevCompareSummary baseline;
  LevCompareSummary savings;
  LevCompareSummary runway_months;
  double            area_mean[LEV_N_AREAS];          /* mean leveraged cost of each area */
  double            area_baseline_mean[LEV_N_AREAS]; /* … and its mean baseline */
  double            budget;                          /* the funding at its median */
  double            p_within_budget;                 /* share of samples with leveraged ≤ budget */
  guint             n_months;
  /* Cumulative spend, n_months: from every sample up to 199,999 samples,
   * beyond that from every (n / 100,000)-th (for the fan chart). */
  LevMonthBand     *months;
  double           *leveraged_samples;               /* n_samples, in sample order */
  guint             n_uncertain;                     /* inputs drawn */
  guint             n_matched;                       /* of them, sharing a stream with another plan */
} LevComparePlan;

typedef enum {
  LEV_ITEM_ADDED,   /* in b, not in a */
  LEV_ITEM_REMOVED, /* in a, not in b */
  LEV_ITEM_CHANGED, /* in both, some field differs */
} LevItemChangeKind;

typedef struct {
  char *field;   /* "channel", "name", "cost.form", or a number's id: "unit_price" */
  char *before;  /* as a founder types it ("80万 to 120万" is "800k to 1.2M"); NULL: absent */
  char *after;
} LevFieldChange;

typedef struct {
  LevItemChangeKind kind;
  char             *id;
  char             *name;        /* b's name, or a's when removed */
  LevAreaKind       area;
  /* The item's leveraged cost with every input at its median (what the
   * report shows); NAN on the side where the item is absent. */
  double            cost_before;
  double            cost_after;
  guint             n_fields;    /* LEV_ITEM_CHANGED only */
  LevFieldChange   *fields;
} LevItemChange;

typedef struct {
  guint          a, b;          /* plan indices, a < b */
  double         p_a_cheaper;   /* share of samples where a's leveraged total < b's */
  LevOutputStats difference;    /* b − a, leveraged total, sample by sample */
  double        *difference_samples; /* n_samples */
  guint          n_items;
  /* b against a: a's items in order, b's additions, then the plan-wide
   * inputs as pseudo-items "budget", "plan" and "AREA.requirement"
   * (CHANGED only, costs NAN). */
  LevItemChange *items;
} LevComparePair;

typedef struct _LevComparison LevComparison;

struct _LevComparison {
  /*< private >*/
  gatomicrefcount ref_count;
  /*< public, read-only >*/
  guint64         seed;
  guint           n_samples;
  LevCurrency     currency;
  guint           n_streams;    /* distinct random streams drawn */
  guint           n_plans;
  LevComparePlan  plans[LEV_COMPARE_MAX_PLANS];
  guint           n_pairs;
  LevComparePair  pairs[LEV_COMPARE_MAX_PAIRS];
};

/* The options are the simulation's: samples (0: 10,000), seed, threads;
 * keep_inputs is ignored. */
typedef LevSimOptions LevCompareOptions;

/* The name under which an input is matched across plans: "budget",
 * "plan.mfu", "talent.requirement", "cloud-run.unit_price". */
char          *lev_snapshot_input_name (const LevSnapshot *snapshot,
                                        guint              input);

/* Fails (LEV_ERROR_VALUE) for fewer than 2 or more than 4 plans or plans
 * in different currencies, LEV_ERROR_LIMIT for too many samples or too
 * little memory, G_IO_ERROR_CANCELLED when cancelled. */
LevComparison *lev_compare           (LevSnapshot *const      *snapshots,
                                      guint                    n_snapshots,
                                      const LevCompareOptions *options,
                                      GCancellable            *cancellable,
                                      GError                 **error);
LevComparison *lev_comparison_ref    (LevComparison           *self);
void           lev_comparison_unref  (LevComparison           *self);

/* The pair (a, b), or NULL. */
const LevComparePair *lev_comparison_get_pair (const LevComparison *self,
                                               guint                a,
                                               guint                b);

/* The item diff of @b against @a alone (no simulation needed). */
LevItemChange *lev_compare_items     (const LevSnapshot *a,
                                      const LevSnapshot *b,
                                      guint             *n_changes);
void           lev_item_changes_free (LevItemChange     *changes,
                                      guint              n_changes);

const char    *lev_item_change_kind_to_id (LevItemChangeKind kind);

/* JSON: {"samples", "seed", "currency", "plans": [{"name", "leveraged":
 * {p10, p50, p90, mean}, "baseline", "savings", "p_within_budget",
 * "runway_months", …}], "pairs": [{"a", "b", "p_a_cheaper", "difference":
 * {mean, p10, p50, p90}, "items": […]}]}. @files (n_plans names, or NULL)
 * fill each plan's "file". */
JsonNode      *lev_comparison_to_json (const LevComparison *self,
                                       const char *const   *files);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevComparison, lev_comparison_unref)

G_END_DECLS
