/* test-bad-scenarios.c: every file in tests/data/bad-scenarios/ is refused
 * with the expected error code and a message naming the file and place. */
#include "config.h"

#include <string.h>

#include "lev-error.h"
#include "lev-scenario-io.h"

static const char *code_names[] = {
  "IO", "PARSE", "FORMAT", "VERSION", "TYPE", "VALUE", "MISSING", "UNKNOWN",
  "REFERENCE", "UNSUPPORTED", "LIMIT",
};

typedef struct {
  char *file;
  int   code;
  char *place;
} Case;

static void
case_free (gpointer data)
{
  Case *c = data;
  g_free (c->file);
  g_free (c->place);
  g_free (c);
}

static char *
corpus_dir (void)
{
  return g_build_filename (g_getenv ("LEVERAGE_SOURCE_DIR"), "tests", "data", "bad-scenarios", NULL);
}

static void
check_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *dir = corpus_dir ();
  g_autofree char *path = g_build_filename (dir, c->file, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LevScenario) s = lev_scenario_load_file (path, &error);

  g_assert_null (s);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (error->domain == LEV_ERROR);
  g_assert_cmpstr (code_names[error->code], ==, code_names[c->code]);
  /* The message names the file and the place. */
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, c->place));
}

/* The corpus and its expectations agree: every file has a line, every
 * line a file, and there are at least 25 cases. */
static void
check_complete (gconstpointer data)
{
  GHashTable *expected = (GHashTable *) data;
  g_autofree char *dir = corpus_dir ();
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_equal (name, "EXPECTED"))
        continue;
      g_test_message ("corpus file %s", name);
      g_assert_true (g_hash_table_contains (expected, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_hash_table_size (expected));
  g_assert_cmpuint (n, >=, 25);
}

int
main (int argc, char **argv)
{
  g_autofree char *dir = NULL, *expected_path = NULL, *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (case_free);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  dir = corpus_dir ();
  expected_path = g_build_filename (dir, "EXPECTED", NULL);
  if (!g_file_get_contents (expected_path, &text, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Case *c;
      int code = -1;
      g_autofree char *path = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", 3);
      g_assert_cmpuint (g_strv_length (f), ==, 3);
      for (guint k = 0; k < G_N_ELEMENTS (code_names); k++)
        if (g_str_equal (code_names[k], f[1]))
          code = k;
      g_assert_cmpint (code, >=, 0);
      c = g_new0 (Case, 1);
      c->file = g_strdup (f[0]);
      c->code = code;
      c->place = g_strdup (f[2]);
      g_ptr_array_add (cases, c);
      g_hash_table_add (names, c->file);
      path = g_strdup_printf ("/core/bad-scenarios/%s", c->file);
      g_test_add_data_func (path, c, check_case);
    }
  g_test_add_data_func ("/core/bad-scenarios/complete", names, check_complete);
  return g_test_run ();
}
