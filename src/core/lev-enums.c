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

/* One line each, for the channel picker: what the channel means. */
static const char *channel_descriptions[LEV_N_CHANNELS] = {
  N_("A research institute, association or company shares it with you"),
  N_("Bought or swapped on a data exchange"),
  N_("Collected or labelled by a crowd platform"),
  N_("Bought outright from a vendor"),
  N_("Rented from a cloud platform, often with credits"),
  N_("A government voucher that pays a share of other items"),
  N_("Spare capacity of a partner company's cluster"),
  N_("People hired onto the team"),
  N_("Courses that grow the team's skills"),
  N_("Joint work with a university lab or its students"),
  N_("Studies of customers, competitors and demand"),
  N_("Choosing and piloting the first applications to sell"),
  N_("Done or owned by the company itself"),
  N_("Anything else"),
};

/* The channels that make sense in each area, in the order a founder of
 * that area would look for them; the picker offers these first. */
static const LevChannel area_channels[LEV_N_AREAS][9] = {
  [LEV_AREA_DATA] = { LEV_CHANNEL_PARTNERSHIP, LEV_CHANNEL_DATA_EXCHANGE, LEV_CHANNEL_CROWDSOURCING,
                      LEV_CHANNEL_PURCHASE, LEV_CHANNEL_UNIVERSITY, LEV_CHANNEL_SUBSIDY,
                      LEV_CHANNEL_SELF_PROVIDED, LEV_N_CHANNELS },
  [LEV_AREA_COMPUTE] = { LEV_CHANNEL_CLOUD, LEV_CHANNEL_SUBSIDY, LEV_CHANNEL_ENTERPRISE_SHARE,
                         LEV_CHANNEL_PARTNERSHIP, LEV_CHANNEL_PURCHASE, LEV_CHANNEL_UNIVERSITY,
                         LEV_CHANNEL_SELF_PROVIDED, LEV_N_CHANNELS },
  [LEV_AREA_TALENT] = { LEV_CHANNEL_HIRE, LEV_CHANNEL_TRAINING, LEV_CHANNEL_UNIVERSITY,
                        LEV_CHANNEL_PARTNERSHIP, LEV_CHANNEL_SUBSIDY, LEV_CHANNEL_SELF_PROVIDED,
                        LEV_N_CHANNELS },
  [LEV_AREA_MARKET] = { LEV_CHANNEL_MARKET_RESEARCH, LEV_CHANNEL_SCENARIO_SELECTION,
                        LEV_CHANNEL_PARTNERSHIP, LEV_CHANNEL_SUBSIDY, LEV_CHANNEL_SELF_PROVIDED,
                        LEV_N_CHANNELS },
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
lev_channel_description (LevChannel channel)
{
  g_return_val_if_fail ((guint) channel < LEV_N_CHANNELS, NULL);
  return g_dgettext (GETTEXT_PACKAGE, channel_descriptions[channel]);
}

gboolean
lev_channel_fits_area (LevChannel  channel,
                       LevAreaKind area)
{
  g_return_val_if_fail ((guint) area < LEV_N_AREAS, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (area_channels[area]) && area_channels[area][i] != LEV_N_CHANNELS; i++)
    if (area_channels[area][i] == channel)
      return TRUE;
  return FALSE;
}

guint
lev_channel_order_for_area (LevAreaKind area,
                            LevChannel  order[LEV_N_CHANNELS])
{
  guint n = 0, fitting;

  g_return_val_if_fail ((guint) area < LEV_N_AREAS, 0);
  for (guint i = 0; i < G_N_ELEMENTS (area_channels[area]) && area_channels[area][i] != LEV_N_CHANNELS; i++)
    order[n++] = area_channels[area][i];
  fitting = n;
  for (guint c = 0; c < LEV_N_CHANNELS; c++)
    if (!lev_channel_fits_area (c, area))
      order[n++] = c;
  g_assert (n == LEV_N_CHANNELS);
  return fitting;
}

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
