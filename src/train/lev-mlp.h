/* lev-mlp.h: the dense network (architecture + weights in one flat float32
 * arena, the layout every backend trains in), Glorot initialisation, the
 * float64 reference used by the tests, and models on disk (JSON description
 * + safetensors weights). */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "lev-backend.h"
#include "lev-dataset.h"

G_BEGIN_DECLS

#define LEV_MLP_MAX_LAYERS 16
/* Limits of what lev_model_load reads: the JSON description, its nesting
 * (ours is 5 deep; "training" and "metrics" are kept as they are), the
 * safetensors file and its header's nesting (3 deep). */
#define LEV_MODEL_MAX_JSON_BYTES     (64 * 1024 * 1024)
#define LEV_MODEL_MAX_DEPTH          32
#define LEV_MODEL_MAX_WEIGHTS_BYTES  ((gsize) 16 * 1024 * 1024 * 1024)
#define LEV_SAFETENSORS_MAX_DEPTH    8

typedef struct {
  guint         n_inputs;
  guint         n_layers;                      /* dense layers, the output layer included */
  guint         widths[LEV_MLP_MAX_LAYERS];    /* units of each layer */
  LevActivation activation;                    /* of every hidden layer */
  LevLoss       loss;                          /* fixes the output activation */
  /* The arena: layer l's kernel [in × out] at w_off[l], its bias at b_off[l]. */
  gsize         w_off[LEV_MLP_MAX_LAYERS];
  gsize         b_off[LEV_MLP_MAX_LAYERS];
  gsize         n_params;
  float        *params;
} LevMlp;

/* @hidden: the hidden widths (may be empty); @n_outputs: 1 for binary and
 * regression, the number of classes for softmax. NULL with @error when the
 * shape is unusable (a zero width, too many layers). */
LevMlp     *lev_mlp_new            (guint          n_inputs,
                                    const guint   *hidden,
                                    guint          n_hidden,
                                    guint          n_outputs,
                                    LevActivation  activation,
                                    LevLoss        loss,
                                    GError       **error);
LevMlp     *lev_mlp_copy           (const LevMlp  *mlp);
void        lev_mlp_free           (LevMlp        *mlp);
guint       lev_mlp_layer_inputs   (const LevMlp  *mlp,
                                    guint          layer);
guint       lev_mlp_max_width      (const LevMlp  *mlp);
/* Keras's defaults: kernels Glorot-uniform, U(±sqrt(6 / (fan_in + fan_out))),
 * biases zero; drawn from a GRand seeded with @seed, layer by layer. */
void        lev_mlp_init_glorot    (LevMlp        *mlp,
                                    guint32        seed);
/* Multiply-adds of one forward pass over one row. */
guint64     lev_mlp_forward_macs   (const LevMlp  *mlp);

/* The float64 reference (no dropout): the mean loss of @m rows and, when
 * @grad is not NULL, its gradient with respect to the arena (n_params),
 * with L2 term λ·Σ‖W‖² added when @l2 > 0. @y as the backend's loss takes it. */
double      lev_mlp_ref_loss_grad  (const LevMlp  *mlp,
                                    const double  *params,
                                    const double  *x,
                                    const double  *y,
                                    gsize          m,
                                    double         l2,
                                    double        *grad);

/* A saved model. */
typedef struct {
  LevMlp    *mlp;
  LevSchema *schema;
  LevScaler  scaler;          /* n == 0 when not standardised */
  JsonNode  *training;        /* settings (object), may be NULL */
  JsonNode  *metrics;         /* results (object), may be NULL */
} LevModel;

void        lev_model_free         (LevModel      *model);
/* Writes the weights beside @path (STEM.<hash>-<random>.safetensors),
 * then @path (JSON) naming them, each atomically: the JSON's rename is the
 * one commit point of the pair (see lev-mlp.c). */
gboolean    lev_model_save         (const LevModel *model,
                                    const char     *path,
                                    GError        **error);
LevModel   *lev_model_load         (const char     *path,
                                    GError        **error);
/* The weights file the model saved at @json_path names (older saves:
 * the JSON's name with .safetensors). */
char       *lev_model_weights_path (const char     *json_path);

/* Output rows for @x (n_rows × n_inputs, already scaled) on @backend:
 * probabilities (sigmoid/softmax) or values, n_rows × n_outputs. */
gboolean    lev_mlp_predict        (const LevMlp   *mlp,
                                    LevBackend     *backend,
                                    const float    *x,
                                    gsize           n_rows,
                                    float          *out,
                                    GError        **error);

/* The predictions for every row of @data, read with @model's schema and
 * not yet scaled (the model's scaling is applied here, in place), as CSV
 * text: a header, then per row the predicted class and its probabilities,
 * or the predicted value. @scored and @right (may be NULL) count the rows
 * with a known class and those predicted right. */
GString    *lev_model_predict_csv  (const LevModel *model,
                                    LevBackend     *backend,
                                    LevDataset     *data,
                                    gsize          *scored,
                                    gsize          *right,
                                    GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevMlp, lev_mlp_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevModel, lev_model_free)

G_END_DECLS
