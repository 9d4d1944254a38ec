/* cli-compare.c: `leverage-cli compare`: two to four plans side by side
 * under common random numbers, with the paired difference of each pair,
 * what changed item by item, and the comparison charts for a deck. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli-common.h"
#include "lev-chart-compare.h"
#include "lev-compare.h"
#include "lev-money.h"

static const char plan_letters[] = "ABCD";

static void
pad (GString *out, const char *text, int width, gboolean right)
{
  int len = (int) g_utf8_strlen (text, -1);

  /* CJK characters take two columns in a terminal. */
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iswide (g_utf8_get_char (p)))
      len++;
  if (right)
    for (int i = len; i < width; i++)
      g_string_append_c (out, ' ');
  g_string_append (out, text);
  if (!right)
    for (int i = len; i < width; i++)
      g_string_append_c (out, ' ');
}

static char *
money (const LevComparison *c, double v)
{
  return lev_money_format (v, c->currency, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_AUTO);
}

static char *
signed_money (const LevComparison *c, double v)
{
  g_autofree char *m = money (c, fabs (v));

  /* A minus sign (U+2212) reads better than a hyphen in a table. */
  return g_strdup_printf ("%s%s", v > 0 ? "+" : v < 0 ? "−" : "", m);
}

typedef enum { ROW_MONEY, ROW_SHARE, ROW_MONTHS } RowKind;

static void
row (GString *out, const LevComparison *c, const char *label, RowKind kind, const double *v)
{
  pad (out, label, 30, FALSE);
  for (guint p = 0; p < c->n_plans; p++)
    {
      g_autofree char *t = kind == ROW_MONEY ? money (c, v[p])
                           : kind == ROW_SHARE ? g_strdup_printf ("%.1f%%", 100 * v[p])
                                               : g_strdup_printf ("%.1f", v[p]);
      pad (out, t, 14, TRUE);
    }
  g_string_append_c (out, '\n');
}

static const char *
field_label (const char *field)
{
  /* The diff names fields as the file does; these read as words. */
  static const struct { const char *id; const char *label; } labels[] = {
    { "name", N_("name") }, { "area", N_("area") }, { "channel", N_("channel") },
    { "cost.form", N_("cost form") }, { "timing.schedule", N_("schedule") },
    { "covers", N_("covers") }, { "quantity", N_("quantity") }, { "amount", N_("amount") },
    { "unit_price", N_("unit price") }, { "rate", N_("rate") }, { "cap", N_("cap") },
    { "share", N_("share") }, { "baseline", N_("baseline") },
    { "start_month", N_("start month") }, { "duration_months", N_("duration") },
    { "parameters", N_("parameters") }, { "tokens", N_("tokens") },
    { "peak_flops", N_("peak FLOP/s") }, { "mfu", N_("MFU") },
    { "price_per_hour", N_("price per hour") }, { "requirement", N_("requirement") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (field, labels[i].id))
      return _(labels[i].label);
  return field;
}

static char *
comparison_text (const LevComparison *c, char **files)
{
  GString *out = g_string_new (NULL);
  double v[LEV_COMPARE_MAX_PLANS];
  g_autofree char *n = lev_number_format (c->n_samples, LEV_MONEY_LOCALE_AUTO);

  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE,
                                            "Comparing %u plans · %s sample · seed %llu\n",
                                            "Comparing %u plans · %s samples · seed %llu\n",
                                            c->n_samples),
                          c->n_plans, n, (unsigned long long) c->seed);
  for (guint p = 0; p < c->n_plans; p++)
    g_string_append_printf (out, _("  %c  %s (%s): %u uncertain inputs, %u drawn in common\n"),
                            plan_letters[p], c->plans[p].snapshot->name, files[p],
                            c->plans[p].n_uncertain, c->plans[p].n_matched);
  g_string_append_c (out, '\n');
  pad (out, "", 30, FALSE);
  for (guint p = 0; p < c->n_plans; p++)
    {
      char head[2] = { plan_letters[p], 0 };
      pad (out, head, 14, TRUE);
    }
  g_string_append_c (out, '\n');

#define ROW(label, kind, expr) \
  G_STMT_START { \
    for (guint p = 0; p < c->n_plans; p++) { const LevComparePlan *pl = &c->plans[p]; v[p] = (expr); } \
    row (out, c, label, kind, v); \
  } G_STMT_END
  ROW (_("Leveraged total, 10th"), ROW_MONEY, pl->leveraged.percentiles[LEV_P10]);
  ROW (_("Leveraged total, 50th"), ROW_MONEY, pl->leveraged.percentiles[LEV_P50]);
  ROW (_("Leveraged total, 90th"), ROW_MONEY, pl->leveraged.percentiles[LEV_P90]);
  ROW (_("Baseline total, 50th"), ROW_MONEY, pl->baseline.p50);
  ROW (_("Savings, 50th"), ROW_MONEY, pl->savings.p50);
  ROW (_("Budget"), ROW_MONEY, pl->budget);
  ROW (_("Within budget"), ROW_SHARE, pl->p_within_budget);
  ROW (_("Runway (months), 50th"), ROW_MONTHS, pl->runway_months.p50);
#undef ROW

  for (guint q = 0; q < c->n_pairs; q++)
    {
      const LevComparePair *pair = &c->pairs[q];
      const LevOutputStats *d = &pair->difference;
      g_autofree char *mean = signed_money (c, d->mean);
      g_autofree char *p10 = signed_money (c, d->percentiles[LEV_P10]);
      g_autofree char *p50 = signed_money (c, d->percentiles[LEV_P50]);
      g_autofree char *p90 = signed_money (c, d->percentiles[LEV_P90]);

      g_string_append_printf (out, _("\n%c − %c, leveraged total in the same futures: mean %s · "
                                     "10th %s · 50th %s · 90th %s\n"),
                              plan_letters[pair->b], plan_letters[pair->a], mean, p10, p50, p90);
      g_string_append_printf (out, _("  %c costs less than %c in %.1f%% of samples\n"),
                              plan_letters[pair->a], plan_letters[pair->b], 100 * pair->p_a_cheaper);
      if (pair->n_items == 0)
        g_string_append (out, _("  No item differs.\n"));
      for (guint i = 0; i < pair->n_items; i++)
        {
          const LevItemChange *ch = &pair->items[i];

          switch (ch->kind)
            {
            case LEV_ITEM_ADDED:
              g_string_append_printf (out, _("  added    %s (%s)\n"), ch->id, ch->name);
              break;
            case LEV_ITEM_REMOVED:
              g_string_append_printf (out, _("  removed  %s (%s)\n"), ch->id, ch->name);
              break;
            case LEV_ITEM_CHANGED:
            default:
              if (g_str_equal (ch->id, ch->name))
                g_string_append_printf (out, _("  changed  %s:"), ch->id);
              else
                g_string_append_printf (out, _("  changed  %s (%s):"), ch->id, ch->name);
              for (guint f = 0; f < ch->n_fields; f++)
                g_string_append_printf (out, "%s %s %s → %s", f ? ";" : "",
                                        field_label (ch->fields[f].field),
                                        ch->fields[f].before ? ch->fields[f].before : "—",
                                        ch->fields[f].after ? ch->fields[f].after : "—");
              g_string_append_c (out, '\n');
              break;
            }
        }
    }
  g_string_append_c (out, '\n');
  /* xgettext:no-c-format */
  g_string_append (out, _("Percentiles: the 10th percentile is the value 10% of outcomes fall below.\n"));
  return g_string_free (out, FALSE);
}

static char *
comparison_csv (const LevComparison *c)
{
  GString *out = g_string_new ("subject,statistic,value\n");
  char num[G_ASCII_DTOSTR_BUF_SIZE];

#define CSV(subject, stat, v) \
  g_string_append_printf (out, "%s,%s,%s\n", subject, stat, g_ascii_formatd (num, sizeof num, "%.17g", v))
  for (guint p = 0; p < c->n_plans; p++)
    {
      const LevComparePlan *pl = &c->plans[p];
      char subject[16];
      const struct { const char *name; LevCompareSummary s; } rows[] = {
        { "leveraged", { pl->leveraged.mean, pl->leveraged.percentiles[LEV_P10],
                         pl->leveraged.percentiles[LEV_P50], pl->leveraged.percentiles[LEV_P90] } },
        { "baseline", pl->baseline }, { "savings", pl->savings },
        { "runway_months", pl->runway_months },
      };

      g_snprintf (subject, sizeof subject, "plan%u", p);
      for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
        {
          g_autofree char *m = g_strconcat (rows[r].name, "_mean", NULL);
          g_autofree char *a = g_strconcat (rows[r].name, "_p10", NULL);
          g_autofree char *b = g_strconcat (rows[r].name, "_p50", NULL);
          g_autofree char *d = g_strconcat (rows[r].name, "_p90", NULL);

          CSV (subject, m, rows[r].s.mean);
          CSV (subject, a, rows[r].s.p10);
          CSV (subject, b, rows[r].s.p50);
          CSV (subject, d, rows[r].s.p90);
        }
      CSV (subject, "budget", pl->budget);
      CSV (subject, "p_within_budget", pl->p_within_budget);
    }
  for (guint q = 0; q < c->n_pairs; q++)
    {
      const LevComparePair *pair = &c->pairs[q];
      char subject[16];

      g_snprintf (subject, sizeof subject, "pair%u-%u", pair->a, pair->b);
      CSV (subject, "p_a_cheaper", pair->p_a_cheaper);
      CSV (subject, "difference_mean", pair->difference.mean);
      CSV (subject, "difference_p10", pair->difference.percentiles[LEV_P10]);
      CSV (subject, "difference_p50", pair->difference.percentiles[LEV_P50]);
      CSV (subject, "difference_p90", pair->difference.percentiles[LEV_P90]);
      CSV (subject, "items_changed", pair->n_items);
    }
#undef CSV
  return g_string_free (out, FALSE);
}

static int
write_charts (const LevComparison *c, const char *start, const char *dir)
{
  g_autoptr(LevCompareChartData) data = lev_compare_chart_data_new (c, start);
  g_autoptr(GError) error = NULL;
  LevChartStyle style;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_printerr (_("leverage-cli compare: could not create “%s”: %s\n"), dir, g_strerror (errno));
      return CLI_EXIT_FAILURE;
    }
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  for (guint k = 0; k < LEV_N_COMPARE_CHARTS; k++)
    {
      g_autofree char *name = g_strdup_printf ("compare-%s.png", lev_compare_chart_kind_to_id (k));
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (!lev_compare_chart_export (data, k, &style, LEV_CHART_FORMAT_PNG, LEV_CHART_DECK_WIDTH,
                                     LEV_CHART_DECK_HEIGHT, 1, path, &error))
        {
          g_printerr ("leverage-cli compare: %s\n", error->message);
          return CLI_EXIT_FAILURE;
        }
    }
  {
    /* And the same four as one PDF, the comparison's deck appendix. */
    g_autofree char *path = g_build_filename (dir, "compare.pdf", NULL);

    if (!lev_compare_chart_export_pdf (data, &style, LEV_CHART_DECK_WIDTH, LEV_CHART_DECK_HEIGHT,
                                       path, &error))
      {
        g_printerr ("leverage-cli compare: %s\n", error->message);
        return CLI_EXIT_FAILURE;
      }
  }
  return CLI_EXIT_OK;
}

int
cli_cmd_compare (int argc, char **argv)
{
  g_autofree char *seed_text = NULL, *charts_dir = NULL;
  int samples = G_MININT, threads = G_MININT; /* not given */
  GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples,
      N_("Number of samples (default: the first plan's)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Random seed (default: the first plan's)"), N_("S") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads,
      N_("Worker threads, 0 for one per processor (the default); the output does not depend on it"),
      N_("T") },
    { "charts", 0, 0, G_OPTION_ARG_FILENAME, &charts_dir,
      N_("Also write the comparison charts into this folder: deck PNGs and one PDF"), N_("DIR") },
    { NULL }
  };
  LevScenario *scenarios[LEV_COMPARE_MAX_PLANS] = { 0 };
  LevSnapshot *snaps[LEV_COMPARE_MAX_PLANS] = { 0 };
  g_autoptr(LevComparison) result = NULL;
  g_autoptr(GError) error = NULL;
  LevCompareOptions opts = { 0 };
  guint64 seed = 0;
  guint n_plans;
  CliFormat format;
  int status = CLI_EXIT_OK;

  if ((status = cli_command_open ("compare", NULL, entries, &argc, &argv, &format)) >= 0)
    return status;
  status = CLI_EXIT_OK;
  if (argc - 1 < LEV_COMPARE_MIN_PLANS || argc - 1 > LEV_COMPARE_MAX_PLANS)
    return cli_usage_error ("compare", _("expected 2 to 4 scenario files, got %d"), argc - 1);
  /* As in simulate: 0 samples is refused, 0 threads is one per processor. */
  if (samples != G_MININT && (samples < 1 || (guint) samples > LEV_SIM_MAX_SAMPLES))
    return cli_usage_error ("compare", _("--samples must be between 1 and %u"), LEV_SIM_MAX_SAMPLES);
  if (threads != G_MININT && (threads < 0 || threads > 256))
    return cli_usage_error ("compare", _("--threads must be between 0 (one per processor) and 256"));
  if (seed_text != NULL &&
      !g_ascii_string_to_unsigned (seed_text, 10, 0, G_GUINT64_CONSTANT (9007199254740991),
                                   &seed, NULL))
    return cli_usage_error ("compare", _("--seed must be a whole number from 0 to 2^53 − 1"));
  n_plans = (guint) argc - 1;

  for (guint p = 0; p < n_plans && status == CLI_EXIT_OK; p++)
    {
      if (!(scenarios[p] = lev_scenario_load_file (argv[p + 1], &error)))
        status = cli_report_error (error);
      else if (!(snaps[p] = lev_snapshot_new (scenarios[p], &error)))
        {
          /* Name the file, as every other refusal does. */
          g_prefix_error (&error, "%s: ", argv[p + 1]);
          status = cli_report_error (error);
        }
      else if (snaps[p]->currency != snaps[0]->currency)
        {
          g_printerr (_("leverage-cli compare: %s is in %s and %s in %s: plans in different "
                        "currencies cannot be compared\n"),
                      argv[1], lev_currency_to_id (snaps[0]->currency),
                      argv[p + 1], lev_currency_to_id (snaps[p]->currency));
          status = CLI_EXIT_BAD_INPUT;
        }
    }

  if (status == CLI_EXIT_OK)
    {
      opts.n_samples = samples != G_MININT ? (guint) samples : lev_scenario_get_samples (scenarios[0]);
      opts.seed = seed_text ? seed : lev_scenario_get_seed (scenarios[0]);
      opts.n_threads = threads != G_MININT ? (guint) threads : 0;
      if (!(result = lev_compare (snaps, n_plans, &opts, NULL, &error)))
        status = cli_report_error (error);
    }
  if (status == CLI_EXIT_OK && charts_dir != NULL)
    status = write_charts (result, lev_scenario_get_start (scenarios[0]), charts_dir);

  if (status == CLI_EXIT_OK)
    switch (format)
      {
      case CLI_FORMAT_JSON:
        {
          g_autoptr(JsonNode) node = lev_comparison_to_json (result, (const char *const *) argv + 1);
          cli_print_json (node);
        }
        break;
      case CLI_FORMAT_CSV:
        {
          g_autofree char *csv = comparison_csv (result);
          fputs (csv, stdout);
        }
        break;
      case CLI_FORMAT_TEXT:
      default:
        {
          g_autofree char *text = comparison_text (result, argv + 1);
          fputs (text, stdout);
        }
        break;
      }

  for (guint p = 0; p < LEV_COMPARE_MAX_PLANS; p++)
    {
      g_clear_pointer (&snaps[p], lev_snapshot_unref);
      g_clear_object (&scenarios[p]);
    }
  if (status == CLI_EXIT_OK && fflush (stdout) != 0)
    status = CLI_EXIT_FAILURE;
  return status;
}
