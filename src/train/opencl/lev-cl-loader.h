/* lev-cl-loader.h: OpenCL reached only through a table of entry points that
 * is filled at run time, so that Leverage starts on machines with no OpenCL
 * loader (and inside a Flatpak runtime, where only libOpenCL.so.1 exists). */
#pragma once

#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 120
#endif
#include <CL/cl.h>
#include <gmodule.h>

G_BEGIN_DECLS

#define LEV_OPENCL_ERROR (lev_opencl_error_quark ())

/* What went wrong, coarsely: the trainer treats every one of these as "end
 * the OpenCL attempt", but the notice it shows names the kind. */
typedef enum {
  LEV_OPENCL_ERROR_NO_LOADER,     /* libOpenCL could not be opened or lacks entry points */
  LEV_OPENCL_ERROR_NO_DEVICE,     /* no platform, no device, or no device of that id */
  LEV_OPENCL_ERROR_BUILD,         /* the kernels did not compile (the message holds the log) */
  LEV_OPENCL_ERROR_OUT_OF_MEMORY, /* the device could not hold the buffers */
  LEV_OPENCL_ERROR_DEVICE_LOST,   /* the context or queue failed under us */
  LEV_OPENCL_ERROR_TIMEOUT,       /* a kernel did not finish in time */
  LEV_OPENCL_ERROR_FAILED,        /* any other OpenCL failure */
  LEV_OPENCL_ERROR_UNKNOWN_DEVICE, /* the id asked for matches no device (a typo) */
} LevOpenclErrorCode;

GQuark lev_opencl_error_quark (void);

/* Every OpenCL 1.2 entry point Leverage calls. A new one is added here and
 * nowhere else; the loader refuses a library that lacks any of them. */
#define LEV_CL_FUNCTIONS(X) \
  X (clGetPlatformIDs) \
  X (clGetPlatformInfo) \
  X (clGetDeviceIDs) \
  X (clGetDeviceInfo) \
  X (clCreateContext) \
  X (clReleaseContext) \
  X (clCreateCommandQueue) \
  X (clReleaseCommandQueue) \
  X (clCreateBuffer) \
  X (clReleaseMemObject) \
  X (clEnqueueWriteBuffer) \
  X (clEnqueueReadBuffer) \
  X (clEnqueueCopyBuffer) \
  X (clEnqueueFillBuffer) \
  X (clEnqueueMarkerWithWaitList) \
  X (clCreateProgramWithSource) \
  X (clCreateProgramWithBinary) \
  X (clBuildProgram) \
  X (clGetProgramBuildInfo) \
  X (clGetProgramInfo) \
  X (clReleaseProgram) \
  X (clCreateKernel) \
  X (clReleaseKernel) \
  X (clSetKernelArg) \
  X (clGetKernelWorkGroupInfo) \
  X (clEnqueueNDRangeKernel) \
  X (clFlush) \
  X (clFinish) \
  X (clWaitForEvents) \
  X (clGetEventInfo) \
  X (clGetEventProfilingInfo) \
  X (clReleaseEvent)

#define LEV_CL_DECLARE_POINTER(name) __typeof__ (name) *name;

typedef struct {
  char    *path;   /* the library that was opened */
  GModule *module;
  LEV_CL_FUNCTIONS (LEV_CL_DECLARE_POINTER)
} LevClApi;

#undef LEV_CL_DECLARE_POINTER

/* Opens the loader once per process and returns the shared table, or NULL
 * with LEV_OPENCL_ERROR_NO_LOADER naming every library that was tried.
 * Order: $LEVERAGE_OPENCL_LIBRARY (a path), libOpenCL.so.1, libOpenCL.so;
 * with LEVERAGE_OPENCL_LIBRARY_ONLY=1 only the first (tests use this to
 * simulate a machine with no loader). */
const LevClApi *lev_cl_api_get         (GError **error);

/* "CL_OUT_OF_RESOURCES (-5)" and so on. */
const char     *lev_cl_status_name     (cl_int   status);

/* Sets @error from a failed OpenCL call, choosing the code from the status:
 * allocation failures become OUT_OF_MEMORY, lost contexts DEVICE_LOST. */
void            lev_cl_set_error       (GError     **error,
                                        cl_int       status,
                                        const char  *what);

G_END_DECLS
