/* opencl-test-util.h: what the OpenCL tests share: a private PoCL and kernel
 * cache directory per test program, random data, and opening the backend
 * (skipping, not failing, on a machine with no OpenCL device at all). */
#pragma once

#include <math.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "../test-tree.h"
#include "lev-backend.h"
#include "opencl/lev-opencl-backend.h"

/* Each test program gets its own caches, so tests neither share compiled
 * kernels nor touch the user's. Returns the temporary directory. */
static inline char *
opencl_test_private_caches (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("leverage-opencl-test-XXXXXX", &error);
  g_autofree char *pocl = NULL;
  g_autofree char *lev = NULL;

  g_assert_no_error (error);
  pocl = g_build_filename (dir, "pocl", NULL);
  lev = g_build_filename (dir, "kernels", NULL);
  g_mkdir_with_parents (pocl, 0700);
  g_setenv ("POCL_CACHE_DIR", pocl, TRUE);
  g_setenv ("LEVERAGE_OPENCL_CACHE_DIR", lev, TRUE);
  return dir;
}

/* The backend on the default device, or NULL after g_test_skip when this
 * machine has no OpenCL device (CI installs PoCL, so there it runs). */
static inline LevBackend *
opencl_test_backend (void)
{
  g_autoptr(GError) error = NULL;
  LevBackend *be = lev_opencl_backend_new (NULL, &error);

  if (be == NULL)
    {
      g_assert_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE);
      g_test_skip_printf ("no OpenCL device: %s", error->message);
    }
  return be;
}

static inline float *
opencl_test_random (GRand *rng,
                    gsize  n,
                    double lo,
                    double hi)
{
  float *v = g_new (float, MAX (n, 1));

  for (gsize i = 0; i < n; i++)
    v[i] = (float) g_rand_double_range (rng, lo, hi);
  return v;
}
