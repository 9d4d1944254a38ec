/* lev-file-read.c: whole-file reads for the readers of untrusted files.
 * A model names its weights file and a scenario names the CSV of an
 * empirical distribution; either name can point at a FIFO, which an
 * ordinary open() waits on forever, or at a device that never ends. */
#define G_LOG_DOMAIN "lev-file-read"
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-file-read.h"

static const char *
kind_of (mode_t mode)
{
  if (S_ISDIR (mode))
    return _("a folder");
  if (S_ISFIFO (mode))
    return _("a pipe (FIFO)");
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return _("a device");
  if (S_ISSOCK (mode))
    return _("a socket");
  return _("not a file");
}

gboolean
lev_file_read (const char  *path,
               gsize        max_bytes,
               char       **contents,
               gsize       *length,
               GError     **error)
{
  struct stat st;
  g_autofree char *buf = NULL;
  gsize got = 0;
  int fd, saved;

  g_return_val_if_fail (path != NULL && contents != NULL && length != NULL, FALSE);

  /* O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer;
   * it has no effect on the regular files that get past fstat. */
  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      saved = errno;
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (fstat (fd, &st) != 0)
    {
      saved = errno;
      g_close (fd, NULL);
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, "%s: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT, _("%s: not a regular file (%s)"), path,
                   kind_of (st.st_mode));
      return FALSE;
    }
  if ((guint64) st.st_size > max_bytes)
    {
      g_autofree char *size = g_format_size_full ((guint64) st.st_size, G_FORMAT_SIZE_IEC_UNITS);
      g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_close (fd, NULL);
      /* TRANSLATORS: sizes, such as “1.0 GiB, more than the 64.0 MiB allowed” */
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("%s: %s, more than the %s allowed"), path, size, limit);
      return FALSE;
    }
  /* The size can change while we read; read what is there, up to the limit. */
  buf = g_malloc ((gsize) st.st_size + 1);
  for (;;)
    {
      gsize cap = (gsize) st.st_size;
      gssize n;

      if (got == cap)
        {
          char probe;

          /* Grown since fstat? One more byte tells. */
          n = read (fd, &probe, 1);
          if (n == 0)
            break;
          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            goto read_failed;
          if (got + 1 > max_bytes)
            {
              g_autofree char *limit = g_format_size_full (max_bytes, G_FORMAT_SIZE_IEC_UNITS);

              g_close (fd, NULL);
              g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("%s: grew past the %s allowed while read"), path,
                           limit);
              return FALSE;
            }
          st.st_size = (off_t) MIN ((guint64) got * 2 + 4096, (guint64) max_bytes);
          buf = g_realloc (buf, (gsize) st.st_size + 1);
          buf[got++] = probe;
          continue;
        }
      n = read (fd, buf + got, cap - got);
      if (n == 0)
        break;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        goto read_failed;
      got += (gsize) n;
    }
  g_close (fd, NULL);
  buf[got] = '\0';
  *contents = g_steal_pointer (&buf);
  *length = got;
  return TRUE;

read_failed:
  saved = errno;
  g_close (fd, NULL);
  g_set_error (error, LEV_ERROR, LEV_ERROR_IO, "%s: %s", path, g_strerror (saved));
  return FALSE;
}
