/* lev-undo.c: a linear undo history of small reversible commands. Each
 * command holds references to what it touches, so an item deleted and
 * later restored is the very same object the window's rows show. */
#define G_LOG_DOMAIN "lev-undo"
#include "config.h"

#include "lev-undo.h"

typedef enum {
  CMD_PROPERTY,
  CMD_INSERT,
  CMD_REMOVE,
  CMD_MOVE,
} CmdKind;

typedef struct {
  CmdKind  kind;
  GObject *object;   /* CMD_PROPERTY: the edited object; else the area */
  char    *property;
  GValue   before;
  GValue   after;
  LevItem *item;
  guint    position; /* insert/remove position, or move source */
  guint    to;       /* move destination */
  guint64  serial;   /* identifies the document state after this command */
} Cmd;

struct _LevUndoStack
{
  GObject    parent_instance;
  GPtrArray *done;   /* oldest first */
  GPtrArray *undone; /* most recently undone last */
  guint64    revision;
  guint64    next_serial;
};

G_DEFINE_FINAL_TYPE (LevUndoStack, lev_undo_stack, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_REVISION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
cmd_free (gpointer data)
{
  Cmd *cmd = data;

  g_clear_object (&cmd->object);
  g_clear_object (&cmd->item);
  g_free (cmd->property);
  if (G_IS_VALUE (&cmd->before))
    g_value_unset (&cmd->before);
  if (G_IS_VALUE (&cmd->after))
    g_value_unset (&cmd->after);
  g_free (cmd);
}

static void
lev_undo_stack_finalize (GObject *object)
{
  LevUndoStack *self = (LevUndoStack *) object;

  g_clear_pointer (&self->done, g_ptr_array_unref);
  g_clear_pointer (&self->undone, g_ptr_array_unref);
  G_OBJECT_CLASS (lev_undo_stack_parent_class)->finalize (object);
}

static void
lev_undo_stack_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LevUndoStack *self = LEV_UNDO_STACK (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, lev_undo_stack_get_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, lev_undo_stack_get_can_redo (self));
      break;
    case PROP_REVISION:
      g_value_set_uint64 (value, self->revision);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_undo_stack_class_init (LevUndoStackClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = lev_undo_stack_finalize;
  object_class->get_property = lev_undo_stack_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVISION] =
    g_param_spec_uint64 ("revision", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lev_undo_stack_init (LevUndoStack *self)
{
  self->done = g_ptr_array_new_with_free_func (cmd_free);
  self->undone = g_ptr_array_new_with_free_func (cmd_free);
}

LevUndoStack *
lev_undo_stack_new (void)
{
  return g_object_new (LEV_TYPE_UNDO_STACK, NULL);
}

gboolean
lev_undo_stack_get_can_undo (LevUndoStack *self)
{
  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), FALSE);
  return self->done->len > 0;
}

gboolean
lev_undo_stack_get_can_redo (LevUndoStack *self)
{
  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), FALSE);
  return self->undone->len > 0;
}

guint64
lev_undo_stack_get_revision (LevUndoStack *self)
{
  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), 0);
  return self->revision;
}

static void
notify_all (LevUndoStack *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVISION]);
}

static void
push (LevUndoStack *self,
      Cmd          *cmd)
{
  cmd->serial = ++self->next_serial;
  g_ptr_array_add (self->done, cmd);
  g_ptr_array_set_size (self->undone, 0);
  self->revision++;
  notify_all (self);
}

static void
apply (Cmd      *cmd,
       gboolean  forward)
{
  LevArea *area;

  switch (cmd->kind)
    {
    case CMD_PROPERTY:
      g_object_set_property (cmd->object, cmd->property, forward ? &cmd->after : &cmd->before);
      break;
    case CMD_INSERT:
    case CMD_REMOVE:
      area = LEV_AREA (cmd->object);
      if ((cmd->kind == CMD_INSERT) == forward)
        lev_area_insert_item (area, cmd->position, cmd->item);
      else
        lev_area_remove_item (area, cmd->position);
      break;
    case CMD_MOVE:
      area = LEV_AREA (cmd->object);
      if (forward)
        lev_area_move_item (area, cmd->position, cmd->to);
      else
        lev_area_move_item (area, cmd->to, cmd->position);
      break;
    default:
      g_assert_not_reached ();
    }
}

guint64
lev_undo_stack_get_state (LevUndoStack *self)
{
  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), 0);
  if (self->done->len == 0)
    return 0;
  return ((Cmd *) g_ptr_array_index (self->done, self->done->len - 1))->serial;
}

gboolean
lev_undo_stack_undo (LevUndoStack *self)
{
  Cmd *cmd;

  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), FALSE);
  if (self->done->len == 0)
    return FALSE;
  cmd = g_ptr_array_steal_index (self->done, self->done->len - 1);
  apply (cmd, FALSE);
  g_ptr_array_add (self->undone, cmd);
  self->revision++;
  notify_all (self);
  return TRUE;
}

gboolean
lev_undo_stack_redo (LevUndoStack *self)
{
  Cmd *cmd;

  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), FALSE);
  if (self->undone->len == 0)
    return FALSE;
  cmd = g_ptr_array_steal_index (self->undone, self->undone->len - 1);
  apply (cmd, TRUE);
  g_ptr_array_add (self->done, cmd);
  self->revision++;
  notify_all (self);
  return TRUE;
}

void
lev_undo_stack_clear (LevUndoStack *self)
{
  g_return_if_fail (LEV_IS_UNDO_STACK (self));
  g_ptr_array_set_size (self->done, 0);
  g_ptr_array_set_size (self->undone, 0);
  notify_all (self);
}

gboolean
lev_undo_set_property (LevUndoStack *self,
                       GObject      *object,
                       const char   *property,
                       const GValue *value)
{
  GParamSpec *pspec;
  Cmd *cmd;

  g_return_val_if_fail (LEV_IS_UNDO_STACK (self), FALSE);
  g_return_val_if_fail (G_IS_OBJECT (object), FALSE);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  g_return_val_if_fail (pspec != NULL, FALSE);

  cmd = g_new0 (Cmd, 1);
  cmd->kind = CMD_PROPERTY;
  g_value_init (&cmd->before, pspec->value_type);
  g_value_init (&cmd->after, pspec->value_type);
  g_object_get_property (object, property, &cmd->before);
  g_value_transform (value, &cmd->after);
  if (g_param_values_cmp (pspec, &cmd->before, &cmd->after) == 0 ||
      (pspec->value_type == LEV_TYPE_NUMBER &&
       lev_number_equal (g_value_get_boxed (&cmd->before), g_value_get_boxed (&cmd->after))))
    {
      cmd_free (cmd);
      return FALSE;
    }
  cmd->object = g_object_ref (object);
  cmd->property = g_strdup (property);
  g_object_set_property (object, property, &cmd->after);
  push (self, cmd);
  return TRUE;
}

gboolean
lev_undo_set_number (LevUndoStack    *self,
                     GObject         *object,
                     const char      *property,
                     const LevNumber *number)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, LEV_TYPE_NUMBER);
  g_value_set_boxed (&value, number);
  return lev_undo_set_property (self, object, property, &value);
}

static void
record_list_edit (LevUndoStack *self,
                  CmdKind       kind,
                  LevArea      *area,
                  guint         position,
                  guint         to,
                  LevItem      *item)
{
  Cmd *cmd = g_new0 (Cmd, 1);

  cmd->kind = kind;
  cmd->object = G_OBJECT (g_object_ref (area));
  cmd->position = position;
  cmd->to = to;
  cmd->item = item ? g_object_ref (item) : NULL;
  apply (cmd, TRUE);
  push (self, cmd);
}

void
lev_undo_insert_item (LevUndoStack *self,
                      LevArea      *area,
                      guint         position,
                      LevItem      *item)
{
  g_return_if_fail (LEV_IS_UNDO_STACK (self));
  g_return_if_fail (LEV_IS_AREA (area));
  position = MIN (position, lev_area_get_n_items (area));
  record_list_edit (self, CMD_INSERT, area, position, 0, item);
}

void
lev_undo_remove_item (LevUndoStack *self,
                      LevArea      *area,
                      guint         position)
{
  g_return_if_fail (LEV_IS_UNDO_STACK (self));
  g_return_if_fail (position < lev_area_get_n_items (area));
  record_list_edit (self, CMD_REMOVE, area, position, 0, lev_area_get_item (area, position));
}

void
lev_undo_move_item (LevUndoStack *self,
                    LevArea      *area,
                    guint         from,
                    guint         to)
{
  g_return_if_fail (LEV_IS_UNDO_STACK (self));
  g_return_if_fail (from < lev_area_get_n_items (area) && to < lev_area_get_n_items (area));
  if (from == to)
    return;
  record_list_edit (self, CMD_MOVE, area, from, to, NULL);
}
