/* lev-lab-device-section.h: the Model Lab's Device section: which device
 * trains (remembered in the settings), why there may be no OpenCL device,
 * and each device's throughput, measured until it settles. */
#pragma once

#include <adwaita.h>

#include "lev-lab-data.h"

G_BEGIN_DECLS

#define LEV_TYPE_LAB_DEVICE_SECTION (lev_lab_device_section_get_type ())
G_DECLARE_FINAL_TYPE (LevLabDeviceSection, lev_lab_device_section, LEV, LAB_DEVICE_SECTION, AdwPreferencesGroup)

/* Looks for devices once, on a worker thread ("scanned" is notified). */
void                lev_lab_device_section_scan          (LevLabDeviceSection *self);
gboolean            lev_lab_device_section_get_scanned   (LevLabDeviceSection *self);
gboolean            lev_lab_device_section_get_benchmarking (LevLabDeviceSection *self);
/* Device ids offered, in drop-down order: "" (automatic), "cpu", then
 * each OpenCL device's id; NULL-terminated. */
const char * const *lev_lab_device_section_get_ids       (LevLabDeviceSection *self);
const char         *lev_lab_device_section_get_chosen_id (LevLabDeviceSection *self);
/* The OpenCL device the chosen id trains on, by name ("automatic" takes
 * the first GPU), or NULL when training runs on the CPU backend. */
const char         *lev_lab_device_section_get_opencl_name (LevLabDeviceSection *self);
/* Why there is no OpenCL device, or NULL. */
const char         *lev_lab_device_section_get_note      (LevLabDeviceSection *self);

/* The throughput measured for the device named @device_name (as the
 * backend names it), if it was. */
gboolean            lev_lab_device_section_lookup        (LevLabDeviceSection *self,
                                                          const char          *device_name,
                                                          LevLabMeasure       *measure);
/* Measures the device named @device_name (the CPU backend when
 * @backend_name is "cpu") until its figure settles, and keeps the figure
 * for lookup; "benchmarking" holds meanwhile. */
void                lev_lab_device_section_measure_async (LevLabDeviceSection *self,
                                                          const char          *backend_name,
                                                          const char          *device_name,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean            lev_lab_device_section_measure_finish (LevLabDeviceSection *self,
                                                           GAsyncResult        *result,
                                                           LevLabMeasure       *measure,
                                                           GError             **error);

G_END_DECLS
