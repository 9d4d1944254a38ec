/* lev-save-changes-dialog.c: the question every path that would lose
 * unsaved work asks first: New, Open, a dropped file, closing the window
 * and quitting (Ctrl+Q) alike. */
#define G_LOG_DOMAIN "lev-save-changes-dialog"
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lev-save-changes-dialog.h"

static gboolean
return_answer (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_int (task, GPOINTER_TO_INT (g_task_get_task_data (task)));
  return G_SOURCE_REMOVE;
}

static void
on_response (AdwMessageDialog *dialog,
             const char       *response,
             gpointer          user_data)
{
  GTask *task = user_data;
  LevSaveChangesResponse answer = LEV_SAVE_CHANGES_CANCEL;

  g_signal_handlers_disconnect_by_data (dialog, task);
  if (g_str_equal (response, "save"))
    answer = LEV_SAVE_CHANGES_SAVE;
  else if (g_str_equal (response, "discard"))
    answer = LEV_SAVE_CHANGES_DISCARD;
  /* Answer once the dialog has closed: Discard may close the window it
   * is transient for, and a dialog that outlives its parent unsets a
   * freed parent when it goes (GObject criticals at quit). */
  g_task_set_task_data (task, GINT_TO_POINTER (answer), NULL);
  g_idle_add (return_answer, task);
}

static void
on_cancelled (GCancellable     *cancellable,
              AdwMessageDialog *dialog)
{
  /* Closing answers with the close response, "cancel". */
  gtk_window_close (GTK_WINDOW (dialog));
}

void
lev_save_changes_dialog_run_async (GtkWindow           *parent,
                                   const char          *document_name,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *dialog;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (document_name != NULL);

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, lev_save_changes_dialog_run_async);
  dialog = adw_message_dialog_new (parent, _("Save Changes?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has changes that are not saved. Unsaved changes are lost."),
                                  document_name);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_response), g_steal_pointer (&task));
  gtk_window_present (GTK_WINDOW (dialog));
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), g_object_ref (dialog), g_object_unref);
}

LevSaveChangesResponse
lev_save_changes_dialog_run_finish (GAsyncResult  *result,
                                    GError       **error)
{
  gssize answer;

  g_return_val_if_fail (G_IS_TASK (result), LEV_SAVE_CHANGES_CANCEL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lev_save_changes_dialog_run_async,
                        LEV_SAVE_CHANGES_CANCEL);
  answer = g_task_propagate_int (G_TASK (result), error);
  return answer < 0 ? LEV_SAVE_CHANGES_CANCEL : (LevSaveChangesResponse) answer;
}
