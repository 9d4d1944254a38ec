/* lev-backend.c: the backend registry, so the trainer, the CLI and the GUI
 * pick "cpu", "opencl" or "auto" by name and never include a backend's header. */
#define G_LOG_DOMAIN "lev-backend"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-backend.h"
#include "lev-cpu-backend.h"
#ifdef HAVE_OPENCL_BACKEND
#include "opencl/lev-opencl-backend.h"
#endif

G_DEFINE_QUARK (lev-backend-error-quark, lev_backend_error)

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

void
lev_backend_free (LevBackend *self)
{
  if (self != NULL)
    self->ops->destroy (self);
}
