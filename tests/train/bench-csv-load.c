/* bench-csv-load.c: times the CSV reader on one file for tests/bench/train.sh
 * (best of N runs, each a fresh process-local load) and reports the peak
 * memory against the float32 matrix it produced. Not a test: built only. */
#define G_LOG_DOMAIN "bench-csv-load"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glib/gstdio.h>

#include "lev-dataset.h"

static gsize
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(p = strstr (status, field)))
    return 0;
  return (gsize) g_ascii_strtoull (p + strlen (field) + 1, NULL, 10);
}

int
main (int argc, char **argv)
{
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE;
  gsize rows = 0, features = 0, before = status_kb ("VmRSS:"), peak;
  GStatBuf st;
  int runs = argc > 2 ? atoi (argv[2]) : 3;

  if (argc < 2 || g_stat (argv[1], &st) != 0)
    {
      g_printerr ("usage: bench-csv-load FILE.csv [RUNS]\n");
      return 2;
    }
  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LevDataset) d = NULL;
      struct timespec c0, c1;
      gint64 t0;
      double s;

      /* CPU time of all reader threads, besides the wall time: on a
       * machine shared with other work, the wall time measures the load. */
      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c0);
      t0 = g_get_monotonic_time ();
      d = lev_dataset_load_csv (argv[1], NULL, &error);
      s = (double) (g_get_monotonic_time () - t0) / 1e6;

      if (d == NULL)
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
      clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &c1);
      best = MIN (best, s);
      best_cpu = MIN (best_cpu, (double) (c1.tv_sec - c0.tv_sec) + (double) (c1.tv_nsec - c0.tv_nsec) / 1e9);
      rows = d->n_rows;
      features = d->n_features;
    }
  peak = status_kb ("VmHWM:");
  printf ("{\"seconds\": %.4f, \"cpu_seconds\": %.4f, \"rows\": %zu, \"features\": %zu, \"mb_per_s\": %.1f, "
          "\"peak_over_matrix\": %.3f}\n",
          best, best_cpu, rows, features, (double) st.st_size / 1e6 / best,
          (double) (peak - before) * 1024.0 / ((double) rows * (double) (features + 1) * 4.0));
  return 0;
}
