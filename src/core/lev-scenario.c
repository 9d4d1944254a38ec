/* lev-scenario.c: the scenario GObject; "changed" fires on any edit below. */
#define G_LOG_DOMAIN "lev-scenario"
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "lev-enum-types.h"
#include "lev-scenario.h"

struct _LevScenario
{
  GObject      parent_instance;
  char        *name;
  char        *start;
  char        *notes;
  LevCurrency  currency;
  guint        horizon_months;
  LevNumber    budget;
  guint64      seed;
  guint        samples;
  LevArea     *areas[LEV_N_AREAS];
  GArray      *correlations; /* LevCorrelation */
};

G_DEFINE_FINAL_TYPE (LevScenario, lev_scenario, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_CURRENCY,
  PROP_START,
  PROP_HORIZON_MONTHS,
  PROP_BUDGET,
  PROP_SEED,
  PROP_SAMPLES,
  PROP_NOTES,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
emit_changed (LevScenario *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
notify_and_change (LevScenario *self,
                   guint        prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  emit_changed (self);
}

static void
lev_scenario_dispose (GObject *object)
{
  LevScenario *self = (LevScenario *) object;

  for (guint i = 0; i < LEV_N_AREAS; i++)
    {
      if (self->areas[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->areas[i], self);
      g_clear_object (&self->areas[i]);
    }
  G_OBJECT_CLASS (lev_scenario_parent_class)->dispose (object);
}

static void
lev_scenario_finalize (GObject *object)
{
  LevScenario *self = (LevScenario *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->start, g_free);
  g_clear_pointer (&self->notes, g_free);
  lev_number_clear (&self->budget);
  g_clear_pointer (&self->correlations, g_array_unref);
  G_OBJECT_CLASS (lev_scenario_parent_class)->finalize (object);
}

static void
lev_scenario_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LevScenario *self = LEV_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_NAME: g_value_set_string (value, self->name); break;
    case PROP_CURRENCY: g_value_set_enum (value, self->currency); break;
    case PROP_START: g_value_set_string (value, self->start); break;
    case PROP_HORIZON_MONTHS: g_value_set_uint (value, self->horizon_months); break;
    case PROP_BUDGET: g_value_set_boxed (value, &self->budget); break;
    case PROP_SEED: g_value_set_uint64 (value, self->seed); break;
    case PROP_SAMPLES: g_value_set_uint (value, self->samples); break;
    case PROP_NOTES: g_value_set_string (value, self->notes); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_scenario_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LevScenario *self = LEV_SCENARIO (object);

  switch (prop_id)
    {
    case PROP_NAME: lev_scenario_set_name (self, g_value_get_string (value)); break;
    case PROP_CURRENCY: lev_scenario_set_currency (self, g_value_get_enum (value)); break;
    case PROP_START: lev_scenario_set_start (self, g_value_get_string (value)); break;
    case PROP_HORIZON_MONTHS: lev_scenario_set_horizon_months (self, g_value_get_uint (value)); break;
    case PROP_BUDGET:
      {
        const LevNumber *n = g_value_get_boxed (value);
        LevNumber none = lev_number_none ();
        lev_scenario_set_budget (self, n ? n : &none);
      }
      break;
    case PROP_SEED: lev_scenario_set_seed (self, g_value_get_uint64 (value)); break;
    case PROP_SAMPLES: lev_scenario_set_samples (self, g_value_get_uint (value)); break;
    case PROP_NOTES: lev_scenario_set_notes (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_scenario_class_init (LevScenarioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = lev_scenario_dispose;
  object_class->finalize = lev_scenario_finalize;
  object_class->get_property = lev_scenario_get_property;
  object_class->set_property = lev_scenario_set_property;

  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_CURRENCY] = g_param_spec_enum ("currency", NULL, NULL, LEV_TYPE_CURRENCY,
                                                 LEV_CURRENCY_CNY, flags);
  properties[PROP_START] = g_param_spec_string ("start", NULL, NULL, NULL, flags);
  properties[PROP_HORIZON_MONTHS] = g_param_spec_uint ("horizon-months", NULL, NULL, 1,
                                                       LEV_SCENARIO_MAX_MONTHS, 24, flags);
  properties[PROP_BUDGET] = g_param_spec_boxed ("budget", NULL, NULL, LEV_TYPE_NUMBER, flags);
  properties[PROP_SEED] = g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 42, flags);
  properties[PROP_SAMPLES] = g_param_spec_uint ("samples", NULL, NULL, 1, 100000000, 100000, flags);
  properties[PROP_NOTES] = g_param_spec_string ("notes", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any edit of the scenario or anything in it. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
lev_scenario_init (LevScenario *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  self->name = g_strdup ("");
  self->notes = g_strdup ("");
  self->start = g_date_time_format (now, "%Y-%m");
  self->currency = LEV_CURRENCY_CNY;
  self->horizon_months = 24;
  self->seed = 42;
  self->samples = 100000;
  for (guint i = 0; i < LEV_N_AREAS; i++)
    {
      self->areas[i] = lev_area_new (i);
      g_signal_connect_swapped (self->areas[i], "changed", G_CALLBACK (emit_changed), self);
    }
}

LevScenario *
lev_scenario_new (void)
{
  return g_object_new (LEV_TYPE_SCENARIO, NULL);
}

static gboolean
replace_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value ? value : "") == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value ? value : "");
  return TRUE;
}

const char *
lev_scenario_get_name (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  return self->name;
}

void
lev_scenario_set_name (LevScenario *self,
                       const char  *name)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (replace_string (&self->name, name))
    notify_and_change (self, PROP_NAME);
}

LevCurrency
lev_scenario_get_currency (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), 0);
  return self->currency;
}

void
lev_scenario_set_currency (LevScenario *self,
                           LevCurrency  currency)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (self->currency == currency)
    return;
  self->currency = currency;
  notify_and_change (self, PROP_CURRENCY);
}

gboolean
lev_start_is_valid (const char *start)
{
  int y, m;
  char extra;

  if (start == NULL || strlen (start) != 7 || start[4] != '-')
    return FALSE;
  if (sscanf (start, "%4d-%2d%c", &y, &m, &extra) != 2)
    return FALSE;
  return g_ascii_isdigit (start[0]) && g_ascii_isdigit (start[5]) &&
         y >= 1900 && y <= 9999 && m >= 1 && m <= 12;
}

const char *
lev_scenario_get_start (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  return self->start;
}

void
lev_scenario_set_start (LevScenario *self,
                        const char  *start)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  g_return_if_fail (lev_start_is_valid (start));
  if (replace_string (&self->start, start))
    notify_and_change (self, PROP_START);
}

guint
lev_scenario_get_horizon_months (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), 0);
  return self->horizon_months;
}

void
lev_scenario_set_horizon_months (LevScenario *self,
                                 guint        months)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  g_return_if_fail (months >= 1 && months <= LEV_SCENARIO_MAX_MONTHS);
  if (self->horizon_months == months)
    return;
  self->horizon_months = months;
  notify_and_change (self, PROP_HORIZON_MONTHS);
}

const LevNumber *
lev_scenario_get_budget (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  return &self->budget;
}

void
lev_scenario_set_budget (LevScenario     *self,
                         const LevNumber *budget)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (lev_number_equal (&self->budget, budget))
    return;
  lev_number_assign (&self->budget, budget);
  notify_and_change (self, PROP_BUDGET);
}

guint64
lev_scenario_get_seed (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), 0);
  return self->seed;
}

void
lev_scenario_set_seed (LevScenario *self,
                       guint64      seed)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (self->seed == seed)
    return;
  self->seed = seed;
  notify_and_change (self, PROP_SEED);
}

guint
lev_scenario_get_samples (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), 0);
  return self->samples;
}

void
lev_scenario_set_samples (LevScenario *self,
                          guint        samples)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (self->samples == samples)
    return;
  self->samples = samples;
  notify_and_change (self, PROP_SAMPLES);
}

const char *
lev_scenario_get_notes (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  return self->notes;
}

void
lev_scenario_set_notes (LevScenario *self,
                        const char  *notes)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  if (replace_string (&self->notes, notes))
    notify_and_change (self, PROP_NOTES);
}

LevArea *
lev_scenario_get_area (LevScenario *self,
                       LevAreaKind  kind)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  g_return_val_if_fail ((guint) kind < LEV_N_AREAS, NULL);
  return self->areas[kind];
}

LevItem *
lev_scenario_find_item (LevScenario *self,
                        const char  *id,
                        LevAreaKind *area_out)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);

  for (guint a = 0; a < LEV_N_AREAS; a++)
    for (guint i = 0; i < lev_area_get_n_items (self->areas[a]); i++)
      {
        LevItem *item = lev_area_get_item (self->areas[a], i);
        if (g_strcmp0 (lev_item_get_id (item), id) == 0)
          {
            if (area_out)
              *area_out = a;
            return item;
          }
      }
  return NULL;
}

char *
lev_scenario_make_item_id (LevScenario *self,
                           const char  *base)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);

  if (base == NULL || *base == '\0')
    base = "item";
  if (lev_scenario_find_item (self, base, NULL) == NULL)
    return g_strdup (base);
  for (guint n = 2;; n++)
    {
      char *id = g_strdup_printf ("%s-%u", base, n);
      if (lev_scenario_find_item (self, id, NULL) == NULL)
        return id;
      g_free (id);
    }
}

static void
clear_correlation (gpointer data)
{
  LevCorrelation *c = data;

  g_free (c->a);
  g_free (c->b);
}

guint
lev_scenario_get_n_correlations (LevScenario *self)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), 0);
  return self->correlations ? self->correlations->len : 0;
}

const LevCorrelation *
lev_scenario_get_correlation (LevScenario *self,
                              guint        i)
{
  g_return_val_if_fail (LEV_IS_SCENARIO (self), NULL);
  g_return_val_if_fail (i < lev_scenario_get_n_correlations (self), NULL);
  return &g_array_index (self->correlations, LevCorrelation, i);
}

void
lev_scenario_set_correlations (LevScenario          *self,
                               const LevCorrelation *correlations,
                               guint                 n)
{
  g_return_if_fail (LEV_IS_SCENARIO (self));
  g_return_if_fail (correlations != NULL || n == 0);

  g_clear_pointer (&self->correlations, g_array_unref);
  if (n > 0)
    {
      self->correlations = g_array_sized_new (FALSE, FALSE, sizeof (LevCorrelation), n);
      g_array_set_clear_func (self->correlations, clear_correlation);
      for (guint i = 0; i < n; i++)
        {
          LevCorrelation c = { g_strdup (correlations[i].a), g_strdup (correlations[i].b),
                               correlations[i].rank };
          g_array_append_val (self->correlations, c);
        }
    }
  emit_changed (self);
}
