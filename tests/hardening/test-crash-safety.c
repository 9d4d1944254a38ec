/* test-crash-safety.c: saving is atomic. A child process saves a large
 * scenario (or a model) over the previous version and is killed with
 * SIGKILL at a random moment, 200 times; after every kill the file on disk
 * must load and be exactly the old or exactly the new version. The
 * window's autosave writes through lev_scenario_save_file, so this is also
 * the guarantee that a crash never leaves a broken autosave. */
#define G_LOG_DOMAIN "test-crash-safety"
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "hardening-util.h"
#include "lev-file.h"
#include "lev-scenario-io.h"
#ifdef HAVE_TRAINER
#include "lev-mlp.h"
#endif
#include "../test-sanitizer.h"

#define N_KILLS 200

#define N_ITEMS (TEST_UNDER_ASAN ? 2000 : 8000)

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static void
sleep_seconds (double s)
{
  struct timespec ts = { (time_t) s, (long) ((s - (time_t) s) * 1e9) };

  while (nanosleep (&ts, &ts) != 0 && errno == EINTR)
    ;
}

/* Files the interrupted writes left behind (g_file_set_contents' temporary
 * files); they never replace the real one, but they are counted so the
 * report shows what a crash costs in debris. */
static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

typedef gboolean (*SaveFunc)  (gpointer what, const char *path, GError **error);

static gboolean
strv_has (const char *const *v,
          const char        *s)
{
  return v != NULL && g_strv_contains (v, s);
}

static void
set_age (const char *path,
         gint64      seconds)
{
  struct utimbuf t;

  t.actime = t.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - seconds);
  g_assert_cmpint (g_utime (path, &t), ==, 0);
}

static void
touch (const char *dir,
       const char *name,
       gint64      age)
{
  g_autofree char *p = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (p, "x", 1, NULL));
  set_age (p, age);
}

/* What 200 kills left in @dir beside the files in @keep: a save that came
 * later (the debris is aged past LEV_FILE_STALE_SECONDS first) must remove
 * all of it, and nothing else: not a temporary file as fresh as a live
 * save's, nor a person's files whose names only look alike. The last save
 * of the kill loop left @what on disk; saving it again changes nothing. */
/* The weights file a model JSON names (NULL for a scenario): the save
 * makes a new one each time (lev-mlp.c), so it is kept by what it is. */
static char *
named_weights (const char *path,
               gboolean    model)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (!model)
    return NULL;
  g_assert_true (json_parser_load_from_file (parser, path, NULL));
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                                  "weights"));
}

static void
assert_debris_cleared (const char         *dir,
                       const char         *path,
                       const char *const  *keep,
                       const char *const  *more_debris,
                       const char *const  *more_fresh,
                       const char *const  *more_aged,
                       gboolean            model,
                       SaveFunc            save,
                       gpointer            what)
{
  g_autofree char *weights = named_weights (path, model);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *live = g_strdup_printf (".%s.lev-Live01.tmp", base);
  g_autofree char *dead = g_strdup_printf (".%s.lev-Dead01.tmp", base);
  g_autofree char *backup = g_strdup_printf ("%s.backup", base);
  g_autofree char *glib_like = g_strdup_printf ("%s.Ab12Cd", base);
  g_autofree char *near = g_strdup_printf (".%s.lev-Old001.tmp.keep", base);
  g_autoptr(GPtrArray) bystanders = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  guint debris = 0;

  g_ptr_array_add (bystanders, live);
  g_ptr_array_add (bystanders, backup);
  g_ptr_array_add (bystanders, glib_like);
  g_ptr_array_add (bystanders, near);
  for (guint i = 0; more_fresh != NULL && more_fresh[i] != NULL; i++)
    g_ptr_array_add (bystanders, (gpointer) more_fresh[i]);
  for (guint i = 0; more_aged != NULL && more_aged[i] != NULL; i++)
    g_ptr_array_add (bystanders, (gpointer) more_aged[i]);
  g_ptr_array_add (bystanders, NULL);

  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (!strv_has (keep, name) && g_strcmp0 (name, weights) != 0)
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);

          set_age (p, 2 * LEV_FILE_STALE_SECONDS);
          debris++;
        }
  }
  /* One certain piece of debris, so the check below can fail. */
  touch (dir, dead, 2 * LEV_FILE_STALE_SECONDS);
  touch (dir, live, 0);
  touch (dir, backup, 2 * LEV_FILE_STALE_SECONDS);
  touch (dir, glib_like, 2 * LEV_FILE_STALE_SECONDS);
  touch (dir, near, 2 * LEV_FILE_STALE_SECONDS);
  for (guint i = 0; more_debris != NULL && more_debris[i] != NULL; i++)
    touch (dir, more_debris[i], 2 * LEV_FILE_STALE_SECONDS);
  for (guint i = 0; more_fresh != NULL && more_fresh[i] != NULL; i++)
    touch (dir, more_fresh[i], 0);
  for (guint i = 0; more_aged != NULL && more_aged[i] != NULL; i++)
    touch (dir, more_aged[i], 2 * LEV_FILE_STALE_SECONDS);
  g_test_message ("%u files of debris after the kills", debris);

  g_assert_true (save (what, path, &error));
  g_assert_no_error (error);
  /* A model's new weights replace the ones its old JSON named. */
  g_clear_pointer (&weights, g_free);
  weights = named_weights (path, model);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        if (!strv_has (keep, name) && !strv_has ((const char *const *) bystanders->pdata, name) &&
            g_strcmp0 (name, weights) != 0)
          {
            /* Said at once: the count below aborts the test. */
            g_test_message ("%s is left in the folder after a clean save", name);
            g_test_fail ();
          }
        n++;
      }
    /* ... and every bystander is still there. */
    g_assert_cmpuint (n, ==, g_strv_length ((char **) keep) + bystanders->len - 1 + (model ? 1 : 0));
  }
}
/* 0: old version, 1: new version, -1 (and a test failure): neither.
 * With @full, the file is also loaded the way the app loads it. */
typedef int      (*CheckFunc) (const char *path, gpointer data, gboolean full);

/* The child saves @versions[next] over the file, the parent kills it after
 * a random delay in [0, 1.5 × the save's duration]; the delay range
 * adapts so that kills land both before and after the rename. */
static void
kill_while_saving (const char *path,
                   SaveFunc    save,
                   gpointer    versions[2],
                   CheckFunc   check,
                   gpointer    check_data,
                   guint      *seen_old,
                   guint      *seen_new)
{
  double t0, duration, stretch = 1.0;
  int on_disk, streak = 0;

  /* The old version is on disk; time a whole save of the new one as the
   * loop will run it (fork, save, exit), to a scratch name so the file
   * under test keeps the old one. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *scratch = g_strconcat (path, ".timing", NULL);
    pid_t pid;
    int status;

    g_assert_true (save (versions[0], path, &error));
    g_assert_no_error (error);
    t0 = now ();
    fflush (NULL);
    pid = fork ();
    g_assert_cmpint (pid, >=, 0);
    if (pid == 0)
      _exit (save (versions[1], scratch, NULL) ? 0 : 3);
    status = hardening_wait (pid, NULL);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
    duration = now () - t0;
    /* The scratch save and what goes with it (a model's weights). */
    {
      g_autofree char *dir = g_path_get_dirname (scratch);
      g_autofree char *base = g_path_get_basename (scratch);
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while ((name = g_dir_read_name (d)) != NULL)
        if (g_str_has_prefix (name, base))
          {
            g_autofree char *p = g_build_filename (dir, name, NULL);

            g_unlink (p);
          }
    }
  }
  g_test_message ("one save takes %.1f ms", duration * 1e3);
  on_disk = 0;
  *seen_old = *seen_new = 0;

  for (guint k = 0; k < N_KILLS; k++)
    {
      int next = 1 - on_disk;
      double delay = g_test_rand_double_range (0, 1.5 * duration * stretch);
      pid_t pid;
      int status, got;

      fflush (NULL);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          g_autoptr(GError) error = NULL;

          _exit (save (versions[next], path, &error) ? 0 : 3);
        }
      sleep_seconds (delay);
      kill (pid, SIGKILL);
      status = hardening_wait (pid, NULL);
      /* A child that finished before the kill must have succeeded. */
      if (WIFEXITED (status))
        g_assert_cmpint (WEXITSTATUS (status), ==, 0);
      else
        g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);

      got = check (path, check_data, k % 10 == 0);
      if (k % 50 == 49)
        g_test_message ("%u kills, %.1f s", k + 1, now () - t0);
      g_assert_cmpint (got, >=, 0);
      /* Once the new version is complete on disk it stays. */
      if (WIFEXITED (status))
        g_assert_cmpint (got, ==, next);
      if (got == next)
        (*seen_new)++;
      else
        (*seen_old)++;
      on_disk = got;
      /* A loaded machine makes the child slower than the timing run: when
       * the kills keep landing on one side of the rename, move the range. */
      streak = got == next ? (streak > 0 ? streak + 1 : 1) : (streak < 0 ? streak - 1 : -1);
      if (streak <= -10)
        stretch *= 1.5, streak = 0;
      else if (streak >= 10)
        stretch /= 1.5, streak = 0;
    }
  g_test_message ("delay range finally %.2f times the timed save", 1.5 * stretch);
}

/* --- Scenarios ------------------------------------------------------ */

typedef struct {
  char *text[2];      /* the canonical bytes of each version */
  gsize length[2];
} ScenarioVersions;

static gboolean
save_scenario (gpointer     what,
               const char  *path,
               GError     **error)
{
  return lev_scenario_save_file (what, path, error);
}

/* The bytes on disk must be exactly one of the two saves, and those two
 * are known to load (the test loads them once first), so byte equality
 * proves the file loads; every tenth check also loads it, to be sure. */
static int
check_scenario (const char *path,
                gpointer    data,
                gboolean    full)
{
  ScenarioVersions *v = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &text, &length, &error));
  g_assert_no_error (error);
  if (full)
    {
      g_autoptr(LevScenario) s = lev_scenario_load_file (path, &error);

      g_assert_no_error (error);
      g_assert_nonnull (s);
    }
  for (int i = 0; i < 2; i++)
    if (length == v->length[i] && memcmp (text, v->text[i], length) == 0)
      return i;
  g_test_fail_printf ("%s is neither the old nor the new version (%zu bytes)", path, length);
  return -1;
}

static void
test_scenario_kill (void)
{
  g_autofree char *dir = g_dir_make_tmp ("crash-safety-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "plan.json", NULL);
  g_autoptr(LevScenario) old_s = NULL, new_s = NULL;
  ScenarioVersions v = { 0 };
  gpointer versions[2];
  guint seen_old, seen_new, debris;
  g_autoptr(GError) error = NULL;

  /* 8,000 items: megabytes, so a save takes long enough for the kills to
   * land at many different points of it (2,000 under ASan, which slows
   * every check tenfold). */
  {
    g_autoptr(GString) a = hardening_scenario_json (N_ITEMS, "Old plan", 0);
    g_autoptr(GString) b = hardening_scenario_json (N_ITEMS, "New plan", 3);

    old_s = lev_scenario_load_data (a->str, a->len, "old.json", &error);
    g_assert_no_error (error);
    new_s = lev_scenario_load_data (b->str, b->len, "new.json", &error);
    g_assert_no_error (error);
  }
  v.text[0] = lev_scenario_to_data (old_s, &v.length[0]);
  v.text[1] = lev_scenario_to_data (new_s, &v.length[1]);
  /* What is saved loads back (so equal bytes on disk load too). */
  for (int i = 0; i < 2; i++)
    {
      g_autoptr(LevScenario) back = lev_scenario_load_data (v.text[i], v.length[i], "saved.json", &error);

      g_assert_no_error (error);
      g_assert_nonnull (back);
    }
  g_assert_cmpuint (v.length[0], >, N_ITEMS * 200);
  versions[0] = old_s;
  versions[1] = new_s;

  kill_while_saving (path, save_scenario, versions, check_scenario, &v, &seen_old, &seen_new);
  debris = count_files (dir) - 1;
  g_test_message ("%d kills: the old version survived %u times, the new one was complete %u times; "
                  "%u temporary files left behind", N_KILLS, seen_old, seen_new, debris);
  /* Both outcomes happened, so kills landed before and after the rename:
   * the test exercised the window it is about. */
  g_assert_cmpuint (seen_old, >, 0);
  g_assert_cmpuint (seen_new, >, 0);
  {
    const char *keep[] = { "plan.json", NULL };
    int on_disk = check_scenario (path, &v, FALSE);

    g_assert_cmpint (on_disk, >=, 0);
    assert_debris_cleared (dir, path, keep, NULL, NULL, NULL, FALSE, save_scenario, versions[on_disk]);
    g_assert_cmpint (check_scenario (path, &v, TRUE), ==, on_disk);
  }

  g_free (v.text[0]);
  g_free (v.text[1]);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
}

#ifdef HAVE_TRAINER
/* --- Models: a JSON description and a safetensors file -------------- */

static LevModel *
make_model (guint        n_inputs,
            const guint *hidden,
            guint        n_hidden,
            guint32      seed)
{
  g_autoptr(GString) json = g_string_new ("{\"label\":\"label\",\"target\":\"binary\","
                                          "\"classes\":[\"0\",\"1\"],\"missing\":\"refuse\","
                                          "\"columns\":[");
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  LevModel *model = g_new0 (LevModel, 1);

  for (guint i = 0; i < n_inputs; i++)
    {
      g_string_append_printf (json, "%s{\"name\":\"x%u\",\"kind\":\"numeric\"}", i ? "," : "", i);
      g_string_append_printf (names, "%s\"x%u\"", i ? "," : "", i);
    }
  g_string_append_printf (json, "],\"features\":[%s]}", names->str);
  node = json_from_string (json->str, &error);
  g_assert_no_error (error);
  model->schema = lev_schema_from_json (node, &error);
  g_assert_no_error (error);
  model->mlp = lev_mlp_new (n_inputs, hidden, n_hidden, 1, LEV_ACT_RELU, LEV_LOSS_SIGMOID_BCE, &error);
  g_assert_no_error (error);
  lev_mlp_init_glorot (model->mlp, seed);
  return model;
}

static gboolean
save_model (gpointer     what,
            const char  *path,
            GError     **error)
{
  return lev_model_save (what, path, error);
}

static int
check_model (const char *path,
             gpointer    data,
             gboolean    full)
{
  LevModel **versions = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LevModel) m = lev_model_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  for (int i = 0; i < 2; i++)
    if (m->mlp->n_params == versions[i]->mlp->n_params &&
        memcmp (m->mlp->params, versions[i]->mlp->params, m->mlp->n_params * sizeof (float)) == 0)
      return i;
  g_test_fail_printf ("%s loads but is neither the old nor the new model", path);
  return -1;
}

static void
test_model_kill (void)
{
  g_autofree char *dir = g_dir_make_tmp ("crash-safety-model-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  const guint old_hidden[] = { 64, 32 };
  const guint new_hidden[] = { 256, 128 };
  LevModel *models[2];
  gpointer versions[2];
  guint seen_old, seen_new;

  /* Different shapes, so old JSON with new weights (or the reverse)
   * cannot pass for a model. */
  models[0] = make_model (40, old_hidden, 2, 1);
  models[1] = make_model (40, new_hidden, 2, 2);
  versions[0] = models[0];
  versions[1] = models[1];
  kill_while_saving (path, save_model, versions, check_model, models, &seen_old, &seen_new);
  g_test_message ("%d kills: the old model survived %u times, the new one was complete %u times; "
                  "%u files in the folder", N_KILLS, seen_old, seen_new, count_files (dir));
  g_assert_cmpuint (seen_old, >, 0);
  g_assert_cmpuint (seen_new, >, 0);
  {
    const char *keep[] = { "model.json", NULL };
    /* Weights generations no JSON names (STEM.<16 hex>-<8 hex>.safetensors,
     * lev-mlp.c), the sidecars of older saves (WEIGHTS.<16 hex digits>)
     * and their temporary files are debris once a save is complete; a
     * fresh one may be a concurrent save's. */
    const char *debris[] = { ".model.safetensors.lev-Dead02.tmp", "model.safetensors.8899aabbccddeeff",
                             ".model.safetensors.8899aabbccddeeff.lev-Dead03.tmp",
                             "model.8899aabbccddeeff-0011aabb.safetensors",
                             ".model.8899aabbccddeeff-0011aabb.safetensors.lev-Dead04.tmp", NULL };
    const char *fresh[] = { "model.safetensors.0011223344556677",
                            ".model.safetensors.lev-Live02.tmp",
                            "model.0011223344556677-8899aabb.safetensors", NULL };
    const char *aged[] = { "model.safetensors.backup", "model.safetensors.8899AABBCCDDEEFF",
                           "model.safetensors.8899aabbccddeef", "model.8899AABBCCDDEEFF-0011aabb.safetensors",
                           "model.8899aabbccddeeff-0011aabb.safetensors.bak",
                           "othermodel.8899aabbccddeeff-0011aabb.safetensors", NULL };
    int on_disk = check_model (path, models, FALSE);

    g_assert_cmpint (on_disk, >=, 0);
    assert_debris_cleared (dir, path, keep, debris, fresh, aged, TRUE, save_model, versions[on_disk]);
    g_assert_cmpint (check_model (path, models, TRUE), ==, on_disk);
  }
  lev_model_free (models[0]);
  lev_model_free (models[1]);
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (dir, name, NULL);
        g_unlink (p);
      }
  }
  g_rmdir (dir);
}

static void
remove_all (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_unlink (p);
    }
  g_rmdir (dir);
}

#define N_RACE_SAVES 40

/* Two processes save two different models to one path at once, again and
 * again, while this one loads it: every load is whole and one of the two
 * (never the JSON of one with the weights of the other, never an error);
 * after them one save leaves one JSON and the one weights file it names. */
static void
test_model_race (void)
{
  g_autofree char *dir = g_dir_make_tmp ("crash-safety-race-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  const guint hidden[2][2] = { { 64, 32 }, { 256, 128 } };
  LevModel *models[2];
  pid_t kids[2];
  guint loads = 0, seen[2] = { 0, 0 };
  int running = 2;
  g_autoptr(GError) error = NULL;

  for (int k = 0; k < 2; k++)
    models[k] = make_model (40, hidden[k], 2, (guint32) k + 1);
  g_assert_true (lev_model_save (models[0], path, &error));
  g_assert_no_error (error);

  fflush (NULL);
  for (int k = 0; k < 2; k++)
    {
      kids[k] = fork ();
      g_assert_cmpint (kids[k], >=, 0);
      if (kids[k] == 0)
        {
          for (guint i = 0; i < N_RACE_SAVES; i++)
            if (!lev_model_save (models[k], path, NULL))
              _exit (3);
          _exit (0);
        }
    }
  while (running > 0)
    {
      int got = check_model (path, models, loads % 10 == 0);

      g_assert_cmpint (got, >=, 0);
      seen[got]++;
      loads++;
      for (int k = 0; k < 2; k++)
        {
          int status;

          if (kids[k] > 0 && waitpid (kids[k], &status, WNOHANG) == kids[k])
            {
              g_assert_true (WIFEXITED (status));
              g_assert_cmpint (WEXITSTATUS (status), ==, 0);
              kids[k] = 0;
              running--;
            }
        }
    }
  g_test_message ("%u loads during 2 × %d racing saves: %u of the first model, %u of the second",
                  loads, N_RACE_SAVES, seen[0], seen[1]);
  {
    const char *keep[] = { "model.json", NULL };
    int on_disk = check_model (path, models, TRUE);

    g_assert_cmpint (on_disk, >=, 0);
    assert_debris_cleared (dir, path, keep, NULL, NULL, NULL, TRUE, save_model, models[on_disk]);
  }
  lev_model_free (models[0]);
  lev_model_free (models[1]);
  remove_all (dir);
}

/* A model saved before generations names MODEL.safetensors: it loads, and
 * saving over it leaves the new pair only. */
static void
test_model_old_layout (void)
{
  g_autofree char *dir = g_dir_make_tmp ("crash-safety-old-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  g_autofree char *plain = g_build_filename (dir, "model.safetensors", NULL);
  g_autofree char *text = NULL, *named = NULL, *gen = NULL, *old_text = NULL;
  const guint hidden[2][2] = { { 16, 8 }, { 32, 16 } };
  LevModel *models[2];
  g_autoptr(GError) error = NULL;

  for (int k = 0; k < 2; k++)
    models[k] = make_model (10, hidden[k], 2, (guint32) k + 1);
  g_assert_true (lev_model_save (models[0], path, &error));
  g_assert_no_error (error);
  named = named_weights (path, TRUE);
  gen = g_build_filename (dir, named, NULL);
  g_assert_cmpint (g_rename (gen, plain), ==, 0);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  {
    g_autoptr(GString) s = g_string_new (text);

    g_assert_cmpuint (g_string_replace (s, named, "model.safetensors", 1), ==, 1);
    old_text = g_string_free (g_steal_pointer (&s), FALSE);
  }
  g_assert_true (g_file_set_contents (path, old_text, -1, NULL));
  g_assert_cmpint (check_model (path, models, TRUE), ==, 0);

  g_assert_true (lev_model_save (models[1], path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (check_model (path, models, TRUE), ==, 1);
  g_assert_false (g_file_test (plain, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    g_autofree char *now = named_weights (path, TRUE);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_assert_true (g_str_equal (name, "model.json") || g_str_equal (name, now));
        n++;
      }
    g_assert_cmpuint (n, ==, 2);
  }
  lev_model_free (models[0]);
  lev_model_free (models[1]);
  remove_all (dir);
}
#endif

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hardening/crash-safety/scenario", test_scenario_kill);
#ifdef HAVE_TRAINER
  g_test_add_func ("/hardening/crash-safety/model", test_model_kill);
  g_test_add_func ("/hardening/crash-safety/model-race", test_model_race);
  g_test_add_func ("/hardening/crash-safety/model-old-layout", test_model_old_layout);
#endif
  return g_test_run ();
}
