/* lev-model-lab.h: the Model Lab page: a founder's CSV in, a dense network
 * trained on it (on the GPU when there is one) with live curves, the
 * article's two result lines, and the measured speed handed to the
 * compute plan. The page is made of sections (data, settings, device,
 * run, results), each a template of its own; tests reach their widgets as
 * template children ("data_section", "run_section", …). */
#pragma once

#include <adwaita.h>

#include "lev-chart-export.h"
#include "lev-lab-data.h"
#include "lev-lab-data-section.h"
#include "lev-lab-device-section.h"
#include "lev-lab-results-section.h"
#include "lev-lab-run-section.h"
#include "lev-lab-settings-section.h"
#include "lev-trainer.h"

G_BEGIN_DECLS

#define LEV_TYPE_MODEL_LAB (lev_model_lab_get_type ())
G_DECLARE_FINAL_TYPE (LevModelLab, lev_model_lab, LEV, MODEL_LAB, GtkWidget)

GtkWidget            *lev_model_lab_new              (void);

/* Previews @file and reads it for training in the background; problems
 * are listed on the page. The last file's run and results are dropped. */
void                  lev_model_lab_open_csv         (LevModelLab *self,
                                                      GFile       *file);
/* Reading the CSV ("loading"), or training ("running"), is under way. */
gboolean              lev_model_lab_is_loading       (LevModelLab *self);
gboolean              lev_model_lab_is_training      (LevModelLab *self);
/* The devices have been looked for (asynchronously, when first shown). */
gboolean              lev_model_lab_has_devices      (LevModelLab *self);
gboolean              lev_model_lab_is_benchmarking  (LevModelLab *self);
/* A throughput is being measured for Use Measured Throughput. */
gboolean              lev_model_lab_is_measuring     (LevModelLab *self);

/* What the page shows (tests, screen readers). */
const LevLabPreview  *lev_model_lab_get_preview      (LevModelLab *self);
const LevDataset     *lev_model_lab_get_dataset      (LevModelLab *self);
/* The problems listed for the file, or NULL when there are none. */
const char           *lev_model_lab_get_problems     (LevModelLab *self);
const LevChartSet    *lev_model_lab_get_curves       (LevModelLab *self);
/* Within an epoch the curves get a point every half second; tests ask for
 * one after every @batches batches as well, so that a fast machine still
 * makes them (0: by the clock alone). Applies to the next run. */
void                  lev_model_lab_set_report_batches (LevModelLab *self,
                                                        guint        batches);
const LevTrainResult *lev_model_lab_get_result       (LevModelLab *self);
/* "Test loss: 0.4321\nTest accuracy: 0.8123", as shown. */
const char           *lev_model_lab_get_result_lines (LevModelLab *self);
/* The notice shown when OpenCL failed and the CPU took over, or NULL. */
const char           *lev_model_lab_get_fallback     (LevModelLab *self);
/* Why the last run failed, as shown on the page, or NULL. */
const char           *lev_model_lab_get_error        (LevModelLab *self);
/* The explanation shown when there is no OpenCL device, or NULL. */
const char           *lev_model_lab_get_device_note  (LevModelLab *self);
/* Device ids offered, in drop-down order: "" (automatic), "cpu", then
 * each OpenCL device's id. */
const char * const   *lev_model_lab_get_device_ids   (LevModelLab *self);
/* The settled throughput of the device that trained, once measured. */
gboolean              lev_model_lab_get_throughput   (LevModelLab   *self,
                                                      LevLabMeasure *measure);

/* The settings the page would train with now. */
void                  lev_model_lab_get_options      (LevModelLab     *self,
                                                      LevTrainOptions *options);

/* Writes the training-curve chart as the export menu does. */
gboolean              lev_model_lab_export_chart     (LevModelLab       *self,
                                                      LevChartFormat     format,
                                                      LevChartStyleKind  style,
                                                      LevTheme           theme,
                                                      double             scale,
                                                      const char        *path,
                                                      GError           **error);

G_END_DECLS
