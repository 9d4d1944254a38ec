/* lev-file.h: replacing a file's contents atomically, and clearing the
 * temporary files that an interrupted replacement leaves behind. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A temporary file older than this (by its modification time) belongs to
 * a save that was interrupted: a live save writes its temporary file
 * continuously and renames it within seconds. */
#define LEV_FILE_STALE_SECONDS (10 * 60)

gboolean lev_file_replace      (const char     *path,
                                gconstpointer   data,
                                gsize           length,
                                GError        **error);
char    *lev_file_temp_target  (const char     *name);
gboolean lev_file_remove_if_stale (const char  *path);

G_END_DECLS
