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

/* The same with the histogram of @output (labelled @label) instead of the
 * leveraged total; the budget is drawn only on the leveraged total. */
void lev_chart_set_add_simulation_output (LevChartSet          *set,
                                          const LevSimResult   *result,
                                          const LevSensitivity *sensitivity,
                                          double                budget,
                                          LevOutput             output,
                                          const char           *label);

G_END_DECLS
