/* lev-cl-loader.c: opens the OpenCL ICD loader at run time and resolves the
 * entry points Leverage needs; nothing in the build links OpenCL. */
#define G_LOG_DOMAIN "lev-cl-loader"
#include "config.h"

#include <stdlib.h>
#include <glib/gi18n-lib.h>

#include "lev-cl-loader.h"

G_DEFINE_QUARK (lev-opencl-error-quark, lev_opencl_error)

static gboolean
resolve_all (LevClApi  *api,
             GString   *missing)
{
  gboolean ok = TRUE;

#define LEV_CL_RESOLVE(name) \
  if (!g_module_symbol (api->module, #name, (gpointer *) &api->name) || api->name == NULL) \
    { \
      g_string_append_printf (missing, " %s", #name); \
      ok = FALSE; \
    }
  LEV_CL_FUNCTIONS (LEV_CL_RESOLVE)
#undef LEV_CL_RESOLVE

  return ok;
}

static LevClApi *
try_open (const char *path,
          GString    *tried)
{
  g_autofree LevClApi *api = g_new0 (LevClApi, 1);
  g_autoptr(GString) missing = g_string_new (NULL);

  /* LOCAL: the ICDs the loader pulls in must not leak symbols into ours. */
  api->module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (api->module == NULL)
    {
      g_string_append_printf (tried, "\n  %s: %s", path, g_module_error ());
      return NULL;
    }
  if (!resolve_all (api, missing))
    {
      /* An OpenCL 1.1 loader lacks clEnqueueFillBuffer and friends: refuse it
       * whole rather than crash later on a NULL pointer. */
      g_string_append_printf (tried, "\n  %s: lacks%s", path, missing->str);
      g_module_close (api->module);
      return NULL;
    }
  api->path = g_strdup (path);
  return g_steal_pointer (&api);
}

static LevClApi *
open_loader (GError **error)
{
  const char *env_path = g_getenv ("LEVERAGE_OPENCL_LIBRARY");
  gboolean only_env = g_strcmp0 (g_getenv ("LEVERAGE_OPENCL_LIBRARY_ONLY"), "1") == 0;
  g_autoptr(GString) tried = g_string_new (NULL);
  const char *candidates[3];
  guint n = 0;

  if (env_path != NULL && *env_path != '\0')
    candidates[n++] = env_path;
  if (!only_env)
    {
      candidates[n++] = "libOpenCL.so.1";
      candidates[n++] = "libOpenCL.so";
    }

  for (guint i = 0; i < n; i++)
    {
      LevClApi *api = try_open (candidates[i], tried);
      if (api != NULL)
        {
          g_debug ("OpenCL loader: %s", api->path);
          return api;
        }
    }

  g_set_error (error, LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_NO_LOADER,
               _("No usable OpenCL loader (libOpenCL.so.1); tried:%s"),
               n > 0 ? tried->str : " nothing (LEVERAGE_OPENCL_LIBRARY_ONLY=1 without a path)");
  return NULL;
}

typedef struct {
  LevClApi *api;
  GError   *error;
} LoadResult;

const LevClApi *
lev_cl_api_get (GError **error)
{
  static LoadResult result;
  static gsize done = 0;

  /* Loaded once: the ICD loader itself is not meant to be unloaded, and a
   * failure to find it will not change within a process. */
  if (g_once_init_enter (&done))
    {
      result.api = open_loader (&result.error);
      g_once_init_leave (&done, 1);
    }
  if (result.api == NULL && error != NULL)
    *error = g_error_copy (result.error);
  return result.api;
}

const char *
lev_cl_status_name (cl_int status)
{
  switch (status)
    {
#define NAME(x) case x: return #x;
    NAME (CL_SUCCESS)
    NAME (CL_DEVICE_NOT_FOUND)
    NAME (CL_DEVICE_NOT_AVAILABLE)
    NAME (CL_COMPILER_NOT_AVAILABLE)
    NAME (CL_MEM_OBJECT_ALLOCATION_FAILURE)
    NAME (CL_OUT_OF_RESOURCES)
    NAME (CL_OUT_OF_HOST_MEMORY)
    NAME (CL_PROFILING_INFO_NOT_AVAILABLE)
    NAME (CL_MEM_COPY_OVERLAP)
    NAME (CL_IMAGE_FORMAT_MISMATCH)
    NAME (CL_IMAGE_FORMAT_NOT_SUPPORTED)
    NAME (CL_BUILD_PROGRAM_FAILURE)
    NAME (CL_MAP_FAILURE)
    NAME (CL_MISALIGNED_SUB_BUFFER_OFFSET)
    NAME (CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST)
    NAME (CL_COMPILE_PROGRAM_FAILURE)
    NAME (CL_LINKER_NOT_AVAILABLE)
    NAME (CL_LINK_PROGRAM_FAILURE)
    NAME (CL_DEVICE_PARTITION_FAILED)
    NAME (CL_KERNEL_ARG_INFO_NOT_AVAILABLE)
    NAME (CL_INVALID_VALUE)
    NAME (CL_INVALID_DEVICE_TYPE)
    NAME (CL_INVALID_PLATFORM)
    NAME (CL_INVALID_DEVICE)
    NAME (CL_INVALID_CONTEXT)
    NAME (CL_INVALID_QUEUE_PROPERTIES)
    NAME (CL_INVALID_COMMAND_QUEUE)
    NAME (CL_INVALID_HOST_PTR)
    NAME (CL_INVALID_MEM_OBJECT)
    NAME (CL_INVALID_IMAGE_FORMAT_DESCRIPTOR)
    NAME (CL_INVALID_IMAGE_SIZE)
    NAME (CL_INVALID_SAMPLER)
    NAME (CL_INVALID_BINARY)
    NAME (CL_INVALID_BUILD_OPTIONS)
    NAME (CL_INVALID_PROGRAM)
    NAME (CL_INVALID_PROGRAM_EXECUTABLE)
    NAME (CL_INVALID_KERNEL_NAME)
    NAME (CL_INVALID_KERNEL_DEFINITION)
    NAME (CL_INVALID_KERNEL)
    NAME (CL_INVALID_ARG_INDEX)
    NAME (CL_INVALID_ARG_VALUE)
    NAME (CL_INVALID_ARG_SIZE)
    NAME (CL_INVALID_KERNEL_ARGS)
    NAME (CL_INVALID_WORK_DIMENSION)
    NAME (CL_INVALID_WORK_GROUP_SIZE)
    NAME (CL_INVALID_WORK_ITEM_SIZE)
    NAME (CL_INVALID_GLOBAL_OFFSET)
    NAME (CL_INVALID_EVENT_WAIT_LIST)
    NAME (CL_INVALID_EVENT)
    NAME (CL_INVALID_OPERATION)
    NAME (CL_INVALID_BUFFER_SIZE)
    NAME (CL_INVALID_GLOBAL_WORK_SIZE)
    NAME (CL_INVALID_PROPERTY)
#undef NAME
    default:
      return "unknown OpenCL status";
    }
}

void
lev_cl_set_error (GError     **error,
                  cl_int       status,
                  const char  *what)
{
  LevOpenclErrorCode code;

  switch (status)
    {
    case CL_MEM_OBJECT_ALLOCATION_FAILURE:
    case CL_OUT_OF_RESOURCES:
    case CL_OUT_OF_HOST_MEMORY:
    case CL_INVALID_BUFFER_SIZE:
      code = LEV_OPENCL_ERROR_OUT_OF_MEMORY;
      break;
    case CL_DEVICE_NOT_AVAILABLE:
    case CL_INVALID_CONTEXT:
    case CL_INVALID_COMMAND_QUEUE:
    case CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST:
      code = LEV_OPENCL_ERROR_DEVICE_LOST;
      break;
    case CL_BUILD_PROGRAM_FAILURE:
    case CL_COMPILER_NOT_AVAILABLE:
    case CL_INVALID_BUILD_OPTIONS:
      code = LEV_OPENCL_ERROR_BUILD;
      break;
    case CL_DEVICE_NOT_FOUND:
      code = LEV_OPENCL_ERROR_NO_DEVICE;
      break;
    default:
      /* NVIDIA reports a lost device (Xid) as an unlisted negative status on
       * the next call; treat unknown failures as the context being gone. */
      code = status < -70 || status > 0 ? LEV_OPENCL_ERROR_DEVICE_LOST : LEV_OPENCL_ERROR_FAILED;
      break;
    }
  g_set_error (error, LEV_OPENCL_ERROR, code, _("OpenCL: %s failed: %s (%d)"),
               what, lev_cl_status_name (status), status);
}
