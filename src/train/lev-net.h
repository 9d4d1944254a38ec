/* lev-net.h: one network's arenas on one backend, and its forward and
 * backward passes as backend operations. Private to src/train: the trainer
 * and the gradient checks drive it; nothing outside the library sees it. */
#pragma once

#include "lev-backend.h"
#include "lev-mlp.h"

G_BEGIN_DECLS

/* Everything one network needs on one backend. */
typedef struct {
  const LevMlp *mlp;
  LevBackend   *be;
  gsize         rows;        /* largest batch the activations hold */
  LevBuffer    *arena;       /* params | grads | m | v */
  gsize         o_params, o_grads, o_m, o_v;
  LevBuffer    *act;         /* per layer Z, A, mask; then D1, D2 */
  gsize         o_z[LEV_MLP_MAX_LAYERS], o_a[LEV_MLP_MAX_LAYERS], o_mask[LEV_MLP_MAX_LAYERS];
  gsize         o_d1, o_d2;
} LevNet;

/* Allocates the arena (params, grads, m, v) and the activations for
 * batches of up to @rows rows, with room for dropout masks if @dropout. */
gboolean lev_net_init     (LevNet        *net,
                           const LevMlp  *mlp,
                           LevBackend    *be,
                           gsize          rows,
                           gboolean       dropout,
                           GError       **error);
void     lev_net_clear    (LevNet        *net);

/* Forward over @mb rows at @x; returns the logits' view. Dropout applies
 * to hidden outputs when @dropout > 0. */
LevView  lev_net_forward  (LevNet        *net,
                           LevView        x,
                           gsize          mb,
                           double         dropout,
                           guint32        seed,
                           guint32        step);

/* Backward from dlogits (in D1) to the gradient arena. */
void     lev_net_backward (LevNet        *net,
                           LevView        x,
                           gsize          mb,
                           double         dropout,
                           double         l2);

/* The parameters at @off floats into the arena. */
static inline LevView
lev_net_param (LevNet *net,
               gsize   off)
{
  return lev_view (net->arena, net->o_params + off);
}

G_END_DECLS
