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
