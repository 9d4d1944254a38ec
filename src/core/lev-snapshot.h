/* lev-snapshot.h: a scenario compiled into plain immutable C data and an
 * evaluation function. The deterministic report and the Monte Carlo engine
 * both evaluate through here, so they can never disagree. Worker threads
 * see only this, never a GObject (docs/ARCHITECTURE.md, threads). */
#pragma once

#include "lev-correlation.h"
#include "lev-dist.h"
#include "lev-scenario.h"

G_BEGIN_DECLS

#define LEV_NO_INPUT (-1)

/* One numeric field of the scenario that evaluation reads. */
typedef struct {
  LevNumber   number;
  char       *path;   /* JSON path in the scenario file */
  char       *label;  /* for people: "Cloud training run · unit price" */
  int         item;   /* owning item index, or -1 */
  gboolean    nonnegative;
  double      lo, hi;  /* the field's allowed range; draws stay inside it */
  LevDistSampler sampler; /* compiled from @number */
} LevSnapshotInput;

typedef struct {
  char        *id;
  char        *name;
  LevAreaKind  area;
  LevChannel   channel;
  LevCostForm  form;
  LevSchedule  schedule;
  int          in[LEV_ITEM_N_NUMBERS]; /* input index per field, or LEV_NO_INPUT */
  int         *covers;                 /* item indices (subsidies) */
  guint        n_covers;
} LevSnapshotItem;

typedef struct _LevSnapshot LevSnapshot;

struct _LevSnapshot {
  /*< private >*/
  gatomicrefcount   ref_count;
  /*< public, read-only >*/
  char             *name;
  LevCurrency       currency;
  guint             horizon_months;
  guint             n_months;     /* length of monthly series */
  guint             n_inputs;
  LevSnapshotInput *inputs;
  guint             n_items;
  LevSnapshotItem  *items;
  guint            *order;        /* evaluation order: subsidies after what they cover */
  int               budget;       /* input index */
  int               plan[LEV_PLAN_N_NUMBERS]; /* input indices, LEV_NO_INPUT without a plan */
  gboolean          has_plan;
  int               requirement[LEV_N_AREAS];  /* input index or LEV_NO_INPUT */
  char             *requirement_unit[LEV_N_AREAS];
  LevIcPlan        *ic;           /* rank correlations, NULL without */
};

/* What one evaluation yields. Arrays are optional (NULL to skip). */
typedef struct {
  double  leveraged;
  double  baseline;
  double  savings;
  double  area_leveraged[LEV_N_AREAS];
  double  area_baseline[LEV_N_AREAS];
  double  area_covered[LEV_N_AREAS];
  double  plan_flops;
  double  plan_hours;
  double  plan_cost;
  double  budget;
  double  peak_monthly;   /* only when monthly != NULL */
  double  runway_months;  /* only when monthly != NULL; n_months when never exceeded */
  double *item_leveraged; /* n_items, total over the item's timing */
  double *item_baseline;  /* n_items */
  double *item_quantity;  /* n_items; NAN where the item has none */
  double *monthly;        /* n_months: leveraged spend in each month */
  double *scratch;        /* n_items * 3 doubles of working space, required */
} LevEval;

LevSnapshot *lev_snapshot_new       (LevScenario       *scenario,
                                     GError           **error);
LevSnapshot *lev_snapshot_ref       (LevSnapshot       *self);
void         lev_snapshot_unref     (LevSnapshot       *self);
/* The input a correlation names (see LevCorrelation), or LEV_NO_INPUT. */
int          lev_snapshot_find_input (const LevSnapshot *self,
                                      const char        *ref);
/* Each input's deterministic value: a point's value, a distribution's
 * median within the field's range. */
void         lev_snapshot_point_values (const LevSnapshot *self,
                                        double            *values);
void         lev_snapshot_eval      (const LevSnapshot *self,
                                     const double      *values,
                                     LevEval           *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevSnapshot, lev_snapshot_unref)

G_END_DECLS
