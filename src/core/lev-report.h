/* lev-report.h: the deterministic report of a scenario (every input at
 * its point value) and its text, JSON and CSV forms. */
#pragma once

#include <json-glib/json-glib.h>

#include "lev-money.h"
#include "lev-snapshot.h"

G_BEGIN_DECLS

typedef struct {
  LevSnapshot *snapshot;
  LevEval      eval;
  double      *values;        /* each input's value */
  double       requirement[LEV_N_AREAS]; /* NAN where the area has none */
} LevReport;

LevReport *lev_report_new      (LevScenario  *scenario,
                                GError      **error);
void       lev_report_free     (LevReport    *self);
JsonNode  *lev_report_to_json  (const LevReport *self);
char      *lev_report_to_text  (const LevReport *self,
                                LevMoneyLocale   locale);
char      *lev_report_to_csv   (const LevReport *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevReport, lev_report_free)

G_END_DECLS
