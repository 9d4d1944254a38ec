/* main.c: leverage-cli, every job of the app without a display. Each
 * subcommand lives in its own cli-*.c file. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

const CliCommand cli_commands[] = {
  { "report", N_("Costs by area and item, with and without social channels"), N_("FILE"),
    N_("Print what a scenario costs, by area and item, with and without the social channels "
       "(every number at its point value)."),
    1, N_("expected one scenario FILE"), CLI_FORMATS_TEXT_JSON_CSV, cli_cmd_report },
  { "validate", N_("Check a scenario file and name the place of any problem"), N_("FILE"),
    N_("Check that a scenario file is well-formed and complete. Exit status 0 when it is, 2 "
       "with the place and reason when not."),
    1, N_("expected one scenario FILE"), CLI_FORMATS_TEXT_JSON, cli_cmd_validate },
  { "simulate", N_("Monte Carlo: percentiles, the chance of staying within budget"), N_("FILE"),
    N_("Run the Monte Carlo simulation: percentiles of the totals, each area, the peak monthly "
       "spend and the runway, and the chance of staying within the budget."),
    1, N_("expected one scenario FILE"), CLI_FORMATS_TEXT_JSON_CSV, cli_cmd_simulate },
  { "compare", N_("Two to four plans side by side, under the same random futures"),
    N_("A.json B.json [C.json D.json]"),
    N_("Compare two to four plans under the same futures: inputs with the same name "
       "(ITEM-ID.FIELD, plan.FIELD, budget, AREA.requirement) take the same random draws in "
       "every plan, so the chance that one plan costs less than another is read from paired "
       "samples."),
    CLI_ARGS_OWN, NULL, CLI_FORMATS_TEXT_JSON_CSV, cli_cmd_compare },
  { "sensitivity", N_("Which uncertain inputs matter most (tornado, rank correlation)"), N_("FILE"),
    N_("Which uncertain inputs matter: a tornado (each input from its 10th to its 90th "
       "percentile) and Spearman rank correlations with each input's share of variance."),
    1, N_("expected one scenario FILE"), CLI_FORMATS_TEXT_JSON_CSV, cli_cmd_sensitivity },
  { "devices", N_("OpenCL devices training can use, and the default"), "",
    N_("List the OpenCL devices training can use and the one it uses by default; without "
       "OpenCL, training runs on the CPU backend."),
    0, NULL, CLI_FORMATS_TEXT_JSON, cli_cmd_devices },
  { "bench-device", N_("Measured GEMM GFLOP/s and training samples/s on a device"), "",
    N_("Measure GEMM GFLOP/s and training samples/s on an OpenCL device and on the CPU "
       "backend, for the article's network and a wide one."),
    0, NULL, CLI_FORMATS_TEXT_JSON, cli_cmd_bench_device },
  { "export", N_("Charts as PNG, SVG or PDF for a pitch deck"), N_("FILE"), NULL,
    1, N_("expected one scenario FILE"), CLI_FORMATS_NONE, cli_cmd_export },
  { "train", N_("Train a dense network on a CSV file (the article's Keras program)"), N_("DATA.csv"),
    N_("Train a dense network on a CSV file: by default the article's Keras program (64-32 "
       "ReLU, sigmoid output, Adam, 10 epochs, batch 32, 80/20 split with seed 42)."),
    1, N_("expected one DATA.csv file"), CLI_FORMATS_TEXT_JSON, cli_cmd_train },
  { "predict", N_("Predict with a saved model on a CSV file"), N_("MODEL.json DATA.csv"),
    N_("Predict with a model saved by “train --save”: one output row per input row (the "
       "predicted class and its probabilities, or the predicted value)."),
    2, N_("expected MODEL.json and DATA.csv"), CLI_FORMATS_NONE, cli_cmd_predict },
};
const guint cli_n_commands = G_N_ELEMENTS (cli_commands);

static void
print_help (FILE *to)
{
  fprintf (to, "%s\n  leverage-cli COMMAND [OPTIONS] …\n\n%s\n", _("Usage:"), _("Commands:"));
  for (guint i = 0; i < cli_n_commands; i++)
    fprintf (to, "  %-14s %s\n", cli_commands[i].name, _(cli_commands[i].summary));
  fprintf (to, "\n%s\n", _("Run “leverage-cli COMMAND --help” for a command's options."));
  fprintf (to, "%s\n", _("Exit status: 0 success, 2 bad input or usage, 1 other failures."));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* An uninstalled build finds its translations in the build tree's po/
   * folder: build-aux/dev and the tests point LEVERAGE_LOCALEDIR there. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("LEVERAGE_LOCALEDIR") ? g_getenv ("LEVERAGE_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("leverage-cli");

  if (argc < 2)
    {
      print_help (stderr);
      return CLI_EXIT_BAD_INPUT;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_help (stdout);
      return CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("leverage-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  for (guint i = 0; i < cli_n_commands; i++)
    if (g_str_equal (argv[1], cli_commands[i].name))
      return cli_commands[i].run (argc - 1, argv + 1);

  g_printerr (_("leverage-cli: unknown command “%s”\n\n"), argv[1]);
  print_help (stderr);
  return CLI_EXIT_BAD_INPUT;
}
