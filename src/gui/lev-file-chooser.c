/* lev-file-chooser.c: GtkFileDialog where GTK has it (4.10), the native
 * chooser on GTK 4.8, behind one GTask-based call. */
#define G_LOG_DOMAIN "lev-file-chooser"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-file-chooser.h"

GtkFileFilter *
lev_file_filter_new (const char         *name,
                     const char * const *patterns)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns != NULL && patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  return filter;
}

GtkFileFilter *
lev_file_filter_scenarios (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Leverage scenarios"));
  gtk_file_filter_add_pattern (filter, "*.json");
  gtk_file_filter_add_mime_type (filter, "application/json");
  return filter;
}

GtkFileFilter *
lev_file_filter_for_name (const char *name)
{
  static const struct {
    const char *suffix;
    const char *label;
    const char *mime;
  } kinds[] = {
    { ".png", N_("PNG images"), "image/png" },
    { ".svg", N_("SVG images"), "image/svg+xml" },
    { ".pdf", N_("PDF documents"), "application/pdf" },
    { ".csv", N_("CSV files"), "text/csv" },
    { ".json", N_("JSON files"), "application/json" },
    { ".safetensors", N_("Model weights"), NULL },
  };
  g_autofree char *lower = NULL;

  if (name == NULL)
    return NULL;
  lower = g_utf8_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_str_has_suffix (lower, kinds[i].suffix))
      {
        GtkFileFilter *filter = gtk_file_filter_new ();
        g_autofree char *upper = g_ascii_strup (kinds[i].suffix + 1, -1);
        g_autofree char *lower_pattern = g_strconcat ("*", kinds[i].suffix, NULL);
        g_autofree char *upper_pattern = g_strconcat ("*.", upper, NULL);

        gtk_file_filter_set_name (filter, _(kinds[i].label));
        gtk_file_filter_add_pattern (filter, lower_pattern);
        gtk_file_filter_add_pattern (filter, upper_pattern);
        if (kinds[i].mime != NULL)
          gtk_file_filter_add_mime_type (filter, kinds[i].mime);
        return filter;
      }
  return NULL;
}

/* A chosen file, a real failure, or "nothing chosen" as CANCELLED. */
static void
task_return_file (GTask  *task,
                  GFile  *file,
                  GError *error)
{
  gboolean dismissed = error == NULL;

#if GTK_CHECK_VERSION (4, 10, 0)
  dismissed = dismissed || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
                        || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED);
#endif
  if (file != NULL)
    g_task_return_pointer (task, g_object_ref (file), g_object_unref);
  else if (!dismissed)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("No file was chosen"));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
file_dialog_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case LEV_FILE_CHOOSER_SAVE:
      file = gtk_file_dialog_save_finish (dialog, result, &error);
      break;
    case LEV_FILE_CHOOSER_FOLDER:
      file = gtk_file_dialog_select_folder_finish (dialog, result, &error);
      break;
    case LEV_FILE_CHOOSER_OPEN:
    default:
      file = gtk_file_dialog_open_finish (dialog, result, &error);
      break;
    }
  task_return_file (task, file, error);
}
#else
static void
native_response (GtkNativeDialog *native,
                 int              response,
                 gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  task_return_file (task, file, NULL);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

void
lev_file_chooser_run_async (GtkWindow            *parent,
                            LevFileChooserAction  action,
                            const char           *title,
                            GtkFileFilter        *filter,
                            GFile                *initial_folder,
                            const char           *initial_name,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = NULL;
#else
  static const GtkFileChooserAction actions[] = {
    [LEV_FILE_CHOOSER_OPEN] = GTK_FILE_CHOOSER_ACTION_OPEN,
    [LEV_FILE_CHOOSER_SAVE] = GTK_FILE_CHOOSER_ACTION_SAVE,
    [LEV_FILE_CHOOSER_FOLDER] = GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
  };
  const char *accept;
  GtkFileChooserNative *native;
#endif

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (filter == NULL || GTK_IS_FILE_FILTER (filter));

  task = g_task_new (parent, cancellable, callback, user_data);
  g_task_set_source_tag (task, lev_file_chooser_run_async);
  g_task_set_task_data (task, GINT_TO_POINTER (action), NULL);
#if GTK_CHECK_VERSION (4, 10, 0)
  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, title);
  if (initial_folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, initial_folder);
  if (filter != NULL)
    {
      g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
      g_list_store_append (filters, filter);
      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
      gtk_file_dialog_set_default_filter (dialog, filter);
    }
  switch (action)
    {
    case LEV_FILE_CHOOSER_SAVE:
      if (initial_name != NULL)
        gtk_file_dialog_set_initial_name (dialog, initial_name);
      gtk_file_dialog_save (dialog, parent, cancellable, file_dialog_done, g_steal_pointer (&task));
      break;
    case LEV_FILE_CHOOSER_FOLDER:
      gtk_file_dialog_select_folder (dialog, parent, cancellable, file_dialog_done, g_steal_pointer (&task));
      break;
    case LEV_FILE_CHOOSER_OPEN:
    default:
      gtk_file_dialog_open (dialog, parent, cancellable, file_dialog_done, g_steal_pointer (&task));
      break;
    }
#else
  accept = action == LEV_FILE_CHOOSER_SAVE ? _("_Save")
         : action == LEV_FILE_CHOOSER_FOLDER ? _("_Select")
         : _("_Open");
  native = gtk_file_chooser_native_new (title, parent, actions[action], accept, _("_Cancel"));
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (initial_folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), initial_folder, NULL);
  if (action == LEV_FILE_CHOOSER_SAVE && initial_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (native_response), g_steal_pointer (&task));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

GFile *
lev_file_chooser_run_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == lev_file_chooser_run_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
