/* lev-summary.h: the strip of headline figures always visible above the
 * pages: leveraged total, baseline, savings, 10th–90th percentile, chance
 * within budget, runway. */
#pragma once

#include <gtk/gtk.h>

#include "lev-report.h"

G_BEGIN_DECLS

#define LEV_TYPE_SUMMARY (lev_summary_get_type ())
G_DECLARE_FINAL_TYPE (LevSummary, lev_summary, LEV, SUMMARY, GtkWidget)

typedef enum {
  LEV_SUMMARY_LEVERAGED,
  LEV_SUMMARY_BASELINE,
  LEV_SUMMARY_SAVINGS,
  LEV_SUMMARY_RANGE,
  LEV_SUMMARY_WITHIN_BUDGET,
  LEV_SUMMARY_RUNWAY,
  LEV_SUMMARY_N_FIELDS
} LevSummaryField;

GtkWidget  *lev_summary_new            (void);
void        lev_summary_show_report    (LevSummary      *self,
                                        const LevReport *report);
/* Figures a simulation adds; NAN leaves "—". */
void        lev_summary_show_range     (LevSummary      *self,
                                        LevCurrency      currency,
                                        double           p10,
                                        double           p90,
                                        double           p_within_budget,
                                        guint            n_samples);
const char *lev_summary_get_text       (LevSummary      *self,
                                        LevSummaryField  field);

G_END_DECLS
