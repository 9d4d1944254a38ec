/* fuzz-cl-cache.c: libFuzzer target for the OpenCL program-cache reader.
 * The cache file is read whole and checked by lev_cl_cache_parse before
 * any byte reaches the driver (the driver call itself needs a device and
 * is not fuzzed), so that function is the target: any bytes give the
 * intact binary or NULL. */
#define G_LOG_DOMAIN "fuzz-cl-cache"
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "opencl/lev-cl-program.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) binary = lev_cl_cache_parse (data, size);

  if (binary != NULL)
    {
      gsize n = 0;
      const guint8 *p = g_bytes_get_data (binary, &n);

      /* The binary is the tail of the file, whole. */
      g_assert (n > 0 && n < size);
      g_assert (memcmp (p, data + size - n, n) == 0);
    }
  return 0;
}
