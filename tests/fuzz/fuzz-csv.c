/* fuzz-csv.c: libFuzzer target for the training-data CSV reader
 * (lev_dataset_load_csv and, with the schema it infers, the predict-time
 * lev_dataset_load_csv_with_schema). The reader takes a path, so the input
 * goes into a memfd and is read back through /proc/self/fd. Each input is
 * read with the default options and with the permissive ones (missing
 * values filled, text one-hot encoded), since those take other paths. */
#define G_LOG_DOMAIN "fuzz-csv"
#define _GNU_SOURCE 1 /* memfd_create */
#include "config.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lev-error.h"
#include "lev-dataset.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_dataset (const LevDataset *ds)
{
  g_assert (ds->n_rows > 0);
  g_assert (ds->n_features == ds->schema->n_features);
  /* Touch every value: a short allocation shows up under ASan here. */
  for (gsize i = 0; i < ds->n_rows * ds->n_features; i++)
    g_assert (ds->x[i] == ds->x[i]);
  if (ds->y != NULL)
    for (gsize i = 0; i < ds->n_rows; i++)
      g_assert (ds->schema->target == LEV_TARGET_REGRESSION ||
                (ds->y[i] >= 0 && ds->y[i] < ds->schema->n_classes));
}

static void
read_with (const char    *path,
           LevCsvOptions *opt)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevDataset) ds = lev_dataset_load_csv (path, opt, &error);

  if (ds == NULL)
    {
      g_assert (error != NULL && error->domain == LEV_ERROR);
      g_assert (strstr (error->message, path) != NULL);
      return;
    }
  check_dataset (ds);
  {
    /* A model saves its schema as JSON and predict reads it back. */
    g_autoptr(JsonNode) node = lev_schema_to_json (ds->schema);
    g_autoptr(LevSchema) schema = lev_schema_from_json (node, &error);
    g_autoptr(LevDataset) again = NULL;

    if (schema == NULL)
      g_error ("a schema did not read back: %s", error->message);
    again = lev_dataset_load_csv_with_schema (path, schema, opt, &error);
    if (again == NULL)
      {
        /* Refusing is allowed (a fill or one-hot may differ); crashing is not. */
        g_assert (error != NULL && error->domain == LEV_ERROR);
        g_clear_error (&error);
      }
    else
      g_assert (again->n_features == ds->n_features);
  }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  LevCsvOptions opt;
  int fd;

  fd = memfd_create ("fuzz.csv", MFD_CLOEXEC);
  g_assert (fd >= 0);
  if (size > 0 && write (fd, data, size) != (ssize_t) size)
    g_error ("memfd write failed");
  path = g_strdup_printf ("/proc/self/fd/%d", fd);

  lev_csv_options_init (&opt);
  opt.max_field_bytes = 4096;
  read_with (path, &opt);

  lev_csv_options_init (&opt);
  opt.max_field_bytes = 4096;
  opt.missing = LEV_MISSING_MEAN;
  opt.text = LEV_TEXT_ONEHOT;
  opt.max_categories = 4;
  read_with (path, &opt);

  close (fd);
  return 0;
}
