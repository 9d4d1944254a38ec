/* main.c: leverage-cli, every job of the app without a display. Each
 * subcommand lives in its own cli-*.c file. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"

static const CliCommand commands[] = {
  { "report", N_("Costs by area and item, with and without social channels"), cli_cmd_report },
  { "validate", N_("Check a scenario file and name the place of any problem"), cli_cmd_validate },
  { "simulate", N_("Monte Carlo: percentiles, the chance of staying within budget"), cli_cmd_simulate },
  { "compare", N_("Two to four plans side by side, under the same random futures"), cli_cmd_compare },
  { "sensitivity", N_("Which uncertain inputs matter most (tornado, rank correlation)"), cli_cmd_sensitivity },
  { "devices", N_("OpenCL devices training can use, and the default"), cli_cmd_devices },
  { "bench-device", N_("Measured GEMM GFLOP/s and training samples/s on a device"), cli_cmd_bench_device },
  { "export", N_("Charts as PNG, SVG or PDF for a pitch deck"), cli_cmd_export },
  { "train", N_("Train a dense network on a CSV file (the article's Keras program)"), cli_cmd_train },
  { "predict", N_("Predict with a saved model on a CSV file"), cli_cmd_predict },
};

static void
print_help (FILE *to)
{
  fprintf (to, "%s\n  leverage-cli COMMAND [OPTIONS] …\n\n%s\n", _("Usage:"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (to, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
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

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("leverage-cli: unknown command “%s”\n\n"), argv[1]);
  print_help (stderr);
  return CLI_EXIT_BAD_INPUT;
}
