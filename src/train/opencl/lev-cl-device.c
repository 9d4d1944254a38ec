/* lev-cl-device.c: enumerates OpenCL platforms and devices through the
 * run-time loader and picks the one training should use. */
#define G_LOG_DOMAIN "lev-cl-device"
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-cl-device.h"

void
lev_cl_device_free (LevClDevice *device)
{
  if (device == NULL)
    return;
  g_free (device->id);
  g_free (device->name);
  g_free (device->vendor);
  g_free (device->driver_version);
  g_free (device->device_version);
  g_free (device->c_version);
  g_free (device->platform_name);
  g_free (device->platform_version);
  g_free (device);
}

LevClDevice *
lev_cl_device_copy (const LevClDevice *device)
{
  LevClDevice *copy = g_memdup2 (device, sizeof *device);

  copy->id = g_strdup (device->id);
  copy->name = g_strdup (device->name);
  copy->vendor = g_strdup (device->vendor);
  copy->driver_version = g_strdup (device->driver_version);
  copy->device_version = g_strdup (device->device_version);
  copy->c_version = g_strdup (device->c_version);
  copy->platform_name = g_strdup (device->platform_name);
  copy->platform_version = g_strdup (device->platform_version);
  return copy;
}

const char *
lev_cl_device_kind_name (LevClDeviceKind kind)
{
  switch (kind)
    {
    case LEV_CL_KIND_DISCRETE_GPU: return "discrete GPU";
    case LEV_CL_KIND_INTEGRATED_GPU: return "integrated GPU";
    case LEV_CL_KIND_ACCELERATOR: return "accelerator";
    case LEV_CL_KIND_CPU: return "CPU";
    case LEV_CL_KIND_OTHER:
    default: return "other";
    }
}

/* Drivers pad their strings with spaces and NULs; ids must not vary by that. */
static char *
clean_string (char *s)
{
  if (s == NULL)
    return g_strdup ("");
  g_strstrip (s);
  if (!g_utf8_validate (s, -1, NULL))
    {
      char *valid = g_utf8_make_valid (s, -1);
      g_free (s);
      return valid;
    }
  return s;
}

static char *
platform_string (const LevClApi *cl, cl_platform_id platform, cl_platform_info what)
{
  size_t size = 0;
  char *s;

  if (cl->clGetPlatformInfo (platform, what, 0, NULL, &size) != CL_SUCCESS || size == 0 ||
      size > 65536)
    return clean_string (NULL);
  s = g_malloc0 (size + 1);
  if (cl->clGetPlatformInfo (platform, what, size, s, NULL) != CL_SUCCESS)
    s[0] = '\0';
  return clean_string (s);
}

static char *
device_string (const LevClApi *cl, cl_device_id device, cl_device_info what)
{
  size_t size = 0;
  char *s;

  if (cl->clGetDeviceInfo (device, what, 0, NULL, &size) != CL_SUCCESS || size == 0 ||
      size > 65536)
    return clean_string (NULL);
  s = g_malloc0 (size + 1);
  if (cl->clGetDeviceInfo (device, what, size, s, NULL) != CL_SUCCESS)
    s[0] = '\0';
  return clean_string (s);
}

#define DEVICE_SCALAR(cl, dev, what, var) \
  G_STMT_START { \
    if ((cl)->clGetDeviceInfo ((dev), (what), sizeof (var), &(var), NULL) != CL_SUCCESS) \
      memset (&(var), 0, sizeof (var)); \
  } G_STMT_END

static LevClDevice *
describe (const LevClApi *cl,
          cl_platform_id  platform,
          cl_device_id    id)
{
  LevClDevice *d = g_new0 (LevClDevice, 1);
  cl_device_type type = 0;
  cl_bool unified = CL_FALSE, available = CL_FALSE, compiler = CL_FALSE;
  cl_uint cus = 0;
  cl_ulong mem = 0, alloc = 0, local = 0;
  cl_device_fp_config fp64 = 0;
  size_t wg = 0;

  d->platform = platform;
  d->device = id;
  d->name = device_string (cl, id, CL_DEVICE_NAME);
  d->vendor = device_string (cl, id, CL_DEVICE_VENDOR);
  d->driver_version = device_string (cl, id, CL_DRIVER_VERSION);
  d->device_version = device_string (cl, id, CL_DEVICE_VERSION);
  d->c_version = device_string (cl, id, CL_DEVICE_OPENCL_C_VERSION);
  d->platform_name = platform_string (cl, platform, CL_PLATFORM_NAME);
  d->platform_version = platform_string (cl, platform, CL_PLATFORM_VERSION);
  d->id = g_strdup_printf ("%s | %s", d->name, d->driver_version);

  DEVICE_SCALAR (cl, id, CL_DEVICE_TYPE, type);
  DEVICE_SCALAR (cl, id, CL_DEVICE_HOST_UNIFIED_MEMORY, unified);
  DEVICE_SCALAR (cl, id, CL_DEVICE_AVAILABLE, available);
  DEVICE_SCALAR (cl, id, CL_DEVICE_COMPILER_AVAILABLE, compiler);
  DEVICE_SCALAR (cl, id, CL_DEVICE_MAX_COMPUTE_UNITS, cus);
  DEVICE_SCALAR (cl, id, CL_DEVICE_GLOBAL_MEM_SIZE, mem);
  DEVICE_SCALAR (cl, id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, alloc);
  DEVICE_SCALAR (cl, id, CL_DEVICE_LOCAL_MEM_SIZE, local);
  DEVICE_SCALAR (cl, id, CL_DEVICE_MAX_WORK_GROUP_SIZE, wg);
  DEVICE_SCALAR (cl, id, CL_DEVICE_DOUBLE_FP_CONFIG, fp64);

  if (type & CL_DEVICE_TYPE_GPU)
    /* Shared host memory is the one portable sign of an integrated GPU. */
    d->kind = unified ? LEV_CL_KIND_INTEGRATED_GPU : LEV_CL_KIND_DISCRETE_GPU;
  else if (type & CL_DEVICE_TYPE_ACCELERATOR)
    d->kind = LEV_CL_KIND_ACCELERATOR;
  else if (type & CL_DEVICE_TYPE_CPU)
    d->kind = LEV_CL_KIND_CPU;
  else
    d->kind = LEV_CL_KIND_OTHER;
  d->compute_units = cus;
  d->global_mem = mem;
  d->max_alloc = alloc;
  d->local_mem = local;
  d->max_work_group = wg;
  d->fp64 = fp64 != 0;
  d->available = available && compiler;
  return d;
}

GPtrArray *
lev_cl_devices_list (GError **error)
{
  const LevClApi *cl = lev_cl_api_get (error);
  g_autoptr(GPtrArray) devices = NULL;
  g_autofree cl_platform_id *platforms = NULL;
  g_autoptr(GHashTable) seen = NULL;
  cl_uint n_platforms = 0;
  cl_int status;

  if (cl == NULL)
    return NULL;

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) lev_cl_device_free);
  status = cl->clGetPlatformIDs (0, NULL, &n_platforms);
  /* ocl-icd answers CL_PLATFORM_NOT_FOUND_KHR (-1001) when no ICD is
   * installed: that is a machine with no devices, not a failure. */
  if (status != CL_SUCCESS || n_platforms == 0)
    return g_steal_pointer (&devices);

  platforms = g_new0 (cl_platform_id, n_platforms);
  if (cl->clGetPlatformIDs (n_platforms, platforms, NULL) != CL_SUCCESS)
    return g_steal_pointer (&devices);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (cl_uint p = 0; p < n_platforms; p++)
    {
      g_autofree cl_device_id *ids = NULL;
      cl_uint n_ids = 0;

      if (cl->clGetDeviceIDs (platforms[p], CL_DEVICE_TYPE_ALL, 0, NULL, &n_ids) != CL_SUCCESS ||
          n_ids == 0)
        continue;
      ids = g_new0 (cl_device_id, n_ids);
      if (cl->clGetDeviceIDs (platforms[p], CL_DEVICE_TYPE_ALL, n_ids, ids, NULL) != CL_SUCCESS)
        continue;
      for (cl_uint i = 0; i < n_ids; i++)
        {
          LevClDevice *d = describe (cl, platforms[p], ids[i]);

          /* The same ICD registered twice (a vendor file and a distro file,
           * or a Flatpak extension over a host one) shows the same device
           * twice; keep the first. */
          if (g_hash_table_contains (seen, d->id))
            {
              g_debug ("%s seen again through platform %u; listed once", d->id, p);
              lev_cl_device_free (d);
              continue;
            }
          g_hash_table_add (seen, d->id);
          g_ptr_array_add (devices, d);
        }
    }
  return g_steal_pointer (&devices);
}

static int
auto_rank (const LevClDevice *d)
{
  if (!d->available)
    return -1;
  switch (d->kind)
    {
    case LEV_CL_KIND_DISCRETE_GPU: return 3;
    case LEV_CL_KIND_INTEGRATED_GPU: return 2;
    case LEV_CL_KIND_ACCELERATOR: return 1;
    case LEV_CL_KIND_CPU:
    case LEV_CL_KIND_OTHER:
    default:
      /* Our own CPU backend beats an OpenCL CPU device on small networks
       * and never needs a compiler at run time. */
      return -1;
    }
}

const LevClDevice *
lev_cl_devices_choose (GPtrArray   *devices,
                       const char  *request,
                       GError     **error)
{
  const LevClDevice *best = NULL;
  int best_rank = -1;
  guint64 index;
  g_autoptr(GString) ids = NULL;

  g_return_val_if_fail (devices != NULL, NULL);

  if (request == NULL || *request == '\0' || g_str_equal (request, "auto"))
    {
      for (guint i = 0; i < devices->len; i++)
        {
          const LevClDevice *d = g_ptr_array_index (devices, i);
          int rank = auto_rank (d);

          /* Among equals the larger memory wins: a second, bigger card. */
          if (rank > best_rank || (rank == best_rank && rank >= 0 && best != NULL &&
                                   d->global_mem > best->global_mem))
            {
              best = d;
              best_rank = rank;
            }
        }
      return best_rank >= 0 ? best : NULL;
    }

  for (guint i = 0; i < devices->len; i++)
    {
      const LevClDevice *d = g_ptr_array_index (devices, i);
      if (g_str_equal (d->id, request))
        return d;
    }
  if (g_ascii_string_to_unsigned (request, 10, 0, G_MAXUINT, &index, NULL) &&
      index < devices->len)
    return g_ptr_array_index (devices, index);

  ids = g_string_new (NULL);
  for (guint i = 0; i < devices->len; i++)
    g_string_append_printf (ids, "\n  %u: %s", i,
                            ((const LevClDevice *) g_ptr_array_index (devices, i))->id);
  g_set_error (error, LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_UNKNOWN_DEVICE,
               _("No OpenCL device “%s”; the devices are:%s"), request,
               devices->len > 0 ? ids->str : " none");
  return NULL;
}
