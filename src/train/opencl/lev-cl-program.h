/* lev-cl-program.h: the kernels of kernels/ (the .cl files), built for one device, with
 * compiled binaries cached on disk so that the second run starts at once. */
#pragma once

#include "lev-cl-device.h"

G_BEGIN_DECLS

/* Bumped whenever the cache file layout or the meaning of a key changes:
 * old files then simply stop matching. */
#define LEV_CL_CACHE_FORMAT 1

typedef struct {
  char    *cache_file;     /* where the binary is (or would be) cached */
  gboolean from_cache;     /* loaded from the cache, not compiled */
  gboolean cache_rejected; /* a cached file was there but unusable, and was deleted */
  double   seconds;        /* wall time to get a usable program */
  char    *log;            /* the compiler's log, when it said anything */
} LevClBuildInfo;

void        lev_cl_build_info_clear (LevClBuildInfo *info);

/* The binary held in the bytes of a cache file, or NULL when they are not
 * an intact cache file of this format (magic, format, size, SHA-256). */
GBytes     *lev_cl_cache_parse      (const guint8 *contents,
                                     gsize         length);

/* The concatenated kernel sources, from the resources compiled into the
 * binary. */
char       *lev_cl_kernel_source    (GError **error);

/* $LEVERAGE_OPENCL_CACHE_DIR, else <user cache dir>/leverage/opencl. */
char       *lev_cl_cache_dir        (void);

/* Deletes every cached binary; *n_removed counts them. */
gboolean    lev_cl_cache_clear      (guint   *n_removed,
                                     GError **error);

/* Builds @source with @options for @device in @context, through the cache:
 * a cached binary is used when its key (device, driver version, platform
 * version, source hash, options, cache format) matches and it loads and
 * builds; a cached file that is corrupt or refused by the driver is deleted
 * and the program compiled from source. A compile failure is a
 * LEV_OPENCL_ERROR_BUILD error holding the build log, which is also kept in
 * the cache directory as last-build-failure.log. */
cl_program  lev_cl_program_build    (const LevClApi    *cl,
                                     cl_context         context,
                                     const LevClDevice *device,
                                     const char        *source,
                                     const char        *options,
                                     LevClBuildInfo    *info,
                                     GError           **error);

G_END_DECLS
