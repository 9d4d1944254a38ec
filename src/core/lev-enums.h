/* lev-enums.h: the named choices of the scenario model. Their string ids
 * (the GEnumValue nicks) are what scenario files store. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LEV_AREA_DATA,
  LEV_AREA_COMPUTE,
  LEV_AREA_TALENT,
  LEV_AREA_MARKET,
  LEV_N_AREAS /*< skip >*/
} LevAreaKind;

typedef enum {
  LEV_CHANNEL_PARTNERSHIP,
  LEV_CHANNEL_DATA_EXCHANGE,
  LEV_CHANNEL_CROWDSOURCING,
  LEV_CHANNEL_PURCHASE,
  LEV_CHANNEL_CLOUD,
  LEV_CHANNEL_SUBSIDY,
  LEV_CHANNEL_ENTERPRISE_SHARE,
  LEV_CHANNEL_HIRE,
  LEV_CHANNEL_TRAINING,
  LEV_CHANNEL_UNIVERSITY,
  LEV_CHANNEL_MARKET_RESEARCH,
  LEV_CHANNEL_SCENARIO_SELECTION,
  LEV_CHANNEL_SELF_PROVIDED,
  LEV_CHANNEL_OTHER,
  LEV_N_CHANNELS /*< skip >*/
} LevChannel;

typedef enum {
  LEV_COST_AMOUNT,     /*< nick=amount >*/
  LEV_COST_UNIT_PRICE, /*< nick=unit_price >*/
  LEV_COST_SUBSIDY,    /*< nick=subsidy >*/
  LEV_COST_PLAN,       /*< nick=plan >*/
} LevCostForm;

typedef enum {
  LEV_SCHEDULE_ONCE,
  LEV_SCHEDULE_MONTHLY,
} LevSchedule;

typedef enum {
  LEV_CURRENCY_CNY, /*< nick=CNY >*/
  LEV_CURRENCY_USD, /*< nick=USD >*/
} LevCurrency;

/* File ids (as written in scenario files) and translatable labels. */
const char *lev_area_kind_to_id     (LevAreaKind kind);
gboolean    lev_area_kind_from_id   (const char *id, LevAreaKind *out);
const char *lev_area_kind_label     (LevAreaKind kind);
const char *lev_channel_to_id       (LevChannel channel);
gboolean    lev_channel_from_id     (const char *id, LevChannel *out);
const char *lev_channel_label       (LevChannel channel);
/* One translatable line on what the channel means. */
const char *lev_channel_description (LevChannel channel);
/* Whether @channel is one a founder would use in @area (Hiring under
 * Talent, not under Data). */
gboolean    lev_channel_fits_area   (LevChannel channel,
                                     LevAreaKind area);
/* Every channel, those that fit @area first; returns how many fit. */
guint       lev_channel_order_for_area (LevAreaKind area,
                                        LevChannel  order[LEV_N_CHANNELS]);
const char *lev_cost_form_to_id     (LevCostForm form);
gboolean    lev_cost_form_from_id   (const char *id, LevCostForm *out);
const char *lev_schedule_to_id      (LevSchedule schedule);
gboolean    lev_schedule_from_id    (const char *id, LevSchedule *out);
const char *lev_currency_to_id      (LevCurrency currency);
gboolean    lev_currency_from_id    (const char *id, LevCurrency *out);

G_END_DECLS
