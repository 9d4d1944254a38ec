/* test-zh-window.c: in a Chinese locale the window speaks Chinese. No label
 * shows an English string that has a translation, no Latin word is left
 * beyond product names and units, amounts are in 万, and no label is cut
 * short with an ellipsis. Needs a display and the zh_CN.UTF-8 locale; exits
 * 77 (skip) without either. */
#define G_LOG_DOMAIN "test-zh-window"
#include "config.h"

#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lev-window.h"

/* Latin words a Chinese window may show: currency codes, units, acronyms
 * and product names that Chinese text writes in Latin letters too. */
static const char *allowed_latin[] = {
  "CNY", "USD", "TB", "GB", "TPU", "GPU", "CPU", "AI", "OpenCL", "FLOPs",
  "MFU", "CSV", "JSON", "PNG", "SVG", "PDF", "Adam", "ReLU", "AUC", "ROC",
  "MSE", "bf16", "fp32", "Monte", "Carlo", "Leverage", "SGD", "GFLOP", "FLOP",
  "GiB", "MiB", "Keras", "tanh", "sigmoid", "GELU", "softmax", "Spearman",
  "ICD", "Mesa", "NVIDIA", "AMD", "Intel", "PoCL", "Flatpak", NULL,
};

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

static gboolean
is_allowed_latin (const char *word)
{
  return g_strv_contains (allowed_latin, word);
}

/* Returns the first Latin word of three or more letters that is not on the
 * allowed list, or NULL. Tokens with digits, dashes, dots or slashes are
 * names to type (ocl-icd-libopencl1, --device=dri, model.json), not prose. */
static char *
find_english_word (const char *text)
{
  /* A command to type ("leverage-cli train") stays as it is in any language. */
  g_autoptr(GRegex) command = g_regex_new ("leverage-cli( [a-z-]+)?", 0, 0, NULL);
  g_autofree char *prose = g_regex_replace_literal (command, text, -1, 0, "", 0, NULL);
  const char *p = prose;

  while (*p)
    {
      const char *start;
      g_autofree char *word = NULL;

      if (!g_ascii_isalpha (*p))
        {
          p++;
          continue;
        }
      start = p;
      /* strchr finds the terminating NUL too: stop there first. */
      while (*p != '\0' && (g_ascii_isalnum (*p) || strchr ("-_./=", *p) != NULL))
        p++;
      word = g_strndup (start, p - start);
      /* A sentence's full stop or slash ends the word; anything else inside
       * it marks a name. */
      while (strlen (word) > 0 && strchr ("./", word[strlen (word) - 1]) != NULL)
        word[strlen (word) - 1] = '\0';
      if (strpbrk (word, "0123456789-_./=") != NULL)
        continue;
      if (strlen (word) >= 3 && !is_allowed_latin (word))
        return g_steal_pointer (&word);
    }
  return NULL;
}

static GtkWidget *
find_view_stack (GtkWidget *widget)
{
  if (ADW_IS_VIEW_STACK (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_view_stack (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
run_main_loop (void)
{
  /* Let the window map and lay out a page (and finish quick background
   * work) before its labels are read. */
  for (int i = 0; i < 50; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

static LevWindow *
open_window (LevApplication *app,
             const char     *scenario)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data",
                                            "scenarios", scenario, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LevWindow *window = lev_window_new (app);

  lev_window_open_file (window, file);
  gtk_window_present (GTK_WINDOW (window));
  run_main_loop ();
  return window;
}

static void
test_zh_window_is_chinese (void)
{
  g_autoptr(LevApplication) app = lev_application_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GString) problems = g_string_new (NULL);
  LevWindow *window;
  GtkWidget *stack;
  guint n_pages = 0;
  gboolean saw_wan = FALSE;
  const char *title;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = open_window (app, "seed-example-zh.json");
  stack = find_view_stack (GTK_WIDGET (window));
  if (stack != NULL)
    {
      /* Every page of the window, not only the one it opens on. */
      g_autoptr(GtkSelectionModel) pages = adw_view_stack_get_pages (ADW_VIEW_STACK (stack));

      for (guint p = 0; p < g_list_model_get_n_items (G_LIST_MODEL (pages)); p++)
        {
          g_autoptr(AdwViewStackPage) page = g_list_model_get_item (G_LIST_MODEL (pages), p);

          adw_view_stack_set_visible_child (ADW_VIEW_STACK (stack),
                                            adw_view_stack_page_get_child (page));
          run_main_loop ();
          collect_labels (GTK_WIDGET (window), labels);
          n_pages++;
        }
    }
  else
    collect_labels (GTK_WIDGET (window), labels);
  g_test_message ("%u labels on %u pages", labels->len, n_pages);
  g_assert_cmpuint (labels->len, >, 0);

  title = gtk_window_get_title (GTK_WINDOW (window));
  if (title != NULL && strcmp (g_dgettext (GETTEXT_PACKAGE, title), title) != 0)
    g_string_append_printf (problems, "window title “%s” is untranslated\n", title);

  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      const char *text = gtk_label_get_text (label);
      g_autofree char *english = NULL;

      if (text == NULL || *text == '\0')
        continue;
      if (strstr (text, "万") != NULL)
        saw_wan = TRUE;
      /* A label whose text has a translation shows the English original. */
      if (strcmp (g_dgettext (GETTEXT_PACKAGE, text), text) != 0)
        g_string_append_printf (problems, "untranslated label “%s”\n", text);
      else if ((english = find_english_word (text)) != NULL)
        g_string_append_printf (problems, "English word “%s” in label “%s”\n", english, text);
      if (pango_layout_is_ellipsized (gtk_label_get_layout (label)))
        g_string_append_printf (problems, "label “%s” is cut short (ellipsized)\n", text);
    }

  if (problems->len > 0)
    g_test_message ("%s", problems->str);
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_true (saw_wan);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  const char *localedir = g_getenv ("LEVERAGE_LOCALEDIR");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  /* Not gtk_test_init (): it switches to en_US.UTF-8, and this test needs
   * the Chinese locale that gtk_init_check () takes from the environment. */
  g_test_init (&argc, &argv, NULL);
  if (setlocale (LC_ALL, "") == NULL)
    {
      g_printerr ("no zh_CN.UTF-8 locale; skipping\n");
      return 77;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("no display; skipping\n");
      return 77;
    }
  /* Criticals fail the test; warnings about the environment (no session
   * bus under a bare Xvfb) are not what this test is about. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  adw_init ();
  g_test_add_func ("/gnome/zh-window/is-chinese", test_zh_window_is_chinese);
  return g_test_run ();
}
