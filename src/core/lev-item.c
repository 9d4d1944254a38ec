/* lev-item.c: the line-item GObject the plan editor binds to. */
#define G_LOG_DOMAIN "lev-item"
#include "config.h"

#include <string.h>

#include "lev-enum-types.h"
#include "lev-item.h"

struct _LevItem
{
  GObject      parent_instance;

  char        *id;
  char        *name;
  char        *notes;
  char       **covers;
  LevChannel   channel;
  LevCostForm  cost_form;
  LevSchedule  schedule;
  LevNumber    numbers[LEV_ITEM_N_NUMBERS];
};

G_DEFINE_FINAL_TYPE (LevItem, lev_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_NOTES,
  PROP_COVERS,
  PROP_CHANNEL,
  PROP_COST_FORM,
  PROP_SCHEDULE,
  PROP_FIRST_NUMBER,
  N_PROPS = PROP_FIRST_NUMBER + LEV_ITEM_N_NUMBERS
};

static GParamSpec *properties[N_PROPS];

/* File ids of the numeric fields (also their JSON member names, except
 * where the file groups them: see lev-scenario-io.c). */
static const char *number_ids[LEV_ITEM_N_NUMBERS] = {
  "quantity", "amount", "unit_price", "rate", "cap", "share", "baseline",
  "start_month", "duration_months",
};
static const char *number_props[LEV_ITEM_N_NUMBERS] = {
  "quantity", "amount", "unit-price", "rate", "cap", "share", "baseline",
  "start-month", "duration-months",
};

const char *
lev_item_number_id (LevItemNumber which)
{
  g_return_val_if_fail (which < LEV_ITEM_N_NUMBERS, NULL);
  return number_ids[which];
}

const char *
lev_item_number_property (LevItemNumber which)
{
  g_return_val_if_fail (which < LEV_ITEM_N_NUMBERS, NULL);
  return number_props[which];
}

static void
lev_item_finalize (GObject *object)
{
  LevItem *self = (LevItem *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->notes, g_free);
  g_clear_pointer (&self->covers, g_strfreev);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    lev_number_clear (&self->numbers[i]);

  G_OBJECT_CLASS (lev_item_parent_class)->finalize (object);
}

static void
lev_item_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  LevItem *self = LEV_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_NOTES:
      g_value_set_string (value, self->notes);
      break;
    case PROP_COVERS:
      g_value_set_boxed (value, self->covers);
      break;
    case PROP_CHANNEL:
      g_value_set_enum (value, self->channel);
      break;
    case PROP_COST_FORM:
      g_value_set_enum (value, self->cost_form);
      break;
    case PROP_SCHEDULE:
      g_value_set_enum (value, self->schedule);
      break;
    default:
      if (prop_id >= PROP_FIRST_NUMBER && prop_id < N_PROPS)
        g_value_set_boxed (value, &self->numbers[prop_id - PROP_FIRST_NUMBER]);
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_item_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  LevItem *self = LEV_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      lev_item_set_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      lev_item_set_name (self, g_value_get_string (value));
      break;
    case PROP_NOTES:
      lev_item_set_notes (self, g_value_get_string (value));
      break;
    case PROP_COVERS:
      lev_item_set_covers (self, g_value_get_boxed (value));
      break;
    case PROP_CHANNEL:
      lev_item_set_channel (self, g_value_get_enum (value));
      break;
    case PROP_COST_FORM:
      lev_item_set_cost_form (self, g_value_get_enum (value));
      break;
    case PROP_SCHEDULE:
      lev_item_set_schedule (self, g_value_get_enum (value));
      break;
    default:
      if (prop_id >= PROP_FIRST_NUMBER && prop_id < N_PROPS)
        {
          const LevNumber *n = g_value_get_boxed (value);
          LevNumber none = lev_number_none ();
          lev_item_set_number (self, prop_id - PROP_FIRST_NUMBER, n ? n : &none);
        }
      else
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_item_class_init (LevItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lev_item_finalize;
  object_class->get_property = lev_item_get_property;
  object_class->set_property = lev_item_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  properties[PROP_COVERS] = g_param_spec_boxed ("covers", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_CHANNEL] = g_param_spec_enum ("channel", NULL, NULL, LEV_TYPE_CHANNEL,
                                                LEV_CHANNEL_OTHER, flags);
  properties[PROP_COST_FORM] = g_param_spec_enum ("cost-form", NULL, NULL, LEV_TYPE_COST_FORM,
                                                  LEV_COST_AMOUNT, flags);
  properties[PROP_SCHEDULE] = g_param_spec_enum ("schedule", NULL, NULL, LEV_TYPE_SCHEDULE,
                                                 LEV_SCHEDULE_ONCE, flags);
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    properties[PROP_FIRST_NUMBER + i] =
      g_param_spec_boxed (number_props[i], NULL, NULL, LEV_TYPE_NUMBER,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lev_item_init (LevItem *self)
{
  self->id = g_strdup ("");
  self->name = g_strdup ("");
  self->notes = g_strdup ("");
  self->covers = g_new0 (char *, 1);
  self->channel = LEV_CHANNEL_OTHER;
  self->cost_form = LEV_COST_AMOUNT;
  self->schedule = LEV_SCHEDULE_ONCE;
  self->numbers[LEV_ITEM_START_MONTH] = lev_number_point (0);
  self->numbers[LEV_ITEM_DURATION_MONTHS] = lev_number_point (1);
}

LevItem *
lev_item_new (const char *id,
              const char *name)
{
  return g_object_new (LEV_TYPE_ITEM, "id", id, "name", name, NULL);
}

LevItem *
lev_item_duplicate (LevItem    *self,
                    const char *new_id)
{
  LevItem *copy;

  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);

  copy = lev_item_new (new_id, self->name);
  copy->notes = (g_free (copy->notes), g_strdup (self->notes));
  copy->covers = (g_strfreev (copy->covers), g_strdupv (self->covers));
  copy->channel = self->channel;
  copy->cost_form = self->cost_form;
  copy->schedule = self->schedule;
  /* Empirical samples are shared by reference, not copied bitwise. */
  for (guint i = 0; i < LEV_ITEM_N_NUMBERS; i++)
    lev_number_assign (&copy->numbers[i], &self->numbers[i]);
  return copy;
}

static gboolean
set_string (char **field, const char *value)
{
  if (value == NULL)
    value = "";
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
lev_item_get_id (LevItem *self)
{
  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);
  return self->id;
}

void
lev_item_set_id (LevItem    *self,
                 const char *id)
{
  g_return_if_fail (LEV_IS_ITEM (self));
  if (set_string (&self->id, id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
lev_item_get_name (LevItem *self)
{
  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);
  return self->name;
}

void
lev_item_set_name (LevItem    *self,
                   const char *name)
{
  g_return_if_fail (LEV_IS_ITEM (self));
  if (set_string (&self->name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

const char *
lev_item_get_notes (LevItem *self)
{
  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);
  return self->notes;
}

void
lev_item_set_notes (LevItem    *self,
                    const char *notes)
{
  g_return_if_fail (LEV_IS_ITEM (self));
  if (set_string (&self->notes, notes))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const char *const *
lev_item_get_covers (LevItem *self)
{
  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);
  return (const char *const *) self->covers;
}

void
lev_item_set_covers (LevItem           *self,
                     const char *const *covers)
{
  static const char *const empty[] = { NULL };

  g_return_if_fail (LEV_IS_ITEM (self));
  if (covers == NULL)
    covers = empty;
  if (g_strv_equal ((const char *const *) self->covers, covers))
    return;
  g_strfreev (self->covers);
  self->covers = g_strdupv ((char **) covers);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COVERS]);
}

#define DEFINE_ENUM_ACCESSORS(field, Type, PROP)                             \
  Type lev_item_get_##field (LevItem *self)                                  \
  {                                                                          \
    g_return_val_if_fail (LEV_IS_ITEM (self), 0);                            \
    return self->field;                                                      \
  }                                                                          \
  void lev_item_set_##field (LevItem *self, Type value)                      \
  {                                                                          \
    g_return_if_fail (LEV_IS_ITEM (self));                                   \
    if (self->field == value)                                                \
      return;                                                                \
    self->field = value;                                                     \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);            \
  }

DEFINE_ENUM_ACCESSORS (channel, LevChannel, PROP_CHANNEL)
DEFINE_ENUM_ACCESSORS (cost_form, LevCostForm, PROP_COST_FORM)
DEFINE_ENUM_ACCESSORS (schedule, LevSchedule, PROP_SCHEDULE)

const LevNumber *
lev_item_get_number (LevItem       *self,
                     LevItemNumber  which)
{
  g_return_val_if_fail (LEV_IS_ITEM (self), NULL);
  g_return_val_if_fail (which < LEV_ITEM_N_NUMBERS, NULL);
  return &self->numbers[which];
}

void
lev_item_set_number (LevItem         *self,
                     LevItemNumber    which,
                     const LevNumber *value)
{
  g_return_if_fail (LEV_IS_ITEM (self));
  g_return_if_fail (which < LEV_ITEM_N_NUMBERS);
  g_return_if_fail (value != NULL);

  if (lev_number_equal (&self->numbers[which], value))
    return;
  lev_number_assign (&self->numbers[which], value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_NUMBER + which]);
}
