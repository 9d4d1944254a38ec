/* lev-scenario.h: one plan: settings and the four areas. */
#pragma once

#include <gio/gio.h>

#include "lev-area.h"

G_BEGIN_DECLS

#define LEV_TYPE_SCENARIO (lev_scenario_get_type ())
G_DECLARE_FINAL_TYPE (LevScenario, lev_scenario, LEV, SCENARIO, GObject)

#define LEV_SCENARIO_MAX_MONTHS 600

LevScenario     *lev_scenario_new                (void);
const char      *lev_scenario_get_name           (LevScenario *self);
void             lev_scenario_set_name           (LevScenario *self,
                                                  const char  *name);
LevCurrency      lev_scenario_get_currency       (LevScenario *self);
void             lev_scenario_set_currency       (LevScenario *self,
                                                  LevCurrency  currency);
/* "YYYY-MM" */
const char      *lev_scenario_get_start          (LevScenario *self);
void             lev_scenario_set_start          (LevScenario *self,
                                                  const char  *start);
guint            lev_scenario_get_horizon_months (LevScenario *self);
void             lev_scenario_set_horizon_months (LevScenario *self,
                                                  guint        months);
const LevNumber *lev_scenario_get_budget         (LevScenario *self);
void             lev_scenario_set_budget         (LevScenario *self,
                                                  const LevNumber *budget);
guint64          lev_scenario_get_seed           (LevScenario *self);
void             lev_scenario_set_seed           (LevScenario *self,
                                                  guint64      seed);
guint            lev_scenario_get_samples        (LevScenario *self);
void             lev_scenario_set_samples        (LevScenario *self,
                                                  guint        samples);
const char      *lev_scenario_get_notes          (LevScenario *self);
void             lev_scenario_set_notes          (LevScenario *self,
                                                  const char  *notes);
LevArea         *lev_scenario_get_area           (LevScenario *self,
                                                  LevAreaKind  kind);
/* The item with this id in any area, or NULL. */
LevItem         *lev_scenario_find_item          (LevScenario *self,
                                                  const char  *id,
                                                  LevAreaKind *area_out);
/* An id not used by any item, made from @base. */
char            *lev_scenario_make_item_id       (LevScenario *self,
                                                  const char  *base);

gboolean         lev_start_is_valid              (const char  *start);

/* A rank correlation between two uncertain inputs, induced by
 * Iman–Conover. @a and @b name inputs as "ITEM-ID.FIELD" (a field of
 * lev_item_number_id()), "plan.FIELD", "budget", "AREA.requirement" or a
 * JSON path like "$.areas.compute.plan.mfu". */
typedef struct {
  char   *a;
  char   *b;
  double  rank;  /* Spearman's rho, -1..1 */
} LevCorrelation;

guint            lev_scenario_get_n_correlations (LevScenario *self);
const LevCorrelation *lev_scenario_get_correlation (LevScenario *self,
                                                  guint        i);
/* Replaces every correlation (copies @correlations). */
void             lev_scenario_set_correlations   (LevScenario          *self,
                                                  const LevCorrelation *correlations,
                                                  guint                 n);

G_END_DECLS
