/* lev-window.c: the main window. Every edit goes through the undo stack;
 * the scenario's "changed" signal schedules a recompute, so the summary,
 * the plan page's figures and the title follow each edit; nothing the
 * user typed is lost: replacing or closing unsaved work asks first, and an
 * autosave every 30 s survives a crash. */
#define G_LOG_DOMAIN "lev-window"
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

#define AUTOSAVE_SECONDS 30
#define RECOMPUTE_DELAY_MS 80
/* A quick preview right after an edit, the full run once typing pauses. */
#define PREVIEW_SAMPLES 20000
#define FULL_RUN_DELAY_MS 1000

struct _LevWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  LevSummary           *summary;
  AdwToastOverlay      *toasts;
  AdwViewStack         *stack;
  LevPlanPage          *plan_page;
  LevAnalysisPage      *analysis_page;

  LevScenario          *scenario;
  LevUndoStack         *undo;
  GFile                *file;
  guint64               saved_state;
  guint64               autosaved_revision;
  guint                 recompute_id;
  guint                 autosave_id;
  LevReport            *report;
  gboolean              close_confirmed;

  GSettings            *settings;   /* NULL without the schema */
  GCancellable         *sim_cancellable;
  guint                 full_run_id;
  LevSimResult         *sim_result;
  gboolean              sim_running;
};

G_DEFINE_FINAL_TYPE (LevWindow, lev_window, ADW_TYPE_APPLICATION_WINDOW)

typedef void (*Continuation) (LevWindow *self, gpointer data);

static void
toast (LevWindow  *self,
       const char *message,
       gboolean    sticky)
{
  AdwToast *t = adw_toast_new (message);

  /* Errors stay until dismissed: people read them. */
  if (sticky)
    adw_toast_set_timeout (t, 0);
  adw_toast_overlay_add_toast (self->toasts, t);
}

gboolean
lev_window_get_modified (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);
  return self->undo != NULL && lev_undo_stack_get_state (self->undo) != self->saved_state;
}

static void
update_title (LevWindow *self)
{
  const char *name = self->scenario ? lev_scenario_get_name (self->scenario) : "";
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  gboolean modified = lev_window_get_modified (self);

  if (*name == '\0')
    name = _("Untitled Plan");
  title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);
  if (self->file != NULL)
    subtitle = g_file_get_basename (self->file);
  else
    subtitle = g_strdup (_("Not saved"));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 self->undo && lev_undo_stack_get_can_undo (self->undo));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo",
                                 self->undo && lev_undo_stack_get_can_redo (self->undo));
}

static void show_charts (LevWindow *self);

static void
on_simulated (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(LevWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  LevSimResult *sim = lev_simulate_finish (result, &error);

  if (sim == NULL)
    {
      /* A newer edit cancelled this run; its own run reports. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast (self, error->message, TRUE);
      return;
    }
  self->sim_running = FALSE;
  /* A million-sample result frees tens of megabytes: not on the main loop. */
  if (self->sim_result != NULL)
    g_thread_unref (g_thread_new ("lev-free-result", (GThreadFunc) lev_sim_result_unref,
                                  g_steal_pointer (&self->sim_result)));
  self->sim_result = sim;
  show_charts (self);
  lev_summary_show_range (self->summary, sim->snapshot->currency,
                          sim->outputs[LEV_OUTPUT_LEVERAGED].percentiles[LEV_P10],
                          sim->outputs[LEV_OUTPUT_LEVERAGED].percentiles[LEV_P90],
                          sim->p_within_budget, sim->n_samples);
}

/* The charts of the current report, with the simulation's when it
 * belongs to the same snapshot (an older run's would mislead). */
static void
show_charts (LevWindow *self)
{
  LevChartSet *set;

  if (self->report == NULL)
    return;
  set = lev_chart_set_new_from_report (self->report, lev_scenario_get_start (self->scenario));
  if (self->sim_result != NULL && self->sim_result->snapshot == self->report->snapshot)
    {
      g_autoptr(LevSensitivity) sens =
        lev_sensitivity_new (self->report->snapshot, self->sim_result,
                             lev_analysis_page_get_output (self->analysis_page));
      guint output = lev_analysis_page_get_output (self->analysis_page);

      lev_chart_set_add_simulation_output (set, self->sim_result, sens, self->report->eval.budget, output,
                                           output == LEV_OUTPUT_LEVERAGED
                                             ? NULL : lev_analysis_page_get_output_label (self->analysis_page));
    }
  lev_analysis_page_set_charts (self->analysis_page, set);
}

/* Starts a Monte Carlo run of the current report's snapshot, cancelling
 * the one in flight: only the newest edit's results matter. */
static void
start_simulation (LevWindow *self,
                  guint      n_samples)
{
  LevSimOptions options = { 0 };

  if (self->report == NULL)
    return;
  if (self->sim_cancellable != NULL)
    g_cancellable_cancel (self->sim_cancellable);
  g_clear_object (&self->sim_cancellable);
  self->sim_cancellable = g_cancellable_new ();
  options.n_samples = n_samples;
  options.seed = lev_scenario_get_seed (self->scenario);
  /* Leave a core to the main loop so the window never stutters; the
   * results are the same bytes for any thread count. */
  options.n_threads = MAX (1, g_get_num_processors () - 1);
  self->sim_running = TRUE;
  lev_simulate_async (self->report->snapshot, &options, self->sim_cancellable, NULL, NULL, NULL,
                      on_simulated, g_object_ref (self));
}

static gboolean
full_run_cb (gpointer data)
{
  LevWindow *self = data;

  self->full_run_id = 0;
  start_simulation (self, lev_scenario_get_samples (self->scenario));
  return G_SOURCE_REMOVE;
}

gboolean
lev_window_is_simulating (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);
  return self->sim_running;
}

LevSimResult *
lev_window_get_simulation (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), NULL);
  return self->sim_result;
}

void
lev_window_simulate (LevWindow *self,
                     guint      n_samples)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  g_clear_handle_id (&self->full_run_id, g_source_remove);
  start_simulation (self, n_samples);
}

void
lev_window_recompute_now (LevWindow *self)
{
  g_autoptr(GError) error = NULL;
  LevReport *report;

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  if (self->scenario == NULL)
    return;
  report = lev_report_new (self->scenario, &error);
  if (report == NULL)
    {
      toast (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->report, lev_report_free);
  self->report = report;
  lev_summary_show_report (self->summary, report);
  lev_plan_page_show_report (self->plan_page, report);
  show_charts (self);
  /* Never more samples than the scenario asks for: the charts and the
   * deck's source line say how many were drawn. */
  start_simulation (self, MIN (lev_scenario_get_samples (self->scenario), PREVIEW_SAMPLES));
  /* The full sample count once the user pauses. */
  g_clear_handle_id (&self->full_run_id, g_source_remove);
  if (lev_scenario_get_samples (self->scenario) > PREVIEW_SAMPLES)
    self->full_run_id = g_timeout_add (FULL_RUN_DELAY_MS, full_run_cb, self);
}

static gboolean
recompute_cb (gpointer data)
{
  LevWindow *self = data;

  self->recompute_id = 0;
  lev_window_recompute_now (self);
  return G_SOURCE_REMOVE;
}

static void
on_scenario_changed (LevWindow *self)
{
  /* Debounced: typing a burst of edits recomputes once. */
  if (self->recompute_id == 0)
    self->recompute_id = g_timeout_add (RECOMPUTE_DELAY_MS, recompute_cb, self);
  update_title (self);
}

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

static void
remove_autosave (void)
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
      toast (self, error->message, FALSE);
      return FALSE;
    }
  {
    g_autofree char *uri = self->file ? g_file_get_uri (self->file) : g_strdup ("");
    lev_file_replace (origin, uri, strlen (uri), NULL);
  }
  self->autosaved_revision = rev;
  return TRUE;
}

static gboolean
autosave_cb (gpointer data)
{
  lev_window_autosave_now (LEV_WINDOW (data));
  return G_SOURCE_CONTINUE;
}

static void
on_undo_revision (LevWindow *self)
{
  update_title (self);
}

static void
set_scenario (LevWindow   *self,
              LevScenario *scenario,
              GFile       *file)
{
  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  if (self->undo != NULL)
    g_signal_handlers_disconnect_by_data (self->undo, self);

  g_set_object (&self->scenario, scenario);
  g_clear_object (&self->undo);
  self->undo = lev_undo_stack_new ();
  g_set_object (&self->file, file);
  self->saved_state = lev_undo_stack_get_state (self->undo);
  self->autosaved_revision = lev_undo_stack_get_revision (self->undo);

  lev_plan_page_set_scenario (self->plan_page, scenario, self->undo);
  g_signal_connect_swapped (scenario, "changed", G_CALLBACK (on_scenario_changed), self);
  g_signal_connect_swapped (self->undo, "notify::revision", G_CALLBACK (on_undo_revision), self);
  lev_window_recompute_now (self);
  update_title (self);
}

void
lev_window_show_page (LevWindow  *self,
                      const char *name)
{
  g_return_if_fail (LEV_IS_WINDOW (self));
  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

LevUndoStack *
lev_window_get_undo_stack (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), NULL);
  return self->undo;
}

LevScenario *
lev_window_get_scenario (LevWindow *self)
{
  g_return_val_if_fail (LEV_IS_WINDOW (self), NULL);
  return self->scenario;
}

gboolean
lev_window_open_file (LevWindow *self,
                      GFile     *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(LevScenario) scenario = NULL;

  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);

  if (path == NULL)
    {
      toast (self, _("Only local files can be opened"), TRUE);
      return FALSE;
    }
  scenario = lev_scenario_load_file (path, &error);
  if (scenario == NULL)
    {
      toast (self, error->message, TRUE);
      return FALSE;
    }
  set_scenario (self, scenario, file);
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  return TRUE;
}

gboolean
lev_window_open_sample (LevWindow  *self,
                        const char *name)
{
  g_autofree char *res = g_strdup_printf ("/io/github/leverage/Leverage/scenarios/%s.json", name);
  g_autoptr(GBytes) bytes = g_resources_lookup_data (res, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) scenario = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &len);
  scenario = lev_scenario_load_data (data, len, name, &error);
  if (scenario == NULL)
    {
      toast (self, error->message, TRUE);
      return FALSE;
    }
  set_scenario (self, scenario, NULL);
  return TRUE;
}

gboolean
lev_window_save_to (LevWindow  *self,
                    GFile      *file,
                    GError    **error)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_val_if_fail (LEV_IS_WINDOW (self), FALSE);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Only local files can be saved"));
      return FALSE;
    }
  if (!lev_scenario_save_file (self->scenario, path, error))
    return FALSE;
  g_set_object (&self->file, file);
  self->saved_state = lev_undo_stack_get_state (self->undo);
  remove_autosave ();
  update_title (self);
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  return TRUE;
}

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
        toast (req->self, error->message, TRUE);
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
  toast (self, message, sticky);
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
    toast (self, error->message, TRUE);
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
static void
confirm_discard (LevWindow      *self,
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
    toast (self, error->message, TRUE);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *msg = g_strdup_printf (_("Saved “%s”"), name);
      toast (self, msg, FALSE);
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
  set_scenario (self, scenario, NULL);
}

static void
action_new (GtkWidget *widget, const char *name, GVariant *param)
{
  confirm_discard (LEV_WINDOW (widget), do_new, NULL, NULL);
}

static void
do_open_file (LevWindow *self,
              gpointer   data)
{
  lev_window_open_file (self, G_FILE (data));
}

static void
open_chosen (LevWindow *self,
             GFile     *file,
             gpointer   data)
{
  confirm_discard (self, do_open_file, g_object_ref (file), g_object_unref);
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
  confirm_discard (LEV_WINDOW (widget), do_open_sample,
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
    toast (self, error->message, TRUE);
  else
    toast (self, _("Report exported"), FALSE);
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
      toast (self, _("Preferences are not available: the settings schema is not installed"), TRUE);
      return;
    }
  gtk_window_present (GTK_WINDOW (lev_preferences_new (GTK_WINDOW (self), self->settings)));
}

static void
apply_chart_theme (LevWindow *self)
{
  static const AdwColorScheme schemes[] = {
    ADW_COLOR_SCHEME_DEFAULT, ADW_COLOR_SCHEME_FORCE_LIGHT, ADW_COLOR_SCHEME_FORCE_DARK,
  };
  guint theme = self->settings ? (guint) g_settings_get_enum (self->settings, "chart-theme") : 0;

  /* The charts follow the window's style; the setting chooses it. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      schemes[MIN (theme, G_N_ELEMENTS (schemes) - 1)]);
}

static void
save_window_state (LevWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static void
do_close (LevWindow *self,
          gpointer   data)
{
  remove_autosave ();
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
lev_window_close_request (GtkWindow *window)
{
  LevWindow *self = LEV_WINDOW (window);

  if (self->close_confirmed || !lev_window_get_modified (self))
    {
      save_window_state (self);
      if (!self->close_confirmed)
        remove_autosave ();
      return GTK_WINDOW_CLASS (lev_window_parent_class)->close_request (window);
    }
  confirm_discard (self, do_close, NULL, NULL);
  return TRUE;
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LevWindow     *self)
{
  GFile *file = g_value_get_object (value);
  GtkWidget *lab = adw_view_stack_get_child_by_name (self->stack, "model-lab");
  g_autofree char *name = NULL;

  if (file == NULL)
    return FALSE;
  /* A table of data is for the Model Lab, not a scenario to open. */
  name = g_file_get_basename (file);
  if (LEV_IS_MODEL_LAB (lab) && name != NULL &&
      (g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV") || g_str_has_suffix (name, ".tsv")))
    {
      lev_window_show_page (self, "model-lab");
      lev_model_lab_open_csv (LEV_MODEL_LAB (lab), file);
      return TRUE;
    }
  confirm_discard (self, do_open_file, g_object_ref (file), g_object_unref);
  return TRUE;
}

static void
lev_window_dispose (GObject *object)
{
  LevWindow *self = (LevWindow *) object;

  g_clear_handle_id (&self->recompute_id, g_source_remove);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_handle_id (&self->full_run_id, g_source_remove);
  if (self->sim_cancellable != NULL)
    g_cancellable_cancel (self->sim_cancellable);
  g_clear_object (&self->sim_cancellable);
  g_clear_pointer (&self->sim_result, lev_sim_result_unref);
  if (self->scenario != NULL)
    g_signal_handlers_disconnect_by_data (self->scenario, self);
  if (self->undo != NULL)
    g_signal_handlers_disconnect_by_data (self->undo, self);
  g_clear_pointer (&self->report, lev_report_free);
  g_clear_object (&self->scenario);
  g_clear_object (&self->undo);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_WINDOW);
  G_OBJECT_CLASS (lev_window_parent_class)->dispose (object);
}

static void
lev_window_class_init (LevWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = lev_window_dispose;
  window_class->close_request = lev_window_close_request;

  g_type_ensure (LEV_TYPE_SUMMARY);
  g_type_ensure (LEV_TYPE_PLAN_PAGE);
  g_type_ensure (LEV_TYPE_ANALYSIS_PAGE);
  g_type_ensure (LEV_TYPE_MODEL_LAB);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LevWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, plan_page);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, analysis_page);

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

/* Alt+1/2/3 and Ctrl+PgUp/PgDn switch pages. In the capture phase, so
 * that a focused list or scrolled area does not take Ctrl+PgDn first. */
static void
add_page_shortcuts (LevWindow *self)
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

static void
lev_window_init (LevWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  add_page_shortcuts (self);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, autosave_cb, self);
  g_signal_connect_object (self->analysis_page, "notify::output", G_CALLBACK (show_charts), self,
                           G_CONNECT_SWAPPED);

  self->settings = lev_settings_get ();
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed::chart-theme", G_CALLBACK (apply_chart_theme),
                               self, G_CONNECT_SWAPPED);
      apply_chart_theme (self);
    }
  update_title (self);
}

LevWindow *
lev_window_new (LevApplication *application)
{
  return g_object_new (LEV_TYPE_WINDOW, "application", application, NULL);
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
          toast (self, error->message, TRUE);
          return;
        }
      g_file_get_contents (origin_path, &uri, NULL, NULL);
      {
        g_autoptr(GFile) file = uri && *uri ? g_file_new_for_uri (uri) : NULL;
        set_scenario (self, scenario, file);
      }
      /* Restored work is unsaved until the user saves it. */
      self->saved_state = G_MAXUINT64;
      update_title (self);
    }
  else if (g_str_equal (response, "discard"))
    remove_autosave ();
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
