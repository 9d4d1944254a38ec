/* lev-file.c: the one way Leverage writes a file.
 *
 * The new bytes go to a temporary file in the target's folder, are
 * fsync'ed, and the temporary file is renamed over the target, so the
 * target is at every moment the old file or the new one, whole. Any error
 * before the rename (a full disk included), and a save dropped without a
 * commit, removes the temporary file and leaves the target untouched.
 *
 * The target must be a regular file or not exist: a rename over a FIFO, a
 * device node (/dev/null, which root may replace) or a folder would
 * destroy it, so they are refused. A symbolic link is written through: its
 * final regular target is replaced, the link stays a link.
 *
 * A process killed before the rename leaves its temporary file; the name
 * makes such debris unmistakably ours (".TARGET.lev-XXXXXX.tmp", hidden,
 * with GLib's six random letters or digits), and the next successful save
 * of the same target removes the ones older than LEV_FILE_STALE_SECONDS: a
 * live save, ours or another process's, is never that old, and no file a
 * person made has such a name. Earlier versions wrote through GIO's
 * g_file_replace, whose temporary files (".goutputstream-XXXXXX") do not
 * name their target; those in the target's folder that are as old go too. */
#define G_LOG_DOMAIN "lev-file"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gio/gunixoutputstream.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-file.h"

#define TEMP_INFIX ".lev-"
#define TEMP_SUFFIX ".tmp"
#define TEMP_RANDOM 6
/* Room for the rest of the temporary name within NAME_MAX (255). */
#define TEMP_MAX_BASE 200
#define GIO_TEMP_PREFIX ".goutputstream-"
/* As the kernel's own limit on links followed in one lookup. */
#define MAX_LINK_HOPS 40

struct _LevFileSave {
  char          *path;     /* as the caller named it, for messages */
  char          *target;   /* the regular file the rename replaces */
  char          *tmp;      /* the temporary file; NULL once renamed or removed */
  int            fd;
  GOutputStream *stream;
};

/* ".BASE.lev-": BASE cut to TEMP_MAX_BASE bytes at a character boundary. */
static char *
temp_prefix (const char *base)
{
  gsize n = strlen (base);

  if (n > TEMP_MAX_BASE)
    {
      n = TEMP_MAX_BASE;
      while (n > 0 && ((guchar) base[n] & 0xC0) == 0x80)
        n--;
    }
  return g_strdup_printf (".%.*s" TEMP_INFIX, (int) n, base);
}

static gboolean
is_random_tail (const char *s)
{
  for (int i = 0; i < TEMP_RANDOM; i++)
    if (!g_ascii_isalnum (s[i]))
      return FALSE;
  return TRUE;
}

/* The base name whose temporary file @name is (cut as temp_prefix cuts
 * it), or NULL when @name is not one of ours. */
char *
lev_file_temp_target (const char *name)
{
  gsize n = strlen (name);
  gsize tail = strlen (TEMP_INFIX) + TEMP_RANDOM + strlen (TEMP_SUFFIX);
  const char *random;

  g_return_val_if_fail (name != NULL, NULL);
  if (n < 1 + 1 + tail || name[0] != '.' || !g_str_has_suffix (name, TEMP_SUFFIX))
    return NULL;
  random = name + n - strlen (TEMP_SUFFIX) - TEMP_RANDOM;
  if (strncmp (random - strlen (TEMP_INFIX), TEMP_INFIX, strlen (TEMP_INFIX)) != 0)
    return NULL;
  if (!is_random_tail (random))
    return NULL;
  return g_strndup (name + 1, n - 1 - tail);
}

/* Removes @path if it is a regular file last modified more than
 * LEV_FILE_STALE_SECONDS ago; TRUE when it did. */
gboolean
lev_file_remove_if_stale (const char *path)
{
  GStatBuf st;

  g_return_val_if_fail (path != NULL, FALSE);
  if (g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return FALSE;
  if (g_get_real_time () / G_USEC_PER_SEC - (gint64) st.st_mtime <= LEV_FILE_STALE_SECONDS)
    return FALSE;
  return g_unlink (path) == 0;
}

/* The stale temporary files of the target @base in @dir, ours and GIO's. */
static void
remove_stale_temps (const char *dir,
                    const char *base)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = temp_prefix (base);
  g_autofree char *cut = g_strndup (prefix + 1, strlen (prefix) - 1 - strlen (TEMP_INFIX));
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *target = NULL;
      g_autofree char *path = NULL;

      if (g_str_has_prefix (name, GIO_TEMP_PREFIX))
        {
          if (strlen (name) != strlen (GIO_TEMP_PREFIX) + TEMP_RANDOM ||
              !is_random_tail (name + strlen (GIO_TEMP_PREFIX)))
            continue;
        }
      else
        {
          if (!g_str_has_prefix (name, prefix))
            continue;
          target = lev_file_temp_target (name);
          if (target == NULL || strcmp (target, cut) != 0)
            continue;
        }
      path = g_build_filename (dir, name, NULL);
      lev_file_remove_if_stale (path);
    }
}

static void
set_error (GError     **error,
           const char  *path,
           int          saved)
{
  g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), path,
               g_strerror (saved));
}

/* The file a save of @path replaces: @path, or the end of its chain of
 * symbolic links; *st is filled and *exists set when that file exists.
 * Anything but a regular file is refused. */
static char *
resolve_target (const char  *path,
                GStatBuf    *st,
                gboolean    *exists,
                GError     **error)
{
  g_autofree char *p = g_strdup (path);

  for (int hops = 0; ; hops++)
    {
      g_autofree char *link = NULL;

      if (g_lstat (p, st) != 0)
        {
          int saved = errno;

          if (saved != ENOENT)
            {
              set_error (error, path, saved);
              return NULL;
            }
          *exists = FALSE;
          return g_steal_pointer (&p);
        }
      if (S_ISREG (st->st_mode))
        {
          *exists = TRUE;
          return g_steal_pointer (&p);
        }
      if (!S_ISLNK (st->st_mode))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE,
                       _("Could not write “%s”: not a regular file (a folder, device or pipe "
                         "is never replaced)"), path);
          return NULL;
        }
      if (hops == MAX_LINK_HOPS || (link = g_file_read_link (p, NULL)) == NULL)
        {
          set_error (error, path, hops == MAX_LINK_HOPS ? ELOOP : errno);
          return NULL;
        }
      if (!g_path_is_absolute (link))
        {
          g_autofree char *dir = g_path_get_dirname (p);
          g_autofree char *joined = g_build_filename (dir, link, NULL);

          g_free (p);
          p = g_steal_pointer (&joined);
        }
      else
        {
          g_free (p);
          p = g_steal_pointer (&link);
        }
    }
}

/* Starts a save of @path (see the top of the file). On failure, NULL and
 * an error (LEV_ERROR_WRITE) that names @path. */
LevFileSave *
lev_file_save_new (const char  *path,
                   GError     **error)
{
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *tmp = NULL;
  g_autoptr(GOutputStream) raw = NULL;
  LevFileSave *save;
  gboolean exists = FALSE;
  GStatBuf st;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  if ((target = resolve_target (path, &st, &exists, error)) == NULL)
    return NULL;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  prefix = temp_prefix (base);
  tmp = g_strconcat (dir, G_DIR_SEPARATOR_S, prefix, "XXXXXX" TEMP_SUFFIX, NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_error (error, path, errno);
      return NULL;
    }
  /* The new version keeps the old one's permissions. */
  if (exists)
    (void) fchmod (fd, st.st_mode & 0777);

  raw = g_unix_output_stream_new (fd, FALSE);
  save = g_new0 (LevFileSave, 1);
  save->path = g_strdup (path);
  save->target = g_steal_pointer (&target);
  save->tmp = g_steal_pointer (&tmp);
  save->fd = fd;
  save->stream = g_buffered_output_stream_new_sized (raw, 64 * 1024);
  return save;
}

GOutputStream *
lev_file_save_get_stream (LevFileSave *save)
{
  g_return_val_if_fail (save != NULL, NULL);
  return save->stream;
}

/* The file the save replaces (symbolic links followed). */
const char *
lev_file_save_get_target (LevFileSave *save)
{
  g_return_val_if_fail (save != NULL, NULL);
  return save->target;
}

/* Closes the stream without writing what it still buffers, the file, and
 * removes the temporary file. */
static void
discard (LevFileSave *save)
{
  if (save->stream != NULL)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      g_cancellable_cancel (cancel);
      g_output_stream_close (save->stream, cancel, NULL);
      g_clear_object (&save->stream);
    }
  if (save->fd >= 0)
    {
      close (save->fd);
      save->fd = -1;
    }
  if (save->tmp != NULL)
    {
      g_unlink (save->tmp);
      g_clear_pointer (&save->tmp, g_free);
    }
}

/* Makes what was written the target's contents. Either way the save is
 * over: on failure the temporary file is gone and the target untouched. */
gboolean
lev_file_save_commit (LevFileSave  *save,
                      GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  int saved;

  g_return_val_if_fail (save != NULL, FALSE);
  g_return_val_if_fail (save->tmp != NULL, FALSE);

  if (!g_output_stream_close (save->stream, NULL, &local))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), save->path,
                   local->message);
      discard (save);
      return FALSE;
    }
  g_clear_object (&save->stream);
  if (fsync (save->fd) != 0)
    goto failed;
  saved = close (save->fd);
  save->fd = -1;
  if (saved != 0 || g_rename (save->tmp, save->target) != 0)
    goto failed;
  g_clear_pointer (&save->tmp, g_free);

  dir = g_path_get_dirname (save->target);
  base = g_path_get_basename (save->target);
  remove_stale_temps (dir, base);
  return TRUE;

failed:
  saved = errno;
  discard (save);
  set_error (error, save->path, saved);
  return FALSE;
}

/* Frees @save; one that was not committed leaves the target as it was. */
void
lev_file_save_free (LevFileSave *save)
{
  if (save == NULL)
    return;
  discard (save);
  g_free (save->path);
  g_free (save->target);
  g_free (save);
}

/* Replaces @path's contents by @data, atomically and durably (see the top
 * of the file). On failure the target is untouched and the error
 * (LEV_ERROR_WRITE) names @path. */
gboolean
lev_file_replace (const char     *path,
                  gconstpointer   data,
                  gsize           length,
                  GError        **error)
{
  g_autoptr(LevFileSave) save = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if ((save = lev_file_save_new (path, error)) == NULL)
    return FALSE;
  if (!g_output_stream_write_all (lev_file_save_get_stream (save), data, length, NULL, NULL, &local))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), path,
                   local->message);
      return FALSE;
    }
  return lev_file_save_commit (save, error);
}
