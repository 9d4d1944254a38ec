/* cli-report.c: `leverage-cli report` and `leverage-cli validate`. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "lev-report.h"

int
cli_cmd_report (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CliFormat format;
  int status;

  if ((status = cli_command_open ("report", NULL, entries, &argc, &argv, &format)) >= 0)
    return status;

  if (!(scenario = lev_scenario_load_file (argv[1], &error)) ||
      !(report = lev_report_new (scenario, &error)))
    return cli_report_error (error);

  switch (format)
    {
    case CLI_FORMAT_JSON:
      {
        g_autoptr(JsonNode) node = lev_report_to_json (report);
        cli_print_json (node);
      }
      break;
    case CLI_FORMAT_CSV:
      {
        g_autofree char *csv = lev_report_to_csv (report);
        fputs (csv, stdout);
      }
      break;
    case CLI_FORMAT_TEXT:
    default:
      {
        g_autofree char *text = lev_report_to_text (report, LEV_MONEY_LOCALE_AUTO);
        fputs (text, stdout);
      }
      break;
    }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

int
cli_cmd_validate (int argc, char **argv)
{
  GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevReport) report = NULL;
  g_autoptr(GError) error = NULL;
  CliFormat format;
  int status;

  if ((status = cli_command_open ("validate", NULL, entries, &argc, &argv, &format)) >= 0)
    return status;

  scenario = lev_scenario_load_file (argv[1], &error);
  if (scenario != NULL)
    report = lev_report_new (scenario, &error);

  if (format == CLI_FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, argv[1]);
      json_builder_set_member_name (b, "valid");
      json_builder_add_boolean_value (b, error == NULL);
      if (error != NULL)
        {
          json_builder_set_member_name (b, "error");
          json_builder_add_string_value (b, error->message);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      cli_print_json (root);
    }
  if (error != NULL)
    return cli_report_error (error);
  if (format == CLI_FORMAT_TEXT)
    g_print (_("%s: valid scenario “%s”\n"), argv[1], lev_scenario_get_name (scenario));
  return CLI_EXIT_OK;
}
