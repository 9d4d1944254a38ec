/* lev-chart-training.c: a strict reader for training-run JSON. The file
 * comes from the user's disk, so every field is checked and every failure
 * says where it is; nothing in it can crash or hang the export. */
#define G_LOG_DOMAIN "lev-chart-training"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "lev-chart-training.h"
#include "lev-error.h"
#include "lev-file-read.h"
#include "lev-json.h"

#define MAX_DEPTH 64

/* A number member: absent or null gives NAN when @optional. */
static gboolean
read_number (JsonObject  *obj,
             const char  *member,
             gboolean     optional,
             double       lo,
             double       hi,
             const char  *name,
             guint        index,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  *out = NAN;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: $.epochs[%u].%s: missing"),
                   name, index, member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_DOUBLE && json_node_get_value_type (node) != G_TYPE_INT64))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: $.epochs[%u].%s: expected a number"),
                   name, index, member);
      return FALSE;
    }
  *out = json_node_get_double (node);
  if (!(*out >= lo && *out <= hi))
    {
      if (hi == G_MAXDOUBLE)
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.epochs[%u].%s: %g, expected a finite number of at least %g"),
                     name, index, member, *out, lo);
      else if (lo == -G_MAXDOUBLE)
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.epochs[%u].%s: %g, expected at most %g"),
                     name, index, member, *out, hi);
      else
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.epochs[%u].%s: %g is out of range (%g to %g)"),
                     name, index, member, *out, lo, hi);
      return FALSE;
    }
  return TRUE;
}

LevTrainingCurves *
lev_training_curves_load_data (const char  *data,
                               gsize        length,
                               const char  *display_name,
                               GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;
  JsonNode *epochs_node;
  JsonObject *obj;
  JsonArray *epochs;
  LevTrainingCurves *t;
  gboolean regression = FALSE;
  guint n;
  const char *name = display_name ? display_name : "<data>";

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  if (length > LEV_TRAINING_MAX_BYTES)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("%s: larger than %d MiB"), name,
                   LEV_TRAINING_MAX_BYTES >> 20);
      return NULL;
    }
  if (!(root = lev_json_parse (data, length, MAX_DEPTH, &local)))
    {
      g_set_error (error, LEV_ERROR, local->code, "%s: %s", name, local->message);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT,
                   _("%s: $: not a training run (expected the JSON object that “leverage-cli "
                     "train --format json” writes)"), name);
      return NULL;
    }
  obj = json_node_get_object (root);
  epochs_node = json_object_get_member (obj, "epochs");
  if (epochs_node == NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: $.epochs: missing"), name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (epochs_node))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: $.epochs: expected an array"), name);
      return NULL;
    }
  epochs = json_node_get_array (epochs_node);
  n = json_array_get_length (epochs);
  if (n == 0 || n > LEV_TRAINING_MAX_EPOCHS)
    {
      g_set_error (error, LEV_ERROR, n == 0 ? LEV_ERROR_VALUE : LEV_ERROR_LIMIT,
                   _("%s: $.epochs: %u epochs (expected 1 to %d)"), name, n, LEV_TRAINING_MAX_EPOCHS);
      return NULL;
    }
  /* Regression runs write r2 where classification writes accuracy. */
  {
    JsonNode *first = json_array_get_element (epochs, 0);
    if (JSON_NODE_HOLDS_OBJECT (first) && json_object_has_member (json_node_get_object (first), "r2"))
      regression = TRUE;
  }

  t = g_new0 (LevTrainingCurves, 1);
  t->n_points = n;
  t->train_loss = g_new (double, n);
  t->val_loss = g_new (double, n);
  t->train_metric = g_new (double, n);
  t->val_metric = g_new (double, n);
  t->metric_label = g_strdup (regression ? "R²" : _("Accuracy"));
  for (guint i = 0; i < n; i++)
    {
      JsonNode *el = json_array_get_element (epochs, i);
      JsonObject *e;
      double epoch;
      /* Accuracy is a fraction; R² is at most 1 but can be any negative. */
      double mlo = regression ? -G_MAXDOUBLE : 0;

      if (!JSON_NODE_HOLDS_OBJECT (el))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: $.epochs[%u]: expected an object"), name, i);
          lev_training_curves_free (t);
          return NULL;
        }
      e = json_node_get_object (el);
      if (!read_number (e, "epoch", FALSE, 1, LEV_TRAINING_MAX_EPOCHS, name, i, &epoch, error) ||
          !read_number (e, "loss", FALSE, 0, G_MAXDOUBLE, name, i, &t->train_loss[i], error) ||
          !read_number (e, "val_loss", TRUE, 0, G_MAXDOUBLE, name, i, &t->val_loss[i], error) ||
          !read_number (e, regression ? "r2" : "accuracy", TRUE, mlo, 1, name, i, &t->train_metric[i], error) ||
          !read_number (e, regression ? "val_r2" : "val_accuracy", TRUE, mlo, 1, name, i, &t->val_metric[i], error))
        {
          lev_training_curves_free (t);
          return NULL;
        }
      if (epoch != i + 1)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.epochs[%u].epoch: %g, expected %u (epochs in order from 1)"),
                       name, i, epoch, i + 1);
          lev_training_curves_free (t);
          return NULL;
        }
    }
  return t;
}

LevTrainingCurves *
lev_training_curves_load_file (const char  *filename,
                               GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  /* Regular files only, refused unread when too large. */
  if (!lev_file_read (filename, LEV_TRAINING_MAX_BYTES, &data, &length, error))
    return NULL;
  return lev_training_curves_load_data (data, length, filename, error);
}
