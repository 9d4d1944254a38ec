/* lev-area.c: an area as a list model whose "changed" signal fires on any
 * edit below it, so the window can recompute without tracking each field. */
#define G_LOG_DOMAIN "lev-area"
#include "config.h"

#include "lev-area.h"
#include "lev-enum-types.h"

struct _LevArea
{
  GObject         parent_instance;
  LevAreaKind     kind;
  LevNumber       requirement;
  char           *requirement_unit;
  LevComputePlan *plan;
  GPtrArray      *items;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LevArea, lev_area, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_KIND,
  PROP_REQUIREMENT,
  PROP_REQUIREMENT_UNIT,
  PROP_PLAN,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
lev_area_get_item_type (GListModel *model)
{
  return LEV_TYPE_ITEM;
}

static guint
lev_area_get_n_list_items (GListModel *model)
{
  return LEV_AREA (model)->items->len;
}

static gpointer
lev_area_get_list_item (GListModel *model,
                        guint       position)
{
  LevArea *self = LEV_AREA (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = lev_area_get_item_type;
  iface->get_n_items = lev_area_get_n_list_items;
  iface->get_item = lev_area_get_list_item;
}

static void
emit_changed (LevArea *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_child_notify (LevArea    *self,
                 GParamSpec *pspec,
                 GObject    *child)
{
  emit_changed (self);
}

static void
lev_area_dispose (GObject *object)
{
  LevArea *self = (LevArea *) object;

  if (self->items != NULL)
    for (guint i = 0; i < self->items->len; i++)
      g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, i), self);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_clear_object (&self->plan);
  G_OBJECT_CLASS (lev_area_parent_class)->dispose (object);
}

static void
lev_area_finalize (GObject *object)
{
  LevArea *self = (LevArea *) object;

  g_clear_pointer (&self->requirement_unit, g_free);
  lev_number_clear (&self->requirement);
  G_OBJECT_CLASS (lev_area_parent_class)->finalize (object);
}

static void
lev_area_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LevArea *self = LEV_AREA (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_REQUIREMENT:
      g_value_set_boxed (value, &self->requirement);
      break;
    case PROP_REQUIREMENT_UNIT:
      g_value_set_string (value, self->requirement_unit);
      break;
    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_area_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LevArea *self = LEV_AREA (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    case PROP_REQUIREMENT:
      {
        const LevNumber *n = g_value_get_boxed (value);
        LevNumber none = lev_number_none ();
        lev_area_set_requirement (self, n ? n : &none);
      }
      break;
    case PROP_REQUIREMENT_UNIT:
      lev_area_set_requirement_unit (self, g_value_get_string (value));
      break;
    case PROP_PLAN:
      lev_area_set_plan (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_area_class_init (LevAreaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lev_area_dispose;
  object_class->finalize = lev_area_finalize;
  object_class->get_property = lev_area_get_property;
  object_class->set_property = lev_area_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, LEV_TYPE_AREA_KIND, LEV_AREA_DATA,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REQUIREMENT] =
    g_param_spec_boxed ("requirement", NULL, NULL, LEV_TYPE_NUMBER, flags);
  properties[PROP_REQUIREMENT_UNIT] =
    g_param_spec_string ("requirement-unit", NULL, NULL, NULL, flags);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, LEV_TYPE_COMPUTE_PLAN, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any edit of the area, its items or its plan. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lev_area_init (LevArea *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->requirement_unit = g_strdup ("");
}

static void
on_notify (GObject    *child,
           GParamSpec *pspec,
           gpointer    user_data)
{
  on_child_notify (user_data, pspec, child);
}

LevArea *
lev_area_new (LevAreaKind kind)
{
  return g_object_new (LEV_TYPE_AREA, "kind", kind, NULL);
}

LevAreaKind
lev_area_get_kind (LevArea *self)
{
  g_return_val_if_fail (LEV_IS_AREA (self), 0);
  return self->kind;
}

const LevNumber *
lev_area_get_requirement (LevArea *self)
{
  g_return_val_if_fail (LEV_IS_AREA (self), NULL);
  return &self->requirement;
}

void
lev_area_set_requirement (LevArea         *self,
                          const LevNumber *quantity)
{
  g_return_if_fail (LEV_IS_AREA (self));
  if (lev_number_equal (&self->requirement, quantity))
    return;
  lev_number_assign (&self->requirement, quantity);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIREMENT]);
  emit_changed (self);
}

const char *
lev_area_get_requirement_unit (LevArea *self)
{
  g_return_val_if_fail (LEV_IS_AREA (self), NULL);
  return self->requirement_unit;
}

void
lev_area_set_requirement_unit (LevArea    *self,
                               const char *unit)
{
  g_return_if_fail (LEV_IS_AREA (self));
  if (g_strcmp0 (self->requirement_unit, unit ? unit : "") == 0)
    return;
  g_free (self->requirement_unit);
  self->requirement_unit = g_strdup (unit ? unit : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUIREMENT_UNIT]);
  emit_changed (self);
}

LevComputePlan *
lev_area_get_plan (LevArea *self)
{
  g_return_val_if_fail (LEV_IS_AREA (self), NULL);
  return self->plan;
}

void
lev_area_set_plan (LevArea        *self,
                   LevComputePlan *plan)
{
  g_return_if_fail (LEV_IS_AREA (self));
  if (self->plan == plan)
    return;
  if (self->plan != NULL)
    g_signal_handlers_disconnect_by_data (self->plan, self);
  g_set_object (&self->plan, plan);
  if (plan != NULL)
    g_signal_connect (plan, "notify", G_CALLBACK (on_notify), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
  emit_changed (self);
}

guint
lev_area_get_n_items (LevArea *self)
{
  g_return_val_if_fail (LEV_IS_AREA (self), 0);
  return self->items->len;
}

LevItem *
lev_area_get_item (LevArea *self,
                   guint    position)
{
  g_return_val_if_fail (LEV_IS_AREA (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);
  return g_ptr_array_index (self->items, position);
}

void
lev_area_insert_item (LevArea *self,
                      guint    position,
                      LevItem *item)
{
  g_return_if_fail (LEV_IS_AREA (self));
  g_return_if_fail (LEV_IS_ITEM (item));

  position = MIN (position, self->items->len);
  g_ptr_array_insert (self->items, position, g_object_ref (item));
  g_signal_connect (item, "notify", G_CALLBACK (on_notify), self);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
  emit_changed (self);
}

void
lev_area_append_item (LevArea *self,
                      LevItem *item)
{
  lev_area_insert_item (self, G_MAXUINT, item);
}

void
lev_area_remove_item (LevArea *self,
                      guint    position)
{
  g_return_if_fail (LEV_IS_AREA (self));
  g_return_if_fail (position < self->items->len);

  g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->items, position), self);
  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  emit_changed (self);
}

void
lev_area_move_item (LevArea *self,
                    guint    from,
                    guint    to)
{
  gpointer item;

  g_return_if_fail (LEV_IS_AREA (self));
  g_return_if_fail (from < self->items->len && to < self->items->len);
  if (from == to)
    return;

  item = g_ptr_array_steal_index (self->items, from);
  g_ptr_array_insert (self->items, to, item);
  g_list_model_items_changed (G_LIST_MODEL (self), MIN (from, to), ABS ((int) from - (int) to) + 1,
                              ABS ((int) from - (int) to) + 1);
  emit_changed (self);
}

gboolean
lev_area_find_item (LevArea *self,
                    LevItem *item,
                    guint   *position)
{
  g_return_val_if_fail (LEV_IS_AREA (self), FALSE);
  return g_ptr_array_find (self->items, item, position);
}
