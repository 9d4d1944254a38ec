/* cli-simulate.c: `leverage-cli simulate` and `leverage-cli sensitivity`:
 * the Monte Carlo engine from the command line, with output that is the
 * same byte for byte whatever --threads says. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "lev-error.h"
#include "lev-file.h"
#include "lev-money.h"
#include "lev-number-text.h"
#include "lev-sensitivity.h"
#include "lev-simulate.h"

static const char *
output_label (LevOutput o)
{
  switch (o)
    {
    case LEV_OUTPUT_LEVERAGED: return _("Leveraged total");
    case LEV_OUTPUT_BASELINE: return _("Baseline total");
    case LEV_OUTPUT_SAVINGS: return _("Savings");
    case LEV_OUTPUT_PEAK_MONTHLY: return _("Peak monthly spend");
    case LEV_OUTPUT_RUNWAY_MONTHS: return _("Runway (months)");
    case LEV_OUTPUT_AREA_DATA:
    case LEV_OUTPUT_AREA_COMPUTE:
    case LEV_OUTPUT_AREA_TALENT:
    case LEV_OUTPUT_AREA_MARKET:
      return lev_area_kind_label (o - LEV_OUTPUT_AREA_DATA);
    case LEV_N_OUTPUTS:
    default:
      return "";
    }
}

static char *
value_text (double v, LevOutput o, LevCurrency cur)
{
  if (o == LEV_OUTPUT_RUNWAY_MONTHS)
    return g_strdup_printf ("%.1f", v);
  return lev_money_format (v, cur, LEV_MONEY_COMPACT, LEV_MONEY_LOCALE_AUTO);
}

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
simulation_text (const LevSimResult *r)
{
  const LevSnapshot *s = r->snapshot;
  GString *out = g_string_new (NULL);
  g_autofree char *budget = NULL;

  g_string_append_printf (out, "%s\n", s->name);
  g_string_append_printf (out, _("Monte Carlo: %u samples · seed %llu"
                                 " · %u uncertain inputs\n\n"),
                          r->n_samples, (unsigned long long) r->seed, r->n_uncertain);
  pad (out, "", 22, FALSE);
  {
    const char *heads[] = { N_("5th"), N_("10th"), N_("25th"), N_("50th"), N_("75th"),
                            N_("90th"), N_("95th"), N_("mean"), N_("sd") };
    for (guint i = 0; i < G_N_ELEMENTS (heads); i++)
      pad (out, _(heads[i]), 11, TRUE);
  }
  g_string_append_c (out, '\n');
  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      const LevOutputStats *st = &r->outputs[o];
      gboolean area = o >= LEV_OUTPUT_AREA_DATA && o <= LEV_OUTPUT_AREA_MARKET;
      g_autofree char *label = g_strconcat (area ? "  " : "", output_label (o), NULL);

      pad (out, label, 22, FALSE);
      for (guint p = 0; p < LEV_N_PERCENTILES + 2; p++)
        {
          double v = p < LEV_N_PERCENTILES ? st->percentiles[p] : (p == LEV_N_PERCENTILES ? st->mean : st->sd);
          g_autofree char *t = value_text (v, o, s->currency);

          pad (out, t, 11, TRUE);
        }
      g_string_append_c (out, '\n');
    }
  budget = lev_money_format (lev_dist_sampler_quantile (&s->inputs[s->budget].sampler, 0.5),
                             s->currency, LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  g_string_append_printf (out, _("\nChance the leveraged total stays within the budget (%s): %.1f%%\n"),
                          budget, 100.0 * r->p_within_budget);
  /* xgettext:no-c-format */
  g_string_append (out, _("Percentiles: the 10th percentile is the value 10% of outcomes fall below.\n"));
  return g_string_free (out, FALSE);
}

static char *
simulation_csv (const LevSimResult *r)
{
  GString *out = g_string_new ("output,statistic,value\n");
  char num[G_ASCII_DTOSTR_BUF_SIZE];

#define ROW(o, stat, v) \
  g_string_append_printf (out, "%s,%s,%s\n", o, stat, g_ascii_formatd (num, sizeof num, "%.17g", v))

  for (guint o = 0; o < LEV_N_OUTPUTS; o++)
    {
      const LevOutputStats *st = &r->outputs[o];
      const char *id = lev_output_id (o);

      ROW (id, "mean", st->mean);
      ROW (id, "sd", st->sd);
      ROW (id, "min", st->min);
      for (guint p = 0; p < LEV_N_PERCENTILES; p++)
        {
          char stat[8];

          g_snprintf (stat, sizeof stat, "p%d", (int) lround (lev_percentile_levels[p] * 100));
          ROW (id, stat, st->percentiles[p]);
        }
      ROW (id, "max", st->max);
    }
  ROW ("leveraged", "p_within_budget", r->p_within_budget);
#undef ROW
  return g_string_free (out, FALSE);
}

/* What both commands take; the strings are freed by options_clear(). */
typedef struct {
  char    *samples_out;
  char    *output_text;
  char    *seed_text;
  int      samples;
  int      threads;
  guint64  seed;
} Options;

static void
options_clear (Options *o)
{
  g_free (o->samples_out);
  g_free (o->output_text);
  g_free (o->seed_text);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Options, options_clear)

static LevSnapshot *
load (const char *file, LevScenario **scenario_out, GError **error)
{
  g_autoptr(LevScenario) scenario = lev_scenario_load_file (file, error);
  LevSnapshot *snap;

  if (scenario == NULL)
    return NULL;
  snap = lev_snapshot_new (scenario, error);
  if (snap == NULL)
    {
      /* Name the file, as every other refusal does. */
      g_prefix_error (error, "%s: ", file);
      return NULL;
    }
  *scenario_out = g_steal_pointer (&scenario);
  return snap;
}

/* An option left out (GOption leaves the variable as it was). */
#define UNSET G_MININT

static gboolean
check_common (const char *command, Options *o, int *status)
{
  /* 0 samples is no simulation: refused like −1, not read as "the
   * default" (leave the option out for that). 0 threads is the usual
   * spelling of "one per processor" (xz -T0), and the help says so. */
  if (o->samples != UNSET && (o->samples < 1 || (guint) o->samples > LEV_SIM_MAX_SAMPLES))
    {
      *status = cli_usage_error (command, _("--samples must be between 1 and %u"), LEV_SIM_MAX_SAMPLES);
      return FALSE;
    }
  if (o->threads != UNSET && (o->threads < 0 || o->threads > 256))
    {
      *status = cli_usage_error (command, _("--threads must be between 0 (one per processor) and 256"));
      return FALSE;
    }
  if (o->seed_text != NULL &&
      !g_ascii_string_to_unsigned (o->seed_text, 10, 0, G_GUINT64_CONSTANT (9007199254740991),
                                   &o->seed, NULL))
    {
      *status = cli_usage_error (command, _("--seed must be a whole number from 0 to 2^53 − 1"));
      return FALSE;
    }
  return TRUE;
}

int
cli_cmd_simulate (int argc, char **argv)
{
  g_auto(Options) o = { .samples = UNSET, .threads = UNSET };
  GOptionEntry entries[] = {
    { "samples", 'n', 0, G_OPTION_ARG_INT, &o.samples,
      N_("Number of samples (default: the scenario's, 100000 if unset)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o.seed_text,
      N_("Random seed (default: the scenario's)"), N_("S") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &o.threads,
      N_("Worker threads, 0 for one per processor (the default); the output does not depend on it"),
      N_("T") },
    { "samples-out", 0, 0, G_OPTION_ARG_FILENAME, &o.samples_out,
      N_("Also write every sample (outputs and uncertain inputs) to this CSV file"), N_("FILE.csv") },
    { NULL }
  };
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevSnapshot) snap = NULL;
  g_autoptr(LevSimResult) result = NULL;
  g_autoptr(GError) error = NULL;
  LevSimOptions opts = { 0 };
  CliFormat format;
  int status;

  if ((status = cli_command_open ("simulate", NULL, entries, &argc, &argv, &format)) >= 0 ||
      !check_common ("simulate", &o, &status))
    return status;

  if (!(snap = load (argv[1], &scenario, &error)))
    return cli_report_error (error);
  opts.n_samples = o.samples != UNSET ? (guint) o.samples : lev_scenario_get_samples (scenario);
  opts.seed = o.seed_text ? o.seed : lev_scenario_get_seed (scenario);
  opts.n_threads = o.threads != UNSET ? (guint) o.threads : 0;
  opts.keep_inputs = o.samples_out != NULL;
  if (!(result = lev_simulate (snap, &opts, NULL, &error)))
    return cli_report_error (error);

  if (o.samples_out != NULL)
    {
      /* Hundreds of megabytes: streamed into the save, which only
       * replaces the old file once every row is on disk. */
      g_autoptr(LevFileSave) save = lev_file_save_new (o.samples_out, &error);

      if (save == NULL ||
          !lev_sim_result_write_csv (result, lev_file_save_get_stream (save), NULL, &error) ||
          !lev_file_save_commit (save, &error))
        {
          /* The save's own errors name the file; the stream's do not. */
          if (error->domain == LEV_ERROR)
            return cli_report_error (error);
          g_printerr (_("leverage-cli: Could not write “%s”: %s\n"), o.samples_out, error->message);
          return CLI_EXIT_FAILURE;
        }
    }

  switch (format)
    {
    case CLI_FORMAT_JSON:
      {
        g_autoptr(JsonNode) node = lev_sim_result_to_json (result);
        cli_print_json (node);
      }
      break;
    case CLI_FORMAT_CSV:
      {
        g_autofree char *csv = simulation_csv (result);
        fputs (csv, stdout);
      }
      break;
    case CLI_FORMAT_TEXT:
    default:
      {
        g_autofree char *text = simulation_text (result);
        fputs (text, stdout);
      }
      break;
    }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static char *
sensitivity_text (const LevSensitivity *sens, const LevSnapshot *s, guint n_samples)
{
  GString *out = g_string_new (NULL);
  g_autofree char *base = value_text (sens->output_base, sens->output, s->currency);

  g_string_append_printf (out, "%s\n", s->name);
  g_string_append_printf (out, _("Sensitivity of %s (every input at its median: %s)\n"),
                          output_label (sens->output), base);
  g_string_append_printf (out, _("Tornado: each input from its 10th to its 90th percentile, the "
                                 "others at their medians. Spearman from %u samples.\n\n"),
                          n_samples);
  pad (out, _("Input"), 44, FALSE);
  pad (out, _("at 10th"), 12, TRUE);
  pad (out, _("at 90th"), 12, TRUE);
  pad (out, _("swing"), 12, TRUE);
  pad (out, _("Spearman"), 10, TRUE);
  pad (out, _("share"), 8, TRUE);
  g_string_append_c (out, '\n');
  for (guint r = 0; r < sens->n_rows; r++)
    {
      const LevSensitivityRow *row = &sens->rows[r];
      g_autofree char *lo = value_text (row->output_low, sens->output, s->currency);
      g_autofree char *hi = value_text (row->output_high, sens->output, s->currency);
      g_autofree char *sw = value_text (row->swing, sens->output, s->currency);
      g_autofree char *label = NULL;
      char rho[32], share[32];

      label = g_utf8_substring (s->inputs[row->input].label, 0,
                                MIN (g_utf8_strlen (s->inputs[row->input].label, -1), 42));
      g_snprintf (rho, sizeof rho, "%+.3f", row->spearman);
      g_snprintf (share, sizeof share, "%.1f%%", 100.0 * row->variance_share);
      pad (out, label, 44, FALSE);
      pad (out, lo, 12, TRUE);
      pad (out, hi, 12, TRUE);
      pad (out, sw, 12, TRUE);
      pad (out, rho, 10, TRUE);
      pad (out, share, 8, TRUE);
      g_string_append_c (out, '\n');
    }
  if (sens->n_rows == 0)
    g_string_append (out, _("No input of this scenario is uncertain: give some a range.\n"));
  return g_string_free (out, FALSE);
}

static char *
sensitivity_csv (const LevSensitivity *sens, const LevSnapshot *s)
{
  GString *out = g_string_new ("path,p10,p90,output_at_p10,output_at_p90,swing,spearman,variance_share\n");
  char num[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint r = 0; r < sens->n_rows; r++)
    {
      const LevSensitivityRow *row = &sens->rows[r];
      double v[] = { row->low_value, row->high_value, row->output_low, row->output_high,
                     row->swing, row->spearman, row->variance_share };

      g_string_append (out, s->inputs[row->input].path);
      for (guint i = 0; i < G_N_ELEMENTS (v); i++)
        {
          g_string_append_c (out, ',');
          g_string_append (out, g_ascii_formatd (num, sizeof num, "%.17g", v[i]));
        }
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

int
cli_cmd_sensitivity (int argc, char **argv)
{
  g_auto(Options) o = { .samples = UNSET, .threads = UNSET };
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_STRING, &o.output_text,
      N_("Which output: leveraged (default), baseline, savings, data, compute, talent, market, "
         "peak_monthly or runway_months"), N_("OUTPUT") },
    { "samples", 'n', 0, G_OPTION_ARG_INT, &o.samples,
      N_("Samples for the rank correlations (default: the scenario's)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_STRING, &o.seed_text,
      N_("Random seed (default: the scenario's)"), N_("S") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &o.threads,
      N_("Worker threads, 0 for one per processor (the default)"), N_("T") },
    { NULL }
  };
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevSnapshot) snap = NULL;
  g_autoptr(LevSimResult) result = NULL;
  g_autoptr(LevSensitivity) sens = NULL;
  g_autoptr(GError) error = NULL;
  LevSimOptions opts = { 0 };
  LevOutput output = LEV_OUTPUT_LEVERAGED;
  CliFormat format;
  int status;

  if ((status = cli_command_open ("sensitivity", NULL, entries, &argc, &argv, &format)) >= 0 ||
      !check_common ("sensitivity", &o, &status))
    return status;
  if (o.output_text != NULL && !lev_output_from_id (o.output_text, &output))
    return cli_usage_error ("sensitivity",
                            _("unknown output “%s” (expected leveraged, baseline, savings, data, "
                              "compute, talent, market, peak_monthly or runway_months)"),
                            o.output_text);

  if (!(snap = load (argv[1], &scenario, &error)))
    return cli_report_error (error);
  opts.n_samples = o.samples != UNSET ? (guint) o.samples : lev_scenario_get_samples (scenario);
  opts.seed = o.seed_text ? o.seed : lev_scenario_get_seed (scenario);
  opts.n_threads = o.threads != UNSET ? (guint) o.threads : 0;
  opts.keep_inputs = TRUE;
  if (!(result = lev_simulate (snap, &opts, NULL, &error)))
    return cli_report_error (error);
  sens = lev_sensitivity_new (snap, result, output);

  switch (format)
    {
    case CLI_FORMAT_JSON:
      {
        g_autoptr(JsonNode) node = lev_sensitivity_to_json (sens, snap);
        cli_print_json (node);
      }
      break;
    case CLI_FORMAT_CSV:
      {
        g_autofree char *csv = sensitivity_csv (sens, snap);
        fputs (csv, stdout);
      }
      break;
    case CLI_FORMAT_TEXT:
    default:
      {
        g_autofree char *text = sensitivity_text (sens, snap, result->n_samples);
        fputs (text, stdout);
      }
      break;
    }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
