/* test-compare.c: comparing plans under common random numbers: a plan
 * against itself differs by exactly nothing, a dearer copy is dearer in
 * every future, the first plan's samples are its simulation's, inputs
 * pair by name rather than by position, unmatched inputs draw apart, the
 * bytes do not depend on the threads, and the item diff says what
 * changed. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lev-compare.h"
#include "lev-error.h"
#include "lev-scenario-io.h"

static LevScenario *
load_sample (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "data", "scenarios",
                                            name, NULL);
  g_autoptr(GError) error = NULL;
  LevScenario *s = lev_scenario_load_file (path, &error);

  g_assert_no_error (error);
  return s;
}

static LevSnapshot *
snap_of (LevScenario *s)
{
  g_autoptr(GError) error = NULL;
  LevSnapshot *snap = lev_snapshot_new (s, &error);

  g_assert_no_error (error);
  return snap;
}

static LevComparison *
compare2 (LevSnapshot *a, LevSnapshot *b, guint n, guint threads)
{
  LevSnapshot *snaps[2] = { a, b };
  LevCompareOptions opts = { .n_samples = n, .seed = 42, .n_threads = threads };
  g_autoptr(GError) error = NULL;
  LevComparison *c = lev_compare (snaps, 2, &opts, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* Every parameter of a number times @f: a scaled distribution, whose
 * inverse CDF at any u is the original's times @f. */
static void
scale_number (LevItem *item, LevItemNumber f, double factor)
{
  LevNumber n = *lev_item_get_number (item, f);

  if (!lev_number_is_set (&n) || n.kind == LEV_DIST_EMPIRICAL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (n.p); i++)
    n.p[i] *= factor;
  lev_item_set_number (item, f, &n);
}

static int
compare_doubles (const void *x, const void *y)
{
  double a = *(const double *) x, b = *(const double *) y;

  return (a > b) - (a < b);
}

static void
test_self (void)
{
  const char *names[] = { "seed-example.json", "llm-startup-7b.json" };

  for (guint k = 0; k < G_N_ELEMENTS (names); k++)
    {
      g_autoptr(LevScenario) s = load_sample (names[k]);
      g_autoptr(LevSnapshot) snap = snap_of (s);
      g_autoptr(LevComparison) c = compare2 (snap, snap, 30000, 0);
      const LevComparePair *pair = lev_comparison_get_pair (c, 0, 1);

      for (guint i = 0; i < c->n_samples; i++)
        g_assert_cmpfloat (pair->difference_samples[i], ==, 0.0);
      g_assert_cmpfloat (pair->p_a_cheaper, ==, 0.0);
      g_assert_cmpfloat (pair->difference.mean, ==, 0.0);
      g_assert_cmpfloat (pair->difference.percentiles[LEV_P10], ==, 0.0);
      g_assert_cmpfloat (pair->difference.percentiles[LEV_P90], ==, 0.0);
      g_assert_cmpuint (pair->n_items, ==, 0);
      g_assert_cmpuint (c->plans[1].n_matched, ==, c->plans[1].n_uncertain);
      g_assert_cmpuint (c->n_streams, ==, c->plans[0].n_uncertain);
    }
}

static void
test_dearer_copy (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("llm-startup-7b.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  const LevComparePair *pair;
  guint scaled = 0;

  for (guint ar = 0; ar < LEV_N_AREAS; ar++)
    {
      LevArea *area = lev_scenario_get_area (b, ar);

      for (guint i = 0; i < lev_area_get_n_items (area); i++)
        {
          LevItem *item = lev_area_get_item (area, i);

          /* Every price: a subsidy's credit is capped and at most its
           * rate of what it covers, so what it covers still costs more
           * net. (Plan-priced compute stays; its inputs are shared.) */
          scale_number (item, LEV_ITEM_AMOUNT, 1.1);
          scale_number (item, LEV_ITEM_UNIT_PRICE, 1.1);
          scale_number (item, LEV_ITEM_BASELINE, 1.1);
          scaled++;
        }
    }
  g_assert_cmpuint (scaled, >, 5);
  sa = snap_of (a);
  sb = snap_of (b);
  c = compare2 (sa, sb, 30000, 0);
  pair = lev_comparison_get_pair (c, 0, 1);
  for (guint i = 0; i < c->n_samples; i++)
    g_assert_cmpfloat (pair->difference_samples[i], >, 0.0);
  g_assert_cmpfloat (pair->p_a_cheaper, ==, 1.0);
  g_assert_cmpfloat (pair->difference.percentiles[LEV_P10], >, 0.0);
  /* Each changed item lists its money fields, before and after. */
  g_assert_cmpuint (pair->n_items, >, 5);
  for (guint i = 0; i < pair->n_items; i++)
    {
      g_assert_cmpint (pair->items[i].kind, ==, LEV_ITEM_CHANGED);
      g_assert_cmpuint (pair->items[i].n_fields, >, 0);
      g_assert_nonnull (pair->items[i].fields[0].before);
      g_assert_nonnull (pair->items[i].fields[0].after);
      g_assert_cmpstr (pair->items[i].fields[0].before, !=, pair->items[i].fields[0].after);
    }
}

/* The first plan's draws are the simulation's: same seed, same samples,
 * byte for byte; and so are a second plan's when its inputs pair with the
 * first's in order. */
static void
test_first_plan_is_its_simulation (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("llm-startup-7b.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  g_autoptr(LevSimResult) ra = NULL, rb = NULL;
  LevSimOptions opts = { .n_samples = 20000, .seed = 42 };
  LevItem *item = lev_scenario_find_item (b, "talent-llm-engineers", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (item);
  scale_number (item, LEV_ITEM_UNIT_PRICE, 1.3);
  sa = snap_of (a);
  sb = snap_of (b);
  c = compare2 (sa, sb, 20000, 3);
  ra = lev_simulate (sa, &opts, NULL, &error);
  g_assert_no_error (error);
  rb = lev_simulate (sb, &opts, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (c->plans[0].leveraged_samples, 20000 * sizeof (double),
                   ra->samples[LEV_OUTPUT_LEVERAGED], 20000 * sizeof (double));
  g_assert_cmpmem (c->plans[1].leveraged_samples, 20000 * sizeof (double),
                   rb->samples[LEV_OUTPUT_LEVERAGED], 20000 * sizeof (double));
  g_assert_cmpfloat (c->plans[0].p_within_budget, ==, ra->p_within_budget);
  g_assert_cmpfloat (c->plans[1].leveraged.percentiles[LEV_P50], ==,
                     rb->outputs[LEV_OUTPUT_LEVERAGED].percentiles[LEV_P50]);
  for (guint m = 0; m < ra->n_months; m++)
    g_assert_cmpfloat (c->plans[0].months[m].p50, ==, ra->months[m].p50);
  /* The runway's percentiles come from counting, the simulation's from
   * order statistics: the same numbers. */
  g_assert_cmpfloat (c->plans[1].runway_months.p10, ==,
                     rb->outputs[LEV_OUTPUT_RUNWAY_MONTHS].percentiles[LEV_P10]);
  g_assert_cmpfloat (c->plans[1].runway_months.p50, ==,
                     rb->outputs[LEV_OUTPUT_RUNWAY_MONTHS].percentiles[LEV_P50]);
  g_assert_cmpfloat (c->plans[1].runway_months.p90, ==,
                     rb->outputs[LEV_OUTPUT_RUNWAY_MONTHS].percentiles[LEV_P90]);
  g_assert_cmpfloat_with_epsilon (c->plans[1].runway_months.mean,
                                  rb->outputs[LEV_OUTPUT_RUNWAY_MONTHS].mean, 1e-9);
  /* The one changed item, its amount before and after. */
  {
    const LevComparePair *pair = lev_comparison_get_pair (c, 0, 1);

    g_assert_cmpuint (pair->n_items, ==, 1);
    g_assert_cmpstr (pair->items[0].id, ==, "talent-llm-engineers");
    g_assert_cmpuint (pair->items[0].n_fields, ==, 1);
    g_assert_cmpstr (pair->items[0].fields[0].field, ==, "unit_price");
    g_assert_cmpfloat (pair->items[0].cost_after, >, pair->items[0].cost_before);
    g_assert_cmpfloat (pair->p_a_cheaper, ==, 1.0);
  }
}

/* Inputs pair by name: the same plan with its items in another order
 * still takes the same draw for each input, so the totals agree to the
 * rounding of a sum taken in another order. */
static void
test_matched_by_name (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("llm-startup-7b.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  const LevComparePair *pair;
  LevArea *talent = lev_scenario_get_area (b, LEV_AREA_TALENT);
  guint n = lev_area_get_n_items (talent);
  g_autoptr(LevItem) first = g_object_ref (lev_area_get_item (talent, 0));

  g_assert_cmpuint (n, >=, 2);
  lev_area_remove_item (talent, 0);
  lev_area_insert_item (talent, n - 1, first);
  g_assert_true (lev_area_get_item (talent, n - 1) == first);
  sa = snap_of (a);
  sb = snap_of (b);
  c = compare2 (sa, sb, 20000, 0);
  pair = lev_comparison_get_pair (c, 0, 1);
  for (guint i = 0; i < c->n_samples; i++)
    g_assert_cmpfloat (fabs (pair->difference_samples[i]),
                       <=, 1e-9 * c->plans[0].leveraged_samples[i]);
  g_assert_cmpuint (c->plans[1].n_matched, ==, c->plans[1].n_uncertain);
  g_assert_cmpuint (pair->n_items, ==, 0);
}

/* An item renamed is another item: its inputs draw from streams of their
 * own, so the plans part ways in some futures but not in all. */
static void
test_unmatched_draw_apart (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("llm-startup-7b.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  const LevComparePair *pair;
  LevItem *item = lev_scenario_find_item (b, "data-web-crawl", NULL);
  guint kinds[3] = { 0 };

  lev_item_set_id (item, "data-web-crawl-2");
  sa = snap_of (a);
  sb = snap_of (b);
  c = compare2 (sa, sb, 20000, 0);
  pair = lev_comparison_get_pair (c, 0, 1);
  g_assert_cmpuint (c->plans[1].n_matched, ==, c->plans[1].n_uncertain - 1);
  g_assert_cmpuint (c->n_streams, ==, c->plans[0].n_uncertain + 1);
  g_assert_cmpfloat (pair->p_a_cheaper, >, 0.2);
  g_assert_cmpfloat (pair->p_a_cheaper, <, 0.8);
  for (guint i = 0; i < pair->n_items; i++)
    kinds[pair->items[i].kind]++;
  g_assert_cmpuint (kinds[LEV_ITEM_ADDED], ==, 1);
  g_assert_cmpuint (kinds[LEV_ITEM_REMOVED], ==, 1);
  g_assert_cmpuint (kinds[LEV_ITEM_CHANGED], ==, 0);
}

static void
test_threads (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("seed-example.json");
  g_autoptr(LevSnapshot) sa = snap_of (a), sb = snap_of (b);
  g_autoptr(LevComparison) c1 = compare2 (sa, sb, 50000, 1);
  g_autoptr(LevComparison) c4 = compare2 (sa, sb, 50000, 4);
  g_autoptr(JsonNode) j1 = lev_comparison_to_json (c1, NULL);
  g_autoptr(JsonNode) j4 = lev_comparison_to_json (c4, NULL);
  g_autofree char *t1 = json_to_string (j1, FALSE), *t4 = json_to_string (j4, FALSE);

  g_assert_cmpmem (c1->pairs[0].difference_samples, 50000 * sizeof (double),
                   c4->pairs[0].difference_samples, 50000 * sizeof (double));
  g_assert_cmpstr (t1, ==, t4);
}

static void
test_paired_statistics (void)
{
  g_autoptr(LevScenario) a = load_sample ("llm-startup-7b.json");
  g_autoptr(LevScenario) b = load_sample ("llm-startup-7b.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(LevComparison) c = NULL;
  g_autofree double *sorted = NULL;
  const LevComparePair *pair;
  LevItem *item = lev_scenario_find_item (b, "compute-pretrain", NULL);
  guint n = 12345, cheaper = 0;
  double sum = 0;

  LevItem *crawl = lev_scenario_find_item (b, "data-web-crawl", NULL);
  LevNumber wider = lev_number_triangular (400000, 800000, 1400000);

  /* A wider range around the same mode: B is cheaper in some futures,
   * dearer in others. */
  lev_item_set_channel (item, LEV_CHANNEL_ENTERPRISE_SHARE);
  lev_item_set_number (crawl, LEV_ITEM_AMOUNT, &wider);
  sa = snap_of (a);
  sb = snap_of (b);
  c = compare2 (sa, sb, n, 0);
  pair = lev_comparison_get_pair (c, 0, 1);
  sorted = g_new (double, n);
  /* Recomputed plainly from the plans' own samples. */
  for (guint i = 0; i < n; i++)
    {
      double d = c->plans[1].leveraged_samples[i] - c->plans[0].leveraged_samples[i];

      g_assert_cmpfloat (pair->difference_samples[i], ==, d);
      sorted[i] = d;
      sum += d;
      cheaper += c->plans[0].leveraged_samples[i] < c->plans[1].leveraged_samples[i];
    }
  g_assert_cmpfloat (pair->p_a_cheaper, ==, (double) cheaper / n);
  g_assert_cmpfloat_with_epsilon (pair->difference.mean, sum / n, 1e-6);
  qsort (sorted, n, sizeof (double), compare_doubles);
  for (guint l = 0; l < LEV_N_PERCENTILES; l++)
    {
      /* Type 7: linear between the order statistics around (n − 1)·q. */
      double h = (n - 1) * lev_percentile_levels[l];
      guint lo = (guint) h;
      double want = sorted[lo] + (h - lo) * (sorted[MIN (lo + 1, n - 1)] - sorted[lo]);

      g_assert_cmpfloat_with_epsilon (pair->difference.percentiles[l], want, 1e-6);
    }
  g_assert_cmpfloat (pair->p_a_cheaper, >, 0.0);
  g_assert_cmpfloat (pair->p_a_cheaper, <, 1.0);
}

static void
test_refusals (void)
{
  g_autoptr(LevScenario) a = load_sample ("seed-example.json");
  g_autoptr(LevScenario) b = load_sample ("seed-example.json");
  g_autoptr(LevSnapshot) sa = NULL, sb = NULL;
  g_autoptr(GError) error = NULL;
  LevCompareOptions opts = { .n_samples = 100 };
  LevSnapshot *five[5];
  LevComparison *c;

  lev_scenario_set_currency (b, LEV_CURRENCY_USD);
  sa = snap_of (a);
  sb = snap_of (b);
  five[0] = sa;
  five[1] = sb;
  c = lev_compare (five, 2, &opts, NULL, &error);
  g_assert_null (c);
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_clear_error (&error);
  for (guint i = 0; i < 5; i++)
    five[i] = sa;
  g_assert_null (lev_compare (five, 5, &opts, NULL, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_clear_error (&error);
  g_assert_null (lev_compare (five, 1, &opts, NULL, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_VALUE);
  g_clear_error (&error);
  opts.n_samples = LEV_SIM_MAX_SAMPLES + 1;
  g_assert_null (lev_compare (five, 2, &opts, NULL, &error));
  g_assert_error (error, LEV_ERROR, LEV_ERROR_LIMIT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/core/compare/self", test_self);
  g_test_add_func ("/core/compare/dearer-copy", test_dearer_copy);
  g_test_add_func ("/core/compare/first-plan-is-its-simulation", test_first_plan_is_its_simulation);
  g_test_add_func ("/core/compare/matched-by-name", test_matched_by_name);
  g_test_add_func ("/core/compare/unmatched-draw-apart", test_unmatched_draw_apart);
  g_test_add_func ("/core/compare/threads", test_threads);
  g_test_add_func ("/core/compare/paired-statistics", test_paired_statistics);
  g_test_add_func ("/core/compare/refusals", test_refusals);
  return g_test_run ();
}
