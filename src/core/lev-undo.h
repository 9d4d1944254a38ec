/* lev-undo.h: undo and redo for every edit of a scenario. The window
 * makes its edits through here, so each one can be taken back. */
#pragma once

#include <glib-object.h>

#include "lev-area.h"

G_BEGIN_DECLS

#define LEV_TYPE_UNDO_STACK (lev_undo_stack_get_type ())
G_DECLARE_FINAL_TYPE (LevUndoStack, lev_undo_stack, LEV, UNDO_STACK, GObject)

LevUndoStack *lev_undo_stack_new           (void);
gboolean      lev_undo_stack_get_can_undo  (LevUndoStack *self);
gboolean      lev_undo_stack_get_can_redo  (LevUndoStack *self);
/* Counts edits; equal counts mean an unchanged document (for "saved"). */
guint64       lev_undo_stack_get_revision  (LevUndoStack *self);
/* Identifies the document's state: equal after undoing back to a saved
 * point, different after any other edit. */
guint64       lev_undo_stack_get_state     (LevUndoStack *self);
gboolean      lev_undo_stack_undo          (LevUndoStack *self);
gboolean      lev_undo_stack_redo          (LevUndoStack *self);
void          lev_undo_stack_clear         (LevUndoStack *self);

/* Sets @object's @property to @value and records the change; returns
 * FALSE (and records nothing) when the value was already that. */
gboolean      lev_undo_set_property        (LevUndoStack *self,
                                            GObject      *object,
                                            const char   *property,
                                            const GValue *value);
gboolean      lev_undo_set_number          (LevUndoStack *self,
                                            GObject      *object,
                                            const char   *property,
                                            const LevNumber *value);
void          lev_undo_insert_item         (LevUndoStack *self,
                                            LevArea      *area,
                                            guint         position,
                                            LevItem      *item);
void          lev_undo_remove_item         (LevUndoStack *self,
                                            LevArea      *area,
                                            guint         position);
void          lev_undo_move_item           (LevUndoStack *self,
                                            LevArea      *area,
                                            guint         from,
                                            guint         to);

G_END_DECLS
