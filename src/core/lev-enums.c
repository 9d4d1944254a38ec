/* lev-enums.c: ids and translatable labels of the model's named choices. */
#define G_LOG_DOMAIN "lev-enums"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lev-enums.h"

static const char *area_ids[LEV_N_AREAS] = { "data", "compute", "talent", "market" };
static const char *area_labels[LEV_N_AREAS] = {
  /* The four areas of the article's model. */
  N_("Data acquisition"), N_("Compute resources"), N_("Talent"), N_("Market environment"),
};

static const char *channel_ids[LEV_N_CHANNELS] = {
  "partnership", "data_exchange", "crowdsourcing", "purchase", "cloud", "subsidy",
  "enterprise_share", "hire", "training", "university", "market_research",
  "scenario_selection", "self_provided", "other",
};
static const char *channel_labels[LEV_N_CHANNELS] = {
  N_("Partnership"), N_("Data exchange"), N_("Crowdsourcing"), N_("Purchase"),
  N_("Cloud platform"), N_("Government subsidy"), N_("Shared enterprise resources"),
  N_("Hiring"), N_("Training"), N_("University cooperation"), N_("Market research"),
  N_("Application-scenario selection"), N_("Self-provided"), N_("Other"),
};

static const char *cost_form_ids[] = { "amount", "unit_price", "subsidy", "plan" };
static const char *schedule_ids[] = { "once", "monthly" };
static const char *currency_ids[] = { "CNY", "USD" };

static gboolean
lookup (const char *const *ids, guint n, const char *id, int *out)
{
  if (id == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (ids[i], id))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define DEFINE_IDS(name, Type, table)                                        \
  const char *lev_##name##_to_id (Type v)                                    \
  {                                                                          \
    g_return_val_if_fail ((guint) v < G_N_ELEMENTS (table), NULL);           \
    return table[v];                                                         \
  }                                                                          \
  gboolean lev_##name##_from_id (const char *id, Type *out)                  \
  {                                                                          \
    int v;                                                                   \
    if (!lookup (table, G_N_ELEMENTS (table), id, &v))                       \
      return FALSE;                                                          \
    *out = (Type) v;                                                         \
    return TRUE;                                                             \
  }

DEFINE_IDS (area_kind, LevAreaKind, area_ids)
DEFINE_IDS (channel, LevChannel, channel_ids)
DEFINE_IDS (cost_form, LevCostForm, cost_form_ids)
DEFINE_IDS (schedule, LevSchedule, schedule_ids)
DEFINE_IDS (currency, LevCurrency, currency_ids)

const char *
lev_area_kind_label (LevAreaKind kind)
{
  g_return_val_if_fail ((guint) kind < LEV_N_AREAS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, area_labels[kind]);
}

const char *
lev_channel_label (LevChannel channel)
{
  g_return_val_if_fail ((guint) channel < LEV_N_CHANNELS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, channel_labels[channel]);
}
