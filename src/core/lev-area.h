/* lev-area.h: one of the four areas of a scenario: a requirement and a
 * list of line items (a GListModel of LevItem). */
#pragma once

#include <gio/gio.h>

#include "lev-compute-plan.h"
#include "lev-enums.h"
#include "lev-item.h"

G_BEGIN_DECLS

#define LEV_TYPE_AREA (lev_area_get_type ())
G_DECLARE_FINAL_TYPE (LevArea, lev_area, LEV, AREA, GObject)

LevArea         *lev_area_new                     (LevAreaKind  kind);
LevAreaKind      lev_area_get_kind                (LevArea     *self);
const LevNumber *lev_area_get_requirement         (LevArea     *self);
void             lev_area_set_requirement         (LevArea     *self,
                                                   const LevNumber *quantity);
const char      *lev_area_get_requirement_unit    (LevArea     *self);
void             lev_area_set_requirement_unit    (LevArea     *self,
                                                   const char  *unit);
/* Only the compute area has a plan; NULL when none. */
LevComputePlan  *lev_area_get_plan                (LevArea     *self);
void             lev_area_set_plan                (LevArea     *self,
                                                   LevComputePlan *plan);
guint            lev_area_get_n_items             (LevArea     *self);
LevItem         *lev_area_get_item                (LevArea     *self,
                                                   guint        position);
void             lev_area_insert_item             (LevArea     *self,
                                                   guint        position,
                                                   LevItem     *item);
void             lev_area_append_item             (LevArea     *self,
                                                   LevItem     *item);
void             lev_area_remove_item             (LevArea     *self,
                                                   guint        position);
void             lev_area_move_item               (LevArea     *self,
                                                   guint        from,
                                                   guint        to);
gboolean         lev_area_find_item               (LevArea     *self,
                                                   LevItem     *item,
                                                   guint       *position);

G_END_DECLS
