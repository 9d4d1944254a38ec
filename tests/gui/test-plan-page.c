/* test-plan-page.c: the plan page, its item rows and the summary strip,
 * each built alone on a scenario, driven through their template children
 * the way a founder's clicks and typing reach them. Needs a display
 * (Xvfb in CI); skips without one. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "gui-test-util.h"
#include "lev-item-row.h"
#include "lev-number-entry.h"
#include "lev-plan-page.h"
#include "lev-report.h"
#include "lev-scenario-io.h"
#include "lev-summary.h"
#include "../test-sanitizer.h"

static LevScenario *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "scenarios", name, NULL);
  g_autoptr(GError) error = NULL;
  LevScenario *s = lev_scenario_load_file (path, &error);

  g_assert_no_error (error);
  return s;
}

static GtkWidget *
child (gpointer    widget,
       GType       type,
       const char *name)
{
  GObject *found = gtk_widget_get_template_child (GTK_WIDGET (widget), type, name);

  g_assert_nonnull (found);
  return GTK_WIDGET (found);
}

static const char *
label_text (gpointer    widget,
            GType       type,
            const char *name)
{
  return gtk_label_get_text (GTK_LABEL (child (widget, type, name)));
}

/* ------------------------------------------------------------------ */
/* The summary strip. */

static void
test_summary_point_plan (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  g_autoptr(LevReport) report = lev_report_new (s, NULL);
  GtkWidget *summary = g_object_ref_sink (lev_summary_new ());

  lev_summary_show_report (LEV_SUMMARY (summary), report);
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "leveraged"), ==, "¥13M");
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "baseline"), ==, "¥14.5M");
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "savings"), ==, "¥1.5M");
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "leveraged_caption"), ==, "Leveraged total");
  g_assert_false (gtk_widget_has_css_class (child (summary, LEV_TYPE_SUMMARY, "leveraged"), "error"));
  /* No input is a range: every outcome is ¥13M, which is no range. */
  lev_summary_show_range (LEV_SUMMARY (summary), LEV_CURRENCY_CNY, 13e6, 13e6, 1.0, 1000);
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "range"), ==, "—");
  g_assert_nonnull (gtk_widget_get_tooltip_text (child (summary, LEV_TYPE_SUMMARY, "range")));
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "within_budget"), ==, "100%");
  lev_summary_show_range (LEV_SUMMARY (summary), LEV_CURRENCY_CNY, 12e6, 14.25e6, 0.3, 1000);
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "range"), ==, "¥12M – ¥14.25M");
  g_assert_true (gtk_widget_has_css_class (child (summary, LEV_TYPE_SUMMARY, "within_budget"), "error"));
  g_object_unref (summary);
}

static void
test_summary_no_budget (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  LevNumber none = lev_number_none ();
  g_autoptr(LevReport) report = NULL;
  GtkWidget *summary = g_object_ref_sink (lev_summary_new ());

  lev_scenario_set_budget (s, &none);
  report = lev_report_new (s, NULL);
  lev_summary_show_report (LEV_SUMMARY (summary), report);
  lev_summary_show_range (LEV_SUMMARY (summary), LEV_CURRENCY_CNY, 12e6, 14e6, 1.0, 1000);
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "within_budget"), ==, "No budget set");
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "runway"), ==, "No budget set");
  g_assert_false (gtk_widget_has_css_class (child (summary, LEV_TYPE_SUMMARY, "leveraged"), "error"));
  g_object_unref (summary);
}

static void
test_summary_over_budget (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  LevNumber ten = lev_number_point (10e6);
  LevNumber range = lev_number_lognormal (800000, 1200000);
  g_autoptr(LevReport) report = NULL;
  GtkWidget *summary = g_object_ref_sink (lev_summary_new ());

  lev_scenario_set_budget (s, &ten);
  lev_item_set_number (lev_scenario_find_item (s, "compute-cloud", NULL), LEV_ITEM_AMOUNT, &range);
  report = lev_report_new (s, NULL);
  lev_summary_show_report (LEV_SUMMARY (summary), report);
  g_assert_true (gtk_widget_has_css_class (child (summary, LEV_TYPE_SUMMARY, "leveraged"), "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (child (summary, LEV_TYPE_SUMMARY, "leveraged")),
                            "over the funding"));
  /* A range stands for its median in the deterministic total: say so. */
  g_assert_cmpstr (label_text (summary, LEV_TYPE_SUMMARY, "leveraged_caption"), ==,
                   "Leveraged total, at medians");
  g_object_unref (summary);
}

/* ------------------------------------------------------------------ */
/* The plan page and its item rows, in a window of their own. */

typedef struct {
  LevScenario  *scenario;
  LevUndoStack *undo;
  GtkWidget    *window;
  LevPlanPage  *page;
} Fixture;

static void
fixture_open (Fixture     *f,
              LevScenario *scenario)
{
  f->scenario = scenario;
  f->undo = lev_undo_stack_new ();
  f->window = gtk_window_new ();
  f->page = LEV_PLAN_PAGE (lev_plan_page_new ());
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  lev_plan_page_set_scenario (f->page, scenario, f->undo);
  gtk_window_present (GTK_WINDOW (f->window));
  spin ();
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  spin ();
  g_clear_object (&f->undo);
  g_clear_object (&f->scenario);
}

static LevItemRow *
row_of (Fixture    *f,
        const char *id)
{
  GtkWidget *row = lev_plan_page_get_item_row (f->page, id);

  g_assert_nonnull (row);
  return LEV_ITEM_ROW (row);
}

static void
type_into (GtkWidget  *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  spin ();
}

/* Every widget under @root with the "error" style class. */
static guint
count_errors (GtkWidget *root)
{
  guint n = gtk_widget_has_css_class (root, "error") && gtk_widget_get_visible (root) ? 1 : 0;

  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    n += count_errors (c);
  return n;
}

static void
test_new_plan_starts_clean (void)
{
  Fixture f = { 0 };
  g_auto(GStrv) invalid = NULL;

  fixture_open (&f, lev_scenario_new ());
  /* Nothing typed yet, nothing red: an empty funding is "no budget". */
  g_assert_cmpuint (count_errors (GTK_WIDGET (f.page)), ==, 0);
  invalid = lev_plan_page_get_invalid_fields (f.page);
  g_assert_cmpuint (g_strv_length (invalid), ==, 0);
  fixture_close (&f);
}

static void
test_invalid_fields_listed (void)
{
  Fixture f = { 0 };
  g_auto(GStrv) invalid = NULL;
  g_auto(GStrv) after = NULL;
  LevItemRow *row;
  GtkWidget *amount, *amount_row;

  fixture_open (&f, load_sample ("seed-example.json"));
  row = row_of (&f, "compute-cloud");
  amount = child (row, LEV_TYPE_ITEM_ROW, "amount");
  amount_row = child (row, LEV_TYPE_ITEM_ROW, "amount_row");
  type_into (amount, "lots");
  type_into (child (f.page, LEV_TYPE_PLAN_PAGE, "budget"), "50万 to");
  /* The reason is in the row, not only in a tooltip. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (amount_row)), "lots"));
  invalid = lev_plan_page_get_invalid_fields (f.page);
  g_assert_cmpuint (g_strv_length (invalid), ==, 2);
  g_assert_nonnull (strstr (invalid[0], "Scenario › Funding: "));
  g_assert_nonnull (strstr (invalid[1], "Compute resources › Cloud platform › Amount: "));
  /* Fixed, the row's hint comes back and the list empties. */
  type_into (amount, "2M");
  type_into (child (f.page, LEV_TYPE_PLAN_PAGE, "budget"), "15M");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (amount_row)), ==, "Per month when monthly");
  after = lev_plan_page_get_invalid_fields (f.page);
  g_assert_cmpuint (g_strv_length (after), ==, 0);
  fixture_close (&f);
}

/* A subsidy covers items picked by name; the file keeps their ids. */
static void
test_covers_picker (void)
{
  Fixture f = { 0 };
  LevItemRow *row;
  GtkWidget *list, *cloud = NULL;
  LevItem *subsidy;
  g_auto(GStrv) invalid = NULL;
  g_autofree char *json = NULL;

  fixture_open (&f, load_sample ("seed-example.json"));
  row = row_of (&f, "compute-subsidy");
  subsidy = lev_item_row_get_item (row);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (row, LEV_TYPE_ITEM_ROW, "form_row")), LEV_COST_SUBSIDY);
  spin ();
  g_assert_cmpint (lev_item_get_cost_form (subsidy), ==, LEV_COST_SUBSIDY);
  g_assert_true (gtk_widget_get_visible (child (row, LEV_TYPE_ITEM_ROW, "covers_row")));
  /* A subsidy of nothing is listed where the save asks. */
  /* A subsidy of nothing, and at no rate, is listed where the save asks. */
  invalid = lev_plan_page_get_invalid_fields (f.page);
  g_assert_cmpuint (g_strv_length (invalid), ==, 2);
  g_assert_nonnull (strstr (invalid[0], "Government subsidy › Rate: "));
  g_assert_nonnull (strstr (invalid[1], "Government subsidy › Covers: "));
  type_into (child (row, LEV_TYPE_ITEM_ROW, "rate"), "30%");
  g_clear_pointer (&invalid, g_strfreev);
  invalid = lev_plan_page_get_invalid_fields (f.page);
  g_assert_cmpuint (g_strv_length (invalid), ==, 1);

  gtk_popover_popup (GTK_POPOVER (child (row, LEV_TYPE_ITEM_ROW, "covers_popover")));
  spin ();
  list = child (row, LEV_TYPE_ITEM_ROW, "covers_list");
  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    {
      /* Only items a subsidy can cover, by name; never itself. */
      if (GTK_IS_CHECK_BUTTON (c))
        {
          g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), !=, "Government subsidy");
          if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), "Cloud platform") == 0)
            cloud = c;
        }
    }
  g_assert_nonnull (cloud);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (cloud), TRUE);
  spin ();
  g_assert_cmpuint (g_strv_length ((char **) lev_item_get_covers (subsidy)), ==, 1);
  g_assert_cmpstr (lev_item_get_covers (subsidy)[0], ==, "compute-cloud");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child (row, LEV_TYPE_ITEM_ROW, "covers_row"))),
                   ==, "Cloud platform");
  json = lev_scenario_to_data (f.scenario, NULL);
  g_assert_nonnull (strstr (json, "\"covers\" : [\n              \"compute-cloud\"\n            ]"));
  g_assert_nonnull (strstr (json, "\"rate\" : 0.3,"));
  /* One undo step takes it back. */
  g_assert_true (lev_undo_stack_undo (f.undo));
  spin ();
  g_assert_null (lev_item_get_covers (subsidy) ? lev_item_get_covers (subsidy)[0] : NULL);
  gtk_popover_popdown (GTK_POPOVER (child (row, LEV_TYPE_ITEM_ROW, "covers_popover")));
  fixture_close (&f);
}

/* The dot shown beside the picked channel, outside the popup (libadwaita
 * 1.2 shows the selection through a one-item list view, whose position is
 * always 0: the dot took its colour from that position). */
static guint
shown_channel (LevItemRow *row)
{
  GtkWidget *combo = child (row, LEV_TYPE_ITEM_ROW, "channel_row");
  GtkWidget *stack[64];
  guint n = 0;

  stack[n++] = combo;
  while (n > 0)
    {
      GtkWidget *w = stack[--n];

      if (GTK_IS_POPOVER (w))
        continue;
      if (GTK_IS_DRAWING_AREA (w))
        return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (w), "lev-channel"));
      for (GtkWidget *c = gtk_widget_get_last_child (w); c && n < G_N_ELEMENTS (stack); c = gtk_widget_get_prev_sibling (c))
        stack[n++] = c;
    }
  g_assert_not_reached ();
}

static void
test_channel_picker (void)
{
  Fixture f = { 0 };
  LevItemRow *cloud, *hire, *data;
  AdwComboRow *combo;
  GListModel *model;
  guint enterprise = G_MAXUINT, hiring = G_MAXUINT;

  fixture_open (&f, load_sample ("seed-example.json"));
  cloud = row_of (&f, "compute-cloud");
  hire = row_of (&f, "talent-hire");
  data = row_of (&f, "data-institute");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (cloud), TRUE);
  spin ();
  combo = ADW_COMBO_ROW (child (cloud, LEV_TYPE_ITEM_ROW, "channel_row"));
  model = adw_combo_row_get_model (combo);
  /* The channels of the area first: Cloud under Compute, Hiring under
   * Talent; Hiring comes after the data channels under Data. */
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (model), 0), ==, "cloud");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (adw_combo_row_get_model (
                     ADW_COMBO_ROW (child (hire, LEV_TYPE_ITEM_ROW, "channel_row")))), 0), ==, "hire");
  {
    GListModel *dm = adw_combo_row_get_model (ADW_COMBO_ROW (child (data, LEV_TYPE_ITEM_ROW, "channel_row")));
    for (guint i = 0; i < g_list_model_get_n_items (dm); i++)
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (dm), i), "hire"))
        hiring = i;
    g_assert_cmpuint (hiring, >=, 5);
    g_assert_false (lev_channel_fits_area (LEV_CHANNEL_HIRE, LEV_AREA_DATA));
  }
  /* Every channel has a line that explains it. */
  for (guint c = 0; c < LEV_N_CHANNELS; c++)
    g_assert_cmpuint (strlen (lev_channel_description (c)), >, 8);

  /* The row shows the current channel, and the dot follows a new pick
   * (it kept the first channel's colour). */
  g_assert_cmpuint (adw_combo_row_get_selected (combo), ==, 0);
  g_assert_cmpuint (shown_channel (cloud), ==, LEV_CHANNEL_CLOUD);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "enterprise_share"))
      enterprise = i;
  adw_combo_row_set_selected (combo, enterprise);
  spin ();
  g_assert_cmpint (lev_item_get_channel (lev_item_row_get_item (cloud)), ==, LEV_CHANNEL_ENTERPRISE_SHARE);
  g_assert_cmpuint (shown_channel (cloud), ==, LEV_CHANNEL_ENTERPRISE_SHARE);
  adw_combo_row_set_selected (combo, 0);
  spin ();
  g_assert_cmpuint (shown_channel (cloud), ==, LEV_CHANNEL_CLOUD);
  fixture_close (&f);
}

static void
test_monthly_whole_horizon (void)
{
  Fixture f = { 0 };
  LevItemRow *row;
  LevItem *item;
  LevNumber three = lev_number_point (3);

  fixture_open (&f, load_sample ("seed-example.json"));
  row = row_of (&f, "talent-training");
  item = lev_item_row_get_item (row);
  lev_item_set_number (item, LEV_ITEM_START_MONTH, &three);
  adw_combo_row_set_selected (ADW_COMBO_ROW (child (row, LEV_TYPE_ITEM_ROW, "schedule_row")), LEV_SCHEDULE_MONTHLY);
  spin ();
  /* Paid monthly from month 3 of a 12-month plan: 9 months, not 1. */
  g_assert_cmpint (lev_item_get_schedule (item), ==, LEV_SCHEDULE_MONTHLY);
  g_assert_cmpfloat (lev_number_value (lev_item_get_number (item, LEV_ITEM_DURATION_MONTHS)), ==, 9);
  g_assert_true (gtk_widget_get_visible (child (row, LEV_TYPE_ITEM_ROW, "duration_months_row")));
  fixture_close (&f);
}

static void
test_add_compute_plan (void)
{
  Fixture f = { 0 };
  GtkWidget *add;

  fixture_open (&f, load_sample ("seed-example.json"));
  add = child (f.page, LEV_TYPE_PLAN_PAGE, "add_plan_button");
  g_assert_true (gtk_widget_get_visible (add));
  g_assert_false (gtk_widget_get_visible (child (f.page, LEV_TYPE_PLAN_PAGE, "parameters_row")));
  g_signal_emit_by_name (add, "clicked");
  spin ();
  g_assert_nonnull (lev_area_get_plan (lev_scenario_get_area (f.scenario, LEV_AREA_COMPUTE)));
  g_assert_false (gtk_widget_get_visible (add));
  g_assert_true (gtk_widget_get_visible (child (f.page, LEV_TYPE_PLAN_PAGE, "parameters_row")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (child (f.page, LEV_TYPE_PLAN_PAGE, "parameters"))), ==, "7B");
  /* Undo takes the whole plan away again. */
  g_assert_true (lev_undo_stack_undo (f.undo));
  spin ();
  g_assert_null (lev_area_get_plan (lev_scenario_get_area (f.scenario, LEV_AREA_COMPUTE)));
  g_assert_true (gtk_widget_get_visible (add));
  fixture_close (&f);
}

static void
test_new_item_open_and_focused (void)
{
  Fixture f = { 0 };
  GtkWidget *row;

  fixture_open (&f, load_sample ("seed-example.json"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page), "plan.add", "s", "market"));
  row = lev_plan_page_get_item_row (f.page, "market");
  g_assert_nonnull (row);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (row)));
  /* Focus lands in its name once it has a place on screen. */
  for (guint i = 0; i < 200 && !gtk_widget_has_focus (gtk_widget_get_first_child (child (row, LEV_TYPE_ITEM_ROW, "name_entry"))); i++)
    {
      g_usleep (5000);
      spin ();
    }
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (f.window)),
                                         child (row, LEV_TYPE_ITEM_ROW, "name_entry")));
  fixture_close (&f);
}

/* Presses of Tab from @from until the focus is inside @to. */
static guint
tabs_between (Fixture   *f,
              GtkWidget *from,
              GtkWidget *to)
{
  GtkWidget *focus;
  guint presses = 0;

  /* A collapsed item row takes the focus in its header. */
  if (!gtk_widget_grab_focus (from))
    g_assert_true (gtk_widget_child_focus (from, GTK_DIR_TAB_FORWARD));
  do
    {
      g_assert_true (gtk_widget_child_focus (f->window, GTK_DIR_TAB_FORWARD));
      presses++;
      focus = gtk_root_get_focus (GTK_ROOT (f->window));
    }
  while (presses < 10 && !(focus == to || gtk_widget_is_ancestor (focus, to)));
  return presses;
}

/* One Tab stop per labelled field: the entry, not the row around it
 * and then the entry. */
static void
test_one_tab_stop_per_row (void)
{
  Fixture f = { 0 };
  LevItemRow *row;

  fixture_open (&f, load_sample ("seed-example.json"));
  g_assert_cmpuint (tabs_between (&f, child (f.page, LEV_TYPE_PLAN_PAGE, "currency"),
                                  child (f.page, LEV_TYPE_PLAN_PAGE, "start")), ==, 1);
  g_assert_cmpuint (tabs_between (&f, child (f.page, LEV_TYPE_PLAN_PAGE, "horizon"),
                                  child (f.page, LEV_TYPE_PLAN_PAGE, "budget")), ==, 1);
  row = row_of (&f, "data-institute");
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  /* Fields take the focus once the row has opened on screen. */
  for (guint i = 0; i < 400 && !gtk_widget_get_mapped (child (row, LEV_TYPE_ITEM_ROW, "amount")); i++)
    {
      g_usleep (5000);
      spin ();
    }
  g_assert_cmpuint (tabs_between (&f, child (row, LEV_TYPE_ITEM_ROW, "quantity"),
                                  child (row, LEV_TYPE_ITEM_ROW, "amount")), ==, 1);
  /* And from one collapsed item to the next. */
  g_assert_cmpuint (tabs_between (&f, lev_plan_page_get_item_row (f.page, "data-crowdsourcing"),
                                  lev_plan_page_get_item_row (f.page, "data-purchase")), ==, 1);
  fixture_close (&f);
}

int
main (int argc, char **argv)
{
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
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
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  adw_init ();
  g_test_add_func ("/gui/summary/point-plan", test_summary_point_plan);
  g_test_add_func ("/gui/summary/no-budget", test_summary_no_budget);
  g_test_add_func ("/gui/summary/over-budget", test_summary_over_budget);
  g_test_add_func ("/gui/plan-page/new-plan-starts-clean", test_new_plan_starts_clean);
  g_test_add_func ("/gui/plan-page/invalid-fields-listed", test_invalid_fields_listed);
  g_test_add_func ("/gui/plan-page/add-compute-plan", test_add_compute_plan);
  g_test_add_func ("/gui/plan-page/new-item-open-and-focused", test_new_item_open_and_focused);
  g_test_add_func ("/gui/item-row/covers-picker", test_covers_picker);
  g_test_add_func ("/gui/item-row/channel-picker", test_channel_picker);
  g_test_add_func ("/gui/item-row/monthly-whole-horizon", test_monthly_whole_horizon);
  g_test_add_func ("/gui/item-row/one-tab-stop", test_one_tab_stop_per_row);
  return g_test_run ();
}
