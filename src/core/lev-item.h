/* lev-item.h: one line item of an area: a resource, the channel that
 * provides it, its cost, its self-provided baseline and its timing. */
#pragma once

#include <glib-object.h>

#include "lev-enums.h"
#include "lev-number.h"

G_BEGIN_DECLS

#define LEV_TYPE_ITEM (lev_item_get_type ())
G_DECLARE_FINAL_TYPE (LevItem, lev_item, LEV, ITEM, GObject)

/* The numeric fields of an item, addressable generically (GUI rows,
 * the engine's input list, the file reader). */
typedef enum {
  LEV_ITEM_QUANTITY,
  LEV_ITEM_AMOUNT,
  LEV_ITEM_UNIT_PRICE,
  LEV_ITEM_RATE,
  LEV_ITEM_CAP,
  LEV_ITEM_SHARE,
  LEV_ITEM_BASELINE,
  LEV_ITEM_START_MONTH,
  LEV_ITEM_DURATION_MONTHS,
  LEV_ITEM_N_NUMBERS
} LevItemNumber;

LevItem         *lev_item_new               (const char   *id,
                                             const char   *name);
LevItem         *lev_item_duplicate         (LevItem      *self,
                                             const char   *new_id);
const char      *lev_item_get_id            (LevItem      *self);
void             lev_item_set_id            (LevItem      *self,
                                             const char   *id);
const char      *lev_item_get_name          (LevItem      *self);
void             lev_item_set_name          (LevItem      *self,
                                             const char   *name);
LevChannel       lev_item_get_channel       (LevItem      *self);
void             lev_item_set_channel       (LevItem      *self,
                                             LevChannel    channel);
LevCostForm      lev_item_get_cost_form     (LevItem      *self);
void             lev_item_set_cost_form     (LevItem      *self,
                                             LevCostForm   form);
LevSchedule      lev_item_get_schedule      (LevItem      *self);
void             lev_item_set_schedule      (LevItem      *self,
                                             LevSchedule   schedule);
const char      *lev_item_get_notes         (LevItem      *self);
void             lev_item_set_notes         (LevItem      *self,
                                             const char   *notes);
/* Ids of the items a subsidy covers. */
const char *const *lev_item_get_covers      (LevItem      *self);
void             lev_item_set_covers        (LevItem      *self,
                                             const char *const *covers);
const LevNumber *lev_item_get_number        (LevItem      *self,
                                             LevItemNumber which);
void             lev_item_set_number        (LevItem      *self,
                                             LevItemNumber which,
                                             const LevNumber *value);
const char      *lev_item_number_id         (LevItemNumber which);
const char      *lev_item_number_property   (LevItemNumber which);

G_END_DECLS
