/* lev-money.h: money as people read it: 1300万 and 1.45亿 in Chinese,
 * ¥13,000,000 or $1.3M elsewhere. Every text output uses this. */
#pragma once

#include "lev-enums.h"

G_BEGIN_DECLS

typedef enum {
  LEV_MONEY_LOCALE_AUTO,    /* from LC_ALL / LC_MONETARY / LANG */
  LEV_MONEY_LOCALE_CHINESE, /* 万 / 亿 */
  LEV_MONEY_LOCALE_WESTERN, /* thousands separators, K / M / B */
} LevMoneyLocale;

/* Full: every unit shown (¥13,000,000; 1300万元). Compact: rounded for
 * charts and summaries (¥13M; 1300万; $1.3M). */
typedef enum {
  LEV_MONEY_FULL,
  LEV_MONEY_COMPACT,
  /* The window's one form: the units a founder types (¥979.8K, ¥13M;
   * 97.98万, 1300万, never 元) with up to four significant digits, so
   * what is shown reads like what is typed. */
  LEV_MONEY_SCREEN,
} LevMoneyStyle;

LevMoneyLocale lev_money_locale_detect (void);
char          *lev_money_format        (double          amount,
                                        LevCurrency     currency,
                                        LevMoneyStyle   style,
                                        LevMoneyLocale  locale);
/* A plain number with the same conventions, no currency sign (counts,
 * accelerator-hours): 2.95万 or 29,490. */
char          *lev_number_format       (double          value,
                                        LevMoneyLocale  locale);

G_END_DECLS
