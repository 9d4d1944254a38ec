/* lev-chart-training.h: training curves read from a training run's JSON
 * (the output of `leverage-cli train --format json`), for the training
 * chart. */
#pragma once

#include "lev-chart-data.h"

G_BEGIN_DECLS

#define LEV_TRAINING_MAX_BYTES  (16 * 1024 * 1024)
#define LEV_TRAINING_MAX_EPOCHS 100000

/* Errors (LEV_ERROR) name @display_name, then the JSON path or line and
 * column, then the reason. */
LevTrainingCurves *lev_training_curves_load_data (const char  *data,
                                                  gsize        length,
                                                  const char  *display_name,
                                                  GError     **error);
LevTrainingCurves *lev_training_curves_load_file (const char  *filename,
                                                  GError     **error);

G_END_DECLS
