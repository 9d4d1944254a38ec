/* lev-opencl-backend.h: the OpenCL implementation of lev-backend.h, for any
 * vendor's GPU (and PoCL's CPU device when asked for by id). */
#pragma once

#include "lev-backend.h"

G_BEGIN_DECLS

/* @device_id: an id from `leverage-cli devices` (name + driver), an index
 * into that list, or NULL/"auto": a discrete GPU, else an integrated GPU,
 * else the first other OpenCL device (callers that want only a GPU check
 * LEV_BACKEND_CAP_GPU). Fails with LEV_BACKEND_ERROR_UNAVAILABLE when there
 * is no loader or no device, _BUILD when the kernels do not compile,
 * _INVALID when @device_id names no device.
 *
 * Test hook: LEVERAGE_OPENCL_FAIL=KIND[:STEP] makes the backend fail the way
 * a driver would, KIND one of noloader, nodevice, build (at creation), oom,
 * lost, timeout (at optimiser step STEP, counted from 1; 0 or none: at once).
 * LEVERAGE_OPENCL_GEMM=tiled|vec forces a GEMM kernel family. */
LevBackend *lev_opencl_backend_new (const char  *device_id,
                                    GError     **error);

/* The test hook for tests inside one process: @spec as in
 * LEVERAGE_OPENCL_FAIL, for backends created from now on (NULL: back to
 * the environment). Unlike setenv(), safe while driver threads run. */
void        lev_opencl_backend_set_fail_hook (const char *spec);

/* How the program was obtained, for tests and `bench-device`: whether it
 * came from the cache and how long getting it took. NULL-safe. */
gboolean    lev_opencl_backend_get_build_stats (LevBackend *backend,
                                                gboolean   *from_cache,
                                                double     *seconds);

G_END_DECLS
