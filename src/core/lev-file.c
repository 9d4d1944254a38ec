/* lev-file.c: atomic replacement of a file's contents.
 *
 * The new bytes go to a temporary file in the target's folder, are
 * fsync'ed, and the temporary file is renamed over the target, so the
 * target is at every moment the old file or the new one, whole. A process
 * killed before the rename leaves its temporary file; the name makes such
 * debris unmistakably ours (".TARGET.lev-XXXXXX.tmp", hidden, with GLib's
 * six random letters or digits), and the next successful save of the same
 * target removes the ones older than LEV_FILE_STALE_SECONDS: a live save,
 * ours or another process's, is never that old, and no file a person made
 * has such a name. */
#define G_LOG_DOMAIN "lev-file"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-file.h"

#define TEMP_INFIX ".lev-"
#define TEMP_SUFFIX ".tmp"
#define TEMP_RANDOM 6
/* Room for the rest of the temporary name within NAME_MAX (255). */
#define TEMP_MAX_BASE 200

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
  for (int i = 0; i < TEMP_RANDOM; i++)
    if (!g_ascii_isalnum (random[i]))
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

/* The stale temporary files of the target @base in @dir. */
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

      if (!g_str_has_prefix (name, prefix))
        continue;
      target = lev_file_temp_target (name);
      if (target == NULL || strcmp (target, cut) != 0)
        continue;
      path = g_build_filename (dir, name, NULL);
      lev_file_remove_if_stale (path);
    }
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Replaces @path's contents by @data, atomically and durably (see the top
 * of the file); the file gets mode 0644 less the umask, as a new file. On
 * failure @path is untouched and the error (LEV_ERROR_IO) names it. */
gboolean
lev_file_replace (const char     *path,
                  gconstpointer   data,
                  gsize           length,
                  GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *tmp = NULL;
  int fd, saved;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  prefix = temp_prefix (base);
  tmp = g_strconcat (dir, G_DIR_SEPARATOR_S, prefix, "XXXXXX" TEMP_SUFFIX, NULL);
  fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!write_all (fd, data, length) || fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      goto failed;
    }
  if (close (fd) != 0 || g_rename (tmp, path) != 0)
    {
      saved = errno;
      goto failed;
    }
  remove_stale_temps (dir, base);
  return TRUE;

failed:
  g_unlink (tmp);
  g_set_error (error, LEV_ERROR, LEV_ERROR_IO, "%s: %s", path, g_strerror (saved));
  return FALSE;
}
