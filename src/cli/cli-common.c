/* cli-common.c: shared plumbing of leverage-cli. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "lev-error.h"

gboolean
cli_parse_options (const char    *command,
                   const char    *parameter,
                   const char    *summary,
                   GOptionEntry  *entries,
                   GOptionEntry  *more,
                   int           *argc,
                   char        ***argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *param = g_strdup_printf ("%s %s", command, parameter);

  ctx = g_option_context_new (param);
  g_option_context_set_summary (ctx, summary);
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (more != NULL)
    g_option_context_add_main_entries (ctx, more, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      g_printerr ("leverage-cli %s: %s\n", command, error->message);
      g_printerr (_("Run “leverage-cli %s --help” for usage.\n"), command);
      return FALSE;
    }
  return TRUE;
}

gboolean
cli_parse_format (const char *text,
                  gboolean    allow_csv,
                  CliFormat  *out)
{
  if (text == NULL || g_str_equal (text, "text"))
    *out = CLI_FORMAT_TEXT;
  else if (g_str_equal (text, "json"))
    *out = CLI_FORMAT_JSON;
  else if (allow_csv && g_str_equal (text, "csv"))
    *out = CLI_FORMAT_CSV;
  else
    return FALSE;
  return TRUE;
}

int
cli_command_open (const char    *name,
                  const char    *description,
                  GOptionEntry  *entries,
                  int           *argc,
                  char        ***argv,
                  CliFormat     *format)
{
  const CliCommand *cmd = NULL;
  g_autofree char *format_text = NULL;
  GOptionEntry format_entry[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text, NULL, N_("FORMAT") },
    { NULL }
  };

  for (guint i = 0; i < cli_n_commands && cmd == NULL; i++)
    if (g_str_equal (cli_commands[i].name, name))
      cmd = &cli_commands[i];
  g_assert (cmd != NULL);
  g_assert ((cmd->formats == CLI_FORMATS_NONE) == (format == NULL));

  /* Every command with formats has the same --format option. */
  format_entry[0].description = cmd->formats == CLI_FORMATS_TEXT_JSON_CSV
                                ? N_("Output format: text, json or csv (default text)")
                                : N_("Output format: text or json (default text)");
  if (!cli_parse_options (name, _(cmd->parameter), description ? description : _(cmd->description),
                          entries, format != NULL ? format_entry : NULL, argc, argv))
    return CLI_EXIT_BAD_INPUT;
  if (format != NULL &&
      !cli_parse_format (format_text, cmd->formats == CLI_FORMATS_TEXT_JSON_CSV, format))
    return cli_usage_error (name, cmd->formats == CLI_FORMATS_TEXT_JSON_CSV
                                  ? _("unknown format “%s” (expected text, json or csv)")
                                  : _("unknown format “%s” (expected text or json)"),
                            format_text);
  if (cmd->n_args != CLI_ARGS_OWN && (guint) *argc != cmd->n_args + 1)
    {
      if (cmd->args_error != NULL)
        return cli_usage_error (name, "%s", _(cmd->args_error));
      return cli_usage_error (name, _("unexpected argument “%s”"), (*argv)[MIN (*argc - 1, 1)]);
    }
  return -1;
}

int
cli_usage_error (const char *command,
                 const char *format,
                 ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("leverage-cli %s: %s\n", command, msg);
  g_printerr (_("Run “leverage-cli %s --help” for usage.\n"), command);
  return CLI_EXIT_BAD_INPUT;
}

int
cli_report_error (const GError *error)
{
  g_printerr ("leverage-cli: %s\n", error->message);
  /* An output that cannot be written, or a training that diverged, is
   * not the input's fault. */
  if (error->domain == LEV_ERROR && error->code != LEV_ERROR_WRITE && error->code != LEV_ERROR_DIVERGED)
    return CLI_EXIT_BAD_INPUT;
  return CLI_EXIT_FAILURE;
}

void
cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  text = json_generator_to_data (gen, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
}
