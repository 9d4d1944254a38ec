/* lev-window-actions.c: the window's win.* actions and their keys, the
 * file choosers as the window uses them, and the one flow that asks
 * before unsaved work is replaced or closed. */
#define G_LOG_DOMAIN "lev-window-actions"
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

/* ---------------------------------------------------------------- */
/* File choosers: lev-file-chooser.c asks; the window remembers the
 * folder and hands the file on. */

typedef LevWindowFileCallback FileCallback;

typedef struct {
  LevWindow            *self;
  LevFileChooserAction  action;
  FileCallback          callback;
  gpointer              data;
  GDestroyNotify        destroy;
} FileRequest;

/* Remembers where the user went: a file's folder, or the chosen folder. */
static void
remember_directory (LevWindow            *self,
                    LevFileChooserAction  action,
                    GFile                *file)
{
  g_autoptr(GFile) parent = action == LEV_FILE_CHOOSER_FOLDER ? g_object_ref (file) : g_file_get_parent (file);
  g_autofree char *uri = parent ? g_file_get_uri (parent) : NULL;

  if (self->settings != NULL && uri != NULL)
    g_settings_set_string (self->settings, "last-directory", uri);
}

/* Where the chooser opens: the last folder used, if it still exists. */
static GFile *
last_directory (LevWindow *self)
{
  g_autofree char *uri = self->settings ? g_settings_get_string (self->settings, "last-directory") : NULL;
  g_autoptr(GFile) dir = NULL;

  if (uri == NULL || *uri == '\0')
    return NULL;
  dir = g_file_new_for_uri (uri);
  if (g_file_query_file_type (dir, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    return NULL;
  return g_steal_pointer (&dir);
}

/* The one answer to every chooser: remember the folder and call back,
 * which takes the data; or, when nothing was chosen, free the data. */
static void
chooser_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  FileRequest *req = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = lev_file_chooser_run_finish (result, &error);

  if (file != NULL)
    {
      remember_directory (req->self, req->action, file);
      req->callback (req->self, file, req->data);
    }
  else
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _lev_window_toast (req->self, error->message, TRUE);
      if (req->destroy != NULL && req->data != NULL)
        req->destroy (req->data);
    }
  g_object_unref (req->self);
  g_free (req);
}

/* Takes @filter (may be NULL). */
static void
choose (LevWindow            *self,
        LevFileChooserAction  action,
        const char           *title,
        GtkFileFilter        *filter,
        const char           *initial_name,
        FileCallback          callback,
        gpointer              data,
        GDestroyNotify        destroy)
{
  g_autoptr(GtkFileFilter) owned_filter = filter;
  g_autoptr(GFile) dir = last_directory (self);
  FileRequest *req = g_new0 (FileRequest, 1);

  req->self = g_object_ref (self);
  req->action = action;
  req->callback = callback;
  req->data = data;
  req->destroy = destroy;
  lev_file_chooser_run_async (GTK_WINDOW (self), action, title, owned_filter, dir, initial_name, NULL,
                              chooser_done, req);
}

/* A scenario file: opened, or saved under @initial_name (default: the
 * scenario's name). */
static void
choose_file (LevWindow      *self,
             gboolean        save,
             const char     *title,
             const char     *initial_name,
             FileCallback    callback,
             gpointer        data,
             GDestroyNotify  destroy)
{
  g_autofree char *name = NULL;

  if (save)
    name = initial_name ? g_strdup (initial_name)
                        : g_strdup_printf ("%s.json", *lev_scenario_get_name (self->scenario)
                                                        ? lev_scenario_get_name (self->scenario)
                                                        : _("plan"));
  choose (self, save ? LEV_FILE_CHOOSER_SAVE : LEV_FILE_CHOOSER_OPEN, title, lev_file_filter_scenarios (),
          name, callback, data, destroy);
}

void
lev_window_choose_folder (LevWindow             *self,
                          const char            *title,
                          LevWindowFileCallback  callback,
                          gpointer               data,
                          GDestroyNotify         destroy)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  choose (self, LEV_FILE_CHOOSER_FOLDER, title, NULL, NULL, callback, data, destroy);
}

void
lev_window_choose_open_file (LevWindow             *self,
                             const char            *title,
                             const char            *filter_name,
                             const char * const    *patterns,
                             LevWindowFileCallback  callback,
                             gpointer               data,
                             GDestroyNotify         destroy)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  choose (self, LEV_FILE_CHOOSER_OPEN, title, lev_file_filter_new (filter_name, patterns), NULL, callback,
          data, destroy);
}

void
lev_window_choose_save_file (LevWindow             *self,
                             const char            *title,
                             const char            *initial_name,
                             LevWindowFileCallback  callback,
                             gpointer               data,
                             GDestroyNotify         destroy)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  g_return_if_fail (initial_name != NULL);
  /* The filter follows what is written: a chart's PNG is not offered
   * among scenarios. */
  choose (self, LEV_FILE_CHOOSER_SAVE, title, lev_file_filter_for_name (initial_name), initial_name,
          callback, data, destroy);
}

void
lev_window_show_toast (LevWindow  *self,
                       const char *message,
                       gboolean    sticky)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  _lev_window_toast (self, message, sticky);
}

GSettings *
lev_window_get_settings (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), NULL);
  return self->settings;
}

/* Says what was written and where, and offers to open it or show it in
 * its folder: a founder who exported a chart goes looking for it next. */
void
lev_window_show_file_toast (LevWindow  *self,
                            const char *message,
                            GFile      *file)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *text = NULL;
  g_autofree char *uri = NULL;
  GtkWidget *box, *label, *button;
  AdwToast *t;

  g_return_if_fail (LEV_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  parent = g_file_get_parent (file);
  name = g_file_get_basename (file);
  folder = parent ? g_file_get_parse_name (parent) : g_strdup ("");
  uri = g_file_get_uri (file);
  /* TRANSLATORS: "Chart exported: “costs.png” in /home/a/Pictures" */
  text = g_strdup_printf (_("%s: “%s” in %s"), message, name, folder);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  label = gtk_label_new (text);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_set_tooltip_text (label, text);
  button = gtk_button_new_with_mnemonic (_("Show in _Folder"));
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-in-folder");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", uri);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);

  t = adw_toast_new (text);
  adw_toast_set_custom_title (t, box);
  adw_toast_set_button_label (t, _("_Open"));
  adw_toast_set_action_name (t, "win.open-file");
  adw_toast_set_action_target (t, "s", uri);
  adw_toast_set_timeout (t, 10);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
launch_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LevWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    _lev_window_toast (self, error->message, TRUE);
}

static void
action_open_file (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);
  g_autoptr(GAppLaunchContext) context =
    G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (widget)));

  /* Through the OpenURI portal inside a Flatpak. */
  g_app_info_launch_default_for_uri_async (g_variant_get_string (param, NULL), context, NULL, launch_done,
                                           g_object_ref (self));
}

/* Opens the folder that holds @uri. */
static void
open_parent_folder (LevWindow  *self,
                    const char *uri)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *parent_uri = parent ? g_file_get_uri (parent) : g_strdup (uri);

  g_app_info_launch_default_for_uri_async (parent_uri, NULL, NULL, launch_done, g_object_ref (self));
}

static void
show_items_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);

  /* No file manager on the bus (or a sandbox that hides it): open the
   * folder itself instead. */
  if (reply == NULL)
    open_parent_folder (g_task_get_source_object (task), g_task_get_task_data (task));
}

static void
action_show_in_folder (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);
  const char *uri = g_variant_get_string (param, NULL);
  GDBusConnection *bus = g_application_get_dbus_connection (g_application_get_default ());
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);
  const char *uris[] = { uri, NULL };

  g_task_set_task_data (task, g_strdup (uri), g_free);
  if (bus == NULL)
    {
      open_parent_folder (self, uri);
      return;
    }
  /* The freedesktop file-manager interface selects the file in its
   * folder (Files, Dolphin, Nemo all implement it). */
  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, 5000, NULL,
                          show_items_done, g_steal_pointer (&task));
}

/* ---------------------------------------------------------------- */
/* Asking before unsaved work is replaced or closed. */

typedef struct {
  Continuation next;
  gpointer     data;
  GDestroyNotify destroy;
} Pending;

static void save_then (LevWindow *self, Continuation next, gpointer data, GDestroyNotify destroy);

static void
pending_free (Pending *p)
{
  if (p->destroy && p->data)
    p->destroy (p->data);
  g_free (p);
}

static void
on_save_changes_answered (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Pending *p = user_data;
  LevWindow *self = LEV_WINDOW (source);

  switch (lev_save_changes_dialog_run_finish (result, NULL))
    {
    case LEV_SAVE_CHANGES_DISCARD:
      p->next (self, p->data);
      pending_free (p);
      break;
    case LEV_SAVE_CHANGES_SAVE:
      /* The data goes with the save. */
      save_then (self, p->next, p->data, p->destroy);
      g_free (p);
      break;
    case LEV_SAVE_CHANGES_CANCEL:
    default:
      pending_free (p);
      break;
    }
}

/* Runs @next now when nothing is unsaved, otherwise after asking. */
void
_lev_window_confirm_discard (LevWindow      *self,
                 Continuation    next,
                 gpointer        data,
                 GDestroyNotify  destroy)
{
  Pending *p;
  const char *name;

  if (!lev_window_get_modified (self))
    {
      next (self, data);
      if (destroy && data)
        destroy (data);
      return;
    }
  p = g_new0 (Pending, 1);
  p->next = next;
  p->data = data;
  p->destroy = destroy;
  name = *lev_scenario_get_name (self->scenario) ? lev_scenario_get_name (self->scenario) : _("Untitled Plan");
  lev_save_changes_dialog_run_async (GTK_WINDOW (self), name, NULL, on_save_changes_answered, p);
}

typedef struct {
  Continuation   next;
  gpointer       data;
  GDestroyNotify destroy;
} AfterSave;

static void
after_save_free (AfterSave *after)
{
  if (after->destroy != NULL && after->data != NULL)
    after->destroy (after->data);
  g_free (after);
}

static void
save_chosen (LevWindow *self,
             GFile     *file,
             gpointer   data)
{
  AfterSave *after = data;
  g_autoptr(GError) error = NULL;

  if (!lev_window_save_to (self, file, &error))
    _lev_window_toast (self, error->message, TRUE);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *msg = g_strdup_printf (_("Saved “%s”"), name);
      _lev_window_toast (self, msg, FALSE);
      if (after && after->next)
        after->next (self, after->data);
    }
  after_save_free (after);
}

/* Saves, then runs @next with @data (which @destroy frees afterwards,
 * also when the save is cancelled or fails). */
static void
save_then (LevWindow      *self,
           Continuation    next,
           gpointer        data,
           GDestroyNotify  destroy)
{
  AfterSave *after = g_new0 (AfterSave, 1);

  after->next = next;
  after->data = data;
  after->destroy = destroy;
  if (self->file != NULL)
    save_chosen (self, self->file, after);
  else
    choose_file (self, TRUE, _("Save Scenario"), NULL, save_chosen, after,
                 (GDestroyNotify) after_save_free);
}

/* ---------------------------------------------------------------- */
/* Actions. */

static void
do_new (LevWindow *self,
        gpointer   data)
{
  g_autoptr(LevScenario) scenario = lev_scenario_new ();

  lev_scenario_set_name (scenario, _("Untitled Plan"));
  if (self->settings != NULL)
    lev_scenario_set_samples (scenario, MAX (1, g_settings_get_uint (self->settings, "default-samples")));
  _lev_window_set_scenario (self, scenario, NULL);
}

static void
action_new (GtkWidget *widget, const char *name, GVariant *param)
{
  _lev_window_confirm_discard (LEV_WINDOW (widget), do_new, NULL, NULL);
}

void
_lev_window_do_open_file (LevWindow *self,
              gpointer   data)
{
  lev_window_open_file (self, G_FILE (data));
}

static void
open_chosen (LevWindow *self,
             GFile     *file,
             gpointer   data)
{
  _lev_window_confirm_discard (self, _lev_window_do_open_file, g_object_ref (file), g_object_unref);
}

static void
action_open (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (LEV_WINDOW (widget), FALSE, _("Open Scenario"), NULL, open_chosen, NULL, NULL);
}

static void
do_open_sample (LevWindow *self,
                gpointer   data)
{
  lev_window_open_sample (self, data);
}

static void
action_open_sample (GtkWidget *widget, const char *name, GVariant *param)
{
  _lev_window_confirm_discard (LEV_WINDOW (widget), do_open_sample,
                   g_strdup (g_variant_get_string (param, NULL)), g_free);
}

static void
action_save (GtkWidget *widget, const char *name, GVariant *param)
{
  save_then (LEV_WINDOW (widget), NULL, NULL, NULL);
}

static void
action_save_as (GtkWidget *widget, const char *name, GVariant *param)
{
  choose_file (LEV_WINDOW (widget), TRUE, _("Save Scenario As"), NULL, save_chosen, g_new0 (AfterSave, 1),
               (GDestroyNotify) after_save_free);
}

static void
action_undo (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);

  if (self->undo)
    lev_undo_stack_undo (self->undo);
}

static void
action_redo (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);

  if (self->undo)
    lev_undo_stack_redo (self->undo);
}

static void
on_undo_toast_clicked (LevWindow *self)
{
  if (self->undo)
    lev_undo_stack_undo (self->undo);
}

static void
action_undo_toast (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);
  AdwToast *t = adw_toast_new (g_variant_get_string (param, NULL));

  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (t, "button-clicked", G_CALLBACK (on_undo_toast_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_toast_overlay_add_toast (self->toasts, t);
}

static void
export_chosen (LevWindow *self,
               GFile     *file,
               gpointer   data)
{
  g_autofree char *format = data;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (self->report == NULL || path == NULL)
    return;
  if (g_str_equal (format, "csv"))
    text = lev_report_to_csv (self->report);
  else
    {
      g_autoptr(JsonNode) node = lev_report_to_json (self->report);
      text = json_to_string (node, TRUE);
    }
  if (!lev_file_replace (path, text, strlen (text), &error))
    _lev_window_toast (self, error->message, TRUE);
  else
    _lev_window_toast (self, _("Report exported"), FALSE);
}

static void
action_export_report (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *file_name = g_strdup_printf ("%s.%s", *lev_scenario_get_name (self->scenario)
                                                           ? lev_scenario_get_name (self->scenario)
                                                           : _("plan"), format);

  lev_window_choose_save_file (self, _("Export Report"), file_name, export_chosen, g_strdup (format), g_free);
}

static const char *page_names[] = { "plan", "analysis", "model-lab" };

static void
action_show_page (GtkWidget *widget, const char *name, GVariant *param)
{
  lev_window_show_page (LEV_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* Ctrl+PgDn and Ctrl+PgUp: the next or previous page, wrapping round. */
static void
action_step_page (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);
  const char *visible = adw_view_stack_get_visible_child_name (self->stack);
  int step = g_str_equal (name, "win.next-page") ? 1 : -1;
  int n = G_N_ELEMENTS (page_names);
  int current = 0;

  for (int i = 0; i < n; i++)
    if (g_strcmp0 (visible, page_names[i]) == 0)
      current = i;
  lev_window_show_page (self, page_names[(current + step + n) % n]);
}

static void
action_preferences (GtkWidget *widget, const char *name, GVariant *param)
{
  LevWindow *self = LEV_WINDOW (widget);

  if (self->settings == NULL)
    {
      _lev_window_toast (self, _("Preferences are not available: the settings schema is not installed"), TRUE);
      return;
    }
  gtk_window_present (GTK_WINDOW (lev_preferences_new (GTK_WINDOW (self), self->settings)));
}

/* Alt+1/2/3 and Ctrl+PgUp/PgDn switch pages. In the capture phase, so
 * that a focused list or scrolled area does not take Ctrl+PgDn first. */
void
_lev_window_add_page_shortcuts (LevWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3 };

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (page_names); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new_with_arguments (gtk_keyval_trigger_new (digits[i], GDK_ALT_MASK),
                                       gtk_named_action_new ("win.show-page"), "s", page_names[i]));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, GDK_CONTROL_MASK),
                      gtk_named_action_new ("win.next-page")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, GDK_CONTROL_MASK),
                      gtk_named_action_new ("win.previous-page")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_lev_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new", NULL, action_new);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-sample", "s", action_open_sample);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, action_save);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "win.undo-toast", "s", action_undo_toast);
  gtk_widget_class_install_action (widget_class, "win.export-report", "s", action_export_report);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, action_preferences);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", action_open_file);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", action_show_page);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, action_step_page);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL, action_step_page);
  gtk_widget_class_install_action (widget_class, "win.show-in-folder", "s", action_show_in_folder);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK, "win.preferences", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.redo", NULL);
}
