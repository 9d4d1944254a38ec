/* lev-compute-plan.c: the compute plan object and its arithmetic. */
#define G_LOG_DOMAIN "lev-compute-plan"
#include "config.h"

#include <string.h>

#include "lev-compute-plan.h"

struct _LevComputePlan
{
  GObject    parent_instance;
  char      *accelerator;
  char      *notes;
  LevNumber  numbers[LEV_PLAN_N_NUMBERS];
};

G_DEFINE_FINAL_TYPE (LevComputePlan, lev_compute_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACCELERATOR,
  PROP_NOTES,
  PROP_FIRST_NUMBER,
  N_PROPS = PROP_FIRST_NUMBER + LEV_PLAN_N_NUMBERS
};

static GParamSpec *properties[N_PROPS];

static const char *number_ids[LEV_PLAN_N_NUMBERS] = {
  "parameters", "tokens", "peak_flops", "mfu", "price_per_hour",
};
static const char *number_props[LEV_PLAN_N_NUMBERS] = {
  "parameters", "tokens", "peak-flops", "mfu", "price-per-hour",
};

/* Peak dense bf16 throughput from the vendors' datasheets (without sparsity). */
static const LevAcceleratorPreset presets[] = {
  { "A100", "NVIDIA A100", 312e12 },
  { "H100-SXM", "NVIDIA H100 SXM", 989e12 },
};

const LevAcceleratorPreset *
lev_accelerator_presets (guint *n_presets)
{
  *n_presets = G_N_ELEMENTS (presets);
  return presets;
}

const LevAcceleratorPreset *
lev_accelerator_preset_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_strcmp0 (presets[i].id, id) == 0)
      return &presets[i];
  return NULL;
}

const char *
lev_compute_plan_number_id (LevPlanNumber which)
{
  g_return_val_if_fail (which < LEV_PLAN_N_NUMBERS, NULL);
  return number_ids[which];
}

double
lev_compute_plan_flops (double parameters,
                        double tokens)
{
  return 6.0 * parameters * tokens;
}

double
lev_compute_plan_hours (double flops,
                        double peak_flops,
                        double mfu)
{
  double effective = peak_flops * mfu;

  return effective > 0.0 ? flops / (effective * 3600.0) : 0.0;
}

static void
lev_compute_plan_finalize (GObject *object)
{
  LevComputePlan *self = (LevComputePlan *) object;

  g_clear_pointer (&self->accelerator, g_free);
  g_clear_pointer (&self->notes, g_free);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    lev_number_clear (&self->numbers[i]);
  G_OBJECT_CLASS (lev_compute_plan_parent_class)->finalize (object);
}

static void
lev_compute_plan_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  LevComputePlan *self = LEV_COMPUTE_PLAN (object);

  if (prop_id == PROP_ACCELERATOR)
    g_value_set_string (value, self->accelerator);
  else if (prop_id == PROP_NOTES)
    g_value_set_string (value, self->notes);
  else if (prop_id >= PROP_FIRST_NUMBER && prop_id < N_PROPS)
    g_value_set_boxed (value, &self->numbers[prop_id - PROP_FIRST_NUMBER]);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lev_compute_plan_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  LevComputePlan *self = LEV_COMPUTE_PLAN (object);

  if (prop_id == PROP_ACCELERATOR)
    lev_compute_plan_set_accelerator (self, g_value_get_string (value));
  else if (prop_id == PROP_NOTES)
    lev_compute_plan_set_notes (self, g_value_get_string (value));
  else if (prop_id >= PROP_FIRST_NUMBER && prop_id < N_PROPS)
    {
      const LevNumber *n = g_value_get_boxed (value);
      LevNumber none = lev_number_none ();
      lev_compute_plan_set_number (self, prop_id - PROP_FIRST_NUMBER, n ? n : &none);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
lev_compute_plan_class_init (LevComputePlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = lev_compute_plan_finalize;
  object_class->get_property = lev_compute_plan_get_property;
  object_class->set_property = lev_compute_plan_set_property;

  properties[PROP_ACCELERATOR] = g_param_spec_string ("accelerator", NULL, NULL, NULL, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    properties[PROP_FIRST_NUMBER + i] =
      g_param_spec_boxed (number_props[i], NULL, NULL, LEV_TYPE_NUMBER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
lev_compute_plan_init (LevComputePlan *self)
{
  self->accelerator = g_strdup ("");
  self->notes = g_strdup ("");
}

LevComputePlan *
lev_compute_plan_new (void)
{
  return g_object_new (LEV_TYPE_COMPUTE_PLAN, NULL);
}

LevComputePlan *
lev_compute_plan_duplicate (LevComputePlan *self)
{
  LevComputePlan *copy = lev_compute_plan_new ();

  lev_compute_plan_set_accelerator (copy, self->accelerator);
  lev_compute_plan_set_notes (copy, self->notes);
  for (guint i = 0; i < LEV_PLAN_N_NUMBERS; i++)
    lev_number_assign (&copy->numbers[i], &self->numbers[i]);
  return copy;
}

const char *
lev_compute_plan_get_accelerator (LevComputePlan *self)
{
  g_return_val_if_fail (LEV_IS_COMPUTE_PLAN (self), NULL);
  return self->accelerator;
}

void
lev_compute_plan_set_accelerator (LevComputePlan *self,
                                  const char     *accelerator)
{
  g_return_if_fail (LEV_IS_COMPUTE_PLAN (self));
  if (g_strcmp0 (self->accelerator, accelerator ? accelerator : "") == 0)
    return;
  g_free (self->accelerator);
  self->accelerator = g_strdup (accelerator ? accelerator : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCELERATOR]);
}

const char *
lev_compute_plan_get_notes (LevComputePlan *self)
{
  g_return_val_if_fail (LEV_IS_COMPUTE_PLAN (self), NULL);
  return self->notes;
}

void
lev_compute_plan_set_notes (LevComputePlan *self,
                            const char     *notes)
{
  g_return_if_fail (LEV_IS_COMPUTE_PLAN (self));
  if (g_strcmp0 (self->notes, notes ? notes : "") == 0)
    return;
  g_free (self->notes);
  self->notes = g_strdup (notes ? notes : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOTES]);
}

const LevNumber *
lev_compute_plan_get_number (LevComputePlan *self,
                             LevPlanNumber   which)
{
  g_return_val_if_fail (LEV_IS_COMPUTE_PLAN (self), NULL);
  g_return_val_if_fail (which < LEV_PLAN_N_NUMBERS, NULL);
  return &self->numbers[which];
}

void
lev_compute_plan_set_number (LevComputePlan  *self,
                             LevPlanNumber    which,
                             const LevNumber *value)
{
  g_return_if_fail (LEV_IS_COMPUTE_PLAN (self));
  g_return_if_fail (which < LEV_PLAN_N_NUMBERS);
  if (lev_number_equal (&self->numbers[which], value))
    return;
  lev_number_assign (&self->numbers[which], value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_NUMBER + which]);
}
