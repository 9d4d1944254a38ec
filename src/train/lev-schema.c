/* lev-schema.c: a dataset's schema (columns, categories, label, fills) as
 * JSON, the form it takes inside a model file. */
#define G_LOG_DOMAIN "lev-dataset"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-csv-reader.h"
#include "lev-error.h"

void
lev_schema_free (LevSchema *schema)
{
  if (schema == NULL)
    return;
  g_clear_pointer (&schema->columns, g_ptr_array_unref);
  g_free (schema->label);
  g_strfreev (schema->classes);
  g_strfreev (schema->feature_names);
  g_free (schema);
}

static JsonNode *
strv_to_json (char **strv)
{
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  /* The node takes its own reference to the array. */
  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

static const char *
missing_to_string (LevMissingPolicy m)
{
  return m == LEV_MISSING_DROP ? "drop" : m == LEV_MISSING_MEAN ? "mean" : "refuse";
}

JsonNode *
lev_schema_to_json (const LevSchema *schema)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "label");
  json_builder_add_string_value (b, schema->label);
  json_builder_set_member_name (b, "target");
  json_builder_add_string_value (b, lev_target_kind_to_string (schema->target));
  json_builder_set_member_name (b, "classes");
  json_builder_add_value (b, strv_to_json (schema->classes));
  json_builder_set_member_name (b, "missing");
  json_builder_add_string_value (b, missing_to_string (schema->missing));
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint i = 0; i < schema->columns->len; i++)
    {
      const LevColumnSpec *spec = g_ptr_array_index (schema->columns, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, spec->name);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, spec->kind == LEV_COLUMN_ONEHOT ? "one-hot" : "numeric");
      if (spec->kind == LEV_COLUMN_ONEHOT)
        {
          json_builder_set_member_name (b, "categories");
          json_builder_add_value (b, strv_to_json (spec->categories));
        }
      if (spec->has_fill)
        {
          json_builder_set_member_name (b, "fill");
          json_builder_add_double_value (b, spec->fill);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "features");
  json_builder_add_value (b, strv_to_json (schema->feature_names));
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static char **
json_to_strv (JsonNode    *node,
              const char  *where,
              GError     **error)
{
  JsonArray *array;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected an array of strings"), where);
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s[%u]: expected a string"), where, i);
          return NULL;
        }
      g_ptr_array_add (out, g_strdup (json_node_get_string (e)));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  return n != NULL && json_node_get_value_type (n) == G_TYPE_STRING ? json_node_get_string (n) : NULL;
}

LevSchema *
lev_schema_from_json (JsonNode  *node,
                      GError   **error)
{
  g_autoptr(LevSchema) s = g_new0 (LevSchema, 1);
  JsonObject *o;
  JsonNode *cols;
  const char *target, *missing;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("$.data: expected an object"));
      return NULL;
    }
  o = json_node_get_object (node);
  s->columns = g_ptr_array_new_with_free_func (lev_csv_column_spec_free);
  s->label = g_strdup (member_string (o, "label"));
  target = member_string (o, "target");
  missing = member_string (o, "missing");
  if (s->label == NULL || target == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("$.data: “label” and “target” are required"));
      return NULL;
    }
  if (g_str_equal (target, "binary"))
    s->target = LEV_TARGET_BINARY;
  else if (g_str_equal (target, "multiclass"))
    s->target = LEV_TARGET_MULTICLASS;
  else if (g_str_equal (target, "regression"))
    s->target = LEV_TARGET_REGRESSION;
  else
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("$.data.target: unknown target “%s”"), target);
      return NULL;
    }
  s->missing = g_strcmp0 (missing, "mean") == 0 ? LEV_MISSING_MEAN
             : g_strcmp0 (missing, "drop") == 0 ? LEV_MISSING_DROP : LEV_MISSING_REFUSE;
  if (!(s->classes = json_to_strv (json_object_get_member (o, "classes"), "$.data.classes", error)) ||
      !(s->feature_names = json_to_strv (json_object_get_member (o, "features"), "$.data.features", error)))
    return NULL;
  s->n_classes = g_strv_length (s->classes);
  s->n_features = g_strv_length (s->feature_names);
  if ((s->target == LEV_TARGET_REGRESSION) != (s->n_classes == 0) ||
      (s->target == LEV_TARGET_BINARY && s->n_classes != 2))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("$.data.classes: %u classes for a %s target"),
                   s->n_classes, target);
      return NULL;
    }
  cols = json_object_get_member (o, "columns");
  if (cols == NULL || !JSON_NODE_HOLDS_ARRAY (cols))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("$.data.columns: expected an array"));
      return NULL;
    }
  {
    JsonArray *array = json_node_get_array (cols);
    guint n_features = 0;

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *e = json_array_get_element (array, i);
        JsonObject *co;
        LevColumnSpec *spec;
        const char *name, *kind;
        g_autofree char *where = g_strdup_printf ("$.data.columns[%u]", i);

        if (!JSON_NODE_HOLDS_OBJECT (e))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: expected an object"), where);
            return NULL;
          }
        co = json_node_get_object (e);
        name = member_string (co, "name");
        kind = member_string (co, "kind");
        if (name == NULL || kind == NULL)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: “name” and “kind” are required"), where);
            return NULL;
          }
        spec = g_new0 (LevColumnSpec, 1);
        spec->name = g_strdup (name);
        g_ptr_array_add (s->columns, spec);
        if (g_str_equal (kind, "one-hot"))
          {
            g_autofree char *cwhere = g_strdup_printf ("%s.categories", where);

            spec->kind = LEV_COLUMN_ONEHOT;
            if (!(spec->categories = json_to_strv (json_object_get_member (co, "categories"), cwhere, error)))
              return NULL;
            n_features += g_strv_length (spec->categories);
          }
        else if (g_str_equal (kind, "numeric"))
          {
            JsonNode *fill = json_object_get_member (co, "fill");

            spec->kind = LEV_COLUMN_NUMERIC;
            if (fill != NULL && JSON_NODE_HOLDS_VALUE (fill))
              {
                spec->fill = (float) json_node_get_double (fill);
                spec->has_fill = TRUE;
              }
            n_features++;
          }
        else
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("%s.kind: unknown kind “%s”"), where, kind);
            return NULL;
          }
      }
    if (n_features != s->n_features || n_features == 0)
      {
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                     _("$.data.features: %u names for %u encoded features"), s->n_features, n_features);
        return NULL;
      }
  }
  /* The names are those the columns encode to, in order (see the CSV
   * reader): a hand-edited name for a column that is not there is refused. */
  for (guint i = 0, f = 0; i < s->columns->len; i++)
    {
      const LevColumnSpec *spec = g_ptr_array_index (s->columns, i);
      guint n = spec->kind == LEV_COLUMN_ONEHOT ? g_strv_length (spec->categories) : 1;

      for (guint k = 0; k < n; k++, f++)
        {
          g_autofree char *want = spec->kind == LEV_COLUMN_ONEHOT
                                    ? g_strdup_printf ("%s=%s", spec->name, spec->categories[k])
                                    : g_strdup (spec->name);

          if (!g_str_equal (want, s->feature_names[f]))
            {
              g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                           _("$.data.features[%u]: “%s” names no column of $.data.columns (expected “%s”)"),
                           f, s->feature_names[f], want);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&s);
}
