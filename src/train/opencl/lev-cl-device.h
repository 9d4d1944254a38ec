/* lev-cl-device.h: the OpenCL devices of this machine, described in terms a
 * founder can choose from, each with a stable id (name + driver). */
#pragma once

#include "lev-cl-loader.h"

G_BEGIN_DECLS

typedef enum {
  LEV_CL_KIND_DISCRETE_GPU,
  LEV_CL_KIND_INTEGRATED_GPU,
  LEV_CL_KIND_ACCELERATOR,
  LEV_CL_KIND_CPU,
  LEV_CL_KIND_OTHER,
} LevClDeviceKind;

typedef struct {
  char            *id;               /* "NAME | DRIVER", stable across runs */
  char            *name;
  char            *vendor;
  char            *driver_version;
  char            *device_version;   /* "OpenCL 3.0 CUDA" */
  char            *c_version;        /* "OpenCL C 1.2" */
  char            *platform_name;
  char            *platform_version;
  LevClDeviceKind  kind;
  guint            compute_units;
  guint64          global_mem;       /* bytes */
  guint64          max_alloc;        /* bytes, largest single buffer */
  guint64          local_mem;        /* bytes */
  gsize            max_work_group;
  gboolean         fp64;
  gboolean         available;        /* CL_DEVICE_AVAILABLE and a compiler */
  cl_platform_id   platform;
  cl_device_id     device;
} LevClDevice;

void         lev_cl_device_free       (LevClDevice *device);
LevClDevice *lev_cl_device_copy       (const LevClDevice *device);
const char  *lev_cl_device_kind_name  (LevClDeviceKind kind);

/* Every device of every platform, in platform order, a device seen twice
 * (the same id through two ICDs) listed once. Empty, not an error, when a
 * loader is there but no platform; NULL with NO_LOADER when there is none. */
GPtrArray   *lev_cl_devices_list      (GError **error);

/* Picks from @devices: "auto" (or NULL/"") prefers a discrete GPU, then an
 * integrated GPU, then an accelerator, and returns NULL (meaning "use the
 * CPU backend") when there is none of these: PoCL's CPU device is only used
 * when asked for by id. Otherwise @request is an id, or the index shown by
 * `leverage-cli devices`; a request that matches nothing is an error
 * (UNKNOWN_DEVICE) listing the ids there are. */
const LevClDevice *lev_cl_devices_choose (GPtrArray   *devices,
                                          const char  *request,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevClDevice, lev_cl_device_free)

G_END_DECLS
