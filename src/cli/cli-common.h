/* cli-common.h: what every leverage-cli subcommand shares: exit codes,
 * option parsing, output formats, loading a scenario. */
#pragma once

#include <glib.h>

#include "lev-scenario-io.h"

G_BEGIN_DECLS

enum {
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1, /* anything that is not the input's fault */
  CLI_EXIT_BAD_INPUT = 2, /* bad input file or usage */
};

typedef enum {
  CLI_FORMAT_TEXT,
  CLI_FORMAT_JSON,
  CLI_FORMAT_CSV,
} CliFormat;

/* Which --format values a command takes. */
typedef enum {
  CLI_FORMATS_NONE,
  CLI_FORMATS_TEXT_JSON,
  CLI_FORMATS_TEXT_JSON_CSV,
} CliFormats;

/* n_args of a command that checks its own arguments (a variable count). */
#define CLI_ARGS_OWN G_MAXUINT

/* A row of the command table (main.c). Strings are marked N_() there and
 * translated where they are shown. */
typedef struct {
  const char *name;
  const char *summary;       /* its line in `leverage-cli --help` */
  const char *parameter;     /* the usage's arguments ("FILE"), or "" */
  const char *description;   /* its own --help text (NULL: the command builds one) */
  guint       n_args;        /* positional arguments, or CLI_ARGS_OWN */
  const char *args_error;    /* a wrong count says this (NULL: the first extra argument) */
  CliFormats  formats;
  int       (*run) (int argc, char **argv);
} CliCommand;

extern const CliCommand cli_commands[];
extern const guint      cli_n_commands;

/* The opening every subcommand shares, read from its row of the table:
 * parses @entries (@description, when not NULL, replaces the row's) and,
 * for a command with formats, --format into @format; checks the number of
 * arguments. Returns -1 to go on, or the exit status to return (usage
 * printed). @format is NULL for a command without --format. */
int      cli_command_open    (const char    *name,
                              const char    *description,
                              GOptionEntry  *entries,
                              int           *argc,
                              char        ***argv,
                              CliFormat     *format);

/* Parses @argv with @entries; on failure prints the reason and returns FALSE.
 * @parameter is the usage string ("FILE"). */
gboolean cli_parse_options   (const char    *command,
                              const char    *parameter,
                              const char    *summary,
                              GOptionEntry  *entries,
                              GOptionEntry  *more,
                              int           *argc,
                              char        ***argv);
gboolean cli_parse_format    (const char    *text,
                              gboolean       allow_csv,
                              CliFormat     *out);
int      cli_usage_error     (const char    *command,
                              const char    *format,
                              ...) G_GNUC_PRINTF (2, 3);
/* Prints the error and returns the exit status it deserves. */
int      cli_report_error    (const GError  *error);
void     cli_print_json      (JsonNode      *node);

int      cli_cmd_report      (int argc, char **argv);
int      cli_cmd_validate    (int argc, char **argv);
int      cli_cmd_simulate    (int argc, char **argv);
int      cli_cmd_sensitivity (int argc, char **argv);
int      cli_cmd_compare     (int argc, char **argv);
int      cli_cmd_devices     (int argc, char **argv);
int      cli_cmd_bench_device (int argc, char **argv);
int      cli_cmd_export      (int argc, char **argv);
int      cli_cmd_train       (int argc, char **argv);
int      cli_cmd_predict     (int argc, char **argv);

G_END_DECLS
