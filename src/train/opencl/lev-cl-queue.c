/* lev-cl-queue.c: the OpenCL backend's one in-order queue: kernel launches,
 * progress markers, the watchdog that turns a device that stopped into an
 * error instead of a hang, and the pending error every later call sees. */
#define G_LOG_DOMAIN "lev-opencl-backend"
#include "config.h"

#include <glib/gi18n-lib.h>

#include "lev-opencl-private.h"

/* ---- errors --------------------------------------------------------- */

static LevBackendError
backend_code (const GError *error)
{
  if (error->domain != LEV_OPENCL_ERROR)
    return LEV_BACKEND_ERROR_FAILED;
  switch ((LevOpenclErrorCode) error->code)
    {
    case LEV_OPENCL_ERROR_NO_LOADER:
    case LEV_OPENCL_ERROR_NO_DEVICE:
      return LEV_BACKEND_ERROR_UNAVAILABLE;
    case LEV_OPENCL_ERROR_BUILD:
      return LEV_BACKEND_ERROR_BUILD;
    case LEV_OPENCL_ERROR_OUT_OF_MEMORY:
      return LEV_BACKEND_ERROR_OUT_OF_MEMORY;
    case LEV_OPENCL_ERROR_DEVICE_LOST:
    case LEV_OPENCL_ERROR_TIMEOUT:
      return LEV_BACKEND_ERROR_DEVICE_LOST;
    case LEV_OPENCL_ERROR_UNKNOWN_DEVICE:
      /* The caller's mistake, not the machine's: no reason to fall back. */
      return LEV_BACKEND_ERROR_INVALID;
    case LEV_OPENCL_ERROR_FAILED:
    default:
      return LEV_BACKEND_ERROR_FAILED;
    }
}

/* Moves an error of ours into the trainer's domain, keeping the message. */
void
lev_cl_propagate_as_backend (GError **dest,
                             GError  *src)
{
  if (src == NULL)
    return;
  g_set_error_literal (dest, LEV_BACKEND_ERROR, backend_code (src), src->message);
  g_error_free (src);
}

void
lev_cl_set_pending (LevOpenclBackend *self,
                    GError           *error)
{
  if (self->pending == NULL)
    {
      g_debug ("OpenCL backend failed: %s", error->message);
      lev_cl_propagate_as_backend (&self->pending, error);
    }
  else
    g_error_free (error);
}

void
lev_cl_fail_status (LevOpenclBackend *self,
                    cl_int            status,
                    const char       *what)
{
  GError *error = NULL;

  lev_cl_set_error (&error, status, what);
  if (error->code == LEV_OPENCL_ERROR_DEVICE_LOST)
    self->hung = TRUE;
  lev_cl_set_pending (self, error);
}

void
lev_cl_fail_invalid (LevOpenclBackend *self,
                     const char       *what)
{
  lev_cl_set_pending (self, g_error_new (LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_FAILED,
                                  _("OpenCL backend: %s"), what));
  /* A caller error is not the device's fault, but it is still an error the
   * trainer must see; keep its own code. */
  self->pending->code = LEV_BACKEND_ERROR_INVALID;
}

gboolean
lev_cl_take_pending (LevOpenclBackend  *self,
                     GError           **error)
{
  if (self->pending == NULL)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (self->pending);
  return FALSE;
}

/* ---- views and launches --------------------------------------------- */

gboolean
lev_cl_view_ok (LevOpenclBackend *self,
                LevView           v,
                gsize             n,
                const char       *what)
{
  if (v.buf == NULL || v.buf->backend != &self->parent || v.offset > v.buf->n_words ||
      n > v.buf->n_words - v.offset)
    {
      g_autofree char *msg = g_strdup_printf ("%s: view out of range or of another backend", what);
      lev_cl_fail_invalid (self, msg);
      return FALSE;
    }
  return TRUE;
}

gboolean
lev_cl_optional_ok (LevOpenclBackend *self,
                    LevView           v,
                    gsize             n,
                    const char       *what)
{
  return v.buf == NULL || lev_cl_view_ok (self, v, n, what);
}

cl_mem
lev_cl_vmem (LevOpenclBackend *self,
             LevView           v)
{
  return v.buf != NULL ? (cl_mem) v.buf->data : self->dummy;
}

void
lev_cl_launch (LevOpenclBackend *self,
               guint             kernel_id,
               cl_uint           dims,
               const size_t     *global,
               const size_t     *local,
               guint             n_args,
               const Arg        *args)
{
  const LevClApi *cl = self->cl;
  cl_kernel kernel = self->kernels[kernel_id];
  cl_int status;

  if (self->pending != NULL)
    return;
  for (guint i = 0; i < n_args; i++)
    if ((status = cl->clSetKernelArg (kernel, i, args[i].size, args[i].value)) != CL_SUCCESS)
      {
        lev_cl_fail_status (self, status, lev_cl_kernel_names[kernel_id]);
        return;
      }
  status = cl->clEnqueueNDRangeKernel (self->queue, kernel, dims, NULL, global, local, 0, NULL,
                                       NULL);
  if (status != CL_SUCCESS)
    {
      lev_cl_fail_status (self, status, lev_cl_kernel_names[kernel_id]);
      return;
    }
  if (++self->since_marker >= PROGRESS_EVERY)
    {
      cl_event marker = NULL;

      self->since_marker = 0;
      if (cl->clEnqueueMarkerWithWaitList (self->queue, 0, NULL, &marker) == CL_SUCCESS)
        g_queue_push_tail (&self->progress, marker);
    }
}

void
lev_cl_drop_progress_markers (LevOpenclBackend *self)
{
  cl_event marker;

  while ((marker = g_queue_pop_head (&self->progress)) != NULL)
    self->cl->clReleaseEvent (marker);
}

/* Releases the progress markers that completed; TRUE if there was one. */
static gboolean
progress_made (LevOpenclBackend *self)
{
  gboolean moved = FALSE;
  cl_event marker;
  cl_int exec;

  while ((marker = g_queue_peek_head (&self->progress)) != NULL)
    {
      if (self->cl->clGetEventInfo (marker, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof exec, &exec,
                                    NULL) != CL_SUCCESS || exec != CL_COMPLETE)
        break;
      self->cl->clReleaseEvent (g_queue_pop_head (&self->progress));
      moved = TRUE;
    }
  return moved;
}

void
lev_cl_launch_linear (LevOpenclBackend *self,
                      guint             kernel_id,
                      gsize             n,
                      guint             n_args,
                      const Arg        *args)
{
  size_t global = lev_cl_round_up (n, LINEAR_WG), local = LINEAR_WG;

  if (n == 0)
    return;
  lev_cl_launch (self, kernel_id, 1, &global, &local, n_args, args);
}

/* Waits for everything queued so far, polling rather than blocking in
 * clFinish so that a kernel killed or stuck on the device becomes an error
 * instead of a hang: when timeout_s pass without any progress marker
 * completing (a queue that is long but moving is fine). */
gboolean
lev_cl_wait_queue (LevOpenclBackend *self)
{
  const LevClApi *cl = self->cl;
  cl_event marker = NULL;
  cl_int status, exec = CL_QUEUED;
  gint64 deadline;
  gulong pause = 0;

  if (self->pending != NULL)
    return FALSE;
  status = cl->clEnqueueMarkerWithWaitList (self->queue, 0, NULL, &marker);
  if (status == CL_SUCCESS)
    status = cl->clFlush (self->queue);
  if (status != CL_SUCCESS)
    {
      if (marker != NULL)
        cl->clReleaseEvent (marker);
      lev_cl_fail_status (self, status, "clEnqueueMarkerWithWaitList");
      return FALSE;
    }
  deadline = g_get_monotonic_time () + (gint64) (self->timeout_s * G_USEC_PER_SEC);
  for (;;)
    {
      status = cl->clGetEventInfo (marker, CL_EVENT_COMMAND_EXECUTION_STATUS, sizeof exec, &exec,
                                   NULL);
      if (status != CL_SUCCESS || exec < 0)
        {
          /* A negative execution status is the error of a command before the
           * marker: the device failed it (lost, out of resources, killed). */
          cl->clReleaseEvent (marker);
          lev_cl_drop_progress_markers (self);
          lev_cl_fail_status (self, status != CL_SUCCESS ? status : exec, "a queued command");
          return FALSE;
        }
      if (exec == CL_COMPLETE)
        break;
      if (progress_made (self))
        deadline = g_get_monotonic_time () + (gint64) (self->timeout_s * G_USEC_PER_SEC);
      else if (g_get_monotonic_time () > deadline)
        {
          cl->clReleaseEvent (marker);
          lev_cl_drop_progress_markers (self);
          self->hung = TRUE;
          lev_cl_set_pending (self, g_error_new (LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_TIMEOUT,
                                          _("OpenCL: the device did not finish its work within "
                                          "%.3g s (a kernel hung or was killed by a watchdog)"),
                                          self->timeout_s));
          return FALSE;
        }
      /* Spin briefly (GPU steps are short), then sleep so that a CPU
       * device keeps the cores. */
      if (pause > 0)
        g_usleep (pause);
      pause = MIN (pause + 20, 1000);
    }
  cl->clReleaseEvent (marker);
  lev_cl_drop_progress_markers (self);
  g_ptr_array_set_size (self->uploads, 0);
  self->upload_bytes = 0;
  return TRUE;
}

gboolean
lev_cl_ensure_scratch (LevOpenclBackend *self,
                       gsize             words)
{
  cl_int status = CL_SUCCESS;
  cl_mem mem;

  if (words <= self->scratch_words)
    return TRUE;
  words = MAX (words, 2 * self->scratch_words);
  /* Kernels still queued keep the old buffer alive (OpenCL reference
   * counting), so it can be released now. */
  mem = self->cl->clCreateBuffer (self->context, CL_MEM_READ_WRITE, words * sizeof (float), NULL,
                                  &status);
  if (mem == NULL || status != CL_SUCCESS)
    {
      lev_cl_fail_status (self, status != CL_SUCCESS ? status : CL_MEM_OBJECT_ALLOCATION_FAILURE,
                   "clCreateBuffer (scratch)");
      return FALSE;
    }
  if (self->scratch != NULL)
    self->cl->clReleaseMemObject (self->scratch);
  self->scratch = mem;
  self->scratch_words = words;
  return TRUE;
}
