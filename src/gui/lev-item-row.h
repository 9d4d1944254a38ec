/* lev-item-row.h: one line item as an expandable row of the plan page. */
#pragma once

#include <adwaita.h>

#include "lev-scenario.h"
#include "lev-undo.h"

G_BEGIN_DECLS

#define LEV_TYPE_ITEM_ROW (lev_item_row_get_type ())
G_DECLARE_FINAL_TYPE (LevItemRow, lev_item_row, LEV, ITEM_ROW, AdwExpanderRow)

GtkWidget *lev_item_row_new         (LevScenario  *scenario,
                                     LevItem      *item,
                                     LevUndoStack *undo);
LevItem   *lev_item_row_get_item    (LevItemRow   *self);
/* The item's computed totals, from the latest report. */
void       lev_item_row_set_totals  (LevItemRow   *self,
                                     double        leveraged,
                                     double        baseline,
                                     LevCurrency   currency);
/* The entry of one numeric field (tests type into it). */
GtkWidget *lev_item_row_get_entry   (LevItemRow   *self,
                                     LevItemNumber which);

/* Opens the row and puts the focus in its name, selected for typing
 * over (a new item). */
void       lev_item_row_focus_name  (LevItemRow   *self);
/* Adds "Area › Item › Field: reason" for each field of the row the item
 * cannot take as typed (and a subsidy that covers nothing). */
void       lev_item_row_collect_invalid (LevItemRow *self,
                                         const char *area_label,
                                         GPtrArray  *out);

/* An action row titled @title (and @subtitle, may be NULL) that shows
 * @suffix, activates it, and gives it the row's title as its accessible
 * label: every labelled field of the plan page. */
GtkWidget *lev_labelled_row_new     (const char   *title,
                                     const char   *subtitle,
                                     GtkWidget    *suffix);

G_END_DECLS
