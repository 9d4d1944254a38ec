/* lev-application.c: application start-up, actions and opening files. */
#define G_LOG_DOMAIN "lev-application"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-application.h"
#include "lev-window.h"

struct _LevApplication
{
  AdwApplication parent_instance;
  char          *page;   /* --page: the page to show first */
  char          *sample; /* --sample: the bundled sample to open */
};

G_DEFINE_FINAL_TYPE (LevApplication, lev_application, ADW_TYPE_APPLICATION)

static void
lev_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      LevWindow *lw = lev_window_new (LEV_APPLICATION (app));
      window = GTK_WINDOW (lw);
      /* A founder opening the app sees the sample plan at once. */
      lev_window_open_sample (lw, LEV_APPLICATION (app)->sample ? LEV_APPLICATION (app)->sample
                                                                 : "seed-example");
      if (LEV_APPLICATION (app)->page)
        lev_window_show_page (lw, LEV_APPLICATION (app)->page);
      gtk_window_present (window);
      lev_window_offer_restore (lw);
      return;
    }
  gtk_window_present (window);
}

static void
lev_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      LevWindow *window = lev_window_new (LEV_APPLICATION (app));
      if (!lev_window_open_file (window, files[i]))
        lev_window_open_sample (window, "seed-example");
      if (LEV_APPLICATION (app)->page)
        lev_window_show_page (window, LEV_APPLICATION (app)->page);
      gtk_window_present (GTK_WINDOW (window));
    }
}

/* Ctrl+Q closes every window the way its × does, so each asks about its
 * own unsaved work; the application ends when the last one has gone. */
static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (user_data)),
                                     (GCopyFunc) g_object_ref, NULL);

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));
  g_list_free_full (windows, g_object_unref);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { "The Leverage developers", NULL };

  adw_show_about_window (gtk_application_get_active_window (app),
                         "application-name", _("Leverage"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "comments", _("Plan what an AI start-up's data, compute, talent and "
                                       "market will cost, and what partnerships save."),
                         NULL);
}

static void
lev_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated },
    { "about", about_activated },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (lev_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static int
lev_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  LevApplication *self = LEV_APPLICATION (app);

  g_variant_dict_lookup (options, "page", "s", &self->page);
  g_variant_dict_lookup (options, "sample", "s", &self->sample);
  return -1;
}

static void
lev_application_finalize (GObject *object)
{
  LevApplication *self = LEV_APPLICATION (object);

  g_free (self->page);
  g_free (self->sample);
  G_OBJECT_CLASS (lev_application_parent_class)->finalize (object);
}

static void
lev_application_class_init (LevApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = lev_application_finalize;
  app_class->handle_local_options = lev_application_handle_local_options;

  app_class->activate = lev_application_activate;
  app_class->open = lev_application_open;
  app_class->startup = lev_application_startup;
}

static void
lev_application_init (LevApplication *self)
{
  static const GOptionEntry options[] = {
    { "page", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Page to show first: plan, analysis or model-lab"),
      N_("PAGE") },
    { "sample", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Bundled sample to open: seed-example or llm-startup-7b"), N_("NAME") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LevApplication *
lev_application_new (void)
{
  return g_object_new (LEV_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/leverage/Leverage",
                       NULL);
}
