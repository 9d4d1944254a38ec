/* lev-file-read.h: reading a whole file that a user (or a file a user
 * was sent) names, without ever blocking on a FIFO or a device. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads @path into a new NUL-terminated buffer. Refuses, without blocking,
 * anything but a regular file (a FIFO, a device such as /dev/null or
 * /dev/zero, a directory): LEV_ERROR_FORMAT "PATH: not a regular file
 * (…)". A file larger than @max_bytes is LEV_ERROR_LIMIT; a file that
 * cannot be opened or read is LEV_ERROR_IO. Messages start with @path. */
gboolean lev_file_read (const char  *path,
                        gsize        max_bytes,
                        char       **contents,
                        gsize       *length,
                        GError     **error);

G_END_DECLS
