/* lev-lab-run-section.h: the Model Lab's Run section: Train and Cancel,
 * the progress (and what a first run waits for), the live curves, and why
 * a run failed or moved to the CPU. */
#pragma once

#include <gtk/gtk.h>

#include "lev-chart.h"
#include "lev-lab-data.h"
#include "lev-trainer.h"

G_BEGIN_DECLS

#define LEV_TYPE_LAB_RUN_SECTION (lev_lab_run_section_get_type ())
G_DECLARE_FINAL_TYPE (LevLabRunSection, lev_lab_run_section, LEV, LAB_RUN_SECTION, GtkBox)

/* Trains on @data on a worker thread; "running" is notified now and when
 * the run ends. @opencl_name names the OpenCL device the run sets up first
 * (NULL for the CPU backend); @title names the curves. */
void                  lev_lab_run_section_start        (LevLabRunSection      *self,
                                                        LevLabData            *data,
                                                        const LevTrainOptions *options,
                                                        const char            *backend_name,
                                                        const char            *device_id,
                                                        const char            *opencl_name,
                                                        const char            *title);
/* The run turns idle when the worker answers, within one batch. */
void                  lev_lab_run_section_cancel       (LevLabRunSection      *self);
/* Forgets the last run: curves, progress, status, notices (a new file). */
void                  lev_lab_run_section_reset        (LevLabRunSection      *self);
gboolean              lev_lab_run_section_get_running  (LevLabRunSection      *self);
/* The result of the run that just ended well, once; NULL otherwise. */
LevTrainResult       *lev_lab_run_section_steal_result (LevLabRunSection      *self);
const LevChartSet    *lev_lab_run_section_get_curves   (LevLabRunSection      *self);
/* The notice shown when OpenCL failed and the CPU took over, or NULL. */
const char           *lev_lab_run_section_get_fallback (LevLabRunSection      *self);
/* Why the last run failed, as shown, or NULL. */
const char           *lev_lab_run_section_get_error    (LevLabRunSection      *self);
/* Tests: a batch report every @batches batches too (0: by the clock). */
void                  lev_lab_run_section_set_report_batches (LevLabRunSection *self,
                                                              guint             batches);

G_END_DECLS
