/* test-save-targets.c: what one save (lev-file.c) does with targets that
 * are not plain files, with saves that fail half way (a full disk, a
 * dropped or cancelled stream) and with the debris of killed saves. */
#define G_LOG_DOMAIN "test-save-targets"
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-file.h"
#include "../test-tree.h"

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, &error));
  g_assert_no_error (error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in @dir, sorted and joined by spaces. */
static char *
listing (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
assert_refused (const char *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (lev_file_replace (path, "new", 3, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("%s", error->message);
}

/* A rename over a FIFO would replace it with a file; the reader at its
 * other end would wait forever. */
static void
test_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *names = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_refused (fifo);
  g_assert_cmpint (g_lstat (fifo, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  names = listing (dir);
  g_assert_cmpstr (names, ==, "out.csv");
  test_remove_tree (dir);
}

/* A device node such as /dev/null: root may rename over it, and every
 * program on the machine would then write into a file. A node of
 * /dev/null's numbers is made in a temporary folder (root only), never
 * the real one. */
static void
test_device (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *node = g_build_filename (dir, "null", NULL);
  GStatBuf st;

  if (mknod (node, S_IFCHR | 0666, makedev (1, 3)) != 0)
    {
      g_test_skip ("mknod is not permitted here (not root)");
      test_remove_tree (dir);
      return;
    }
  assert_refused (node);
  g_assert_cmpint (g_lstat (node, &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_cmpuint (major (st.st_rdev), ==, 1);
  test_remove_tree (dir);
}

static void
test_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "plan.json", NULL);

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  assert_refused (sub);
  g_assert_true (g_file_test (sub, G_FILE_TEST_IS_DIR));
  test_remove_tree (dir);
}

/* A symbolic link is written through: the file it names gets the new
 * contents and the link stays (renaming over it would leave the real file
 * stale and the link replaced by a copy). Chains and dangling links too. */
static void
test_symlink (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *real = g_build_filename (dir, "real.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.json", NULL);
  g_autofree char *dangling = g_build_filename (dir, "dangling.json", NULL);
  g_autofree char *made = g_build_filename (dir, "made.json", NULL);
  g_autofree char *text = NULL, *names = NULL, *fifo_link = NULL, *fifo = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  write_text (real, "old");
  g_assert_cmpint (g_chmod (real, 0600), ==, 0);
  g_assert_cmpint (symlink ("real.json", link), ==, 0);
  g_assert_cmpint (symlink (link, link2), ==, 0);
  g_assert_true (lev_file_replace (link2, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (g_lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  /* The new version keeps the old one's permissions. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  text = read_text (real);
  g_assert_cmpstr (text, ==, "new");

  g_assert_cmpint (symlink ("made.json", dangling), ==, 0);
  g_assert_true (lev_file_replace (dangling, "made", 4, &error));
  g_assert_no_error (error);
  g_clear_pointer (&text, g_free);
  text = read_text (made);
  g_assert_cmpstr (text, ==, "made");
  g_assert_cmpint (g_lstat (dangling, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));

  /* A link to a FIFO is refused like the FIFO. */
  fifo = g_build_filename (dir, "pipe", NULL);
  fifo_link = g_build_filename (dir, "to-pipe", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("pipe", fifo_link), ==, 0);
  assert_refused (fifo_link);

  names = listing (dir);
  g_assert_cmpstr (names, ==, "dangling.json link.json link2.json made.json pipe real.json to-pipe");
  test_remove_tree (dir);
}

/* A save dropped without a commit (the caller hit an error), or whose
 * stream was cancelled, leaves the old file and no temporary file; for a
 * new target, no file at all. */
static void
test_dropped (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *old = g_build_filename (dir, "samples.csv", NULL);
  g_autofree char *fresh = g_build_filename (dir, "new.csv", NULL);
  g_autofree char *text = NULL, *names = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_malloc0 (1 << 20);

  write_text (old, "old,contents\n");
  for (int round = 0; round < 2; round++)
    {
      const char *path = round == 0 ? old : fresh;
      g_autoptr(LevFileSave) save = lev_file_save_new (path, &error);

      g_assert_no_error (error);
      /* More than the stream buffers, so bytes reached the disk. */
      g_assert_true (g_output_stream_write_all (lev_file_save_get_stream (save), big, 1 << 20,
                                                NULL, NULL, &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(LevFileSave) save = lev_file_save_new (old, &error);
    g_autoptr(GCancellable) cancel = g_cancellable_new ();

    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (lev_file_save_get_stream (save), "half,a,r", 8,
                                              NULL, NULL, &error));
    g_cancellable_cancel (cancel);
    g_assert_false (g_output_stream_write_all (lev_file_save_get_stream (save), big, 1 << 20,
                                               NULL, cancel, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    /* Closing the stream is not committing the save. */
    g_output_stream_close (lev_file_save_get_stream (save), NULL, NULL);
  }
  text = read_text (old);
  g_assert_cmpstr (text, ==, "old,contents\n");
  names = listing (dir);
  g_assert_cmpstr (names, ==, "samples.csv");
  test_remove_tree (dir);
}

/* A small tmpfs of our own, or NULL (and the test skipped) where mounting
 * is not permitted. */
static char *
mount_small (const char *dir,
             const char *size)
{
  g_autofree char *mnt = g_build_filename (dir, "full", NULL);
  g_autofree char *opts = g_strdup_printf ("size=%s", size);

  g_assert_cmpint (g_mkdir (mnt, 0700), ==, 0);
  if (mount ("tmpfs", mnt, "tmpfs", 0, opts) != 0)
    {
      g_test_skip_printf ("cannot mount a tmpfs: %s", g_strerror (errno));
      return NULL;
    }
  return g_steal_pointer (&mnt);
}

/* A full disk: the write fails half way, the old file stays whole, and no
 * temporary file is left (a new target does not appear at all). */
static void
test_disk_full (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *mnt = mount_small (dir, "64k");
  g_autofree char *old = NULL, *fresh = NULL, *text = NULL, *names = NULL;
  g_autofree char *big = g_malloc (256 * 1024);
  g_autoptr(GError) error = NULL;

  if (mnt == NULL)
    {
      test_remove_tree (dir);
      return;
    }
  memset (big, 'x', 256 * 1024);
  old = g_build_filename (mnt, "plan.json", NULL);
  fresh = g_build_filename (mnt, "chart.png", NULL);
  write_text (old, "{\"old\":true}");

  g_assert_false (lev_file_replace (old, big, 256 * 1024, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "plan.json"));
  g_clear_error (&error);

  {
    g_autoptr(LevFileSave) save = lev_file_save_new (fresh, &error);
    gboolean ok;

    g_assert_no_error (error);
    ok = g_output_stream_write_all (lev_file_save_get_stream (save), big, 256 * 1024, NULL, NULL,
                                    &error);
    g_assert_false (ok);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
    g_clear_error (&error);
  }
  {
    /* Less than the stream buffers: the disk fills at the commit. */
    g_autoptr(LevFileSave) save = NULL;
    g_autofree char *filler = g_build_filename (mnt, "filler", NULL);
    g_autoptr(GError) fill_error = NULL;

    /* 56k of the 64k taken, so the next 16k do not fit. */
    g_assert_true (g_file_set_contents (filler, big, 56 * 1024, &fill_error));
    save = lev_file_save_new (fresh, &error);
    g_assert_no_error (error);
    g_assert_true (g_output_stream_write_all (lev_file_save_get_stream (save), big, 16 * 1024,
                                              NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (lev_file_save_commit (save, &error));
    g_assert_error (error, LEV_ERROR, LEV_ERROR_WRITE);
    g_clear_error (&error);
    g_unlink (filler);
  }

  text = read_text (old);
  g_assert_cmpstr (text, ==, "{\"old\":true}");
  names = listing (mnt);
  g_assert_cmpstr (names, ==, "plan.json");
  g_assert_cmpint (umount (mnt), ==, 0);
  test_remove_tree (dir);
}

static void
touch_aged (const char *dir,
            const char *name,
            gint64      age)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);
  struct utimbuf t;

  write_text (p, "x");
  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - age);
  g_assert_cmpint (g_utime (p, &t), ==, 0);
}

/* GIO's temporary files (earlier versions saved through g_file_replace)
 * do not name their target: old ones in the target's folder are debris of
 * killed saves; a fresh one may be a live save and stays. */
static void
test_gio_debris (void)
{
  g_autofree char *dir = g_dir_make_tmp ("save-targets-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "samples.csv", NULL);
  g_autofree char *names = NULL;
  g_autoptr(GError) error = NULL;

  touch_aged (dir, ".goutputstream-AB12cd", 2 * LEV_FILE_STALE_SECONDS);
  touch_aged (dir, ".goutputstream-Live01", 0);
  touch_aged (dir, ".goutputstream-AB12cd.keep", 2 * LEV_FILE_STALE_SECONDS);
  touch_aged (dir, ".goutputstream-AB1", 2 * LEV_FILE_STALE_SECONDS);
  g_assert_true (lev_file_replace (path, "a,b\n", 4, &error));
  g_assert_no_error (error);
  names = listing (dir);
  g_assert_cmpstr (names, ==, ".goutputstream-AB1 .goutputstream-AB12cd.keep .goutputstream-Live01 "
                              "samples.csv");
  test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/save/fifo", test_fifo);
  g_test_add_func ("/hardening/save/device-node", test_device);
  g_test_add_func ("/hardening/save/folder", test_folder);
  g_test_add_func ("/hardening/save/symlink", test_symlink);
  g_test_add_func ("/hardening/save/dropped", test_dropped);
  g_test_add_func ("/hardening/save/disk-full", test_disk_full);
  g_test_add_func ("/hardening/save/gio-debris", test_gio_debris);
  return g_test_run ();
}
