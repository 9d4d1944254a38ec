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
  /* An uninstalled build finds its translations in the build tree's po/
   * folder: build-aux/dev and the tests point LEVERAGE_LOCALEDIR there. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LEVERAGE_LOCALEDIR") ? g_getenv ("LEVERAGE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = lev_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
