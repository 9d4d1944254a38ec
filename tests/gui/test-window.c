/* test-window.c: drives the real window as a user would: open the seed
 * example, read the summary, edit a cost through its row, type an invalid
 * number, undo, delete with undo, save and reload, be asked before losing
 * work. Needs a display (Xvfb in CI); skips with 77 without one. */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "gui-test-util.h"
#include "lev-analysis-page.h"
#include "lev-item-row.h"
#include "lev-plan-page.h"
#include "lev-preferences.h"
#include "lev-scenario-io.h"
#include "lev-settings.h"
#include "lev-summary.h"
#include "lev-window.h"
#include "../test-sanitizer.h"

static GtkWindow *find_toplevel (GType type);

/* One application for the whole run, as in the real program. */
static LevApplication *shared_app;

static LevWindow *
open_seed (LevApplication *app)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data",
                                            "scenarios", "seed-example.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LevWindow *window = lev_window_new (app);

  g_assert_true (lev_window_open_file (window, file));
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  return window;
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  spin ();
}

static double
item_number (LevWindow     *window,
             const char    *id,
             LevItemNumber  which)
{
  LevItem *item = lev_scenario_find_item (lev_window_get_scenario (window), id, NULL);
  return lev_number_value (lev_item_get_number (item, which));
}

static void
test_edit_undo_save (void)
{
  LevApplication *app = shared_app;
  LevWindow *window;
  LevSummary *summary;
  LevPlanPage *plan;
  GtkWidget *row, *amount, *quantity;
  g_autofree char *dir = g_dir_make_tmp ("leverage-gui-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "saved.json", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) reloaded = NULL;
  g_autofree char *a = NULL, *b = NULL;

  window = open_seed (app);
  summary = LEV_SUMMARY (find_widget (GTK_WIDGET (window), LEV_TYPE_SUMMARY));
  plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));

  /* The totals as the strip shows them. */
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_LEVERAGED), ==, "¥13M");
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_BASELINE), ==, "¥14.5M");
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_SAVINGS), ==, "¥1.5M");
  g_assert_cmpstr (lev_plan_page_get_coverage_text (plan, LEV_AREA_COMPUTE), ==, "10 of 10 TPU covered");
  g_assert_false (lev_window_get_modified (window));

  /* Change the cloud item's cost through its row, in the core's syntax. */
  row = lev_plan_page_get_item_row (plan, "compute-cloud");
  g_assert_nonnull (row);
  amount = lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT);
  type_into (amount, "150万");
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 1500000);
  lev_window_recompute_now (window);
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_LEVERAGED), ==, "¥12.5M");
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_SAVINGS), ==, "¥2M");
  g_assert_true (lev_window_get_modified (window));

  /* A quantity edit moves the coverage. */
  quantity = lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_QUANTITY);
  type_into (quantity, "4");
  lev_window_recompute_now (window);
  g_assert_cmpstr (lev_plan_page_get_coverage_text (plan, LEV_AREA_COMPUTE), ==, "9 of 10 TPU covered");

  /* An invalid number is marked with its reason and changes nothing. */
  type_into (amount, "lots");
  g_assert_true (gtk_widget_has_css_class (amount, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (amount), "lots"));
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 1500000);
  type_into (amount, "-5");
  g_assert_true (gtk_widget_has_css_class (amount, "error"));
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 1500000);

  /* A range in the core's syntax makes the field uncertain. */
  type_into (amount, "80万 to 120万");
  {
    LevItem *cloud = lev_scenario_find_item (lev_window_get_scenario (window), "compute-cloud", NULL);
    g_assert_true (lev_number_is_uncertain (lev_item_get_number (cloud, LEV_ITEM_AMOUNT)));
    g_assert_false (gtk_widget_has_css_class (amount, "error"));
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();

  /* Undo twice: the quantity, then the amount, and the entry shows it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 2000000);
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_QUANTITY), ==, 5);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (amount)), ==, "2M");
  g_assert_false (gtk_widget_has_css_class (amount, "error"));
  lev_window_recompute_now (window);
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_LEVERAGED), ==, "¥13M");
  /* Redo brings the amount back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  spin ();
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 1500000);

  /* Delete an item, then take it back with undo. */
  gtk_widget_activate_action (row, "plan.delete", "s", "compute-enterprise");
  spin ();
  g_assert_null (lev_scenario_find_item (lev_window_get_scenario (window), "compute-enterprise", NULL));
  g_assert_null (lev_plan_page_get_item_row (plan, "compute-enterprise"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();
  g_assert_nonnull (lev_plan_page_get_item_row (plan, "compute-enterprise"));

  /* Duplicate makes a new id and a row for it. */
  gtk_widget_activate_action (row, "plan.duplicate", "s", "compute-cloud");
  spin ();
  g_assert_nonnull (lev_plan_page_get_item_row (plan, "compute-cloud-2"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();
  g_assert_null (lev_scenario_find_item (lev_window_get_scenario (window), "compute-cloud-2", NULL));

  /* Save to a new file and reload it: identical. */
  g_assert_true (lev_window_save_to (window, out_file, &error));
  g_assert_no_error (error);
  g_assert_false (lev_window_get_modified (window));
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (window)), "worked example"));
  g_assert_null (strstr (gtk_window_get_title (GTK_WINDOW (window)), "•"));
  reloaded = lev_scenario_load_file (out, &error);
  g_assert_no_error (error);
  a = lev_scenario_to_data (lev_window_get_scenario (window), NULL);
  b = lev_scenario_to_data (reloaded, NULL);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpfloat (item_number (window, "compute-cloud", LEV_ITEM_AMOUNT), ==, 1500000);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (out);
  g_rmdir (dir);
}

static double
compute_bar (LevAnalysisPage *page)
{
  const LevChartSet *set = lev_analysis_page_get_charts (page);

  g_assert_nonnull (set);
  g_assert_nonnull (set->cost_by_area);
  g_assert_cmpuint (set->cost_by_area->n, ==, LEV_N_AREAS);
  return set->cost_by_area->bars[LEV_AREA_COMPUTE].leveraged;
}

static void
check_export (LevAnalysisPage *page,
              LevChartKind     kind,
              LevChartFormat   format,
              const char      *dir,
              const char      *name,
              const char      *magic)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (lev_analysis_page_export (page, kind, format, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT, 2.0,
                                           file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len, >, 1000);
  g_assert_nonnull (g_strstr_len (data, MIN (len, 400), magic));
  if (format == LEV_CHART_FORMAT_PNG)
    {
      /* IHDR: width and height, big-endian, at bytes 16 and 20: the deck
       * slide at 2× is 3840 × 2160. */
      const guchar *p = (const guchar *) data;
      guint32 w = (p[16] << 24) | (p[17] << 16) | (p[18] << 8) | p[19];
      guint32 h = (p[20] << 24) | (p[21] << 16) | (p[22] << 8) | p[23];
      g_assert_cmpuint (w, ==, 3840);
      g_assert_cmpuint (h, ==, 2160);
    }
  g_unlink (path);
}

/* The export dialog a chart's menu opens: its title, the three choices,
 * and Cancel lets go of the page it held. */
static void
check_export_dialog (LevAnalysisPage *analysis)
{
  guint refs = G_OBJECT (analysis)->ref_count;
  static const char *titles[] = { "Format", "Style", "Theme" };
  static const guint n_choices[] = { 3, 2, 2 };
  GListModel *toplevels = gtk_window_get_toplevels ();   /* not ours */
  AdwMessageDialog *dialog = NULL;
  GtkWidget *list;
  guint i = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (analysis), "analysis.export", "s",
                                             lev_chart_kind_to_id (LEV_CHART_WATERFALL)));
  spin ();
  for (guint k = 0; k < g_list_model_get_n_items (toplevels); k++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, k);
      if (ADW_IS_MESSAGE_DIALOG (w))
        dialog = ADW_MESSAGE_DIALOG (w);
    }
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, lev_chart_kind_title (LEV_CHART_WATERFALL));
  g_assert_true (adw_message_dialog_has_response (dialog, "export"));
  list = adw_message_dialog_get_extra_child (dialog);
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c), i++)
    {
      if (i == 3)
        {
          /* The PNG scale, after the three choices. */
          g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), ==, "PNG scale");
          continue;
        }
      g_assert_true (ADW_IS_COMBO_ROW (c));
      g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (c)), ==, titles[i]);
      g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (c))), ==, n_choices[i]);
    }
  g_assert_cmpuint (i, ==, 4);
  g_assert_cmpuint (G_OBJECT (analysis)->ref_count, ==, refs + 1);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
  g_assert_cmpuint (G_OBJECT (analysis)->ref_count, ==, refs);
}

/* The first widget under @root that is an AdwPreferencesRow titled
 * @title, as a person finds a row by what it says. */
static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row (c, title);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWindow *found = NULL;

  while (found == NULL && g_get_monotonic_time () < deadline)
    {
      GListModel *toplevels = gtk_window_get_toplevels (); /* owned by GTK */

      for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
        {
          g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
          if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
            found = w;
        }
      if (found == NULL)
        g_main_context_iteration (NULL, FALSE);
    }
  return found;
}

/* Answers the save chooser (GTK's own dialog: no portal in the tests)
 * with @path, after checking that it offers files of @filter_name. */
static void
answer_save_chooser (const char *filter_name,
                     const char *initial_name,
                     const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWindow *chooser;
  g_autofree char *name = NULL;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  g_assert_nonnull (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser)));
  g_assert_cmpstr (gtk_file_filter_get_name (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (chooser))), ==,
                   filter_name);
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (name, ==, initial_name);
  {
    g_autoptr(GFile) folder = g_file_get_parent (file);
    g_autofree char *base = g_file_get_basename (file);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), base);
  }
  spin ();
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
G_GNUC_END_IGNORE_DEPRECATIONS
  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin ();
}

/* A chart exported through the dialog as a person does it: the choices
 * start from the preferences, and the file written is the format, style,
 * theme and scale chosen (the dialog once read its rows after they were
 * freed and wrote a light, screen-style PDF named .png). */
static void
test_export_dialog_choices (void)
{
  LevWindow *window = open_seed (shared_app);
  LevAnalysisPage *analysis = LEV_ANALYSIS_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_ANALYSIS_PAGE));
  g_autoptr(GSettings) settings = lev_settings_get ();
  g_autofree char *dir = g_dir_make_tmp ("leverage-export-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  GtkWindow *dialog;
  GtkWidget *format, *style, *theme, *scale;
  cairo_surface_t *image;
  guint32 pixel;

  if (settings != NULL)
    {
      /* The preferences say: screen style, dark, scale 3. */
      g_settings_set_string (settings, "export-style", "screen");
      g_settings_set_string (settings, "chart-theme", "dark");
      g_settings_set_double (settings, "export-scale", 3.0);
    }
  lev_window_show_page (window, "analysis");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (analysis), "analysis.export", "s",
                                             lev_chart_kind_to_id (LEV_CHART_COST_BY_AREA)));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  format = find_row (GTK_WIDGET (dialog), "Format");
  style = find_row (GTK_WIDGET (dialog), "Style");
  theme = find_row (GTK_WIDGET (dialog), "Theme");
  scale = find_row (GTK_WIDGET (dialog), "PNG scale");
  g_assert_nonnull (format);
  g_assert_nonnull (style);
  g_assert_nonnull (theme);
  g_assert_nonnull (scale);
  if (settings != NULL)
    {
      g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (style)), ==, 0);
      g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (theme)), ==, 1);
      g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (find_widget (scale, GTK_TYPE_SPIN_BUTTON))),
                         ==, 3.0);
    }

  /* PNG, deck slide, dark, at 1×. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (format), 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (style), 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (theme), 1);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (find_widget (scale, GTK_TYPE_SPIN_BUTTON)), 1.0);
  /* As a click does: the answer, then the dialog is gone. */
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
  gtk_window_destroy (dialog);
  spin ();
  answer_save_chooser ("PNG images", "cost-by-area.png", png);

  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 1080);
  /* A dark background in the corner. */
  pixel = *(guint32 *) cairo_image_surface_get_data (image);
  g_assert_cmpuint (((pixel >> 16) & 0xff) + ((pixel >> 8) & 0xff) + (pixel & 0xff), <, 3 * 96);
  cairo_surface_destroy (image);

  /* SVG offers SVG files, and writes one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (analysis), "analysis.export", "s",
                                             lev_chart_kind_to_id (LEV_CHART_COST_BY_AREA)));
  dialog = wait_for_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_row (GTK_WIDGET (dialog), "Format")), 1);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "export");
  gtk_window_destroy (dialog);
  spin ();
  answer_save_chooser ("SVG images", "cost-by-area.svg", svg);
  {
    g_autofree char *data = NULL;
    g_assert_true (g_file_get_contents (svg, &data, NULL, NULL));
    g_assert_nonnull (strstr (data, "<svg"));
  }

  if (settings != NULL)
    {
      g_settings_reset (settings, "export-style");
      g_settings_reset (settings, "chart-theme");
      g_settings_reset (settings, "export-scale");
    }
  gtk_window_destroy (GTK_WINDOW (window));
  test_remove_tree (dir);
}

static void
test_analysis_follows_edits (void)
{
  LevApplication *app = shared_app;
  LevWindow *window = open_seed (app);
  LevAnalysisPage *analysis = LEV_ANALYSIS_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_ANALYSIS_PAGE));
  LevPlanPage *plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  GtkWidget *row = lev_plan_page_get_item_row (plan, "compute-cloud");
  g_autofree char *dir = g_dir_make_tmp ("leverage-export-XXXXXX", NULL);
  g_autofree char *desc = NULL;

  g_assert_cmpfloat (compute_bar (analysis), ==, 3500000);
  desc = lev_analysis_describe (lev_analysis_page_get_charts (analysis), LEV_CHART_COST_BY_AREA);
  g_assert_nonnull (strstr (desc, "3.5M"));
  type_into (lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT), "300万");
  lev_window_recompute_now (window);
  /* The by-area chart's data follows the edit. */
  g_assert_cmpfloat (compute_bar (analysis), ==, 4500000);
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (
    lev_analysis_page_get_chart (analysis, LEV_CHART_COST_BY_AREA)))));

  /* Export as PNG, SVG and PDF, as the chart menu does. */
  check_export (analysis, LEV_CHART_COST_BY_AREA, LEV_CHART_FORMAT_PNG, dir, "a.png", "PNG");
  check_export (analysis, LEV_CHART_WATERFALL, LEV_CHART_FORMAT_SVG, dir, "b.svg", "<svg");
  check_export (analysis, LEV_CHART_COMPOSITION, LEV_CHART_FORMAT_PDF, dir, "c.pdf", "%PDF");
  g_rmdir (dir);
  check_export_dialog (analysis);

  /* Undo, then leave without being asked: nothing is unsaved. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  lev_window_recompute_now (window);
  g_assert_cmpfloat (compute_bar (analysis), ==, 3500000);
  g_assert_false (lev_window_get_modified (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_for_simulation (LevWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (lev_window_is_simulating (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (lev_window_is_simulating (window));
}

static void
test_simulation_summary (void)
{
  LevWindow *window = open_seed (shared_app);
  LevSummary *summary = LEV_SUMMARY (find_widget (GTK_WIDGET (window), LEV_TYPE_SUMMARY));
  LevSimResult *sim;

  /* Every number of the seed example is a point: every sample is the
   * deterministic total, always within the ¥15M budget. */
  wait_for_simulation (window);
  sim = lev_window_get_simulation (window);
  g_assert_nonnull (sim);
  g_assert_cmpfloat (sim->outputs[LEV_OUTPUT_LEVERAGED].percentiles[LEV_P10], ==, 13000000);
  g_assert_cmpfloat (sim->outputs[LEV_OUTPUT_LEVERAGED].percentiles[LEV_P90], ==, 13000000);
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_RANGE), ==, "—");
  g_assert_cmpstr (lev_summary_get_text (summary, LEV_SUMMARY_WITHIN_BUDGET), ==, "100%");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The charts, and so the deck's source line, count the samples the
 * scenario asks for: a 10,000-sample plan once showed the 20,000 of the
 * quick preview run. */
static void
test_samples_as_scenario (void)
{
  LevWindow *window = open_seed (shared_app);
  LevAnalysisPage *analysis = LEV_ANALYSIS_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_ANALYSIS_PAGE));
  LevScenario *scenario;
  const LevChartSet *set;
  LevChartStyle style;
  g_autofree char *source = NULL;

  lev_scenario_set_samples (lev_window_get_scenario (window), 10000);
  lev_window_recompute_now (window);
  wait_for_simulation (window);
  scenario = lev_window_get_scenario (window);
  g_assert_cmpuint (lev_window_get_simulation (window)->n_samples, ==, lev_scenario_get_samples (scenario));
  set = lev_analysis_page_get_charts (analysis);
  g_assert_cmpuint (set->n_samples, ==, 10000);
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  source = lev_chart_source_line (set, &style);
  g_assert_nonnull (strstr (source, "10,000 samples"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The tornado explains the output chosen in the drop-down. */
static void
test_tornado_follows_output (void)
{
  LevWindow *window = lev_window_new (shared_app);
  LevAnalysisPage *analysis;
  const LevChartSet *set;
  double leveraged_base;

  g_assert_true (lev_window_open_sample (window, "llm-startup-7b"));
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  wait_for_simulation (window);
  analysis = LEV_ANALYSIS_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_ANALYSIS_PAGE));
  set = lev_analysis_page_get_charts (analysis);
  g_assert_nonnull (set->tornado);
  g_assert_nonnull (set->histogram);
  leveraged_base = set->tornado->base;
  g_assert_cmpfloat (leveraged_base, >, 0);

  lev_analysis_page_set_output (analysis, LEV_OUTPUT_AREA_TALENT);
  spin ();
  set = lev_analysis_page_get_charts (analysis);
  g_assert_nonnull (set->tornado);
  /* The deck as a folder of slides: one numbered PNG per chart with data. */
  {
    g_autofree char *dir = g_dir_make_tmp ("leverage-deck-XXXXXX", NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = NULL;
    const char *name;
    guint n = 0, files = 0, expected = 0;

    for (guint k = 0; k < LEV_N_CHARTS; k++)
      expected += lev_chart_set_has (set, k);
    g_assert_true (lev_analysis_page_export_deck_pngs (analysis, folder, &n, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n, ==, expected);
    g_assert_cmpuint (n, >=, 7);
    d = g_dir_open (dir, 0, NULL);
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_assert_true (g_str_has_suffix (name, ".png"));
        g_assert_true (g_ascii_isdigit (name[0]) && g_ascii_isdigit (name[1]));
        g_unlink (path);
        files++;
      }
    g_assert_cmpuint (files, ==, n);
    g_rmdir (dir);
  }

  /* Talent alone is less than the whole plan, and salaries lead its tornado. */
  g_assert_cmpfloat (set->tornado->base, <, leveraged_base);
  g_assert_nonnull (strstr (set->tornado->bars[0].label, "engineers"));
  /* The histogram shows talent too, labelled, without the plan's budget. */
  g_assert_nonnull (set->histogram->label);
  g_assert_cmpfloat (set->histogram->p50, <, leveraged_base);
  g_assert_false (isfinite (set->histogram->budget));
  {
    LevSimResult *sim = lev_window_get_simulation (window);
    g_assert_cmpfloat (set->histogram->p50, ==,
                       sim->outputs[LEV_OUTPUT_AREA_TALENT].percentiles[LEV_P50]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  gint64 last;
  gint64 last_waiting;
  gint64 longest;        /* the app's: the gap less the time spent waiting for a core */
  gint64 longest_wall;
} Ticks;

/* AddressSanitizer makes every main-loop turn about three times slower:
 * the stall bound stretches by that much under it. */
#define SLOWDOWN (TEST_UNDER_ASAN ? 3 : 1)

/* Microseconds this thread has spent runnable but waiting for a core
 * (Linux's schedstat), or -1 where the kernel does not say. */
static gint64
waiting_for_cpu_us (void)
{
  g_autofree char *text = NULL;
  guint64 on_cpu_ns, waiting_ns;

  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu_ns, &waiting_ns) != 2)
    return -1;
  return (gint64) (waiting_ns / 1000);
}

static gboolean
tick (gpointer data)
{
  Ticks *t = data;
  gint64 now = g_get_monotonic_time ();
  gint64 waiting = waiting_for_cpu_us ();

  if (t->last != 0)
    {
      gint64 gap = now - t->last;

      t->longest_wall = MAX (t->longest_wall, gap);
      if (waiting >= 0 && t->last_waiting >= 0)
        gap -= waiting - t->last_waiting;
      t->longest = MAX (t->longest, gap);
    }
  t->last = now;
  t->last_waiting = waiting;
  return G_SOURCE_CONTINUE;
}

/* One million-sample run with a 5 ms timer ticking: the longest gap
 * between ticks, from the start of the run to a few turns after its
 * result arrived. */
static gint64
million_sample_stall (LevWindow *window)
{
  Ticks ticks = { 0, 0, 0, 0 };
  guint id;
  LevSimResult *sim;

  id = g_timeout_add (5, tick, &ticks);
  lev_window_simulate (window, 1000000);
  g_assert_true (lev_window_is_simulating (window));
  wait_for_simulation (window);
  /* A few more turns so the result's delivery is inside the window. */
  for (int i = 0; i < 5; i++)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);

  sim = lev_window_get_simulation (window);
  g_assert_cmpuint (sim->n_samples, ==, 1000000);
  g_test_message ("longest main-loop stall: %.1f ms (wall clock %.1f ms, the rest spent waiting "
                  "for a core)", ticks.longest / 1000.0, ticks.longest_wall / 1000.0);
  return ticks.longest;
}

/* The main loop keeps turning while a million samples run. A stall is
 * the main thread working or blocked (on a lock, say); the time it spent
 * runnable but waiting for a core of a loaded shared machine is the
 * machine's, not the app's, and is taken out where Linux reports it.
 * The best of three runs must stay below 50 ms. */
static void
test_no_stall_during_million_sample_run (void)
{
  LevWindow *window = lev_window_new (shared_app);
  gint64 best = G_MAXINT64;

  g_assert_true (lev_window_open_sample (window, "llm-startup-7b"));
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  wait_for_simulation (window);

  for (guint attempt = 0; attempt < 3 && best >= SLOWDOWN * 50 * 1000; attempt++)
    best = MIN (best, million_sample_stall (window));
  g_assert_cmpint (best, <, SLOWDOWN * 50 * 1000);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_close_asks_first (void)
{
  LevApplication *app = shared_app;
  LevWindow *window;
  LevPlanPage *plan;
  GtkWidget *row, *amount;
  GtkWindow *dialog = NULL;
  GListModel *toplevels; /* owned by GTK */

  window = open_seed (app);
  plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  row = lev_plan_page_get_item_row (plan, "market-research");
  amount = lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT);
  type_into (amount, "1.2M");
  g_assert_cmpfloat (item_number (window, "market-research", LEV_ITEM_AMOUNT), ==, 1200000);

  /* Closing with unsaved work asks instead of closing. */
  gtk_window_close (GTK_WINDOW (window));
  spin ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_MESSAGE_DIALOG (w))
        dialog = w;
    }
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  spin ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (lev_window_get_modified (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ctrl+Q (app.quit) asks about unsaved work as the × does: Cancel keeps
 * the window and its edits, Discard closes it (it once quit at once and
 * the edits were gone). */
static void
test_quit_asks_first (void)
{
  LevWindow *window = open_seed (shared_app);
  LevPlanPage *plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  GtkWidget *row = lev_plan_page_get_item_row (plan, "market-research");
  GtkWindow *dialog;
  g_autoptr(GtkWindow) keep = g_object_ref (GTK_WINDOW (window));

  type_into (lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT), "1.2M");
  g_assert_true (lev_window_get_modified (window));

  g_action_group_activate_action (G_ACTION_GROUP (shared_app), "quit", NULL);
  spin ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==, "Save Changes?");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_destroy (dialog);
  spin ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (lev_window_get_modified (window));

  /* Asked again, Discard: the window goes. */
  g_action_group_activate_action (G_ACTION_GROUP (shared_app), "quit", NULL);
  spin ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  gtk_window_destroy (dialog);
  spin ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_null (gtk_window_get_application (keep));
}

/* The trigger of the shortcut for @action (with @target) on @window. */
static char *
shortcut_for (GtkWidget  *window,
              const char *action,
              const char *target)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) c = g_list_model_get_item (controllers, i);
      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint k = 0; k < g_list_model_get_n_items (G_LIST_MODEL (c)); k++)
        {
          g_autoptr(GtkShortcut) sc = g_list_model_get_item (G_LIST_MODEL (c), k);
          GtkShortcutAction *a = gtk_shortcut_get_action (sc);
          GVariant *args = gtk_shortcut_get_arguments (sc);

          if (GTK_IS_NAMED_ACTION (a) && g_str_equal (gtk_named_action_get_action_name (GTK_NAMED_ACTION (a)), action) &&
              (target == NULL || (args != NULL && g_str_equal (g_variant_get_string (args, NULL), target))))
            return gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (sc));
        }
    }
  return NULL;
}

/* The header says which plan and file this is, and whether it has unsaved
 * changes; Alt+1/2/3 and Ctrl+PgUp/PgDn switch pages (the header once
 * showed only the page tabs, and no key switched pages). */
static void
test_header_and_pages (void)
{
  LevWindow *window = open_seed (shared_app);
  AdwWindowTitle *title = ADW_WINDOW_TITLE (find_widget (GTK_WIDGET (window), ADW_TYPE_WINDOW_TITLE));
  AdwViewStack *stack = ADW_VIEW_STACK (find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  LevPlanPage *plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  GtkWidget *row = lev_plan_page_get_item_row (plan, "market-research");
  static const char *keys[][2] = {
    { "plan", "<Alt>1" }, { "analysis", "<Alt>2" }, { "model-lab", "<Alt>3" },
  };

  g_assert_nonnull (title);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (title)));
  g_assert_cmpstr (adw_window_title_get_subtitle (title), ==, "seed-example.json");
  g_assert_null (strstr (adw_window_title_get_title (title), "•"));
  type_into (lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT), "1.1M");
  g_assert_nonnull (strstr (adw_window_title_get_title (title), "•"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  spin ();
  g_assert_null (strstr (adw_window_title_get_title (title), "•"));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *trigger = shortcut_for (GTK_WIDGET (window), "win.show-page", keys[i][0]);
      g_assert_cmpstr (trigger, ==, keys[i][1]);
      gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", keys[i][0]);
      g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, keys[i][0]);
    }
  {
    g_autofree char *next = shortcut_for (GTK_WIDGET (window), "win.next-page", NULL);
    g_autofree char *previous = shortcut_for (GTK_WIDGET (window), "win.previous-page", NULL);
    g_assert_cmpstr (next, ==, "<Control>Page_Down");
    g_assert_cmpstr (previous, ==, "<Control>Page_Up");
  }
  /* From the last page, next wraps to the first; previous goes back. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-page", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "plan");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-page", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "model-lab");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_file_keeps_plan (void)
{
  LevApplication *app = shared_app;
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data",
                                            "bad-scenarios", "truncated.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LevWindow *window;

  window = open_seed (app);
  g_assert_false (lev_window_open_file (window, file));
  spin ();
  /* The plan that was open stays open. */
  g_assert_cmpstr (lev_scenario_get_name (lev_window_get_scenario (window)), ==,
                   "The article's worked example");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_samples_open (void)
{
  LevApplication *app = shared_app;
  LevWindow *window;
  LevPlanPage *plan;

  window = lev_window_new (app);
  g_assert_true (lev_window_open_sample (window, "llm-startup-7b"));
  gtk_window_present (GTK_WINDOW (window));
  spin ();
  plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  g_assert_nonnull (lev_plan_page_get_item_row (plan, "compute-voucher"));
  /* The plan's figures follow typing, before the value is committed:
   * 6 · 7e9 · 2e12 at 989 TFLOP/s and MFU 0.4 is 58,982 hours; doubling
   * the tokens doubles them. */
  {
    GtkWidget *tokens = lev_plan_page_get_plan_entry (plan, LEV_PLAN_TOKENS);
    GtkWidget *mfu = lev_plan_page_get_plan_entry (plan, LEV_PLAN_MFU);

    gtk_editable_set_text (GTK_EDITABLE (mfu), "0.4");
    g_assert_nonnull (strstr (lev_plan_page_get_plan_figures (plan), "58,982 accelerator-hours"));
    gtk_editable_set_text (GTK_EDITABLE (tokens), "4T");
    g_assert_nonnull (strstr (lev_plan_page_get_plan_figures (plan), "1.68e+23 FLOPs"));
    g_assert_nonnull (strstr (lev_plan_page_get_plan_figures (plan), "117,964 accelerator-hours"));
  }
  g_assert_false (lev_window_open_sample (window, "no-such-sample"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_preferences (void)
{
  LevWindow *window;
  GListModel *toplevels = gtk_window_get_toplevels (); /* owned by GTK */
  GtkWindow *prefs = NULL;
  g_autoptr(GSettings) settings = lev_settings_get ();

  if (settings == NULL)
    {
      g_test_skip ("the settings schema is not installed (set GSETTINGS_SCHEMA_DIR)");
      return;
    }
  window = open_seed (shared_app);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  spin ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (ADW_IS_PREFERENCES_WINDOW (w))
        prefs = w;
    }
  g_assert_nonnull (prefs);
  /* The chart theme setting drives the style the charts follow. */
  g_settings_set_string (settings, "chart-theme", "dark");
  spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_FORCE_DARK);
  /* The template's theme row follows the setting. */
  g_assert_true (LEV_IS_PREFERENCES (prefs));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (
                      gtk_widget_get_template_child (GTK_WIDGET (prefs), LEV_TYPE_PREFERENCES, "theme_row"))),
                    ==, 2);
  g_settings_set_string (settings, "chart-theme", "system");
  spin ();
  g_assert_cmpint (adw_style_manager_get_color_scheme (adw_style_manager_get_default ()), ==,
                   ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (prefs);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels (); /* owned by GTK */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return w;
    }
  return NULL;
}

/* @window offers the autosave back; its question gets @response. */
static void
answer_restore (LevWindow  *window,
                const char *response)
{
  GtkWindow *dialog;

  g_assert_true (lev_window_offer_restore (window));
  spin ();
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
  gtk_window_destroy (dialog);
  spin ();
}

/* Unsaved edits survive a crash: the autosave holds them and a new window
 * offers them back; discarding removes the copy. */
static void
test_autosave_restore (void)
{
  LevWindow *window = open_seed (shared_app);
  LevPlanPage *plan = LEV_PLAN_PAGE (find_widget (GTK_WIDGET (window), LEV_TYPE_PLAN_PAGE));
  GtkWidget *row = lev_plan_page_get_item_row (plan, "talent-training");
  g_autofree char *autosave = lev_window_autosave_path ();
  g_autofree char *edited = NULL, *restored = NULL;
  LevWindow *second;

  g_assert_false (lev_window_autosave_now (window)); /* nothing unsaved */
  type_into (lev_item_row_get_entry (LEV_ITEM_ROW (row), LEV_ITEM_AMOUNT), "250万");
  g_assert_true (lev_window_autosave_now (window));
  g_assert_true (g_file_test (autosave, G_FILE_TEST_EXISTS));
  edited = lev_scenario_to_data (lev_window_get_scenario (window), NULL);

  /* A crash: the window goes without the close handler. */
  g_object_run_dispose (G_OBJECT (window));
  spin ();
  g_assert_true (g_file_test (autosave, G_FILE_TEST_EXISTS));

  second = lev_window_new (shared_app);
  lev_window_open_sample (second, "seed-example");
  gtk_window_present (GTK_WINDOW (second));
  answer_restore (second, "restore");
  restored = lev_scenario_to_data (lev_window_get_scenario (second), NULL);
  g_assert_cmpstr (restored, ==, edited);
  g_assert_cmpfloat (item_number (second, "talent-training", LEV_ITEM_AMOUNT), ==, 2500000);
  /* Restored work is unsaved until saved. */
  g_assert_true (lev_window_get_modified (second));

  /* Asked again, "Discard" removes the copy. */
  answer_restore (second, "discard");
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  g_assert_false (lev_window_offer_restore (second));
  gtk_window_destroy (GTK_WINDOW (second));
}

/* The child of test_autosave_killed: a real window that edits its plan
 * and autosaves, again and again, until it is killed. */
static int
autosave_child (void)
{
  LevWindow *window;
  LevScenario *scenario;

  if (!gtk_init_check ())
    return 77;
  adw_init ();
  shared_app = lev_application_new ();
  if (!g_application_register (G_APPLICATION (shared_app), NULL, NULL))
    return 3;
  window = lev_window_new (shared_app);
  if (!lev_window_open_sample (window, "llm-startup-7b"))
    return 3;
  gtk_window_present (GTK_WINDOW (window));
  scenario = lev_window_get_scenario (window);
  for (guint n = 1;; n++)
    {
      g_autofree char *name = g_strdup_printf ("Edit %u", n);
      GValue value = G_VALUE_INIT;

      /* As the name entry does it: through the undo stack. */
      g_value_init (&value, G_TYPE_STRING);
      g_value_set_string (&value, name);
      lev_undo_set_property (lev_window_get_undo_stack (window), G_OBJECT (scenario), "name", &value);
      g_value_unset (&value);
      /* Let the window follow the edit (its simulation never lets the
       * loop go idle for long, so a few turns, not "until idle"). */
      for (int i = 0; i < 5; i++)
        g_main_context_iteration (NULL, FALSE);
      if (!lev_window_autosave_now (window))
        return 4;
      /* Tell the parent the loop is running. */
      if (n == 1 && write (STDOUT_FILENO, "ready\n", 6) != 6)
        return 5;
    }
}

/* Autosave under SIGKILL: a child window autosaving edits is killed at
 * random moments; every time, the autosave on disk is absent (killed
 * before its first one) or a whole plan that loads, and at the end a new
 * window offers it back and restores it. */
static void
test_autosave_killed (void)
{
  g_autofree char *autosave = lev_window_autosave_path ();
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  const guint n_kills = 30;
  guint present = 0;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  LevWindow *second;

  g_assert_nonnull (self_path);
  g_unlink (autosave);
  for (guint k = 0; k < n_kills; k++)
    {
      const char *argv[] = { self_path, "--autosave-child", NULL };
      g_autoptr(GError) error = NULL;
      char ready[6];
      int out = -1, status;
      GPid pid;

      g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD,
                                               NULL, NULL, &pid, NULL, &out, NULL, &error));
      g_assert_no_error (error);
      /* Every third kill lands while the window is still coming up (before
       * its first autosave, or during it); the others once its loop of
       * edits and autosaves runs, anywhere in the next 300 ms. */
      if (k % 3 != 0)
        g_assert_cmpint (read (out, ready, sizeof ready), ==, sizeof ready);
      g_usleep (g_rand_int_range (rand, 0, 300) * 1000);
      kill (pid, SIGKILL);
      close (out);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not failed on its own. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      if (g_file_test (autosave, G_FILE_TEST_EXISTS))
        {
          g_autoptr(LevScenario) back = lev_scenario_load_file (autosave, &error);

          g_assert_no_error (error);
          g_assert_true (g_str_has_prefix (lev_scenario_get_name (back), "Edit "));
          present++;
        }
    }
  g_test_message ("%u kills; the autosave was there and whole after %u", n_kills, present);
  g_assert_cmpuint (present, >, 0);

  second = lev_window_new (shared_app);
  lev_window_open_sample (second, "seed-example");
  gtk_window_present (GTK_WINDOW (second));
  answer_restore (second, "restore");
  g_assert_true (g_str_has_prefix (lev_scenario_get_name (lev_window_get_scenario (second)), "Edit "));
  answer_restore (second, "discard");
  g_assert_false (g_file_test (autosave, G_FILE_TEST_EXISTS));
  gtk_window_destroy (GTK_WINDOW (second));
}

static void
test_ui_files_build (void)
{
  static const char *resources[] = {
    "/io/github/leverage/Leverage/gtk/help-overlay.ui",
  };

  for (guint i = 0; i < G_N_ELEMENTS (resources); i++)
    {
      g_autoptr(GtkBuilder) b = gtk_builder_new_from_resource (resources[i]);
      g_assert_nonnull (b);
      g_assert_nonnull (gtk_builder_get_objects (b));
    }
}

int
main (int argc, char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  /* The child of /gui/window/autosave-killed: the parent's environment
   * as it is, so it autosaves where the parent looks. */
  if (argc == 2 && g_str_equal (argv[1], "--autosave-child"))
    return autosave_child ();
  /* Money as in the C locale; autosaves away from the user's data. */
  data_home = g_dir_make_tmp ("leverage-xdg-XXXXXX", NULL);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* No display, no window: skip the whole program the TAP way. */
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  gtk_test_init (&argc, &argv, NULL);
  if (gdk_display_get_default () == NULL)
    {
      g_print ("1..0 # SKIP the display cannot be opened\n");
      return 0;
    }
  /* Criticals and warnings from GTK or our code fail the test. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  adw_init ();
  shared_app = lev_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (shared_app), NULL, NULL));
  g_test_add_func ("/gui/window/edit-undo-save", test_edit_undo_save);
  g_test_add_func ("/gui/window/close-asks-first", test_close_asks_first);
  g_test_add_func ("/gui/window/quit-asks-first", test_quit_asks_first);
  g_test_add_func ("/gui/window/header-and-pages", test_header_and_pages);
  g_test_add_func ("/gui/window/analysis-follows-edits", test_analysis_follows_edits);
  g_test_add_func ("/gui/window/simulation-summary", test_simulation_summary);
  g_test_add_func ("/gui/window/samples-as-scenario", test_samples_as_scenario);
  g_test_add_func ("/gui/window/tornado-follows-output", test_tornado_follows_output);
  g_test_add_func ("/gui/window/no-stall-during-million-sample-run", test_no_stall_during_million_sample_run);
  g_test_add_func ("/gui/window/bad-file-keeps-plan", test_bad_file_keeps_plan);
  g_test_add_func ("/gui/window/samples", test_samples_open);
  g_test_add_func ("/gui/window/export-dialog-choices", test_export_dialog_choices);
  g_test_add_func ("/gui/window/preferences", test_preferences);
  g_test_add_func ("/gui/window/autosave-restore", test_autosave_restore);
  g_test_add_func ("/gui/window/autosave-killed", test_autosave_killed);
  g_test_add_func ("/gui/ui-files-build", test_ui_files_build);
  status = g_test_run ();
  test_remove_tree (data_home);
  return status;
}
