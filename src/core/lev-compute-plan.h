/* lev-compute-plan.h: the compute area's training plan:
 * 6·N·D FLOPs → accelerator-hours → cost. */
#pragma once

#include <glib-object.h>

#include "lev-number.h"

G_BEGIN_DECLS

#define LEV_TYPE_COMPUTE_PLAN (lev_compute_plan_get_type ())
G_DECLARE_FINAL_TYPE (LevComputePlan, lev_compute_plan, LEV, COMPUTE_PLAN, GObject)

typedef enum {
  LEV_PLAN_PARAMETERS,     /* N, model parameters */
  LEV_PLAN_TOKENS,         /* D, training tokens */
  LEV_PLAN_PEAK_FLOPS,     /* peak FLOP/s of one accelerator */
  LEV_PLAN_MFU,            /* model FLOPs utilisation, 0..1 */
  LEV_PLAN_PRICE_PER_HOUR, /* price of one accelerator-hour */
  LEV_PLAN_N_NUMBERS
} LevPlanNumber;

typedef struct {
  const char *id;          /* stored in files */
  const char *label;
  double      peak_flops;  /* dense bf16, vendor datasheet */
} LevAcceleratorPreset;

LevComputePlan  *lev_compute_plan_new              (void);
LevComputePlan  *lev_compute_plan_duplicate        (LevComputePlan *self);
const char      *lev_compute_plan_get_accelerator  (LevComputePlan *self);
void             lev_compute_plan_set_accelerator  (LevComputePlan *self,
                                                    const char     *accelerator);
const char      *lev_compute_plan_get_notes        (LevComputePlan *self);
void             lev_compute_plan_set_notes        (LevComputePlan *self,
                                                    const char     *notes);
const LevNumber *lev_compute_plan_get_number       (LevComputePlan *self,
                                                    LevPlanNumber   which);
void             lev_compute_plan_set_number       (LevComputePlan *self,
                                                    LevPlanNumber   which,
                                                    const LevNumber *value);
const char      *lev_compute_plan_number_id        (LevPlanNumber   which);

/* The plan's arithmetic, shared by the report and the engine. */
double           lev_compute_plan_flops            (double parameters,
                                                    double tokens);
double           lev_compute_plan_hours            (double flops,
                                                    double peak_flops,
                                                    double mfu);

const LevAcceleratorPreset *lev_accelerator_presets (guint *n_presets);
const LevAcceleratorPreset *lev_accelerator_preset_lookup (const char *id);

G_END_DECLS
