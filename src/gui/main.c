/* main.c: the Leverage window's entry point. */
#define G_LOG_DOMAIN "leverage"
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "lev-application.h"

int
main (int argc, char **argv)
{
  g_autoptr(LevApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lev_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
