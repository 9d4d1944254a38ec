/* lev-file.h: the one way Leverage writes a file: to a temporary file
 * beside the target, fsync'ed, then renamed over it; and the clearing of
 * the temporary files that interrupted saves leave behind. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A temporary file older than this (by its modification time) belongs to
 * a save that was interrupted: a live save writes its temporary file
 * continuously and renames it within seconds. */
#define LEV_FILE_STALE_SECONDS (10 * 60)

/* A save in progress (see lev-file.c): write through its stream, then
 * commit; freeing a save that was not committed removes its temporary
 * file and leaves the target as it was. */
typedef struct _LevFileSave LevFileSave;

LevFileSave   *lev_file_save_new        (const char     *path,
                                         GError        **error);
GOutputStream *lev_file_save_get_stream (LevFileSave    *save);
const char    *lev_file_save_get_target (LevFileSave    *save);
gboolean       lev_file_save_commit     (LevFileSave    *save,
                                         GError        **error);
void           lev_file_save_free       (LevFileSave    *save);

gboolean lev_file_replace      (const char     *path,
                                gconstpointer   data,
                                gsize           length,
                                GError        **error);
char    *lev_file_temp_target  (const char     *name);
gboolean lev_file_remove_if_stale (const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevFileSave, lev_file_save_free)

G_END_DECLS
