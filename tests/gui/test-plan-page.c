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
  return g_test_run ();
}
