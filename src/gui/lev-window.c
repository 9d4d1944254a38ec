/* lev-window.c: the main window. Every edit goes through the undo stack;
 * the scenario's "changed" signal schedules a recompute, so the summary,
 * the plan page's figures and the title follow each edit; nothing the
 * user typed is lost: replacing or closing unsaved work asks first, and an
 * autosave every 30 s survives a crash. This file holds the window's
 * state, recompute and files; actions, drops and the autosave live in
 * lev-window-actions.c, lev-window-dnd.c and lev-autosave.c. */
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
#include "lev-window-private.h"

#define RECOMPUTE_DELAY_MS 80
/* A quick preview right after an edit, the full run once typing pauses. */
#define PREVIEW_SAMPLES 20000
#define FULL_RUN_DELAY_MS 1000

G_DEFINE_FINAL_TYPE (LevWindow, lev_window, ADW_TYPE_APPLICATION_WINDOW)

void
_lev_window_toast (LevWindow  *self,
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

void
_lev_window_update_title (LevWindow *self)
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
        _lev_window_toast (self, error->message, TRUE);
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
      _lev_window_toast (self, error->message, TRUE);
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
  _lev_window_update_title (self);
}

static void
on_undo_revision (LevWindow *self)
{
  _lev_window_update_title (self);
}

void
_lev_window_set_scenario (LevWindow   *self,
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
  _lev_window_update_title (self);
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
      _lev_window_toast (self, _("Only local files can be opened"), TRUE);
      return FALSE;
    }
  scenario = lev_scenario_load_file (path, &error);
  if (scenario == NULL)
    {
      _lev_window_toast (self, error->message, TRUE);
      return FALSE;
    }
  _lev_window_set_scenario (self, scenario, file);
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
      _lev_window_toast (self, error->message, TRUE);
      return FALSE;
    }
  _lev_window_set_scenario (self, scenario, NULL);
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
  _lev_window_remove_autosave ();
  _lev_window_update_title (self);
  {
    g_autofree char *uri = g_file_get_uri (file);
    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }
  return TRUE;
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
  _lev_window_remove_autosave ();
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
        _lev_window_remove_autosave ();
      return GTK_WINDOW_CLASS (lev_window_parent_class)->close_request (window);
    }
  _lev_window_confirm_discard (self, do_close, NULL, NULL);
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

  _lev_window_class_add_actions (widget_class);

}

static void
lev_window_init (LevWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _lev_window_add_page_shortcuts (self);

  _lev_window_dnd_init (self);

  self->autosave_id = g_timeout_add_seconds (AUTOSAVE_SECONDS, _lev_window_autosave_tick, self);
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
  _lev_window_update_title (self);
}

LevWindow *
lev_window_new (LevApplication *application)
{
  return g_object_new (LEV_TYPE_WINDOW, "application", application, NULL);
}

