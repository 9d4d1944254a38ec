/* lev-net.c: a network laid out on a backend (one arena for parameters,
 * gradients and optimiser moments; one for activations) and its forward and
 * backward passes issued as backend operations, with no host round trip. */
#define G_LOG_DOMAIN "lev-net"
#include "config.h"

#include <string.h>

#include "lev-net.h"
#include "lev-trainer.h"

void
lev_net_clear (LevNet *net)
{
  if (net->be == NULL)
    return;
  lev_backend_free_buffer (net->be, net->arena);
  lev_backend_free_buffer (net->be, net->act);
  net->arena = net->act = NULL;
}

gboolean
lev_net_init (LevNet        *net,
              const LevMlp  *mlp,
              LevBackend    *be,
              gsize          rows,
              gboolean       dropout,
              GError       **error)
{
  gsize off = 0, wmax = lev_mlp_max_width (mlp);

  memset (net, 0, sizeof *net);
  net->mlp = mlp;
  net->be = be;
  net->rows = rows;
  net->o_params = 0;
  net->o_grads = mlp->n_params;
  net->o_m = 2 * mlp->n_params;
  net->o_v = 3 * mlp->n_params;
  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gsize n = rows * mlp->widths[l];

      net->o_z[l] = off;
      off += n;
      net->o_a[l] = off;
      off += n;
      net->o_mask[l] = off;
      if (dropout)
        off += n;
    }
  net->o_d1 = off;
  off += rows * wmax;
  net->o_d2 = off;
  off += rows * wmax;
  if (!(net->arena = lev_backend_alloc (be, 4 * mlp->n_params, error)) ||
      !(net->act = lev_backend_alloc (be, off, error)))
    {
      lev_net_clear (net);
      return FALSE;
    }
  return TRUE;
}

/* Forward over @mb rows at @x; returns the logits' view. Dropout applies
 * to hidden outputs when @dropout > 0. */
LevView
lev_net_forward (LevNet  *net,
                 LevView  x,
                 gsize    mb,
                 double   dropout,
                 guint32  seed,
                 guint32  step)
{
  const LevMlp *mlp = net->mlp;
  LevBackend *be = net->be;
  LevView in = x;

  for (guint l = 0; l < mlp->n_layers; l++)
    {
      gboolean last = l + 1 == mlp->n_layers;
      LevView a = lev_view (net->act, net->o_a[l]);

      lev_backend_gemm (be, LEV_GEMM_NN, mb, mlp->widths[l], lev_mlp_layer_inputs (mlp, l), 1.0f, in,
                        lev_net_param (net, mlp->w_off[l]), 0.0f, a, lev_net_param (net, mlp->b_off[l]),
                        last ? LEV_ACT_LINEAR : mlp->activation,
                        last ? lev_view_none () : lev_view (net->act, net->o_z[l]));
      if (!last && dropout > 0.0)
        lev_backend_dropout (be, mb * mlp->widths[l], a, lev_view (net->act, net->o_mask[l]), (float) dropout,
                             seed + 0x9E3779B9u * (l + 1), step);
      in = a;
    }
  return in;
}

/* Backward from dlogits (in D1) to the gradient arena. */
void
lev_net_backward (LevNet  *net,
                  LevView  x,
                  gsize    mb,
                  double   dropout,
                  double   l2)
{
  const LevMlp *mlp = net->mlp;
  LevBackend *be = net->be;
  LevView d = lev_view (net->act, net->o_d1);
  LevView other = lev_view (net->act, net->o_d2);

  for (guint l = mlp->n_layers; l-- > 0;)
    {
      guint in = lev_mlp_layer_inputs (mlp, l), out = mlp->widths[l];
      LevView a_in = l == 0 ? x : lev_view (net->act, net->o_a[l - 1]);
      LevView g = lev_view (net->arena, net->o_grads);

      lev_backend_gemm (be, LEV_GEMM_TN, in, out, mb, 1.0f, a_in, d, 0.0f, lev_view_at (g, mlp->w_off[l]),
                        lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
      lev_backend_bias_grad (be, mb, out, d, 0.0f, lev_view_at (g, mlp->b_off[l]));
      if (l2 > 0.0)
        lev_backend_axpy (be, (gsize) in * out, (float) (2.0 * l2), lev_net_param (net, mlp->w_off[l]),
                          lev_view_at (g, mlp->w_off[l]));
      if (l == 0)
        break;
      lev_backend_gemm (be, LEV_GEMM_NT, mb, in, out, 1.0f, d, lev_net_param (net, mlp->w_off[l]), 0.0f, other,
                        lev_view_none (), LEV_ACT_LINEAR, lev_view_none ());
      if (dropout > 0.0)
        lev_backend_mul (be, mb * in, lev_view (net->act, net->o_mask[l - 1]), other);
      lev_backend_act_backward (be, mlp->activation, mb * in, lev_view (net->act, net->o_z[l - 1]), other, other);
      {
        LevView t = d;
        d = other;
        other = t;
      }
    }
  /* The caller's next loss writes D1 again; if the last delta landed in
   * D2 nothing reads it. */
}

gboolean
lev_mlp_backend_gradient (const LevMlp *mlp,
                          LevBackend   *be,
                          const float  *x,
                          const float  *y,
                          gsize         m,
                          double        l2,
                          float        *grad,
                          double       *loss,
                          GError      **error)
{
  return lev_mlp_backend_gradient_dropout (mlp, be, x, y, m, l2, 0.0, 0, 0, grad, loss, error);
}

gboolean
lev_mlp_backend_gradient_dropout (const LevMlp *mlp,
                                  LevBackend   *be,
                                  const float  *x,
                                  const float  *y,
                                  gsize         m,
                                  double        l2,
                                  double        dropout,
                                  guint32       seed,
                                  guint32       step,
                                  float        *grad,
                                  double       *loss,
                                  GError      **error)
{
  LevNet net;
  LevBuffer *io = NULL;
  guint n_out = mlp->widths[mlp->n_layers - 1];
  gsize ny = mlp->loss == LEV_LOSS_SOFTMAX_CE ? m : m * n_out;
  float res[2];
  gboolean ok = FALSE;
  LevView logits;

  if (!lev_net_init (&net, mlp, be, m, dropout > 0.0, error))
    return FALSE;
  if (!(io = lev_backend_alloc (be, m * mlp->n_inputs + ny + 2, error)))
    goto out;
  lev_backend_upload (be, lev_net_param (&net, 0), mlp->params, mlp->n_params);
  lev_backend_upload (be, lev_view (io, 0), x, m * mlp->n_inputs);
  lev_backend_upload (be, lev_view (io, m * mlp->n_inputs), y, ny);
  logits = lev_net_forward (&net, lev_view (io, 0), m, dropout, seed, step);
  lev_backend_loss (be, mlp->loss, m, n_out, logits, lev_view (io, m * mlp->n_inputs), 1.0f / (float) m,
                    lev_view_none (), lev_view (net.act, net.o_d1), lev_view (io, m * mlp->n_inputs + ny));
  lev_net_backward (&net, lev_view (io, 0), m, dropout, l2);
  if (!lev_backend_download (be, grad, lev_view (net.arena, net.o_grads), mlp->n_params, error) ||
      !lev_backend_download (be, res, lev_view (io, m * mlp->n_inputs + ny), 2, error))
    goto out;
  if (loss != NULL)
    {
      double penalty = 0.0;

      for (guint l = 0; l < mlp->n_layers && l2 > 0.0; l++)
        for (gsize i = 0; i < (gsize) lev_mlp_layer_inputs (mlp, l) * mlp->widths[l]; i++)
          penalty += l2 * (double) mlp->params[mlp->w_off[l] + i] * mlp->params[mlp->w_off[l] + i];
      *loss = res[0] / (double) m + penalty;
    }
  ok = TRUE;
out:
  lev_backend_free_buffer (be, io);
  lev_net_clear (&net);
  return ok;
}
