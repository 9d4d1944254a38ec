/* test-undo.c: every edit the window makes can be undone and redone. */
#include "config.h"

#include "lev-report.h"
#include "lev-scenario-io.h"
#include "lev-undo.h"

static LevScenario *
load_seed (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data",
                                            "scenarios", "seed-example.json", NULL);
  LevScenario *s = lev_scenario_load_file (path, NULL);
  g_assert_nonnull (s);
  return s;
}

static double
leveraged (LevScenario *s)
{
  g_autoptr(LevReport) r = lev_report_new (s, NULL);
  return r->eval.leveraged;
}

static void
test_undo_property (void)
{
  g_autoptr(LevScenario) s = load_seed ();
  g_autoptr(LevUndoStack) undo = lev_undo_stack_new ();
  LevItem *cloud = lev_scenario_find_item (s, "compute-cloud", NULL);
  LevNumber n = lev_number_point (2500000);
  g_autofree char *before = lev_scenario_to_data (s, NULL);
  g_autofree char *after = NULL, *undone = NULL, *redone = NULL;

  g_assert_false (lev_undo_stack_get_can_undo (undo));
  g_assert_true (lev_undo_set_number (undo, G_OBJECT (cloud), "amount", &n));
  g_assert_cmpfloat (leveraged (s), ==, 13500000);
  /* The same value again is not an edit. */
  g_assert_false (lev_undo_set_number (undo, G_OBJECT (cloud), "amount", &n));
  {
    g_auto(GValue) v = G_VALUE_INIT;
    g_value_init (&v, G_TYPE_STRING);
    g_value_set_string (&v, "Cloud credits");
    g_assert_true (lev_undo_set_property (undo, G_OBJECT (cloud), "name", &v));
  }
  after = lev_scenario_to_data (s, NULL);
  g_assert_true (lev_undo_stack_get_can_undo (undo));

  g_assert_true (lev_undo_stack_undo (undo));
  g_assert_cmpstr (lev_item_get_name (cloud), ==, "Cloud platform");
  g_assert_true (lev_undo_stack_undo (undo));
  g_assert_false (lev_undo_stack_undo (undo));
  undone = lev_scenario_to_data (s, NULL);
  g_assert_cmpstr (undone, ==, before);
  g_assert_cmpfloat (leveraged (s), ==, 13000000);
  g_assert_true (lev_undo_stack_get_can_redo (undo));

  g_assert_true (lev_undo_stack_redo (undo));
  g_assert_true (lev_undo_stack_redo (undo));
  g_assert_false (lev_undo_stack_redo (undo));
  redone = lev_scenario_to_data (s, NULL);
  g_assert_cmpstr (redone, ==, after);
}

static void
test_undo_list_edits (void)
{
  g_autoptr(LevScenario) s = load_seed ();
  g_autoptr(LevUndoStack) undo = lev_undo_stack_new ();
  LevArea *compute = lev_scenario_get_area (s, LEV_AREA_COMPUTE);
  LevItem *cloud = lev_area_get_item (compute, 0);
  g_autoptr(LevItem) copy = lev_item_duplicate (cloud, "compute-cloud-2");
  g_autofree char *before = lev_scenario_to_data (s, NULL);
  g_autofree char *undone = NULL;
  guint64 rev0 = lev_undo_stack_get_revision (undo);

  lev_undo_insert_item (undo, compute, 1, copy);
  g_assert_cmpuint (lev_area_get_n_items (compute), ==, 4);
  g_assert_cmpfloat (leveraged (s), ==, 15000000);
  lev_undo_move_item (undo, compute, 0, 3);
  g_assert_true (lev_area_get_item (compute, 3) == cloud);
  lev_undo_remove_item (undo, compute, 3);
  g_assert_cmpuint (lev_area_get_n_items (compute), ==, 3);
  g_assert_cmpfloat (leveraged (s), ==, 13000000);
  g_assert_cmpuint (lev_undo_stack_get_revision (undo), ==, rev0 + 3);
  g_assert_cmpuint (lev_undo_stack_get_state (undo), !=, 0);

  /* Undo the delete: the very same item object comes back where it was. */
  g_assert_true (lev_undo_stack_undo (undo));
  g_assert_true (lev_area_get_item (compute, 3) == cloud);
  g_assert_true (lev_undo_stack_undo (undo));
  g_assert_true (lev_area_get_item (compute, 0) == cloud);
  g_assert_true (lev_undo_stack_undo (undo));
  undone = lev_scenario_to_data (s, NULL);
  g_assert_cmpstr (undone, ==, before);
  /* Back at the start: the same state as before any edit. */
  g_assert_cmpuint (lev_undo_stack_get_state (undo), ==, 0);

  /* A new edit after undo drops the redo history. */
  g_assert_true (lev_undo_stack_get_can_redo (undo));
  lev_undo_remove_item (undo, compute, 0);
  g_assert_false (lev_undo_stack_get_can_redo (undo));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/undo/property", test_undo_property);
  g_test_add_func ("/core/undo/list-edits", test_undo_list_edits);
  return g_test_run ();
}
