/* lev-chart-sim.h: the adapter from the Monte Carlo engine's results
 * (lev-simulate.h, lev-sensitivity.h) to the charts' plain inputs. */
#pragma once

#include "lev-chart-data.h"
#include "lev-sensitivity.h"
#include "lev-simulate.h"

G_BEGIN_DECLS

/* Fills the histogram, exceedance curve and the spend fan (replacing the
 * deterministic line) from @result, and the tornado from @sensitivity
 * when given. @budget is the funding the charts draw (the report's). */
void lev_chart_set_add_simulation (LevChartSet          *set,
                                   const LevSimResult   *result,
                                   const LevSensitivity *sensitivity,
                                   double                budget);

G_END_DECLS
