/* lev-cl-faults.c: fault injection for the tests. LEVERAGE_OPENCL_FAIL
 * (or lev_opencl_backend_set_fail_hook) names a failure and the step it
 * happens at; it takes the same paths a driver's failure would. */
#define G_LOG_DOMAIN "lev-opencl-backend"
#include "config.h"

#include "lev-opencl-private.h"

static GMutex fail_hook_lock;
static char *fail_hook_spec;

void
lev_opencl_backend_set_fail_hook (const char *spec)
{
  g_mutex_lock (&fail_hook_lock);
  g_free (fail_hook_spec);
  fail_hook_spec = g_strdup (spec);
  g_mutex_unlock (&fail_hook_lock);
}

void
lev_cl_parse_fail_hook (LevOpenclBackend *self)
{
  g_autofree char *spec = NULL;
  g_auto(GStrv) parts = NULL;
  static const struct { const char *name; FailKind kind; } kinds[] = {
    { "noloader", FAIL_NO_LOADER }, { "nodevice", FAIL_NO_DEVICE }, { "build", FAIL_BUILD },
    { "oom", FAIL_OOM }, { "lost", FAIL_LOST }, { "timeout", FAIL_TIMEOUT },
  };

  g_mutex_lock (&fail_hook_lock);
  spec = g_strdup (fail_hook_spec != NULL ? fail_hook_spec : g_getenv ("LEVERAGE_OPENCL_FAIL"));
  g_mutex_unlock (&fail_hook_lock);
  if (spec == NULL || *spec == '\0')
    return;
  parts = g_strsplit (spec, ":", 2);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (parts[0], kinds[i].name))
      self->fail = kinds[i].kind;
  if (self->fail == FAIL_NONE)
    g_warning ("LEVERAGE_OPENCL_FAIL=%s: unknown kind (noloader, nodevice, build, oom, lost, "
               "timeout)", spec);
  if (parts[1] != NULL)
    self->fail_step = g_ascii_strtoull (parts[1], NULL, 10);
}

/* Called once per optimiser step: fails the way a driver would, through the
 * same paths a real failure takes. */
void
lev_cl_step_hook (LevOpenclBackend *self)
{
  self->step++;
  if (self->fail < FAIL_OOM || self->pending != NULL || self->step < MAX (self->fail_step, 1))
    return;
  switch (self->fail)
    {
    case FAIL_OOM:
      lev_cl_fail_status (self, CL_MEM_OBJECT_ALLOCATION_FAILURE, "clEnqueueNDRangeKernel (injected)");
      break;
    case FAIL_LOST:
      /* NVIDIA reports a GPU that fell off the bus as an unlisted status. */
      lev_cl_fail_status (self, -9999, "clFinish (injected device loss)");
      break;
    case FAIL_TIMEOUT:
      {
        size_t one = 1;
        /* A real long kernel and a short watchdog: the next wait times out. */
        LAUNCH (self, K_SPIN, 1, &one, NULL, A_U32 (400000000u), A_MEM (self->dummy), A_U32 (0));
        self->timeout_s = 0.02;
        self->injected_hang = TRUE;
      }
      break;
    case FAIL_NONE:
    case FAIL_NO_LOADER:
    case FAIL_NO_DEVICE:
    case FAIL_BUILD:
    default:
      break;
    }
  self->fail = FAIL_NONE;
}
