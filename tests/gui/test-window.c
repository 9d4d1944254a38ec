/* test-window.c: the real window opens a scenario and shows its totals;
 * every .ui file instantiates without criticals. Needs a display (Xvfb in
 * CI); skips with 77 without one. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "lev-window.h"

static GtkWidget *
find_label_containing (GtkWidget  *root,
                       const char *needle)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) &&
          strstr (gtk_label_get_label (GTK_LABEL (child)), needle) != NULL)
        return child;
      if ((found = find_label_containing (child, needle)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_window_opens_seed (void)
{
  g_autoptr(LevApplication) app = lev_application_new ();
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data",
                                            "scenarios", "seed-example.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LevWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = lev_window_new (app);
  lev_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The leveraged total and the social advantage, as a user reads them. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "¥13,000,000"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "¥1,500,000"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "The article's worked example"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_window_bad_file_keeps_window (void)
{
  g_autoptr(LevApplication) app = lev_application_new ();
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data",
                                            "bad-scenarios", "truncated.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LevWindow *window;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = lev_window_new (app);
  lev_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* The error is a toast naming the file; the window still says nothing is open. */
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "truncated.json"));
  g_assert_nonnull (find_label_containing (GTK_WIDGET (window), "No Scenario Open"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_ui_files_build (void)
{
  static const char *resources[] = {
    "/io/github/leverage/Leverage/gtk/help-overlay.ui",
  };

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GtkBuilder) b = gtk_builder_new_from_resource (resources[i]);
      g_assert_nonnull (b);
      g_assert_nonnull (gtk_builder_get_objects (b));
    }
}

int
main (int argc, char **argv)
{
  /* Criticals and warnings from GTK or our code fail the test. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  gtk_test_init (&argc, &argv, NULL);
  if (gdk_display_get_default () == NULL)
    return 77;
  adw_init ();
  g_test_add_func ("/gui/window/opens-seed", test_window_opens_seed);
  g_test_add_func ("/gui/window/bad-file", test_window_bad_file_keeps_window);
  g_test_add_func ("/gui/ui-files-build", test_ui_files_build);
  return g_test_run ();
}
