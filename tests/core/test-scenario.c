/* test-scenario.c: the scenario model, its arithmetic and its files. */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "lev-error.h"
#include "lev-number-text.h"
#include "lev-report.h"
#include "lev-scenario-io.h"

static char *
sample_path (const char *name)
{
  return g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "scenarios", name, NULL);
}

static LevScenario *
load_sample (const char *name)
{
  g_autofree char *path = sample_path (name);
  g_autoptr(GError) error = NULL;
  LevScenario *s = lev_scenario_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (s);
  return s;
}

static void
test_seed_example (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(LevReport) r = lev_report_new (s, &error);
  static const double baseline[] = { 1000000, 5000000, 7000000, 1500000 };
  static const double leveraged[] = { 1000000, 3500000, 7000000, 1500000 };

  g_assert_no_error (error);
  g_assert_cmpfloat (r->eval.baseline, ==, 14500000);
  g_assert_cmpfloat (r->eval.leveraged, ==, 13000000);
  g_assert_cmpfloat (r->eval.savings, ==, 1500000);
  for (guint a = 0; a < LEV_N_AREAS; a++)
    {
      g_assert_cmpfloat (r->eval.area_baseline[a], ==, baseline[a]);
      g_assert_cmpfloat (r->eval.area_leveraged[a], ==, leveraged[a]);
    }
  /* Coverage: three thirds of 1 TB, 10 of 10 TPUs, 50 of 50 people. */
  g_assert_cmpfloat_with_epsilon (r->eval.area_covered[LEV_AREA_DATA], 1.0, 1e-12);
  g_assert_cmpfloat (r->requirement[LEV_AREA_DATA], ==, 1);
  g_assert_cmpfloat (r->eval.area_covered[LEV_AREA_COMPUTE], ==, 10);
  g_assert_cmpfloat (r->eval.area_covered[LEV_AREA_TALENT], ==, 50);
  g_assert_true (isnan (r->requirement[LEV_AREA_MARKET]));
  /* Everything is one-off at month 0. */
  g_assert_cmpfloat (r->eval.monthly[0], ==, 13000000);
  g_assert_cmpfloat (r->eval.peak_monthly, ==, 13000000);
  g_assert_cmpuint (r->snapshot->n_months, ==, 12);
  g_assert_cmpfloat (r->eval.runway_months, ==, 12);
}

/* A scenario built in code with one item per cost form. */
static LevScenario *
build_forms (void)
{
  LevScenario *s = lev_scenario_new ();
  LevArea *compute = lev_scenario_get_area (s, LEV_AREA_COMPUTE);
  LevArea *data = lev_scenario_get_area (s, LEV_AREA_DATA);
  g_autoptr(LevItem) fixed = lev_item_new ("fixed", "Fixed");
  g_autoptr(LevItem) unit = lev_item_new ("unit", "Unit price");
  g_autoptr(LevItem) monthly = lev_item_new ("monthly", "Monthly");
  g_autoptr(LevItem) sub = lev_item_new ("sub", "Subsidy");
  g_autoptr(LevComputePlan) plan = lev_compute_plan_new ();
  g_autoptr(LevItem) planned = lev_item_new ("planned", "Planned run");
  const char *covers[] = { "unit", "monthly", NULL };
  LevNumber n;

  lev_scenario_set_name (s, "forms");
  lev_scenario_set_horizon_months (s, 6);
  n = lev_number_point (1e9);
  lev_scenario_set_budget (s, &n);

  /* fixed: 1000 once at month 2 */
  n = lev_number_point (1000);
  lev_item_set_number (fixed, LEV_ITEM_AMOUNT, &n);
  n = lev_number_point (2);
  lev_item_set_number (fixed, LEV_ITEM_START_MONTH, &n);
  n = lev_number_point (3);
  lev_item_set_number (fixed, LEV_ITEM_QUANTITY, &n);
  lev_area_append_item (data, fixed);

  /* unit: 4 × 250 = 1000 once at month 0, baseline 1600 */
  lev_item_set_cost_form (unit, LEV_COST_UNIT_PRICE);
  n = lev_number_point (4);
  lev_item_set_number (unit, LEV_ITEM_QUANTITY, &n);
  n = lev_number_point (250);
  lev_item_set_number (unit, LEV_ITEM_UNIT_PRICE, &n);
  n = lev_number_point (1600);
  lev_item_set_number (unit, LEV_ITEM_BASELINE, &n);
  lev_area_append_item (compute, unit);

  /* monthly: 300 a month for 3 months from month 1 = 900 */
  lev_item_set_schedule (monthly, LEV_SCHEDULE_MONTHLY);
  n = lev_number_point (300);
  lev_item_set_number (monthly, LEV_ITEM_AMOUNT, &n);
  n = lev_number_point (1);
  lev_item_set_number (monthly, LEV_ITEM_START_MONTH, &n);
  n = lev_number_point (3);
  lev_item_set_number (monthly, LEV_ITEM_DURATION_MONTHS, &n);
  lev_area_append_item (compute, monthly);

  /* sub: 50% of (1000 + 900) = 950, capped at 700 */
  lev_item_set_cost_form (sub, LEV_COST_SUBSIDY);
  n = lev_number_point (0.5);
  lev_item_set_number (sub, LEV_ITEM_RATE, &n);
  n = lev_number_point (700);
  lev_item_set_number (sub, LEV_ITEM_CAP, &n);
  lev_item_set_covers (sub, covers);
  lev_area_append_item (compute, sub);

  /* The plan: 6 · 1e9 · 1e10 = 6e19 FLOPs at 1e15 × 0.5 → 120000 s = 33.3 h, × 36/h */
  lev_compute_plan_set_accelerator (plan, "custom");
  n = lev_number_point (1e9);
  lev_compute_plan_set_number (plan, LEV_PLAN_PARAMETERS, &n);
  n = lev_number_point (1e10);
  lev_compute_plan_set_number (plan, LEV_PLAN_TOKENS, &n);
  n = lev_number_point (1e15);
  lev_compute_plan_set_number (plan, LEV_PLAN_PEAK_FLOPS, &n);
  n = lev_number_point (0.5);
  lev_compute_plan_set_number (plan, LEV_PLAN_MFU, &n);
  n = lev_number_point (36);
  lev_compute_plan_set_number (plan, LEV_PLAN_PRICE_PER_HOUR, &n);
  lev_area_set_plan (compute, plan);
  lev_item_set_cost_form (planned, LEV_COST_PLAN);
  n = lev_number_point (2);
  lev_item_set_number (planned, LEV_ITEM_SHARE, &n);
  lev_area_append_item (compute, planned);

  return s;
}

static void
test_cost_forms (void)
{
  g_autoptr(LevScenario) s = build_forms ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LevReport) r = lev_report_new (s, &error);
  const double hours = 6e19 / (1e15 * 0.5 * 3600);
  const double planned = 2 * hours * 36;
  const LevEval *e;

  g_assert_no_error (error);
  e = &r->eval;
  g_assert_cmpuint (r->snapshot->n_items, ==, 5);
  /* Items in file order: fixed (data), unit, monthly, sub, planned (compute). */
  g_assert_cmpfloat (e->item_leveraged[0], ==, 1000);
  g_assert_cmpfloat (e->item_leveraged[1], ==, 1000);
  g_assert_cmpfloat (e->item_baseline[1], ==, 1600);
  g_assert_cmpfloat (e->item_leveraged[2], ==, 900);
  g_assert_cmpfloat (e->item_baseline[2], ==, 900);
  g_assert_cmpfloat (e->item_leveraged[3], ==, -700);
  g_assert_cmpfloat (e->item_baseline[3], ==, 0);
  g_assert_cmpfloat_with_epsilon (e->item_leveraged[4], planned, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->plan_flops, 6e19, 1);
  g_assert_cmpfloat_with_epsilon (e->plan_hours, hours, 1e-12);
  g_assert_cmpfloat_with_epsilon (e->item_quantity[4], 2 * hours, 1e-12);
  g_assert_cmpfloat (e->item_quantity[1], ==, 4);
  g_assert_true (isnan (e->item_quantity[3]));

  g_assert_cmpfloat_with_epsilon (e->leveraged, 1000 + 1000 + 900 - 700 + planned, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->baseline, 1000 + 1600 + 900 + 0 + planned, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->savings, 600 + 700, 1e-9);
  g_assert_cmpfloat (e->area_leveraged[LEV_AREA_DATA], ==, 1000);
  g_assert_cmpfloat (e->area_covered[LEV_AREA_DATA], ==, 3);

  /* Monthly: unit 1000 and planned at 0; monthly 300 in months 1..3;
   * fixed 1000 at 2; the subsidy credits 50% of covered spend as it
   * happens: 500 at 0, then 150, 150 → 800 > cap 700, so 50 at month 2. */
  g_assert_cmpuint (r->snapshot->n_months, ==, 6);
  g_assert_cmpfloat_with_epsilon (e->monthly[0], 1000 + planned - 500, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->monthly[1], 300 - 150, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->monthly[2], 300 + 1000 - 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->monthly[3], 300, 1e-9);
  g_assert_cmpfloat (e->monthly[4], ==, 0);
  {
    double sum = 0;
    for (guint m = 0; m < r->snapshot->n_months; m++)
      sum += e->monthly[m];
    g_assert_cmpfloat_with_epsilon (sum, e->leveraged, 1e-9);
  }
}

static void
test_subsidy_uncapped (void)
{
  g_autoptr(LevScenario) s = build_forms ();
  LevItem *sub = lev_scenario_find_item (s, "sub", NULL);
  LevNumber none = lev_number_none ();
  g_autoptr(LevReport) r = NULL;

  lev_item_set_number (sub, LEV_ITEM_CAP, &none);
  r = lev_report_new (s, NULL);
  g_assert_cmpfloat (r->eval.item_leveraged[3], ==, -950);
}

static void
test_runway (void)
{
  g_autoptr(LevScenario) s = build_forms ();
  LevNumber budget = lev_number_point (4000);
  g_autoptr(LevReport) r = NULL;

  /* Cumulative: 2900 at month 0 (the planned run is 2400), 3050 at 1,
   * 4300 at 2 > 4000. */
  lev_scenario_set_budget (s, &budget);
  r = lev_report_new (s, NULL);
  for (guint m = 0; m < r->snapshot->n_months; m++)
    g_test_message ("month %u: %g (budget %g)", m, r->eval.monthly[m], r->eval.budget);
  g_assert_cmpfloat (r->eval.runway_months, ==, 2);
  g_assert_cmpfloat_with_epsilon (r->eval.peak_monthly, 2900, 1e-9);
}

static void
test_7b_plan (void)
{
  g_autoptr(LevScenario) s = load_sample ("llm-startup-7b.json");
  g_autoptr(LevReport) r = lev_report_new (s, NULL);
  const LevSnapshot *snap;
  double flops = 6.0 * 7e9 * 2e12;
  double mfu, price, share, hours;

  g_assert_nonnull (r);
  snap = r->snapshot;
  /* The report takes each distribution's median: the MFU's normal
   * (mean 40%) has its median at 40%, the price's lognormal with 90%
   * interval ¥14.4–28.8 at √(14.4·28.8). */
  mfu = r->values[lev_snapshot_find_input (snap, "plan.mfu")];
  price = r->values[lev_snapshot_find_input (snap, "plan.price_per_hour")];
  share = r->values[lev_snapshot_find_input (snap, "compute-experiments.share")];
  g_assert_cmpfloat_with_epsilon (mfu, 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (price, sqrt (14.4 * 28.8), 1e-9);
  g_assert_cmpfloat (share, >, 0.5);  /* PERT(0.3, 0.5, 1.0) leans right of its mode */
  g_assert_cmpfloat (share, <, 0.6);
  hours = flops / (989e12 * mfu * 3600.0);

  g_assert_cmpfloat_with_epsilon (r->eval.plan_flops / flops, 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (r->eval.plan_hours / hours, 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (r->eval.plan_cost / (hours * price), 1.0, 1e-15);
  /* The voucher is half of both cloud items ((1 + share) × the run), under its cap. */
  g_assert_cmpfloat_with_epsilon (r->eval.area_baseline[LEV_AREA_COMPUTE] -
                                  r->eval.area_leveraged[LEV_AREA_COMPUTE],
                                  0.5 * (1 + share) * hours * price + 18 * 30000, 1e-6);
  g_assert_cmpfloat (r->eval.leveraged, <, r->eval.baseline);
  /* The monthly series reaches the latest month a sampled run can end in:
   * pre-training starts in month 6 and lasts up to 5 months; experiments
   * run from month 3 for 12. */
  g_assert_cmpuint (snap->n_months, ==, 18);
  g_assert_cmpuint (lev_scenario_get_n_correlations (s), ==, 1);
}

static gboolean
json_equal (JsonNode *a, JsonNode *b)
{
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a), *ob = json_node_get_object (b);
        g_autoptr(GList) keys = json_object_get_members (oa);

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;
        for (GList *l = keys; l; l = l->next)
          if (!json_object_has_member (ob, l->data) ||
              !json_equal (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a), *ab = json_node_get_array (b);
        if (json_array_get_length (aa) != json_array_get_length (ab))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (aa); i++)
          if (!json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) == G_TYPE_STRING || json_node_get_value_type (b) == G_TYPE_STRING ||
          json_node_get_value_type (a) == G_TYPE_BOOLEAN || json_node_get_value_type (b) == G_TYPE_BOOLEAN)
        return json_node_equal (a, b);
      /* Numbers compare by value: 1 and 1.0 are the same. */
      return json_node_get_double (a) == json_node_get_double (b);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

static void
round_trip (gconstpointer data)
{
  const char *name = data;
  g_autofree char *path = sample_path (name);
  g_autoptr(LevScenario) s = load_sample (name);
  g_autofree char *dir = g_dir_make_tmp ("leverage-test-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) again = NULL;
  g_autofree char *first = NULL, *second = NULL, *original = NULL, *saved = NULL;
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(LevReport) r1 = NULL, r2 = NULL;
  g_autoptr(GDir) d = NULL;

  g_assert_true (lev_scenario_save_file (s, out, &error));
  g_assert_no_error (error);
  again = lev_scenario_load_file (out, &error);
  g_assert_no_error (error);

  /* Saving what was loaded gives the same bytes. */
  first = lev_scenario_to_data (s, NULL);
  second = lev_scenario_to_data (again, NULL);
  g_assert_cmpstr (first, ==, second);

  /* And the saved file says exactly what the sample says. */
  g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
  g_assert_true (g_file_get_contents (out, &saved, NULL, NULL));
  g_assert_true (json_parser_load_from_data (p1, original, -1, NULL));
  g_assert_true (json_parser_load_from_data (p2, saved, -1, NULL));
  g_assert_true (json_equal (json_parser_get_root (p1), json_parser_get_root (p2)));

  r1 = lev_report_new (s, NULL);
  r2 = lev_report_new (again, NULL);
  g_assert_cmpfloat (r1->eval.leveraged, ==, r2->eval.leveraged);
  g_assert_cmpfloat (r1->eval.baseline, ==, r2->eval.baseline);

  /* The atomic save leaves no temporary file behind. */
  d = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (d), ==, name);
  g_assert_null (g_dir_read_name (d));

  g_unlink (out);
  g_rmdir (dir);
}

static void
test_save_error (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  g_autoptr(GError) error = NULL;

  g_assert_false (lev_scenario_save_file (s, "/nonexistent-dir/x/scenario.json", &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "/nonexistent-dir/x/scenario.json"));
}

static void
test_point_object_and_future_dists (void)
{
  const char *point =
    "{\"format\":\"leverage-scenario\",\"version\":1,\"name\":\"p\",\"currency\":\"USD\","
    "\"start\":\"2026-01\",\"horizon_months\":3,\"budget\":{\"dist\":\"point\",\"value\":500},"
    "\"areas\":{\"data\":{\"items\":[{\"id\":\"a\",\"name\":\"A\",\"channel\":\"other\","
    "\"cost\":{\"form\":\"amount\",\"amount\":{\"dist\":\"point\",\"value\":250.5}}}]},"
    "\"compute\":{\"items\":[]},\"talent\":{\"items\":[]},\"market\":{\"items\":[]}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) s = lev_scenario_load_data (point, strlen (point), "point.json", &error);
  g_autoptr(LevReport) r = NULL;
  g_autofree char *lognormal = NULL;
  g_autoptr(LevScenario) none = NULL;

  g_assert_no_error (error);
  r = lev_report_new (s, NULL);
  g_assert_cmpfloat (r->eval.leveraged, ==, 250.5);
  g_assert_cmpfloat (r->eval.budget, ==, 500);
  g_assert_cmpint (lev_scenario_get_currency (s), ==, LEV_CURRENCY_USD);

  {
    g_auto(GStrv) parts = g_strsplit (point, "{\"dist\":\"point\",\"value\":250.5}", 2);
    lognormal = g_strjoin ("{\"dist\":\"lognormal\",\"low\":1,\"high\":2}", parts[0], parts[1], NULL);
  }
  /* Distributions load; the report takes their median (√(1·2) for a
   * lognormal with 5th and 95th percentiles 1 and 2). */
  none = lev_scenario_load_data (lognormal, strlen (lognormal), "ln.json", &error);
  g_assert_no_error (error);
  {
    g_autoptr(LevReport) lr = lev_report_new (none, NULL);
    g_assert_cmpfloat_with_epsilon (lr->eval.leveraged, sqrt (2.0), 1e-12);
  }
  g_clear_object (&none);

  /* A distribution this build does not know is refused, naming the place. */
  {
    g_auto(GStrv) parts = g_strsplit (point, "{\"dist\":\"point\",\"value\":250.5}", 2);
    g_autofree char *beta = g_strjoin ("{\"dist\":\"beta\",\"a\":1,\"b\":2}", parts[0], parts[1], NULL);

    none = lev_scenario_load_data (beta, strlen (beta), "beta.json", &error);
  }
  g_assert_null (none);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN);
  g_assert_nonnull (strstr (error->message, "beta.json: $.areas.data.items[0].cost.amount.dist"));
  g_assert_nonnull (strstr (error->message, "unknown distribution"));
}

static void
on_changed (LevScenario *s, guint *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  LevArea *compute = lev_scenario_get_area (s, LEV_AREA_COMPUTE);
  LevItem *cloud = lev_scenario_find_item (s, "compute-cloud", NULL);
  g_autoptr(LevItem) removed = NULL;
  LevNumber n = lev_number_point (1);
  guint count = 0;

  g_signal_connect (s, "changed", G_CALLBACK (on_changed), &count);
  lev_item_set_number (cloud, LEV_ITEM_AMOUNT, &n);
  g_assert_cmpuint (count, ==, 1);
  /* Setting the same value again is not a change. */
  lev_item_set_number (cloud, LEV_ITEM_AMOUNT, &n);
  g_assert_cmpuint (count, ==, 1);
  lev_area_move_item (compute, 0, 2);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (lev_area_get_item (compute, 2) == cloud);

  /* A removed item no longer reports into the scenario. */
  removed = g_object_ref (cloud);
  lev_area_remove_item (compute, 2);
  g_assert_cmpuint (count, ==, 3);
  lev_item_set_name (removed, "gone");
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (compute)), ==, 2);
}

static void
test_make_item_id (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  g_autofree char *a = lev_scenario_make_item_id (s, "compute-cloud");
  g_autofree char *b = lev_scenario_make_item_id (s, "fresh");
  LevItem *cloud = lev_scenario_find_item (s, "compute-cloud", NULL);
  g_autoptr(LevItem) copy = lev_item_duplicate (cloud, a);

  g_assert_cmpstr (a, ==, "compute-cloud-2");
  g_assert_cmpstr (b, ==, "fresh");
  g_assert_true (lev_number_equal (lev_item_get_number (copy, LEV_ITEM_BASELINE),
                                   lev_item_get_number (cloud, LEV_ITEM_BASELINE)));
  g_assert_cmpstr (lev_item_get_name (copy), ==, lev_item_get_name (cloud));
}

/* A rate typed as 30% is written 0.3, not 0.29999999999999999, and a
 * computed third keeps every digit it needs to read back the same. */
static void
test_typed_precision (void)
{
  g_autoptr(LevScenario) s = load_sample ("seed-example.json");
  LevItem *subsidy = lev_scenario_find_item (s, "compute-subsidy", NULL);
  LevItem *crowd = lev_scenario_find_item (s, "data-crowdsourcing", NULL);
  g_auto(LevNumber) rate = lev_number_none ();
  LevNumber third = lev_number_point (1.0 / 3.0);
  LevNumber range = lev_number_lognormal (0.15, 0.45);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) back = NULL;
  g_autofree char *text = NULL, *again = NULL;

  g_assert_nonnull (subsidy);
  g_assert_nonnull (crowd);
  g_assert_true (lev_number_parse_text ("30%", &rate, &error));
  g_assert_no_error (error);
  lev_item_set_cost_form (subsidy, LEV_COST_SUBSIDY);
  lev_item_set_covers (subsidy, (const char *[]) { "compute-cloud", NULL });
  lev_item_set_number (subsidy, LEV_ITEM_RATE, &rate);
  lev_item_set_number (crowd, LEV_ITEM_QUANTITY, &third);
  lev_item_set_number (crowd, LEV_ITEM_BASELINE, &range);
  text = lev_scenario_to_data (s, NULL);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "\"rate\" : 0.3,"));
  g_assert_null (strstr (text, "0.2999"));
  g_assert_nonnull (strstr (text, "\"low\" : 0.15,"));
  g_assert_nonnull (strstr (text, "0.3333333333333333"));
  back = lev_scenario_load_data (text, strlen (text), "typed.json", &error);
  g_assert_no_error (error);
  again = lev_scenario_to_data (back, NULL);
  g_assert_cmpstr (text, ==, again);
  g_assert_cmpfloat (lev_number_value (lev_item_get_number (lev_scenario_find_item (back, "data-crowdsourcing", NULL),
                                                            LEV_ITEM_QUANTITY)), ==, 1.0 / 3.0);
}

static void
test_json_shortest_numbers (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "{\"a\": 0.29999999999999999}", "{\"a\": 0.3}" },
    { "[1, -2.5000000000000000, 1.0000000000000001e-05]", "[1, -2.5, 1e-05]" },
    { "{\"0.29999999999999999\": \"1.5000000000000000 \\\" 0.10000000000000001\"}",
      "{\"0.29999999999999999\": \"1.5000000000000000 \\\" 0.10000000000000001\"}" },
    { "[100000000000000000000.0, 0.33333333333333331]", "[1e+20, 0.3333333333333333]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = lev_json_shortest_numbers (cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/scenario/load-seed-example", test_seed_example);
  g_test_add_func ("/core/scenario/cost-forms", test_cost_forms);
  g_test_add_func ("/core/scenario/subsidy-uncapped", test_subsidy_uncapped);
  g_test_add_func ("/core/scenario/runway", test_runway);
  g_test_add_func ("/core/scenario/compute-plan-7b", test_7b_plan);
  g_test_add_data_func ("/core/scenario/round-trip/seed-example", "seed-example.json", round_trip);
  g_test_add_data_func ("/core/scenario/round-trip/llm-startup-7b", "llm-startup-7b.json", round_trip);
  g_test_add_func ("/core/scenario/save-error", test_save_error);
  g_test_add_func ("/core/scenario/point-object", test_point_object_and_future_dists);
  g_test_add_func ("/core/scenario/changed-signal", test_changed_signal);
  g_test_add_func ("/core/scenario/make-item-id", test_make_item_id);
  g_test_add_func ("/core/scenario/typed-precision", test_typed_precision);
  g_test_add_func ("/core/scenario/json-shortest-numbers", test_json_shortest_numbers);
  return g_test_run ();
}
