/* lev-backend-registry.c: the backends and devices of this build, so the
 * trainer, the CLI and the GUI pick "cpu", "opencl" or "auto" by name and
 * list the devices without including a backend's header. */
#define G_LOG_DOMAIN "lev-backend"
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "lev-backend.h"
#include "lev-cpu-backend.h"
#ifdef HAVE_OPENCL_BACKEND
#include "opencl/lev-cl-device.h"
#include "opencl/lev-cl-program.h"
#include "opencl/lev-opencl-backend.h"
#endif

static const char *activation_names[LEV_N_ACTIVATIONS] = {
  [LEV_ACT_LINEAR] = "linear",
  [LEV_ACT_RELU] = "relu",
  [LEV_ACT_TANH] = "tanh",
  [LEV_ACT_SIGMOID] = "sigmoid",
  [LEV_ACT_GELU] = "gelu",
};

const char *
lev_activation_to_string (LevActivation act)
{
  g_return_val_if_fail (act < LEV_N_ACTIVATIONS, NULL);
  return activation_names[act];
}

gboolean
lev_activation_from_string (const char    *text,
                            LevActivation *out)
{
  g_return_val_if_fail (out != NULL, FALSE);
  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < LEV_N_ACTIVATIONS; i++)
    if (g_ascii_strcasecmp (text, activation_names[i]) == 0)
      {
        *out = (LevActivation) i;
        return TRUE;
      }
  return FALSE;
}

const char * const *
lev_backend_list_names (void)
{
  static const char * const names[] = {
#ifdef HAVE_OPENCL_BACKEND
    "cpu", "opencl", NULL
#else
    "cpu", NULL
#endif
  };
  return names;
}

LevBackend *
lev_backend_new_auto (GError **error)
{
#ifdef HAVE_OPENCL_BACKEND
  {
    g_autoptr(GError) cl_error = NULL;
    LevBackend *cl = lev_opencl_backend_new (NULL, &cl_error);

    if (cl != NULL)
      {
        LevBackendCaps caps = { 0 };

        /* An OpenCL CPU device (PoCL) is slower than our own CPU code on
         * the same cores; only a GPU is worth it. */
        lev_backend_get_caps (cl, &caps);
        if (caps.flags & LEV_BACKEND_CAP_GPU)
          return cl;
        lev_backend_free (cl);
      }
    else
      g_debug ("OpenCL backend unavailable, using the CPU: %s", cl_error->message);
  }
#endif
  return lev_cpu_backend_new (0);
}

LevBackend *
lev_backend_new_by_name (const char  *name,
                         const char  *device_id,
                         GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name == NULL || g_str_equal (name, "auto"))
    {
      if (device_id != NULL)
        return lev_backend_new_by_name ("opencl", device_id, error);
      return lev_backend_new_auto (error);
    }
  if (g_str_equal (name, "cpu"))
    return lev_cpu_backend_new (0);
  if (g_str_equal (name, "opencl"))
    {
#ifdef HAVE_OPENCL_BACKEND
      return lev_opencl_backend_new (device_id, error);
#else
      g_set_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE,
                   _("This build of Leverage has no OpenCL backend"));
      return NULL;
#endif
    }
  g_set_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE,
               _("Unknown backend “%s” (expected cpu, opencl or auto)"), name);
  return NULL;
}

/* ---- devices ---------------------------------------------------------- */

struct _LevBackendDevice {
#ifdef HAVE_OPENCL_BACKEND
  const LevClDevice *cl;
#endif
  gboolean           is_default;
};

typedef struct {
  LevBackendDevice *devices;
  guint             n_devices;
  char             *source;    /* the OpenCL loader's path */
  char             *problem;   /* why there is no device list */
} Devices;

/* Listed once per process, as ggml's registry does: the devices, their
 * properties' strings and the pointers handed out stay valid until exit. */
static gpointer
list_devices (gpointer data)
{
  Devices *d = g_new0 (Devices, 1);
#ifdef HAVE_OPENCL_BACKEND
  g_autoptr(GError) error = NULL;
  const LevClApi *api = lev_cl_api_get (NULL);
  GPtrArray *list = lev_cl_devices_list (&error);

  if (api != NULL)
    d->source = g_strdup (api->path);
  if (list == NULL)
    d->problem = g_strdup (error->message);
  else
    {
      const LevClDevice *chosen = lev_cl_devices_choose (list, "auto", NULL);

      d->n_devices = list->len;
      d->devices = g_new0 (LevBackendDevice, MAX (list->len, 1));
      for (guint i = 0; i < list->len; i++)
        {
          d->devices[i].cl = g_ptr_array_index (list, i);
          d->devices[i].is_default = d->devices[i].cl == chosen;
        }
      /* The array's devices are the entries' and live as long. */
    }
#else
  d->problem = g_strdup (_("This build of Leverage has no OpenCL backend"));
#endif
  return d;
}

static const Devices *
devices (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, list_devices, NULL);
}

guint
lev_backend_device_count (void)
{
  return devices ()->n_devices;
}

const LevBackendDevice *
lev_backend_device_get (guint index)
{
  const Devices *d = devices ();

  g_return_val_if_fail (index < d->n_devices, NULL);
  return &d->devices[index];
}

void
lev_backend_device_props (const LevBackendDevice *device,
                          LevBackendDeviceProps  *props)
{
  g_return_if_fail (device != NULL && props != NULL);
  memset (props, 0, sizeof *props);
  props->is_default = device->is_default;
#ifdef HAVE_OPENCL_BACKEND
  props->backend = "opencl";
  props->id = device->cl->id;
  props->name = device->cl->name;
  props->vendor = device->cl->vendor;
  props->driver_version = device->cl->driver_version;
  props->platform_name = device->cl->platform_name;
  props->platform_version = device->cl->platform_version;
  props->kind = lev_cl_device_kind_name (device->cl->kind);
  props->gpu = device->cl->kind == LEV_CL_KIND_DISCRETE_GPU || device->cl->kind == LEV_CL_KIND_INTEGRATED_GPU;
  props->compute_units = device->cl->compute_units;
  props->memory_bytes = device->cl->global_mem;
  props->fp64 = device->cl->fp64;
  props->available = device->cl->available;
#endif
}

const char *
lev_backend_device_source (const char **problem)
{
  const Devices *d = devices ();

  if (problem != NULL)
    *problem = d->problem;
  return d->source;
}

gboolean
lev_backend_clear_kernel_cache (char   **dir,
                                guint   *n_removed,
                                GError **error)
{
  if (n_removed != NULL)
    *n_removed = 0;
#ifdef HAVE_OPENCL_BACKEND
  if (dir != NULL)
    *dir = lev_cl_cache_dir ();
  return lev_cl_cache_clear (n_removed, error);
#else
  if (dir != NULL)
    *dir = NULL;
  return TRUE;
#endif
}
