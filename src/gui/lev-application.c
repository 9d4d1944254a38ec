/* lev-application.c: application start-up, actions and opening files. */
#define G_LOG_DOMAIN "lev-application"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-application.h"
#include "lev-window.h"

struct _LevApplication
{
  AdwApplication parent_instance;
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
      lev_window_open_sample (lw, "seed-example");
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
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
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

static void
lev_application_class_init (LevApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = lev_application_activate;
  app_class->open = lev_application_open;
  app_class->startup = lev_application_startup;
}

static void
lev_application_init (LevApplication *self)
{
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
