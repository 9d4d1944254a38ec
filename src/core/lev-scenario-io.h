/* lev-scenario-io.h: scenario files (JSON, format v1; data/scenarios/FORMAT.md). */
#pragma once

#include "lev-scenario.h"

G_BEGIN_DECLS

#define LEV_SCENARIO_FORMAT        "leverage-scenario"
#define LEV_SCENARIO_VERSION       1
#define LEV_SCENARIO_MAX_BYTES     (64 * 1024 * 1024)
#define LEV_SCENARIO_MAX_DEPTH     32
#define LEV_SCENARIO_MAX_ITEMS     100000

/* Errors name the file (@display_name), then the line:column or JSON path. */
LevScenario *lev_scenario_load_data  (const char   *data,
                                      gsize         length,
                                      const char   *display_name,
                                      GError      **error);
/* @base_dir: where relative CSV files of empirical distributions live
 * (NULL: the current directory). */
LevScenario *lev_scenario_load_data_in (const char *data,
                                        gsize       length,
                                        const char *display_name,
                                        const char *base_dir,
                                        GError    **error);
LevScenario *lev_scenario_load_file  (const char   *filename,
                                      GError      **error);
char        *lev_scenario_to_data    (LevScenario  *self,
                                      gsize        *length);
/* Atomic: the file is either the old or the new version after a crash. */
gboolean     lev_scenario_save_file  (LevScenario  *self,
                                      const char   *filename,
                                      GError      **error);

G_END_DECLS
