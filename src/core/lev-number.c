/* lev-number.c: reading and writing numeric fields, plain or {"dist": …}. */
#define G_LOG_DOMAIN "lev-number"
#include "config.h"

#include <math.h>

#include "lev-error.h"
#include "lev-number.h"

G_DEFINE_BOXED_TYPE (LevNumber, lev_number, lev_number_copy, lev_number_free)

LevNumber *
lev_number_copy (const LevNumber *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
lev_number_free (LevNumber *self)
{
  g_free (self);
}

LevNumber
lev_number_point (double value)
{
  LevNumber n = { LEV_DIST_POINT, { value, 0, 0, 0 } };
  return n;
}

LevNumber
lev_number_none (void)
{
  LevNumber n = { LEV_DIST_NONE, { 0, 0, 0, 0 } };
  return n;
}

gboolean
lev_number_is_set (const LevNumber *self)
{
  return self->kind != LEV_DIST_NONE;
}

double
lev_number_value (const LevNumber *self)
{
  switch (self->kind)
    {
    case LEV_DIST_POINT:
      return self->p[0];
    case LEV_DIST_NONE:
    default:
      return 0.0;
    }
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
  return TRUE;
}

gboolean
lev_number_check_value (double                value,
                        const char           *path,
                        const LevNumberRange *range,
                        GError              **error)
{
  if (!isfinite (value))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   "%s: must be a finite number", path);
      return FALSE;
    }
  if (value < range->min || value > range->max)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   "%s: %.17g is out of range (allowed %g to %g)",
                   path, value, range->min, range->max);
      return FALSE;
    }
  if (range->integer && value != floor (value))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   "%s: %.17g must be a whole number", path, value);
      return FALSE;
    }
  return TRUE;
}

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
               "%s: expected a number or a {\"dist\": …} object", path);
  return FALSE;
}

gboolean
lev_number_from_json (JsonNode             *node,
                      const char           *path,
                      const LevNumberRange *range,
                      LevNumber            *out,
                      GError              **error)
{
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
                   "%s.dist: a distribution object needs a \"dist\" member", path);
      return FALSE;
    }
  if (json_node_get_value_type (dist_node) != G_TYPE_STRING)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE,
                   "%s.dist: expected a string", path);
      return FALSE;
    }
  dist = json_node_get_string (dist_node);

  if (g_strcmp0 (dist, "point") == 0)
    {
      g_autofree char *vpath = g_strdup_printf ("%s.value", path);
      JsonNode *vn = json_object_get_member (obj, "value");
      GList *members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        if (g_strcmp0 (l->data, "dist") != 0 && g_strcmp0 (l->data, "value") != 0)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                         "%s.%s: unknown field of a point distribution",
                         path, (const char *) l->data);
            g_list_free (members);
            return FALSE;
          }
      g_list_free (members);

      if (vn == NULL)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                       "%s: a point distribution needs \"value\"", vpath);
          return FALSE;
        }
      if (!read_plain (vn, vpath, &v, error) ||
          !lev_number_check_value (v, vpath, range, error))
        return FALSE;
      *out = lev_number_point (v);
      return TRUE;
    }

  if (g_str_equal (dist, "uniform") || g_str_equal (dist, "triangular") ||
      g_str_equal (dist, "pert") || g_str_equal (dist, "normal") ||
      g_str_equal (dist, "lognormal") || g_str_equal (dist, "empirical"))
    g_set_error (error, LEV_ERROR, LEV_ERROR_UNSUPPORTED,
                 "%s.dist: the \"%s\" distribution is not supported yet "
                 "(this version reads plain numbers and \"point\")", path, dist);
  else
    g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                 "%s.dist: unknown distribution \"%s\"", path, dist);
  return FALSE;
}

JsonNode *
lev_number_to_json (const LevNumber *self)
{
  JsonNode *node = json_node_alloc ();

  switch (self->kind)
    {
    case LEV_DIST_POINT:
      /* Whole numbers are written as integers so files stay readable. */
      if (self->p[0] == floor (self->p[0]) && fabs (self->p[0]) < 9.0e15)
        json_node_init_int (node, (gint64) self->p[0]);
      else
        json_node_init_double (node, self->p[0]);
      break;
    case LEV_DIST_NONE:
    default:
      json_node_init_null (node);
      break;
    }
  return node;
}
