/* cli-export.c: `leverage-cli export`, a scenario's charts as PNG, SVG
 * or PDF for a pitch deck, drawn by the same functions as the app. */
#define G_LOG_DOMAIN "leverage-cli"
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cli-common.h"
#include "lev-chart-export.h"
#include "lev-chart-sim.h"
#include "lev-chart-training.h"
#include "lev-report.h"

static gboolean
parse_size (const char *text,
            double     *w,
            double     *h)
{
  char *end = NULL;

  errno = 0;
  *w = g_ascii_strtod (text, &end);
  if (errno || end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  *h = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0';
}

static char *
summary_with_charts (void)
{
  GString *s = g_string_new (_("Draw a scenario's charts for a pitch deck. With --chart all, PNG "
                               "and SVG go into the folder --out as chart-NAME.EXT, and PDF "
                               "becomes one multi-page deck appendix. --size is in logical "
                               "pixels (default 1920x1080 for deck, 960x600 for screen); a PNG "
                               "has size × scale pixels."));

  g_string_append_printf (s, "\n\n%s\n", _("Charts:"));
  for (guint i = 0; i < LEV_N_CHARTS; i++)
    g_string_append_printf (s, "  %-14s %s\n", lev_chart_kind_to_id (i), lev_chart_kind_summary (i));
  g_string_append (s, _("The simulation charts (histogram, exceedance, tornado, the spend band) "
                        "come from a Monte Carlo run with the scenario's seed and sample count, "
                        "when the scenario has uncertain inputs. The training chart needs "
                        "--training RUN.json."));
  return g_string_free (s, FALSE);
}

static int
export_one (const LevChartSet   *set,
            LevChartKind         kind,
            const LevChartStyle *style,
            LevChartFormat       format,
            double               w,
            double               h,
            double               scale,
            const char          *path)
{
  g_autoptr(GError) error = NULL;

  if (!lev_chart_export (set, kind, style, format, w, h, scale, path, &error))
    return cli_report_error (error);
  printf ("%s\n", path);
  return CLI_EXIT_OK;
}

int
cli_cmd_export (int argc, char **argv)
{
  g_autofree char *chart_text = NULL, *format_text = NULL, *out = NULL, *size_text = NULL;
  g_autofree char *style_text = NULL, *theme_text = NULL, *title = NULL, *date = NULL;
  g_autofree char *training = NULL;
  g_autofree char *summary = summary_with_charts ();
  double scale = 2;
  int samples = G_MININT; /* not given */
  gboolean transparent = FALSE, no_simulation = FALSE;
  GOptionEntry entries[] = {
    { "chart", 'c', 0, G_OPTION_ARG_STRING, &chart_text,
      N_("Chart to draw, or “all” (default all)"), N_("NAME") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_text,
      N_("png, svg or pdf (default: from the --out extension, else png)"), N_("FORMAT") },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out,
      N_("File to write (a folder for several PNG or SVG files)"), N_("PATH") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size_text,
      N_("Logical size, e.g. 1920x1080"), N_("WxH") },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale,
      N_("PNG pixels per logical pixel (default 2)"), N_("S") },
    { "style", 0, 0, G_OPTION_ARG_STRING, &style_text,
      N_("deck (default) or screen"), N_("STYLE") },
    { "theme", 0, 0, G_OPTION_ARG_STRING, &theme_text,
      N_("light or dark (default: light for deck, the desktop's scheme for screen)"), N_("THEME") },
    { "transparent", 0, 0, G_OPTION_ARG_NONE, &transparent,
      N_("Leave the background transparent"), NULL },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title,
      N_("Title instead of the chart's own"), N_("TEXT") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("Date on the source line (default today)"), N_("DATE") },
    { "samples", 'n', 0, G_OPTION_ARG_INT, &samples,
      N_("Monte Carlo samples (default: the scenario's)"), N_("N") },
    { "no-simulation", 0, 0, G_OPTION_ARG_NONE, &no_simulation,
      N_("Only the deterministic charts; no Monte Carlo run"), NULL },
    { "training", 0, 0, G_OPTION_ARG_FILENAME, &training,
      N_("Training run for the training chart (from “leverage-cli train --format json”)"), N_("RUN.json") },
    { NULL }
  };
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevReport) report = NULL;
  g_autoptr(LevChartSet) set = NULL;
  g_autoptr(GError) error = NULL;
  LevChartStyle style;
  LevChartFormat format = LEV_CHART_FORMAT_PNG;
  LevChartStyleKind style_kind = LEV_CHART_STYLE_DECK;
  LevTheme theme = LEV_THEME_LIGHT;
  gboolean all = TRUE;
  LevChartKind kind = LEV_CHART_COST_BY_AREA;
  double w, h;
  int status;

  if ((status = cli_command_open ("export", summary, entries, &argc, &argv, NULL)) >= 0)
    return status;
  if (out == NULL)
    return cli_usage_error ("export", _("--out PATH is required"));
  if (chart_text != NULL && !g_str_equal (chart_text, "all"))
    {
      if (!lev_chart_kind_from_id (chart_text, &kind))
        return cli_usage_error ("export", _("unknown chart “%s” (see --help for the list)"), chart_text);
      all = FALSE;
    }
  if (format_text != NULL)
    {
      if (!lev_chart_format_from_id (format_text, &format))
        return cli_usage_error ("export", _("unknown format “%s” (expected png, svg or pdf)"),
                                format_text);
    }
  else
    {
      const char *dot = strrchr (out, '.');
      if (dot == NULL || !lev_chart_format_from_id (dot + 1, &format))
        format = LEV_CHART_FORMAT_PNG;
    }
  if (style_text != NULL)
    {
      if (g_str_equal (style_text, "deck"))
        style_kind = LEV_CHART_STYLE_DECK;
      else if (g_str_equal (style_text, "screen"))
        style_kind = LEV_CHART_STYLE_SCREEN;
      else
        return cli_usage_error ("export", _("unknown style “%s” (expected deck or screen)"), style_text);
    }
  /* The screen style follows the desktop unless told otherwise; a deck
   * stays light, as slides are. */
  if (theme_text == NULL && style_kind == LEV_CHART_STYLE_SCREEN)
    theme = lev_chart_theme_from_desktop ();
  else if (theme_text != NULL)
    {
      if (g_str_equal (theme_text, "light"))
        theme = LEV_THEME_LIGHT;
      else if (g_str_equal (theme_text, "dark"))
        theme = LEV_THEME_DARK;
      else
        return cli_usage_error ("export", _("unknown theme “%s” (expected light or dark)"), theme_text);
    }
  if (style_kind == LEV_CHART_STYLE_DECK)
    w = LEV_CHART_DECK_WIDTH, h = LEV_CHART_DECK_HEIGHT;
  else
    w = LEV_CHART_SCREEN_WIDTH, h = LEV_CHART_SCREEN_HEIGHT;
  if (size_text != NULL && !parse_size (size_text, &w, &h))
    return cli_usage_error ("export", _("bad --size “%s” (expected WxH, e.g. 1920x1080)"), size_text);
  if (!lev_chart_check_size (w, h, format == LEV_CHART_FORMAT_PNG ? scale : 1, &error))
    return cli_usage_error ("export", "%s", error->message);
  if (samples != G_MININT && (samples < 1 || (guint) samples > LEV_SIM_MAX_SAMPLES))
    return cli_usage_error ("export", _("--samples must be between 1 and %u"), LEV_SIM_MAX_SAMPLES);

  if (!(scenario = lev_scenario_load_file (argv[1], &error)) ||
      !(report = lev_report_new (scenario, &error)))
    return cli_report_error (error);
  set = lev_chart_set_new_from_report (report, lev_scenario_get_start (scenario));

  if (training != NULL)
    {
      if (!(set->training = lev_training_curves_load_file (training, &error)))
        return cli_report_error (error);
    }

  /* Only run the simulation when a chart asked for needs it. */
  if (!no_simulation && (all || kind == LEV_CHART_HISTOGRAM || kind == LEV_CHART_EXCEEDANCE ||
                         kind == LEV_CHART_TORNADO || kind == LEV_CHART_FAN))
    {
      LevSimOptions opts = { 0 };
      g_autoptr(LevSimResult) result = NULL;
      g_autoptr(LevSensitivity) sens = NULL;

      opts.n_samples = samples != G_MININT ? (guint) samples : lev_scenario_get_samples (scenario);
      opts.seed = lev_scenario_get_seed (scenario);
      if (!(result = lev_simulate (report->snapshot, &opts, NULL, &error)))
        return cli_report_error (error);
      /* Without uncertain inputs every sample is the same: a histogram
       * of one bar says nothing, so those charts stay out. */
      if (result->n_uncertain > 0)
        {
          sens = lev_sensitivity_new (report->snapshot, NULL, LEV_OUTPUT_LEVERAGED);
          lev_chart_set_add_simulation (set, result, sens, report->eval.budget);
        }
    }

  lev_chart_style_init (&style, style_kind, theme);
  style.transparent = transparent;
  style.title = title;
  style.date = date;

  if (!all)
    {
      if (!lev_chart_set_has (set, kind))
        {
          g_printerr (_("leverage-cli: “%s” has no data for the chart “%s” (it needs uncertain "
                        "inputs for a simulation, or a training run)\n"), argv[1],
                      lev_chart_kind_to_id (kind));
          return CLI_EXIT_BAD_INPUT;
        }
      return export_one (set, kind, &style, format, w, h, scale, out);
    }

  if (format == LEV_CHART_FORMAT_PDF)
    {
      if (!lev_chart_export_pdf_pages (set, NULL, 0, &style, w, h, out, &error))
        return cli_report_error (error);
      printf ("%s\n", out);
      return CLI_EXIT_OK;
    }

  if (g_mkdir_with_parents (out, 0755) != 0)
    {
      int saved = errno;
      g_printerr (_("leverage-cli: could not create the folder “%s”: %s\n"), out, g_strerror (saved));
      return CLI_EXIT_FAILURE;
    }
  for (guint i = 0; i < LEV_N_CHARTS; i++)
    {
      g_autofree char *name = NULL, *path = NULL;

      if (!lev_chart_set_has (set, i))
        continue;
      name = g_strdup_printf ("chart-%s.%s", lev_chart_kind_to_id (i), lev_chart_format_to_id (format));
      path = g_build_filename (out, name, NULL);
      if ((status = export_one (set, i, &style, format, w, h, scale, path)) != CLI_EXIT_OK)
        return status;
    }
  return fflush (stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}
