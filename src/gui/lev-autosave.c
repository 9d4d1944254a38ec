/* lev-autosave.c: unsaved edits copied every 30 s beside an origin note
 * (the file they belong to), and offered back after a crash. */
#define G_LOG_DOMAIN "lev-autosave"
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-analysis-page.h"
#include "lev-model-lab.h"
#include "lev-chart-sim.h"
#include "lev-file.h"
#include "lev-file-chooser.h"
#include "lev-save-changes-dialog.h"
#include "lev-sensitivity.h"
#include "lev-plan-page.h"
#include "lev-preferences.h"
#include "lev-settings.h"
#include "lev-report.h"
#include "lev-scenario-io.h"
#include "lev-simulate.h"
#include "lev-summary.h"
#include "lev-undo.h"
#include "lev-window.h"
#include "lev-window-private.h"

char *
lev_window_autosave_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "leverage", "autosave.json", NULL);
}

static char *
autosave_origin_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "leverage", "autosave.origin", NULL);
}

void
_lev_window_remove_autosave (void)
{
  g_autofree char *path = lev_window_autosave_path ();
  g_autofree char *origin = autosave_origin_path ();

  g_unlink (path);
  g_unlink (origin);
}

gboolean
lev_window_autosave_now (LevWindow *self)
{
  g_autofree char *path = NULL, *dir = NULL, *origin = NULL;
  g_autoptr(GError) error = NULL;
  guint64 rev;

  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);
  if (self->undo == NULL || !lev_window_get_modified (self))
    return FALSE;
  rev = lev_undo_stack_get_revision (self->undo);
  if (rev == self->autosaved_revision)
    return FALSE;

  path = lev_window_autosave_path ();
  dir = g_path_get_dirname (path);
  origin = autosave_origin_path ();
  g_mkdir_with_parents (dir, 0700);
  if (!lev_scenario_save_file (self->scenario, path, &error))
    {
      /* Tell the user once per failure kind; keep trying on the timer. */
      _lev_window_toast (self, error->message, FALSE);
      return FALSE;
    }
  {
    g_autofree char *uri = self->file ? g_file_get_uri (self->file) : g_strdup ("");
    lev_file_replace (origin, uri, strlen (uri), NULL);
  }
  self->autosaved_revision = rev;
  return TRUE;
}

gboolean
_lev_window_autosave_tick (gpointer data)
{
  lev_window_autosave_now (LEV_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

/* ---------------------------------------------------------------- */
/* Restoring after a crash. */

static void
on_restore_response (AdwMessageDialog *dialog,
                     const char       *response,
                     LevWindow        *self)
{
  g_autofree char *path = lev_window_autosave_path ();
  g_autofree char *origin_path = autosave_origin_path ();

  if (g_str_equal (response, "restore"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LevScenario) scenario = lev_scenario_load_file (path, &error);
      g_autofree char *uri = NULL;

      if (scenario == NULL)
        {
          _lev_window_toast (self, error->message, TRUE);
          return;
        }
      g_file_get_contents (origin_path, &uri, NULL, NULL);
      {
        g_autoptr(GFile) file = uri && *uri ? g_file_new_for_uri (uri) : NULL;
        _lev_window_set_scenario (self, scenario, file);
      }
      /* Restored work is unsaved until the user saves it. */
      self->saved_state = G_MAXUINT64;
      _lev_window_update_title (self);
    }
  else if (g_str_equal (response, "discard"))
    _lev_window_remove_autosave ();
}

gboolean
lev_window_offer_restore (LevWindow *self)
{
  g_autofree char *path = lev_window_autosave_path ();
  GtkWidget *dialog;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore Unsaved Work?"),
                                   _("Leverage closed without saving your last changes. "
                                     "A copy was kept."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "restore");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

