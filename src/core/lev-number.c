/* lev-number.c: reading, checking and writing numeric fields, plain or
 * {"dist": …}, and the shared sample sets of empirical distributions. */
#define G_LOG_DOMAIN "lev-number"
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#ifdef LEV_HAVE_LIBCSV
#include <csv.h>
#endif

#include "lev-dist.h"
#include "lev-error.h"
#include "lev-file-read.h"
#include "lev-number.h"

/* Enough for any column founders keep of past quotes, small enough that
 * a hostile file cannot exhaust memory through one field. */
#define MAX_EMPIRICAL_VALUES 1000000

G_DEFINE_BOXED_TYPE (LevNumber, lev_number, lev_number_copy, lev_number_free)

/* ------------------------------------------------------------------ */
/* Empirical samples. */

struct _LevEmpirical {
  gatomicrefcount ref_count;
  gsize           n;
  double         *values;
  double         *sorted;
  char           *file;
  char           *column;
};

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

LevEmpirical *
lev_empirical_new (const double *values,
                   gsize         n_values,
                   const char   *file,
                   const char   *column)
{
  LevEmpirical *self;

  g_return_val_if_fail (values != NULL && n_values > 0, NULL);

  self = g_new0 (LevEmpirical, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->n = n_values;
  self->values = g_memdup2 (values, n_values * sizeof (double));
  self->sorted = g_memdup2 (values, n_values * sizeof (double));
  qsort (self->sorted, n_values, sizeof (double), compare_doubles);
  self->file = g_strdup (file);
  self->column = g_strdup (column);
  return self;
}

LevEmpirical *
lev_empirical_ref (LevEmpirical *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
lev_empirical_unref (LevEmpirical *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->values);
  g_free (self->sorted);
  g_free (self->file);
  g_free (self->column);
  g_free (self);
}

const double *
lev_empirical_get_values (const LevEmpirical *self,
                          gsize              *n_values)
{
  *n_values = self->n;
  return self->values;
}

const double *
lev_empirical_get_sorted (const LevEmpirical *self,
                          gsize              *n_values)
{
  *n_values = self->n;
  return self->sorted;
}

const char *
lev_empirical_get_file (const LevEmpirical *self)
{
  return self->file;
}

const char *
lev_empirical_get_column (const LevEmpirical *self)
{
  return self->column;
}

/* ------------------------------------------------------------------ */
/* The value type. */

LevNumber *
lev_number_copy (const LevNumber *self)
{
  LevNumber *copy = g_new (LevNumber, 1);

  lev_number_init_copy (copy, self);
  return copy;
}

void
lev_number_free (LevNumber *self)
{
  if (self == NULL)
    return;
  lev_number_clear (self);
  g_free (self);
}

void
lev_number_init_copy (LevNumber       *dest,
                      const LevNumber *src)
{
  *dest = *src;
  if (dest->empirical != NULL)
    lev_empirical_ref (dest->empirical);
}

void
lev_number_assign (LevNumber       *dest,
                   const LevNumber *src)
{
  LevNumber copy;

  if (dest == src)
    return;
  lev_number_init_copy (&copy, src);
  lev_number_clear (dest);
  *dest = copy;
}

void
lev_number_clear (LevNumber *self)
{
  if (self->empirical != NULL)
    lev_empirical_unref (self->empirical);
  *self = lev_number_none ();
}

static LevNumber
make (LevDistKind kind, double a, double b, double c)
{
  LevNumber n = { kind, { a, b, c, 0 }, NULL };
  return n;
}

LevNumber
lev_number_point (double value)
{
  return make (LEV_DIST_POINT, value, 0, 0);
}

LevNumber
lev_number_none (void)
{
  return make (LEV_DIST_NONE, 0, 0, 0);
}

LevNumber
lev_number_uniform (double min, double max)
{
  return make (LEV_DIST_UNIFORM, min, max, 0);
}

LevNumber
lev_number_triangular (double min, double mode, double max)
{
  return make (LEV_DIST_TRIANGULAR, min, mode, max);
}

LevNumber
lev_number_pert (double min, double mode, double max)
{
  return make (LEV_DIST_PERT, min, mode, max);
}

LevNumber
lev_number_normal (double mean, double sd)
{
  return make (LEV_DIST_NORMAL, mean, sd, 0);
}

LevNumber
lev_number_lognormal (double low, double high)
{
  return make (LEV_DIST_LOGNORMAL, low, high, 0);
}

LevNumber
lev_number_empirical (LevEmpirical *samples)
{
  LevNumber n = make (LEV_DIST_EMPIRICAL, 0, 0, 0);

  n.empirical = lev_empirical_ref (samples);
  return n;
}

gboolean
lev_number_is_set (const LevNumber *self)
{
  return self->kind != LEV_DIST_NONE;
}

gboolean
lev_number_is_uncertain (const LevNumber *self)
{
  return self->kind != LEV_DIST_NONE && self->kind != LEV_DIST_POINT;
}

double
lev_number_value (const LevNumber *self)
{
  LevDistSampler s;
  double v;

  switch (self->kind)
    {
    case LEV_DIST_POINT:
      return self->p[0];
    case LEV_DIST_NONE:
      return 0.0;
    default:
      break;
    }
  lev_dist_sampler_init (&s, self, 0.0, INFINITY);
  v = lev_dist_sampler_quantile (&s, 0.5);
  lev_dist_sampler_clear (&s);
  return v;
}

gboolean
lev_number_equal (const LevNumber *a,
                  const LevNumber *b)
{
  if (a->kind != b->kind)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (a->p); i++)
    if (a->p[i] != b->p[i])
      return FALSE;
  if (a->empirical != b->empirical)
    {
      gsize na, nb;
      const double *va, *vb;

      if (a->empirical == NULL || b->empirical == NULL)
        return FALSE;
      va = lev_empirical_get_values (a->empirical, &na);
      vb = lev_empirical_get_values (b->empirical, &nb);
      if (na != nb || memcmp (va, vb, na * sizeof (double)) != 0 ||
          g_strcmp0 (a->empirical->file, b->empirical->file) != 0 ||
          g_strcmp0 (a->empirical->column, b->empirical->column) != 0)
        return FALSE;
    }
  return TRUE;
}

static const char *dist_ids[] = {
  "none", "point", "uniform", "triangular", "pert", "normal", "lognormal", "empirical",
};

const char *
lev_dist_kind_to_id (LevDistKind kind)
{
  g_return_val_if_fail (kind <= LEV_DIST_EMPIRICAL, NULL);
  return dist_ids[kind];
}

/* ------------------------------------------------------------------ */
/* Checking. */

gboolean
lev_number_check_value (double                value,
                        const char           *path,
                        const LevNumberRange *range,
                        GError              **error)
{
  if (!isfinite (value))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: must be a finite number"), path);
      return FALSE;
    }
  if (value < range->min || value > range->max)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: %.17g is out of range (allowed %.17g to %.17g)"),
                   path, value, range->min, range->max);
      return FALSE;
    }
  if (range->integer && value != floor (value))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: %.17g must be a whole number"), path, value);
      return FALSE;
    }
  return TRUE;
}

/* A distribution's parameters need not be whole numbers even in a whole
 * field (a duration of 3 to 6 months); draws are rounded where used. */
static gboolean
check_param (double                value,
             const char           *path,
             const char           *name,
             const LevNumberRange *range,
             GError              **error)
{
  g_autofree char *p = g_strdup_printf ("%s.%s", path, name);
  LevNumberRange r = { range->min, range->max, FALSE };

  return lev_number_check_value (value, p, &r, error);
}

gboolean
lev_number_validate (const LevNumber      *self,
                     const char           *path,
                     const LevNumberRange *range,
                     GError              **error)
{
  const double *p = self->p;

  switch (self->kind)
    {
    case LEV_DIST_NONE:
      return TRUE;
    case LEV_DIST_POINT:
      return lev_number_check_value (p[0], path, range, error);

    case LEV_DIST_UNIFORM:
      if (!check_param (p[0], path, "min", range, error) ||
          !check_param (p[1], path, "max", range, error))
        return FALSE;
      if (!(p[0] < p[1]))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s: min (%.17g) must be below max (%.17g)"), path, p[0], p[1]);
          return FALSE;
        }
      return TRUE;

    case LEV_DIST_TRIANGULAR:
    case LEV_DIST_PERT:
      if (!check_param (p[0], path, "min", range, error) ||
          !check_param (p[1], path, "mode", range, error) ||
          !check_param (p[2], path, "max", range, error))
        return FALSE;
      if (!(p[0] < p[2]))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s: min (%.17g) must be below max (%.17g)"), path, p[0], p[2]);
          return FALSE;
        }
      if (!(p[0] <= p[1] && p[1] <= p[2]))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s.mode: %.17g must lie between min (%.17g) and max (%.17g)"),
                       path, p[1], p[0], p[2]);
          return FALSE;
        }
      return TRUE;

    case LEV_DIST_NORMAL:
    case LEV_DIST_LOGNORMAL:
      if (range->integer)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s.dist: a whole-number field (months) needs a bounded distribution "
                       "(uniform, triangular, pert or empirical), not \"%s\""),
                       path, lev_dist_kind_to_id (self->kind));
          return FALSE;
        }
      if (self->kind == LEV_DIST_NORMAL)
        {
          if (!check_param (p[0], path, "mean", range, error))
            return FALSE;
          if (!(isfinite (p[1]) && p[1] > 0))
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                           _("%s.sd: must be a positive number"), path);
              return FALSE;
            }
          return TRUE;
        }
      if (!check_param (p[0], path, "low", range, error) ||
          !check_param (p[1], path, "high", range, error))
        return FALSE;
      if (!(p[0] > 0))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s.low: a lognormal's low end must be above zero"), path);
          return FALSE;
        }
      if (!(p[0] < p[1]))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s: low (%.17g) must be below high (%.17g)"), path, p[0], p[1]);
          return FALSE;
        }
      return TRUE;

    case LEV_DIST_EMPIRICAL:
      {
        gsize n;
        const double *v;

        if (self->empirical == NULL)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: no samples"), path);
            return FALSE;
          }
        v = lev_empirical_get_values (self->empirical, &n);
        for (gsize i = 0; i < n; i++)
          {
            const char *file = lev_empirical_get_file (self->empirical);
            /* Values read from a CSV are named by its row, the way the
             * reader counts them (the header is row 1, each data row holds
             * one value); $.x.values[i] is not in the scenario file. */
            g_autofree char *vp = file != NULL
              ? g_strdup_printf (_("%s: %s, row %u, column \"%s\""), path, file, (guint) (i + 2),
                                 lev_empirical_get_column (self->empirical))
              : g_strdup_printf ("%s.values[%" G_GSIZE_FORMAT "]", path, i);
            LevNumberRange r = { range->min, range->max, FALSE };

            if (!lev_number_check_value (v[i], vp, &r, error))
              return FALSE;
          }
        return TRUE;
      }
    default:
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("%s: unknown kind of number"), path);
      return FALSE;
    }
}

/* ------------------------------------------------------------------ */
/* Reading. */

static gboolean
read_plain (JsonNode   *node,
            const char *path,
            double     *out,
            GError    **error)
{
  GType vt;

  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong;
  vt = json_node_get_value_type (node);
  if (vt == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (vt == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    goto wrong;
  return TRUE;

wrong:
  g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
               _("%s: expected a number or a {\"dist\": …} object"), path);
  return FALSE;
}

static gboolean
read_param (JsonObject *obj,
            const char *path,
            const char *name,
            double     *out,
            GError    **error)
{
  JsonNode *n = json_object_get_member (obj, name);
  g_autofree char *p = g_strdup_printf ("%s.%s", path, name);

  if (n == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: required field is missing"), p);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (n) ||
      (json_node_get_value_type (n) != G_TYPE_INT64 && json_node_get_value_type (n) != G_TYPE_DOUBLE))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected a number"), p);
      return FALSE;
    }
  *out = json_node_get_value_type (n) == G_TYPE_INT64 ? (double) json_node_get_int (n)
                                                     : json_node_get_double (n);
  if (!isfinite (*out))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: must be a finite number"), p);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_dist_members (JsonObject        *obj,
                    const char        *path,
                    const char        *dist,
                    const char *const *allowed,
                    GError           **error)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "dist") && !g_strv_contains (allowed, l->data))
      {
        g_autofree char *list = g_strjoinv (", ", (char **) allowed);

        g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                     _("%s.%s: unknown field of a %s distribution (it takes %s)"),
                     path, (const char *) l->data, dist, list);
        return FALSE;
      }
  return TRUE;
}

static LevEmpirical *
read_empirical (JsonObject *obj,
                const char *path,
                const char *base_dir,
                GError    **error)
{
  static const char *const keys[] = { "values", "file", "column", NULL };
  JsonNode *values = json_object_get_member (obj, "values");
  JsonNode *file = json_object_get_member (obj, "file");
  JsonNode *column = json_object_get_member (obj, "column");

  if (!check_dist_members (obj, path, "empirical", keys, error))
    return NULL;

  if (values != NULL && (file != NULL || column != NULL))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: give either \"values\" or \"file\" and \"column\", not both"), path);
      return NULL;
    }
  if (values != NULL)
    {
      JsonArray *arr;
      g_autoptr(GArray) v = NULL;
      guint n;

      if (!JSON_NODE_HOLDS_ARRAY (values))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                       _("%s.values: expected an array of numbers"), path);
          return NULL;
        }
      arr = json_node_get_array (values);
      n = json_array_get_length (arr);
      if (n == 0)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s.values: an empirical distribution needs at least one value"), path);
          return NULL;
        }
      if (n > MAX_EMPIRICAL_VALUES)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT,
                       _("%s.values: more than %d values"), path, MAX_EMPIRICAL_VALUES);
          return NULL;
        }
      v = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *vp = g_strdup_printf ("%s.values[%u]", path, i);
          double x;

          JsonNode *e = json_array_get_element (arr, i);

          if (!JSON_NODE_HOLDS_VALUE (e) ||
              (json_node_get_value_type (e) != G_TYPE_INT64 &&
               json_node_get_value_type (e) != G_TYPE_DOUBLE))
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected a number"), vp);
              return NULL;
            }
          x = json_node_get_value_type (e) == G_TYPE_INT64 ? (double) json_node_get_int (e)
                                                           : json_node_get_double (e);
          g_array_append_val (v, x);
        }
      return lev_empirical_new ((double *) v->data, v->len, NULL, NULL);
    }

  if (file == NULL || column == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                   _("%s: an empirical distribution needs \"values\", or \"file\" and \"column\""),
                   path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (file) || json_node_get_value_type (file) != G_TYPE_STRING ||
      *json_node_get_string (file) == '\0')
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s.file: expected a file name"), path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (column) || json_node_get_value_type (column) != G_TYPE_STRING)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s.column: expected a column name"), path);
      return NULL;
    }
  {
    const char *name = json_node_get_string (file);
    g_autofree char *full = g_path_is_absolute (name) || base_dir == NULL
                              ? g_strdup (name) : g_build_filename (base_dir, name, NULL);
    g_autoptr(GError) local = NULL;
    LevEmpirical *e = lev_empirical_load_csv (full, name, json_node_get_string (column), &local);

    if (e == NULL)
      {
        g_set_error (error, local->domain, local->code, "%s: %s", path, local->message);
        return NULL;
      }
    return e;
  }
}

gboolean
lev_number_from_json_in (JsonNode             *node,
                         const char           *path,
                         const LevNumberRange *range,
                         const char           *base_dir,
                         LevNumber            *out,
                         GError              **error)
{
  static const char *const point_keys[] = { "value", NULL };
  static const char *const uniform_keys[] = { "min", "max", NULL };
  static const char *const tri_keys[] = { "min", "mode", "max", NULL };
  static const char *const normal_keys[] = { "mean", "sd", NULL };
  static const char *const lognormal_keys[] = { "low", "high", NULL };
  g_auto(LevNumber) n = { 0 };
  JsonObject *obj;
  JsonNode *dist_node;
  const char *dist;
  double v;

  g_return_val_if_fail (node != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      if (!read_plain (node, path, &v, error) ||
          !lev_number_check_value (v, path, range, error))
        return FALSE;
      *out = lev_number_point (v);
      return TRUE;
    }

  obj = json_node_get_object (node);
  dist_node = json_object_get_member (obj, "dist");
  if (dist_node == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                   _("%s.dist: a distribution object needs a \"dist\" member"), path);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (dist_node) || json_node_get_value_type (dist_node) != G_TYPE_STRING)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                   _("%s.dist: expected a string"), path);
      return FALSE;
    }
  dist = json_node_get_string (dist_node);

  if (g_str_equal (dist, "point"))
    {
      g_autofree char *vpath = g_strdup_printf ("%s.value", path);
      JsonNode *vn = json_object_get_member (obj, "value");

      if (!check_dist_members (obj, path, dist, point_keys, error))
        return FALSE;
      if (vn == NULL)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                       _("%s: a point distribution needs \"value\""), vpath);
          return FALSE;
        }
      if (!read_plain (vn, vpath, &v, error) ||
          !lev_number_check_value (v, vpath, range, error))
        return FALSE;
      *out = lev_number_point (v);
      return TRUE;
    }
  else if (g_str_equal (dist, "uniform"))
    {
      n.kind = LEV_DIST_UNIFORM;
      if (!check_dist_members (obj, path, dist, uniform_keys, error) ||
          !read_param (obj, path, "min", &n.p[0], error) ||
          !read_param (obj, path, "max", &n.p[1], error))
        return FALSE;
    }
  else if (g_str_equal (dist, "triangular") || g_str_equal (dist, "pert"))
    {
      n.kind = g_str_equal (dist, "pert") ? LEV_DIST_PERT : LEV_DIST_TRIANGULAR;
      if (!check_dist_members (obj, path, dist, tri_keys, error) ||
          !read_param (obj, path, "min", &n.p[0], error) ||
          !read_param (obj, path, "mode", &n.p[1], error) ||
          !read_param (obj, path, "max", &n.p[2], error))
        return FALSE;
    }
  else if (g_str_equal (dist, "normal"))
    {
      n.kind = LEV_DIST_NORMAL;
      if (!check_dist_members (obj, path, dist, normal_keys, error) ||
          !read_param (obj, path, "mean", &n.p[0], error) ||
          !read_param (obj, path, "sd", &n.p[1], error))
        return FALSE;
    }
  else if (g_str_equal (dist, "lognormal"))
    {
      n.kind = LEV_DIST_LOGNORMAL;
      if (!check_dist_members (obj, path, dist, lognormal_keys, error) ||
          !read_param (obj, path, "low", &n.p[0], error) ||
          !read_param (obj, path, "high", &n.p[1], error))
        return FALSE;
    }
  else if (g_str_equal (dist, "empirical"))
    {
      n.kind = LEV_DIST_EMPIRICAL;
      if (!(n.empirical = read_empirical (obj, path, base_dir, error)))
        return FALSE;
    }
  else
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                   _("%s.dist: unknown distribution \"%s\" (expected point, uniform, triangular, "
                   "pert, normal, lognormal or empirical)"), path, dist);
      return FALSE;
    }

  if (!lev_number_validate (&n, path, range, error))
    return FALSE;
  *out = n;
  n = lev_number_none ();
  return TRUE;
}

gboolean
lev_number_from_json (JsonNode             *node,
                      const char           *path,
                      const LevNumberRange *range,
                      LevNumber            *out,
                      GError              **error)
{
  return lev_number_from_json_in (node, path, range, NULL, out, error);
}

/* ------------------------------------------------------------------ */
/* Writing. */

static JsonNode *
number_node (double v)
{
  JsonNode *node = json_node_alloc ();

  /* Whole numbers are written as integers so files stay readable. */
  if (v == floor (v) && fabs (v) < 9.0e15)
    json_node_init_int (node, (gint64) v);
  else
    json_node_init_double (node, v);
  return node;
}

JsonNode *
lev_number_to_json (const LevNumber *self)
{
  static const char *const names[][3] = {
    [LEV_DIST_UNIFORM] = { "min", "max", NULL },
    [LEV_DIST_TRIANGULAR] = { "min", "mode", "max" },
    [LEV_DIST_PERT] = { "min", "mode", "max" },
    [LEV_DIST_NORMAL] = { "mean", "sd", NULL },
    [LEV_DIST_LOGNORMAL] = { "low", "high", NULL },
  };
  JsonObject *obj;
  JsonNode *node;

  switch (self->kind)
    {
    case LEV_DIST_POINT:
      return number_node (self->p[0]);
    case LEV_DIST_NONE:
      node = json_node_alloc ();
      json_node_init_null (node);
      return node;
    default:
      break;
    }

  obj = json_object_new ();
  json_object_set_string_member (obj, "dist", lev_dist_kind_to_id (self->kind));
  if (self->kind == LEV_DIST_EMPIRICAL)
    {
      const char *file = lev_empirical_get_file (self->empirical);

      if (file != NULL)
        {
          json_object_set_string_member (obj, "file", file);
          json_object_set_string_member (obj, "column", lev_empirical_get_column (self->empirical));
        }
      else
        {
          JsonArray *arr = json_array_new ();
          gsize n;
          const double *v = lev_empirical_get_values (self->empirical, &n);

          for (gsize i = 0; i < n; i++)
            json_array_add_element (arr, number_node (v[i]));
          json_object_set_array_member (obj, "values", arr);
        }
    }
  else
    for (guint i = 0; i < 3 && names[self->kind][i] != NULL; i++)
      json_object_set_member (obj, names[self->kind][i], number_node (self->p[i]));

  node = json_node_alloc ();
  json_node_init_object (node, obj);
  json_object_unref (obj);
  return node;
}

/* ------------------------------------------------------------------ */
/* A CSV column. */

#ifdef LEV_HAVE_LIBCSV
/* [+-]digits[.digits][(e|E)[+-]digits], or with digits only after the
 * point: what a spreadsheet writes. */
static gboolean
is_decimal (const char *s)
{
  gboolean digits = FALSE;

  if (*s == '+' || *s == '-')
    s++;
  for (; g_ascii_isdigit (*s); s++)
    digits = TRUE;
  if (*s == '.')
    for (s++; g_ascii_isdigit (*s); s++)
      digits = TRUE;
  if (!digits)
    return FALSE;
  if (*s == 'e' || *s == 'E')
    {
      s++;
      if (*s == '+' || *s == '-')
        s++;
      if (!g_ascii_isdigit (*s))
        return FALSE;
      while (g_ascii_isdigit (*s))
        s++;
    }
  return *s == '\0';
}

typedef struct {
  const char *display;
  const char *column;
  int         want;       /* column index, −1 until the header is read */
  guint       width;      /* fields in the header */
  guint       field;
  guint       row;
  GArray     *values;
  GError     *error;
} CsvReader;

static void
csv_field (void *data, size_t len, void *user_data)
{
  CsvReader *r = user_data;
  g_autofree char *text = NULL;
  double v;

  if (r->error != NULL)
    return;
  text = g_strndup (data ? data : "", len);
  if (r->row == 0)
    {
      const char *name = text;

      /* A UTF-8 byte-order mark belongs to the file, not the first name. */
      if (r->field == 0 && g_str_has_prefix (name, "\xEF\xBB\xBF"))
        name += 3;
      if (r->want < 0 && g_strcmp0 (g_strstrip ((char *) name), r->column) == 0)
        r->want = (int) r->field;
    }
  else if ((int) r->field == r->want)
    {
      g_strstrip (text);
      /* Decimal only, as the trainer's reader: g_ascii_strtod alone also
       * takes 0x10, inf and nan. */
      v = is_decimal (text) ? g_ascii_strtod (text, NULL) : NAN;
      if (*text == '\0' || !isfinite (v))
        g_set_error (&r->error, LEV_ERROR, LEV_ERROR_PARSE,
                     _("%s: row %u, column \"%s\": \"%.40s\" is not a number"),
                     r->display, r->row + 1, r->column, text);
      else if (r->values->len >= MAX_EMPIRICAL_VALUES)
        g_set_error (&r->error, LEV_ERROR, LEV_ERROR_LIMIT,
                     _("%s: more than %d values in column \"%s\""),
                     r->display, MAX_EMPIRICAL_VALUES, r->column);
      else
        g_array_append_val (r->values, v);
    }
  r->field++;
}

static void
csv_row (int c, void *user_data)
{
  CsvReader *r = user_data;

  if (r->error == NULL && r->row == 0 && r->want < 0)
    g_set_error (&r->error, LEV_ERROR, LEV_ERROR_MISSING,
                 _("%s: row 1: no column named \"%s\" in the header"), r->display, r->column);
  else if (r->error == NULL && r->row > 0 && (int) r->field <= r->want)
    g_set_error (&r->error, LEV_ERROR, LEV_ERROR_PARSE,
                 _("%s: row %u: only %u fields, column \"%s\" is missing"),
                 r->display, r->row + 1, r->field, r->column);
  else if (r->error == NULL && r->row > 0 && r->field != r->width)
    g_set_error (&r->error, LEV_ERROR, LEV_ERROR_PARSE,
                 _("%s: row %u: %u fields, but the header has %u"),
                 r->display, r->row + 1, r->field, r->width);
  if (r->row == 0)
    r->width = r->field;
  r->row++;
  r->field = 0;
}
#endif

LevEmpirical *
lev_empirical_load_csv (const char  *filename,
                        const char  *display_file,
                        const char  *column,
                        GError     **error)
{
#ifdef LEV_HAVE_LIBCSV
  g_autofree char *contents = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  struct csv_parser parser;
  CsvReader r = { display_file ? display_file : filename, column, -1, 0, 0, 0, values, NULL };
  const char *data;
  gsize len;
  const char *eol;
  guint commas = 0, semis = 0, tabs = 0;
  unsigned char delim = ',';

  /* A FIFO named here would block the load forever: regular files only. */
  if (!lev_file_read (filename, 256 * 1024 * 1024, &contents, &len, &local))
    {
      const char *msg = local->message;

      /* The message starts with the full path; name the file as written. */
      if (g_str_has_prefix (msg, filename) && msg[strlen (filename)] == ':')
        msg += strlen (filename) + 2;
      g_set_error (error, local->domain, local->code, "%s: %s", r.display, msg);
      return NULL;
    }
  data = contents;
  if (len == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: the file is empty"), r.display);
      return NULL;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: not UTF-8 text"), r.display);
      return NULL;
    }
  /* The delimiter is whichever of , ; tab the header row uses most. */
  eol = memchr (data, '\n', len);
  for (const char *p = data; p < (eol ? eol : data + len); p++)
    {
      commas += *p == ',';
      semis += *p == ';';
      tabs += *p == '\t';
    }
  if (semis > commas && semis >= tabs)
    delim = ';';
  else if (tabs > commas && tabs > semis)
    delim = '\t';

  if (csv_init (&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("%s: out of memory"), r.display);
      return NULL;
    }
  csv_set_delim (&parser, delim);
  if (csv_parse (&parser, data, len, csv_field, csv_row, &r) != len && r.error == NULL)
    g_set_error (&r.error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: row %u: %s"), r.display,
                 r.row + 1, csv_strerror (csv_error (&parser)));
  if (r.error == NULL && csv_fini (&parser, csv_field, csv_row, &r) != 0 && r.error == NULL)
    g_set_error (&r.error, LEV_ERROR, LEV_ERROR_PARSE, _("%s: row %u: %s"), r.display,
                 r.row + 1, csv_strerror (csv_error (&parser)));
  csv_free (&parser);

  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return NULL;
    }
  if (values->len == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: column \"%s\" has no values"), r.display, column);
      return NULL;
    }
  return lev_empirical_new ((double *) values->data, values->len, display_file, column);
#else
  g_set_error (error, LEV_ERROR, LEV_ERROR_UNSUPPORTED,
               _("%s: this build of Leverage reads no CSV files (built without libcsv)"),
               display_file ? display_file : filename);
  return NULL;
#endif
}
