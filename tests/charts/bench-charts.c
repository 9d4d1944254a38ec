/* bench-charts.c: how long each chart takes as a 3840×2160 PNG (deck
 * size at scale 2, the default export) and the whole deck appendix as a
 * PDF, on the llm-startup-7b sample with a real simulation and training
 * run: best and median of N runs. Run by tests/bench/charts.sh; prints one
 * line per measurement. */
#define G_LOG_DOMAIN "bench-charts"
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <time.h>

#include <glib/gstdio.h>

#include "lev-chart-export.h"
#include "lev-chart-sim.h"
#include "lev-chart-training.h"
#include "lev-scenario-io.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* CPU time of the whole process (all threads), in ms: on a shared machine
 * the wall time mostly measures the others; this does not. */
static double
cpu_ms (void)
{
  struct timespec t;
  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double
best (const double *v, guint n)
{
  double m = v[0];
  for (guint i = 1; i < n; i++)
    m = MIN (m, v[i]);
  return m;
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof (double), cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int
main (int argc, char **argv)
{
  const char *src = g_getenv ("LEVERAGE_SOURCE_DIR");
  g_autofree char *scenario_path = NULL, *run_path = NULL, *dir = NULL, *png = NULL, *pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) scenario = NULL;
  g_autoptr(LevReport) report = NULL;
  g_autoptr(LevSimResult) result = NULL;
  g_autoptr(LevSensitivity) sens = NULL;
  g_autoptr(LevChartSet) set = NULL;
  LevSimOptions opts = { 0 };
  LevChartStyle style;
  guint reps = argc > 1 ? (guint) atoi (argv[1]) : 7;
  double worst = 0;

  setlocale (LC_ALL, "");
  reps = CLAMP (reps, 1, 100);
  scenario_path = g_build_filename (src ? src : ".", "data", "scenarios", "llm-startup-7b.json", NULL);
  run_path = g_build_filename (src ? src : ".", "tests", "charts", "data", "lead-conversion-run.json", NULL);
  if (!(scenario = lev_scenario_load_file (scenario_path, &error)) ||
      !(report = lev_report_new (scenario, &error)))
    g_error ("%s", error->message);
  set = lev_chart_set_new_from_report (report, lev_scenario_get_start (scenario));
  opts.n_samples = 100000;
  opts.seed = 42;
  if (!(result = lev_simulate (report->snapshot, &opts, NULL, &error)))
    g_error ("%s", error->message);
  sens = lev_sensitivity_new (report->snapshot, NULL, LEV_OUTPUT_LEVERAGED);
  lev_chart_set_add_simulation (set, result, sens, report->eval.budget);
  if (!(set->training = lev_training_curves_load_file (run_path, &error)))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("bench-charts-XXXXXX", NULL);
  png = g_build_filename (dir, "chart.png", NULL);
  pdf = g_build_filename (dir, "deck.pdf", NULL);
  lev_chart_style_init (&style, LEV_CHART_STYLE_DECK, LEV_THEME_LIGHT);
  style.date = "2026-11-30";

  /* Fonts are found and loaded once per process; that is start-up, not
   * the chart, so one untimed round first. */
  for (int k = 0; k < LEV_N_CHARTS; k++)
    if (!lev_chart_export (set, k, &style, LEV_CHART_FORMAT_PNG, 1920, 1080, 2, png, &error))
      g_error ("%s", error->message);

  for (int k = 0; k < LEV_N_CHARTS; k++)
    {
      g_autofree double *total = g_new (double, reps);
      g_autofree double *draw = g_new (double, reps);
      g_autofree double *cpu = g_new (double, reps);
      double t_total, t_draw, t_cpu;

      for (guint r = 0; r < reps; r++)
        {
          gint64 t0 = g_get_monotonic_time (), t1;
          cairo_surface_t *s = lev_chart_render_image (set, k, &style, 1920, 1080, 2, NULL, &error);
          double c0;

          draw[r] = (g_get_monotonic_time () - t0) / 1000.0;
          cairo_surface_destroy (s);
          /* The export as a user gets it: drawing, encoding, writing. */
          t1 = g_get_monotonic_time ();
          c0 = cpu_ms ();
          if (!lev_chart_export (set, k, &style, LEV_CHART_FORMAT_PNG, 1920, 1080, 2, png, &error))
            g_error ("%s", error->message);
          cpu[r] = cpu_ms () - c0;
          total[r] = (g_get_monotonic_time () - t1) / 1000.0;
        }
      /* Best of the runs, as a shared machine only ever adds time; the
       * median says how noisy it was. */
      t_total = best (total, reps);
      t_draw = best (draw, reps);
      t_cpu = best (cpu, reps);
      worst = MAX (worst, t_total);
      printf ("chart %-14s png 3840x2160: %7.1f ms wall, %6.1f ms CPU (drawing alone %5.1f ms wall; median wall %.1f ms)  budget 100 ms  %s\n",
              lev_chart_kind_to_id (k), t_total, t_cpu, t_draw, median (total, reps), t_total <= 100 ? "ok" : "OVER");
    }
  {
    g_autofree double *t = g_new (double, reps);
    g_autofree double *c = g_new (double, reps);
    double m;
    for (guint r = 0; r < reps; r++)
      {
        gint64 t0 = g_get_monotonic_time ();
        double c0 = cpu_ms ();
        if (!lev_chart_export_pdf_pages (set, NULL, 0, &style, 1920, 1080, pdf, &error))
          g_error ("%s", error->message);
        c[r] = cpu_ms () - c0;
        t[r] = (g_get_monotonic_time () - t0) / 1000.0;
      }
    m = best (t, reps);
    printf ("deck appendix pdf (%d pages): %7.1f ms wall, %6.1f ms CPU (median wall %.1f ms)  budget 1000 ms  %s\n",
            LEV_N_CHARTS, m, best (c, reps), median (t, reps), m <= 1000 ? "ok" : "OVER");
  }
  printf ("slowest chart png: %.1f ms\n", worst);
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
  return 0;
}
