/* lev-plan-page.h: the Plan page: scenario settings, the compute plan and
 * the four areas with their items, all editable. */
#pragma once

#include <adwaita.h>

#include "lev-report.h"
#include "lev-undo.h"

G_BEGIN_DECLS

#define LEV_TYPE_PLAN_PAGE (lev_plan_page_get_type ())
G_DECLARE_FINAL_TYPE (LevPlanPage, lev_plan_page, LEV, PLAN_PAGE, GtkWidget)

GtkWidget *lev_plan_page_new          (void);
void       lev_plan_page_set_scenario (LevPlanPage     *self,
                                       LevScenario     *scenario,
                                       LevUndoStack    *undo);
/* Shows computed figures: item totals, coverage, the plan's hours. */
void       lev_plan_page_show_report  (LevPlanPage     *self,
                                       const LevReport *report);
/* The row of the item with @id (for tests and focus). */
GtkWidget *lev_plan_page_get_item_row (LevPlanPage     *self,
                                       const char      *id);
/* "0.67 of 1 TB covered" of an area, as shown. */
const char *lev_plan_page_get_coverage_text (LevPlanPage *self,
                                             LevAreaKind  area);
/* The compute plan's derived figures as shown, and its entries. */
const char *lev_plan_page_get_plan_figures  (LevPlanPage *self);
GtkWidget  *lev_plan_page_get_plan_entry    (LevPlanPage   *self,
                                             LevPlanNumber  which);

/* "Area › Item › Field: reason" for every field whose text the plan
 * cannot take (NULL-terminated, empty when all is well): the fields a
 * save would otherwise drop without a word. */
char      **lev_plan_page_get_invalid_fields (LevPlanPage *self);

G_END_DECLS
