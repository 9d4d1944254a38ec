/* test-tree.h: removing a test program's temporary folder, with all that
 * is in it, so that test runs leave nothing behind in /tmp. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes @path: a file, or a folder and everything below it (links are
 * removed, not followed). */
static inline void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
