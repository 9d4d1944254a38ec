/* lev-mlp.c: the dense network's shape and arena, Glorot initialisation,
 * the float64 reference forward/backward the gradient tests trust, batched
 * prediction on a backend, and models on disk: a JSON description plus the
 * weights as safetensors (8-byte little-endian header length, a JSON header
 * of dtype/shape/data_offsets, then the raw little-endian float32 data),
 * readable by Hugging Face's `safetensors` package. */
#define G_LOG_DOMAIN "lev-mlp"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-error.h"
#include "lev-file.h"
#include "lev-file-read.h"
#include "lev-json.h"
#include "lev-mlp.h"

#define PREDICT_CHUNK 4096

LevMlp *
lev_mlp_new (guint          n_inputs,
             const guint   *hidden,
             guint          n_hidden,
             guint          n_outputs,
             LevActivation  activation,
             LevLoss        loss,
             GError       **error)
{
  g_autoptr(LevMlp) mlp = g_new0 (LevMlp, 1);
  gsize off = 0;
  guint in = n_inputs;

  if (n_hidden + 1 > LEV_MLP_MAX_LAYERS)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("at most %d hidden layers"), LEV_MLP_MAX_LAYERS - 1);
      return NULL;
    }
  if (n_inputs == 0 || n_outputs == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("a network needs inputs and outputs"));
      return NULL;
    }
  mlp->n_inputs = n_inputs;
  mlp->n_layers = n_hidden + 1;
  mlp->activation = activation;
  mlp->loss = loss;
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint out = l < n_hidden ? hidden[l] : n_outputs;

      if (out == 0 || out > 65536)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("layer %u: %u units (expected 1 to 65536)"), l + 1, out);
          return NULL;
        }
      mlp->widths[l] = out;
      mlp->w_off[l] = off;
      off += (gsize) in * out;
      mlp->b_off[l] = off;
      off += out;
      in = out;
    }
  mlp->n_params = off;
  mlp->params = g_new0 (float, off);
  return g_steal_pointer (&mlp);
}

LevMlp *
lev_mlp_copy (const LevMlp *mlp)
{
  LevMlp *copy = g_memdup2 (mlp, sizeof *mlp);

  copy->params = g_memdup2 (mlp->params, mlp->n_params * sizeof (float));
  return copy;
}

void
lev_mlp_free (LevMlp *mlp)
{
  if (mlp == NULL)
    return;
  g_free (mlp->params);
  g_free (mlp);
}

guint
lev_mlp_layer_inputs (const LevMlp *mlp,
                      guint         layer)
{
  return layer == 0 ? mlp->n_inputs : mlp->widths[layer - 1];
}

guint
lev_mlp_max_width (const LevMlp *mlp)
{
  guint w = mlp->n_inputs;

  for (guint l = 0; l < mlp->n_layers; l++)
    w = MAX (w, mlp->widths[l]);
  return w;
}

guint64
lev_mlp_forward_macs (const LevMlp *mlp)
{
  guint64 macs = 0;

  for (guint l = 0; l < mlp->n_layers; l++)
    macs += (guint64) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l];
  return macs;
}

void
lev_mlp_init_glorot (LevMlp  *mlp,
                     guint32  seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];
      double limit = sqrt (6.0 / (double) (in + out));
      float *w = mlp->params + mlp->w_off[l];

      for (gsize i = 0; i < (gsize) in * out; i++)
        w[i] = (float) g_rand_double_range (rand, -limit, limit);
      memset (mlp->params + mlp->b_off[l], 0, out * sizeof (float));
    }
}

/* --- the float64 reference --- */


/* A string member, or @fallback when it is absent or not a string: json-glib
 * answers NULL for a member that holds null, and a file must never make us
 * compare NULL. */
static const char *
string_member (JsonObject *obj,
               const char *name,
               const char *fallback)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

static double
ref_act (LevActivation act,
         double        z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0 ? z : 0;
    case LEV_ACT_TANH: return tanh (z);
    case LEV_ACT_SIGMOID: return 1 / (1 + exp (-z));
    case LEV_ACT_GELU: return 0.5 * z * (1 + erf (z * M_SQRT1_2));
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default: return z;
    }
}

static double
ref_act_grad (LevActivation act,
              double        z)
{
  switch (act)
    {
    case LEV_ACT_RELU: return z > 0 ? 1 : 0;
    case LEV_ACT_TANH: { double t = tanh (z); return 1 - t * t; }
    case LEV_ACT_SIGMOID: { double s = 1 / (1 + exp (-z)); return s * (1 - s); }
    case LEV_ACT_GELU:
      return 0.5 * (1 + erf (z * M_SQRT1_2)) + z * exp (-0.5 * z * z) / sqrt (2 * G_PI);
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default: return 1;
    }
}

double
lev_mlp_ref_loss_grad (const LevMlp *mlp,
                       const double *params,
                       const double *x,
                       const double *y,
                       gsize         m,
                       double        l2,
                       double       *grad)
{
  guint L = mlp->n_layers;
  guint wmax = lev_mlp_max_width (mlp);
  g_autofree double *acts = g_new0 (double, (gsize) (L + 1) * wmax);  /* per row: A_0 … A_L */
  g_autofree double *zs = g_new0 (double, (gsize) (L + 1) * wmax);
  g_autofree double *delta = g_new0 (double, wmax);
  g_autofree double *next = g_new0 (double, wmax);
  double total = 0;

  if (grad != NULL)
    memset (grad, 0, mlp->n_params * sizeof (double));

  for (gsize r = 0; r < m; r++)
    {
      guint n_out = mlp->widths[L - 1];
      double *z_out = zs + (gsize) L * wmax;

      memcpy (acts, x + r * mlp->n_inputs, mlp->n_inputs * sizeof (double));
      for (guint l = 0; l < L; l++)
        {
          guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];
          const double *w = params + mlp->w_off[l], *b = params + mlp->b_off[l];
          const double *a_in = acts + (gsize) l * wmax;
          double *z = zs + (gsize) (l + 1) * wmax, *a = acts + (gsize) (l + 1) * wmax;

          for (guint j = 0; j < out; j++)
            {
              double s = b[j];

              for (guint i = 0; i < in; i++)
                s += a_in[i] * w[(gsize) i * out + j];
              z[j] = s;
              a[j] = l + 1 < L ? ref_act (mlp->activation, s) : s;
            }
        }

      /* the loss on the logits, and d(loss)/d(logits) for this row */
      switch (mlp->loss)
        {
        case LEV_LOSS_SIGMOID_BCE:
          for (guint j = 0; j < n_out; j++)
            {
              double zz = z_out[j], yy = y[r * n_out + j], p = 1 / (1 + exp (-zz));

              total += fmax (zz, 0) - zz * yy + log1p (exp (-fabs (zz)));
              delta[j] = p - yy;
            }
          break;
        case LEV_LOSS_SOFTMAX_CE:
          {
            double zmax = z_out[0], s = 0;
            guint label = (guint) y[r];

            for (guint j = 1; j < n_out; j++)
              zmax = fmax (zmax, z_out[j]);
            for (guint j = 0; j < n_out; j++)
              s += exp (z_out[j] - zmax);
            total += zmax + log (s) - z_out[label];
            for (guint j = 0; j < n_out; j++)
              delta[j] = exp (z_out[j] - zmax) / s - (j == label ? 1 : 0);
          }
          break;
        case LEV_LOSS_MSE:
        case LEV_N_LOSSES:
        default:
          for (guint j = 0; j < n_out; j++)
            {
              double e = z_out[j] - y[r * n_out + j];

              total += e * e / n_out;
              delta[j] = 2 * e / n_out;
            }
          break;
        }
      if (grad == NULL)
        continue;

      for (guint l = L; l-- > 0;)
        {
          guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];
          const double *w = params + mlp->w_off[l];
          const double *a_in = acts + (gsize) l * wmax;
          const double *z_in = zs + (gsize) l * wmax;

          for (guint i = 0; i < in; i++)
            for (guint j = 0; j < out; j++)
              grad[mlp->w_off[l] + (gsize) i * out + j] += a_in[i] * delta[j] / (double) m;
          for (guint j = 0; j < out; j++)
            grad[mlp->b_off[l] + j] += delta[j] / (double) m;
          if (l == 0)
            break;
          for (guint i = 0; i < in; i++)
            {
              double s = 0;

              for (guint j = 0; j < out; j++)
                s += w[(gsize) i * out + j] * delta[j];
              next[i] = s * ref_act_grad (mlp->activation, z_in[i]);
            }
          memcpy (delta, next, in * sizeof (double));
        }
    }
  total /= (double) m;
  if (l2 > 0)
    for (guint l = 0; l < L; l++)
      {
        gsize n = (gsize) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l];

        for (gsize i = 0; i < n; i++)
          {
            double w = params[mlp->w_off[l] + i];

            total += l2 * w * w;
            if (grad != NULL)
              grad[mlp->w_off[l] + i] += 2 * l2 * w;
          }
      }
  return total;
}

/* --- prediction --- */

gboolean
lev_mlp_predict (const LevMlp *mlp,
                 LevBackend   *be,
                 const float  *x,
                 gsize         n_rows,
                 float        *out,
                 GError      **error)
{
  guint L = mlp->n_layers, wmax = lev_mlp_max_width (mlp), n_out = mlp->widths[L - 1];
  gsize chunk = MIN (n_rows, PREDICT_CHUNK);
  LevBuffer *params = NULL, *work = NULL;
  gsize o_in, o_a, o_b, o_t, o_r;
  gboolean ok = FALSE;

  if (n_rows == 0)
    return TRUE;
  /* [input chunk | ping | pong | dummy targets | loss result] */
  o_in = 0;
  o_a = o_in + chunk * mlp->n_inputs;
  o_b = o_a + chunk * wmax;
  o_t = o_b + chunk * wmax;
  o_r = o_t + chunk * n_out;
  if (!(params = lev_backend_alloc (be, mlp->n_params, error)) ||
      !(work = lev_backend_alloc (be, o_r + 2, error)))
    goto out;
  lev_backend_upload (be, lev_view (params, 0), mlp->params, mlp->n_params);
  lev_backend_fill (be, lev_view (work, o_t), 0.0f, chunk * n_out);

  for (gsize r0 = 0; r0 < n_rows; r0 += chunk)
    {
      gsize mb = MIN (chunk, n_rows - r0);
      LevView in = lev_view (work, o_in);
      gboolean ping = TRUE;

      lev_backend_upload (be, in, x + r0 * mlp->n_inputs, mb * mlp->n_inputs);
      for (guint l = 0; l < L; l++)
        {
          LevView dst = lev_view (work, ping ? o_a : o_b);
          gboolean last = l + 1 == L;

          lev_backend_gemm (be, LEV_GEMM_NN, mb, mlp->widths[l], lev_mlp_layer_inputs (mlp, l), 1.0f,
                            in, lev_view (params, mlp->w_off[l]), 0.0f, dst,
                            lev_view (params, mlp->b_off[l]), last ? LEV_ACT_LINEAR : mlp->activation,
                            lev_view_none ());
          in = dst;
          ping = !ping;
        }
      if (mlp->loss != LEV_LOSS_MSE)
        {
          /* The loss op is the one place the output activation lives;
           * its loss value against dummy targets is ignored. */
          LevView probs = lev_view (work, ping ? o_a : o_b);

          lev_backend_loss (be, mlp->loss, mb, n_out, in, lev_view (work, o_t), 0.0f, probs,
                            lev_view_none (), lev_view (work, o_r));
          in = probs;
        }
      if (!lev_backend_download (be, out + r0 * n_out, in, mb * n_out, error))
        goto out;
    }
  ok = TRUE;
out:
  lev_backend_free_buffer (be, work);
  lev_backend_free_buffer (be, params);
  return ok;
}

/* --- models on disk --- */

/* json-glib 1.6 (Debian 12) has no _with_default for arrays and objects. */
static JsonArray *
member_array (JsonObject *o,
              const char *name,
              gpointer    unused)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
}

static JsonObject *
member_object (JsonObject *o,
               const char *name,
               gpointer    unused)
{
  JsonNode *n = json_object_get_member (o, name);
  return n != NULL && JSON_NODE_HOLDS_OBJECT (n) ? json_node_get_object (n) : NULL;
}

/* An integer member (not 2.5, not "2"), or FALSE. */
static gboolean
int_member (JsonObject *o,
            const char *name,
            gint64     *out)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

static gboolean
int_element (JsonArray *a,
             guint      i,
             gint64     *out)
{
  JsonNode *n = json_array_get_element (a, i);

  if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (n);
  return TRUE;
}

void
lev_model_free (LevModel *model)
{
  if (model == NULL)
    return;
  g_clear_pointer (&model->mlp, lev_mlp_free);
  g_clear_pointer (&model->schema, lev_schema_free);
  lev_scaler_clear (&model->scaler);
  g_clear_pointer (&model->training, json_node_unref);
  g_clear_pointer (&model->metrics, json_node_unref);
  g_free (model);
}

/* Where saves before generations put the weights: the JSON's name with
 * .safetensors for .json. */
static char *
plain_weights_path (const char *json_path)
{
  if (g_str_has_suffix (json_path, ".json"))
    {
      g_autofree char *stem = g_strndup (json_path, strlen (json_path) - 5);
      return g_strconcat (stem, ".safetensors", NULL);
    }
  return g_strconcat (json_path, ".safetensors", NULL);
}

/* The "weights" member of the JSON text, when it is a plain file name. A
 * pattern, not a parse: it only decides which of our own weights files
 * the saved model no longer needs (see lev_model_save). */
static char *
named_weights (const char *text)
{
  g_autoptr(GRegex) re = g_regex_new ("\"weights\"\\s*:\\s*\"([^\"\\\\/]+)\"", 0, 0, NULL);
  g_autoptr(GMatchInfo) m = NULL;

  if (text == NULL || !g_regex_match (re, text, 0, &m))
    return NULL;
  return g_match_info_fetch (m, 1);
}

/* The weights file name the model JSON at @json_path names, or NULL. */
static char *
weights_named_by_file (const char *json_path)
{
  g_autofree char *text = NULL;
  GStatBuf st;

  /* Regular files only, and not unboundedly large. */
  if (g_stat (json_path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size > 256 * 1024 * 1024 ||
      !g_file_get_contents (json_path, &text, NULL, NULL))
    return NULL;
  return named_weights (text);
}

/* The weights file of the model saved at @json_path: the one its JSON
 * names, or, when it cannot be read, where older saves put it. */
char *
lev_model_weights_path (const char *json_path)
{
  g_autofree char *named = weights_named_by_file (json_path);

  if (named != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (json_path);
      return g_build_filename (dir, named, NULL);
    }
  return plain_weights_path (json_path);
}

/* A save's weights file: STEM.<16 hex digits of their SHA-256>-<8 hex
 * digits at random>.safetensors, STEM the JSON's name without .json. The
 * hash says which weights these are; the random part makes every save's
 * file its own, so no save can replace or remove the file another
 * (concurrent) save's JSON names. */
#define GEN_HASH 16
#define GEN_RANDOM 8

static char *
generation_name (const char *stem,
                 const char *sha)
{
  return g_strdup_printf ("%s.%.*s-%08x.safetensors", stem, GEN_HASH, sha, g_random_int ());
}

static gboolean
is_hex (const char *s,
        gsize       n)
{
  return strlen (s) >= n && strspn (s, "0123456789abcdef") >= n;
}

/* Whether @name is a weights generation of the model named @stem. */
static gboolean
is_generation_of (const char *name,
                  const char *stem)
{
  gsize n = strlen (stem);
  const char *t = name + n + 1;

  return strncmp (name, stem, n) == 0 && name[n] == '.' && is_hex (t, GEN_HASH) && t[GEN_HASH] == '-' &&
         is_hex (t + GEN_HASH + 1, GEN_RANDOM) &&
         strcmp (t + GEN_HASH + 1 + GEN_RANDOM, ".safetensors") == 0;
}

/* The stem of the JSON @path: its base name without .json. */
static char *
json_stem (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);

  if (g_str_has_suffix (base, ".json"))
    return g_strndup (base, strlen (base) - 5);
  return g_steal_pointer (&base);
}

/* Where new weights wait until their JSON is saved: WEIGHTS.<first 16 hex
 * digits of their SHA-256>. */
static char *
weights_sidecar_path (const char *wpath,
                      const char *sha)
{
  return g_strdup_printf ("%s.%.16s", wpath, sha);
}

/* Whether @name is the name of a sidecar of the weights file @wbase. */
static gboolean
is_sidecar_of (const char *name,
               const char *wbase)
{
  gsize n = strlen (wbase);

  return strncmp (name, wbase, n) == 0 && name[n] == '.' && strlen (name + n + 1) == 16 &&
         strspn (name + n + 1, "0123456789abcdef") == 16;
}

/* Once a save is complete, weights no JSON names are debris: generations
 * of interrupted (or raced) saves, the sidecars of saves before
 * generations (WEIGHTS.<16 hex digits>), and their temporary files and
 * those of the plain old name. Those
 * older than any live save (lev-file.h) go, except the ones the JSON now
 * on disk names (another save may have committed after ours). */
static void
remove_stale_weights (const char *dir,
                      const char *stem,
                      const char *json_path)
{
  g_autofree char *wplain = plain_weights_path (json_path);
  g_autofree char *wbase = g_path_get_basename (wplain);
  g_autofree char *current = weights_named_by_file (json_path);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *target = lev_file_temp_target (name);
      const char *of = target != NULL ? target : name;

      if ((current == NULL || !g_str_equal (of, current)) &&
          (is_sidecar_of (of, wbase) || is_generation_of (of, stem) ||
           (target != NULL && g_str_equal (target, wbase))))
        {
          g_autofree char *p = g_build_filename (dir, name, NULL);

          lev_file_remove_if_stale (p);
        }
    }
}

static const char *
loss_to_string (LevLoss loss)
{
  return loss == LEV_LOSS_SIGMOID_BCE ? "sigmoid-binary-crossentropy"
       : loss == LEV_LOSS_SOFTMAX_CE ? "softmax-crossentropy" : "linear-mse";
}

static JsonNode *
floats_to_json (const float *v,
                guint        n)
{
  JsonArray *a = json_array_sized_new (n);
  JsonNode *node;

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (a, v[i]);
  /* The node takes its own reference to the array. */
  node = json_node_init_array (json_node_alloc (), a);
  json_array_unref (a);
  return node;
}

static void
tensor_name (char       *buf,
             gsize       size,
             guint       layer,
             gboolean    bias)
{
  g_snprintf (buf, size, "dense_%u.%s", layer, bias ? "bias" : "kernel");
}

/* The safetensors bytes: header length, header, data. */
static GBytes *
safetensors_bytes (const LevMlp *mlp)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *header = NULL;
  GByteArray *out;
  gsize hlen, padded;
  guint64 le;
  char name[64];

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "__metadata__");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "leverage");
  json_builder_end_object (b);
  for (guint l = 0; l < mlp->n_layers; l++)
    for (int bias = 0; bias < 2; bias++)
      {
        gsize begin = (bias ? mlp->b_off[l] : mlp->w_off[l]) * 4;
        gsize count = bias ? mlp->widths[l] : (gsize) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l];

        tensor_name (name, sizeof name, l, bias);
        json_builder_set_member_name (b, name);
        json_builder_begin_object (b);
        json_builder_set_member_name (b, "dtype");
        json_builder_add_string_value (b, "F32");
        json_builder_set_member_name (b, "shape");
        json_builder_begin_array (b);
        if (!bias)
          json_builder_add_int_value (b, lev_mlp_layer_inputs (mlp, l));
        json_builder_add_int_value (b, mlp->widths[l]);
        json_builder_end_array (b);
        json_builder_set_member_name (b, "data_offsets");
        json_builder_begin_array (b);
        json_builder_add_int_value (b, (gint64) begin);
        json_builder_add_int_value (b, (gint64) (begin + count * 4));
        json_builder_end_array (b);
        json_builder_end_object (b);
      }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  header = json_generator_to_data (gen, &hlen);
  /* Padded with spaces to 8 bytes, as the reference writer does, so the
   * data that follows is aligned. */
  padded = (hlen + 7) / 8 * 8;
  out = g_byte_array_sized_new ((guint) (8 + padded + mlp->n_params * 4));
  le = GUINT64_TO_LE ((guint64) padded);
  g_byte_array_append (out, (const guint8 *) &le, 8);
  g_byte_array_append (out, (const guint8 *) header, (guint) hlen);
  for (gsize i = hlen; i < padded; i++)
    g_byte_array_append (out, (const guint8 *) " ", 1);
  for (gsize i = 0; i < mlp->n_params; i++)
    {
      guint32 bits;

      memcpy (&bits, &mlp->params[i], 4);
      bits = GUINT32_TO_LE (bits);
      g_byte_array_append (out, (const guint8 *) &bits, 4);
    }
  return g_byte_array_free_to_bytes (out);
}

gboolean
lev_model_save (const LevModel *model,
                const char     *path,
                GError        **error)
{
  const LevMlp *mlp = model->mlp;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) weights = safetensors_bytes (mlp);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = json_stem (path);
  g_autofree char *wplain = plain_weights_path (path);
  g_autofree char *plain_base = g_path_get_basename (wplain);
  g_autofree char *text = NULL;
  g_autofree char *wsha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, weights);
  g_autofree char *wname = generation_name (stem, wsha);
  g_autofree char *wgen = NULL;
  g_autofree char *previous = NULL;
  g_autoptr(LevFileSave) json_save = NULL;
  g_autoptr(GError) local = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, "leverage-model");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  json_builder_set_member_name (b, "weights");
  json_builder_add_string_value (b, wname);
  json_builder_set_member_name (b, "weights_sha256");
  json_builder_add_string_value (b, wsha);
  json_builder_set_member_name (b, "architecture");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "inputs");
  json_builder_add_int_value (b, mlp->n_inputs);
  json_builder_set_member_name (b, "layers");
  json_builder_begin_array (b);
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gboolean last = l + 1 == mlp->n_layers;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "units");
      json_builder_add_int_value (b, mlp->widths[l]);
      json_builder_set_member_name (b, "activation");
      json_builder_add_string_value (b, !last ? lev_activation_to_string (mlp->activation)
                                     : mlp->loss == LEV_LOSS_SIGMOID_BCE ? "sigmoid"
                                     : mlp->loss == LEV_LOSS_SOFTMAX_CE ? "softmax" : "linear");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "loss");
  json_builder_add_string_value (b, loss_to_string (mlp->loss));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "data");
  json_builder_add_value (b, lev_schema_to_json (model->schema));
  if (model->scaler.n > 0)
    {
      json_builder_set_member_name (b, "scaling");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "mean");
      json_builder_add_value (b, floats_to_json (model->scaler.mean, model->scaler.n));
      json_builder_set_member_name (b, "scale");
      json_builder_add_value (b, floats_to_json (model->scaler.scale, model->scaler.n));
      json_builder_end_object (b);
    }
  if (model->training != NULL)
    {
      json_builder_set_member_name (b, "training");
      json_builder_add_value (b, json_node_copy (model->training));
    }
  if (model->metrics != NULL)
    {
      json_builder_set_member_name (b, "metrics");
      json_builder_add_value (b, json_node_copy (model->metrics));
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);

  /* Two files cannot be replaced by one rename, so the JSON is the commit
   * point: the weights go to a file of this save's own (a generation, see
   * generation_name), then the JSON that names them replaces the old JSON
   * in one rename. A reader sees the old JSON with its old weights or the
   * new JSON with the new ones, never a mixed pair, even while two saves
   * of the same model race; a crash leaves the old model whole. The JSON's
   * save starts first, so a target that is no regular file is refused
   * before any weights are written. */
  if ((json_save = lev_file_save_new (path, error)) == NULL)
    return FALSE;
  wgen = g_build_filename (dir, wname, NULL);
  if (!lev_file_replace (wgen, g_bytes_get_data (weights, NULL), g_bytes_get_size (weights), error))
    return FALSE;
  if (!g_output_stream_write_all (lev_file_save_get_stream (json_save), text, strlen (text), NULL, NULL,
                                  &local))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), path, local->message);
      g_unlink (wgen);
      return FALSE;
    }
  /* The weights the JSON we replace names, read as late as possible. */
  previous = weights_named_by_file (lev_file_save_get_target (json_save));
  if (!lev_file_save_commit (json_save, error))
    {
      g_unlink (wgen);
      return FALSE;
    }

  /* Committed. The replaced model's weights are ours to remove when they
   * are a generation of this model or its plain old name; a reader that
   * read the old JSON just before finds the new one (lev_model_load). */
  if (previous != NULL && !g_str_equal (previous, wname) &&
      (is_generation_of (previous, stem) || g_str_equal (previous, plain_base)))
    {
      g_autofree char *p = g_build_filename (dir, previous, NULL);
      g_unlink (p);
    }
  remove_stale_weights (dir, stem, path);
  return TRUE;
}

static gboolean
weights_match (const char *data,
               gsize       len,
               const char *want_sha)
{
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);

  return g_str_equal (sha, want_sha);
}

/* Tensors' [begin, end) in the data section, for the overlap check. */
typedef struct {
  gint64      begin, end;
  const char *name;
} Span;

static int
span_cmp (gconstpointer a,
          gconstpointer b)
{
  const Span *x = a, *y = b;

  return x->begin < y->begin ? -1 : x->begin > y->begin;
}

/* @wpath's bytes, or those of its sidecar when a save was interrupted
 * between writing the JSON and the weights (see lev_model_save). */
static gboolean
read_weights (LevMlp      *mlp,
              const char  *wpath,
              const char  *want_sha,
              GError     **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint64 hlen;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local = NULL;
  JsonObject *header;
  Span spans[2 * LEV_MLP_MAX_LAYERS];
  guint n_spans = 0;
  char name[64];

  /* The file is named by the model, which anyone may have written: a FIFO
   * here must not hang the load. */
  if (!lev_file_read (wpath, LEV_MODEL_MAX_WEIGHTS_BYTES, &data, &len, error))
    return FALSE;
  if (want_sha != NULL && !weights_match (data, len, want_sha))
    {
      g_autofree char *side = NULL;

      /* The hash is also part of a file name: it must be one. */
      if (strlen (want_sha) != 64 || strspn (want_sha, "0123456789abcdef") != 64)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.weights_sha256: not a SHA-256 in hex"),
                       wpath);
          return FALSE;
        }
      side = weights_sidecar_path (wpath, want_sha);
      g_clear_pointer (&data, g_free);
      if (!lev_file_read (side, LEV_MODEL_MAX_WEIGHTS_BYTES, &data, &len, NULL) ||
          !weights_match (data, len, want_sha))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       _("%s: these are not the weights the model was saved with "
                         "(the file was replaced or changed)"), wpath);
          return FALSE;
        }
    }
  if (len < 8)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT, _("%s: too short for a safetensors file"), wpath);
      return FALSE;
    }
  memcpy (&hlen, data, 8);
  hlen = GUINT64_FROM_LE (hlen);
  if (hlen > len - 8 || hlen > 100 * 1024 * 1024)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT, _("%s: byte 0: header length %llu"
                                                         " beyond the file"), wpath,
                   (unsigned long long) hlen);
      return FALSE;
    }
  /* Positions in the message count from the header's first byte. */
  if (!(root = lev_json_parse (data + 8, hlen, LEV_SAFETENSORS_MAX_DEPTH, &local)))
    {
      g_set_error (error, LEV_ERROR, local->code, _("%s: header %s"), wpath, local->message);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT, _("%s: the header is not a JSON object"), wpath);
      return FALSE;
    }
  header = json_node_get_object (root);
  for (guint l = 0; l < mlp->n_layers; l++)
    for (int bias = 0; bias < 2; bias++)
      {
        guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];
        gsize count = bias ? out : (gsize) in * out;
        JsonNode *t;
        JsonObject *to;
        JsonArray *shape, *offs;
        gint64 begin, end, d0 = -1, d1 = -1;
        float *dst = mlp->params + (bias ? mlp->b_off[l] : mlp->w_off[l]);

        tensor_name (name, sizeof name, l, bias);
        t = json_object_get_member (header, name);
        if (t == NULL || !JSON_NODE_HOLDS_OBJECT (t))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING, _("%s: no tensor “%s”"), wpath, name);
            return FALSE;
          }
        to = json_node_get_object (t);
        shape = member_array (to, "shape", NULL);
        offs = member_array (to, "data_offsets", NULL);
        if (g_strcmp0 (string_member (to, "dtype", ""), "F32") != 0 ||
            shape == NULL || json_array_get_length (shape) != (bias ? 1u : 2u) ||
            !int_element (shape, 0, &d0) || (!bias && !int_element (shape, 1, &d1)) ||
            (bias ? d0 != out : d0 != in || d1 != out))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                         _("%s: tensor “%s” is not F32 of the shape the model describes"), wpath, name);
            return FALSE;
          }
        if (offs == NULL || json_array_get_length (offs) != 2 ||
            !int_element (offs, 0, &begin) || !int_element (offs, 1, &end))
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                         _("%s: tensor “%s”: data_offsets must be two whole numbers"), wpath, name);
            return FALSE;
          }
        if (begin < 0 || end - begin != (gint64) (count * 4) || (guint64) end > len - 8 - hlen)
          {
            g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                         _("%s: tensor “%s” has data offsets outside the file"), wpath, name);
            return FALSE;
          }
        spans[n_spans++] = (Span) { begin, end, g_intern_string (name) };
        for (gsize i = 0; i < count; i++)
          {
            guint32 bits;

            memcpy (&bits, data + 8 + hlen + begin + i * 4, 4);
            bits = GUINT32_FROM_LE (bits);
            memcpy (&dst[i], &bits, 4);
            if (!isfinite (dst[i]))
              {
                g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                             _("%s: tensor “%s” element %zu is not finite"), wpath, name, i);
                return FALSE;
              }
          }
      }
  /* Two tensors sharing bytes is not a file we wrote, and the safetensors
   * format forbids it. */
  qsort (spans, n_spans, sizeof *spans, span_cmp);
  for (guint i = 1; i < n_spans; i++)
    if (spans[i].begin < spans[i - 1].end)
      {
        g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: tensors “%s” and “%s” overlap"), wpath,
                     spans[i - 1].name, spans[i].name);
        return FALSE;
      }
  return TRUE;
}

/* $.scaling.mean or .scale: @n finite numbers, and scales above zero
 * (the scaler divides by them). */
static gboolean
floats_from_json (JsonObject  *o,
                  const char  *member,
                  guint        n,
                  gboolean     positive,
                  float      **out,
                  GError     **error)
{
  JsonArray *a = member_array (o, member, NULL);

  if (a == NULL || json_array_get_length (a) != n)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("$.scaling.%s: expected %u numbers"), member, n);
      return FALSE;
    }
  *out = g_new (float, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *e = json_array_get_element (a, i);
      GType t = JSON_NODE_HOLDS_VALUE (e) ? json_node_get_value_type (e) : G_TYPE_INVALID;
      double v = t == G_TYPE_INT64 ? (double) json_node_get_int (e) : t == G_TYPE_DOUBLE ? json_node_get_double (e) : NAN;

      if (!isfinite ((float) v) || (positive && !((float) v > 0)))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                       positive ? _("$.scaling.%s[%u]: expected a number above zero")
                                : _("$.scaling.%s[%u]: expected a finite number"), member, i);
          return FALSE;
        }
      (*out)[i] = (float) v;
    }
  return TRUE;
}

static LevModel *
model_load_once (const char  *path,
                 GError     **error)
{
  g_autoptr(JsonNode) top = NULL;
  g_autofree char *text = NULL;
  gsize text_len;
  gint64 version = 0, inputs = 0;
  g_autoptr(LevModel) model = g_new0 (LevModel, 1);
  g_autofree guint *hidden = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wpath = NULL;
  JsonObject *root, *arch;
  JsonArray *layers;
  const char *act_name, *loss_name, *weights;
  LevActivation act = LEV_ACT_RELU;
  LevLoss loss;
  guint n_layers;
  GError *local = NULL;

  if (!lev_file_read (path, LEV_MODEL_MAX_JSON_BYTES, &text, &text_len, error))
    return NULL;
  if (!(top = lev_json_parse (text, text_len, LEV_MODEL_MAX_DEPTH, &local)))
    {
      g_propagate_prefixed_error (error, local, "%s: ", path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (top))
    goto not_a_model;
  root = json_node_get_object (top);
  if (g_strcmp0 (string_member (root, "format", ""), "leverage-model") != 0)
    goto not_a_model;
  if (!int_member (root, "version", &version) || version != 1)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VERSION, _("%s: $.version: a model version this build cannot read"),
                   path);
      return NULL;
    }
  arch = member_object (root, "architecture", NULL);
  layers = arch != NULL ? member_array (arch, "layers", NULL) : NULL;
  loss_name = arch != NULL ? string_member (arch, "loss", "") : "";
  weights = string_member (root, "weights", NULL);
  if (layers == NULL || (n_layers = json_array_get_length (layers)) == 0 || n_layers > LEV_MLP_MAX_LAYERS ||
      weights == NULL || strchr (weights, '/') != NULL)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_MISSING,
                   _("%s: $.architecture: layers (1 to %d) and the weights file name are required"), path,
                   LEV_MLP_MAX_LAYERS);
      return NULL;
    }
  if (g_str_equal (loss_name, "sigmoid-binary-crossentropy"))
    loss = LEV_LOSS_SIGMOID_BCE;
  else if (g_str_equal (loss_name, "softmax-crossentropy"))
    loss = LEV_LOSS_SOFTMAX_CE;
  else if (g_str_equal (loss_name, "linear-mse"))
    loss = LEV_LOSS_MSE;
  else
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN, _("%s: $.architecture.loss: unknown loss “%s”"), path,
                   loss_name);
      return NULL;
    }
  hidden = g_new0 (guint, n_layers);
  for (guint l = 0; l < n_layers; l++)
    {
      JsonNode *ln = json_array_get_element (layers, l);
      JsonObject *lo = JSON_NODE_HOLDS_OBJECT (ln) ? json_node_get_object (ln) : NULL;
      gint64 units = 0;

      if (!int_member (lo, "units", &units) || units <= 0 || units > 65536)
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.architecture.layers[%u].units: expected 1 to 65536"),
                       path, l);
          return NULL;
        }
      hidden[l] = (guint) units;
      act_name = string_member (lo, "activation", "");
      if (l + 1 < n_layers && !lev_activation_from_string (act_name, &act))
        {
          g_set_error (error, LEV_ERROR, LEV_ERROR_UNKNOWN,
                       _("%s: $.architecture.layers[%u].activation: unknown activation “%s”"), path, l, act_name);
          return NULL;
        }
    }
  if (!(model->schema = lev_schema_from_json (json_object_get_member (root, "data"), &local)))
    {
      g_propagate_prefixed_error (error, local, "%s: ", path);
      return NULL;
    }
  if (!int_member (arch, "inputs", &inputs) || inputs != model->schema->n_features)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("%s: $.architecture.inputs: %u features in $.data"),
                   path, model->schema->n_features);
      return NULL;
    }
  if (!(model->mlp = lev_mlp_new (model->schema->n_features, hidden, n_layers - 1, hidden[n_layers - 1], act,
                                  loss, &local)))
    {
      g_propagate_prefixed_error (error, local, "%s: $.architecture: ", path);
      return NULL;
    }
  /* Each loss goes with one kind of target: a sigmoid model relabelled
   * multiclass would write one probability under two class columns. */
  if ((loss == LEV_LOSS_SIGMOID_BCE) != (model->schema->target == LEV_TARGET_BINARY) ||
      (loss == LEV_LOSS_SOFTMAX_CE) != (model->schema->target == LEV_TARGET_MULTICLASS) ||
      (loss == LEV_LOSS_MSE) != (model->schema->target == LEV_TARGET_REGRESSION))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: $.architecture.loss: “%s” does not fit the target in $.data.target"), path, loss_name);
      return NULL;
    }
  if ((loss == LEV_LOSS_SOFTMAX_CE && hidden[n_layers - 1] != model->schema->n_classes) ||
      (loss == LEV_LOSS_SIGMOID_BCE && (hidden[n_layers - 1] != 1 || model->schema->n_classes != 2)) ||
      (loss == LEV_LOSS_MSE && hidden[n_layers - 1] != 1))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("%s: $.architecture: the output layer does not match the %u classes"), path,
                   model->schema->n_classes);
      return NULL;
    }
  if (json_object_has_member (root, "scaling"))
    {
      JsonObject *sc = member_object (root, "scaling", NULL);

      model->scaler.n = model->schema->n_features;
      if (sc == NULL ||
          !floats_from_json (sc, "mean", model->scaler.n, FALSE, &model->scaler.mean, error) ||
          !floats_from_json (sc, "scale", model->scaler.n, TRUE, &model->scaler.scale, error))
        {
          if (error != NULL && *error != NULL)
            g_prefix_error (error, "%s: ", path);
          else
            g_set_error (error, LEV_ERROR, LEV_ERROR_TYPE, _("%s: $.scaling: expected an object"), path);
          return NULL;
        }
    }
  if (json_object_has_member (root, "training"))
    model->training = json_node_copy (json_object_get_member (root, "training"));
  if (json_object_has_member (root, "metrics"))
    model->metrics = json_node_copy (json_object_get_member (root, "metrics"));
  wpath = g_build_filename (dir, weights, NULL);
  if (!read_weights (model->mlp, wpath, string_member (root, "weights_sha256", NULL),
                     &local))
    {
      if (local->domain != LEV_ERROR)
        {
          GError *e = g_error_new_literal (LEV_ERROR, LEV_ERROR_IO, local->message);
          g_error_free (local);
          local = e;
        }
      g_propagate_error (error, local);
      return NULL;
    }
  return g_steal_pointer (&model);

not_a_model:
  g_set_error (error, LEV_ERROR, LEV_ERROR_FORMAT, _("%s: $.format: not a Leverage model"), path);
  return NULL;
}

/* ---- predictions as CSV ------------------------------------------- */

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GString *
lev_model_predict_csv (const LevModel *model,
                       LevBackend     *backend,
                       LevDataset     *data,
                       gsize          *scored,
                       gsize          *right,
                       GError        **error)
{
  g_autoptr(GString) csv = NULL;
  g_autofree float *out = NULL;
  g_autofree char *id_name = NULL;
  g_auto(GStrv) ids = NULL;
  const LevSchema *s;
  guint n_out;
  gsize n_scored = 0, n_right = 0;

  g_return_val_if_fail (model != NULL && backend != NULL && data != NULL, NULL);

  /* The rows keep their number in the file (the header is row 1, as in
   * every message about the file) and their id, so that a prediction
   * joins back to its row; the dataset read with a schema drops none. */
  if (data->path != NULL)
    {
      ids = lev_csv_read_ids (data->path, model->schema, &id_name, error);
      if (ids == NULL && error != NULL && *error != NULL)
        return NULL;
      if (ids != NULL && g_strv_length (ids) != data->n_rows)
        g_clear_pointer (&ids, g_strfreev);
    }

  s = model->schema;
  n_out = model->mlp->widths[model->mlp->n_layers - 1];
  if (model->scaler.n > 0)
    lev_scaler_apply (&model->scaler, data->x, data->n_rows);
  out = g_new (float, MAX (data->n_rows * n_out, 1));
  if (!lev_mlp_predict (model->mlp, backend, data->x, data->n_rows, out, error))
    return NULL;

  csv = g_string_new ("row,");
  if (ids != NULL)
    {
      append_csv_field (csv, id_name);
      g_string_append_c (csv, ',');
    }
  g_string_append (csv, "prediction");
  if (s->target == LEV_TARGET_BINARY)
    g_string_append (csv, ",probability");
  else if (s->target == LEV_TARGET_MULTICLASS)
    for (guint k = 0; k < s->n_classes; k++)
      {
        g_autofree char *name = g_strconcat ("p_", s->classes[k], NULL);
        g_string_append_c (csv, ',');
        append_csv_field (csv, name);
      }
  g_string_append_c (csv, '\n');
  for (gsize i = 0; i < data->n_rows; i++)
    {
      const float *o = out + i * n_out;
      char num[G_ASCII_DTOSTR_BUF_SIZE];
      guint pred = 0;

      g_string_append_printf (csv, "%" G_GSIZE_FORMAT ",", i + 2);
      if (ids != NULL)
        {
          append_csv_field (csv, ids[i]);
          g_string_append_c (csv, ',');
        }

      if (s->target == LEV_TARGET_REGRESSION)
        {
          g_string_append (csv, g_ascii_formatd (num, sizeof num, "%.7g", o[0]));
          g_string_append_c (csv, '\n');
          continue;
        }
      if (s->target == LEV_TARGET_BINARY)
        pred = o[0] > 0.5f ? 1 : 0;
      else
        for (guint k = 1; k < n_out; k++)
          if (o[k] > o[pred])
            pred = k;
      append_csv_field (csv, s->classes[pred]);
      /* Binary: one output, the probability of the second class. */
      for (guint k = 0; k < n_out; k++)
        {
          g_string_append_c (csv, ',');
          g_string_append (csv, g_ascii_formatd (num, sizeof num, "%.6f", o[k]));
        }
      g_string_append_c (csv, '\n');
      if (data->y != NULL && !isnan (data->y[i]))
        {
          n_scored++;
          n_right += (guint) data->y[i] == pred;
        }
    }
  if (scored != NULL)
    *scored = n_scored;
  if (right != NULL)
    *right = n_right;
  return g_steal_pointer (&csv);
}

/* Whether the model JSON at @path was replaced since @before_st was taken
 * and named @before_weights. Every save names weights of its own (the
 * random part of a generation), so a JSON naming other weights is another
 * save's, even where a reused inode number and the same size and second
 * would make the stat look unchanged. */
static gboolean
replaced_since (const char     *path,
                const GStatBuf *before_st,
                const char     *before_weights)
{
  g_autofree char *now_weights = weights_named_by_file (path);
  GStatBuf now;

  if (g_strcmp0 (now_weights, before_weights) != 0)
    return TRUE;
  return g_stat (path, &now) == 0 &&
         (now.st_ino != before_st->st_ino || now.st_dev != before_st->st_dev ||
          now.st_size != before_st->st_size || now.st_mtim.tv_sec != before_st->st_mtim.tv_sec ||
          now.st_mtim.tv_nsec != before_st->st_mtim.tv_nsec);
}

LevModel *
lev_model_load (const char  *path,
                GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  /* A save that commits while we read may remove the weights the JSON we
   * read names (lev_model_save): when the JSON was replaced meanwhile,
   * the new one, whole with its weights, is read instead. */
  for (guint attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local = NULL;
      g_autofree char *before_weights = weights_named_by_file (path);
      GStatBuf before;
      gboolean stat_ok = g_stat (path, &before) == 0;
      LevModel *model = model_load_once (path, &local);

      if (model != NULL)
        return model;
      if (!stat_ok || attempt == 7 || !replaced_since (path, &before, before_weights))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
}
