/* bench-train-reports.c: what batch reports cost. The same training is
 * timed without any monitor (the peer), with the Model Lab's half-second
 * reports, and with a report every 50 batches (each one waits for the
 * device), on every backend, and the ratios printed. Not a test: built
 * only; tests/bench/RESULTS.md has the command and the figures. */
#define G_LOG_DOMAIN "bench-train-reports"
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "lev-trainer.h"

static void
count_report (const LevBatchStats *st,
              gpointer             user_data)
{
  (*(guint *) user_data)++;
}

/* Seconds per epoch over epochs 2… (the first warms caches and kernels). */
static double
epoch_seconds (const LevTrainResult *r)
{
  double s = 0;

  for (guint e = 1; e < r->history->len; e++)
    s += g_array_index (r->history, LevEpochStats, e).seconds;
  return s / MAX (r->history->len - 1, 1);
}

int
main (int argc, char **argv)
{
  const char * const *names = lev_backend_list_names ();
  gsize rows = argc > 1 ? (gsize) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  int repeat = argc > 2 ? atoi (argv[2]) : 3;
  g_autofree char *dir = g_dir_make_tmp ("bench-reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "data.csv", NULL);
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autoptr(GRand) rng = g_rand_new_with_seed (1);
  g_autoptr(LevDataset) d = NULL;
  g_autoptr(GError) error = NULL;
  LevTrainOptions opt;

  /* 30 features, a label from a few of them: the article's shape. */
  for (guint j = 0; j < 30; j++)
    g_string_append_printf (csv, "f%u,", j);
  g_string_append (csv, "label\n");
  for (gsize i = 0; i < rows; i++)
    {
      double a = 0;

      for (guint j = 0; j < 30; j++)
        {
          double v = g_rand_double_range (rng, -1, 1);
          a += j < 3 ? v : 0;
          g_string_append_printf (csv, "%.4f,", v);
        }
      g_string_append_printf (csv, "%d\n", a > 0);
    }
  if (!g_file_set_contents (path, csv->str, (gssize) csv->len, &error) ||
      !(d = lev_dataset_load_csv (path, NULL, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_unlink (path);
  g_rmdir (dir);
  lev_train_options_init (&opt);
  opt.epochs = 4;

  printf ("%zu rows × 30, 64-32-1, Adam, batch 32, %u epochs; seconds per epoch (epochs 2-%u), best of %d\n",
          rows, opt.epochs, opt.epochs, repeat);
  for (guint b = 0; names[b] != NULL; b++)
    {
      g_autoptr(LevBackend) be = lev_backend_new_by_name (names[b], NULL, NULL);
      double best[3] = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };
      guint reports[3] = { 0 };

      if (be == NULL)
        continue;
      /* Interleaved, so that a busy moment of a shared machine does not
       * fall on one configuration only. */
      for (int k = 0; k < repeat; k++)
        for (guint c = 0; c < 3; c++)
          {
            guint n = 0;
            LevTrainMonitor monitor = { NULL, count_report, &n, 0, c == 2 ? 50 : 0 };
            g_autoptr(LevTrainResult) r = lev_train_full (be, d, &opt, c == 0 ? NULL : &monitor, NULL, &error);

            if (r == NULL)
              {
                g_printerr ("%s: %s\n", names[b], error->message);
                return 1;
              }
            best[c] = MIN (best[c], epoch_seconds (r));
            reports[c] = n;
          }
      printf ("%-8s no reports %.4f s | every 0.5 s %.4f s (%u reports, ×%.3f) | every 50 batches %.4f s "
              "(%u reports, ×%.3f)\n",
              names[b], best[0], best[1], reports[1], best[1] / best[0], best[2], reports[2], best[2] / best[0]);
    }
  return 0;
}
