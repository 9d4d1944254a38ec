/* lev-backend.c: the backend front end. Every call checks its sizes and
 * views once, the same way for every backend, before the backend's table
 * sees it; a caller's error becomes LEV_BACKEND_ERROR_INVALID through the
 * same asynchronous path as a device's failure (lev-backend.h). Optional
 * operations get their fallback here. */
#define G_LOG_DOMAIN "lev-backend"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-backend-impl.h"

G_DEFINE_QUARK (lev-backend-error-quark, lev_backend_error)

/* A caller's error: kept (the first only), and every later operation is
 * skipped, as a backend does with its own failures. */
G_GNUC_PRINTF (2, 3) static void
set_invalid (LevBackend *self,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (self->invalid != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s", message);
  self->invalid = g_error_new_literal (LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_INVALID, message);
}

static gboolean
take_invalid (LevBackend  *self,
              GError     **error)
{
  if (self->invalid == NULL)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (self->invalid);
  return FALSE;
}

/* @v holds @n words of @self's memory (no buffer is fine when @optional). */
static gboolean
view_ok (LevBackend *self,
         const char *op,
         const char *operand,
         LevView     v,
         gsize       n,
         gboolean    optional)
{
  if (optional && v.buf == NULL)
    return TRUE;
  if (v.buf != NULL && v.buf->backend == self && v.offset <= v.buf->n_words &&
      n <= v.buf->n_words - v.offset)
    return TRUE;
  set_invalid (self, _("%s: operand %s is out of range or belongs to another backend"), op, operand);
  return FALSE;
}

#define NEED(op, name, v, n) view_ok (self, (op), (name), (v), (n), FALSE)
#define MAYBE(op, name, v, n) view_ok (self, (op), (name), (v), (n), TRUE)

/* @a × @b into @out; FALSE (and the error recorded) when it overflows. */
static gboolean
size_mul (LevBackend *self,
          const char *op,
          gsize       a,
          gsize       b,
          gsize      *out)
{
  if (g_size_checked_mul (out, a, b))
    return TRUE;
  set_invalid (self, _("%s: the sizes overflow"), op);
  return FALSE;
}

void
lev_backend_get_caps (LevBackend     *self,
                      LevBackendCaps *caps)
{
  g_return_if_fail (self != NULL && caps != NULL);
  self->ops->get_caps (self, caps);
}

LevBuffer *
lev_backend_alloc (LevBackend  *self,
                   gsize        n_words,
                   GError     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  if (!take_invalid (self, error))
    return NULL;
  return self->ops->alloc (self, n_words, error);
}

void
lev_backend_free_buffer (LevBackend *self,
                         LevBuffer  *buf)
{
  if (buf == NULL)
    return;
  g_return_if_fail (buf->backend == self);
  self->ops->free (self, buf);
}

void
lev_backend_upload (LevBackend  *self,
                    LevView      dst,
                    const float *src,
                    gsize        n)
{
  if (self->invalid != NULL || n == 0 || !NEED ("upload", "dst", dst, n))
    return;
  self->ops->upload (self, dst, src, n);
}

void
lev_backend_upload_u32 (LevBackend    *self,
                        LevView        dst,
                        const guint32 *src,
                        gsize          n)
{
  if (self->invalid != NULL || n == 0 || !NEED ("upload_u32", "dst", dst, n))
    return;
  if (self->ops->upload_u32 != NULL)
    self->ops->upload_u32 (self, dst, src, n);
  else
    self->ops->upload (self, dst, (const float *) (const void *) src, n);
}

gboolean
lev_backend_download (LevBackend  *self,
                      float       *dst,
                      LevView      src,
                      gsize        n,
                      GError     **error)
{
  if (self->invalid == NULL && n > 0)
    NEED ("download", "src", src, n);
  if (!take_invalid (self, error))
    return FALSE;
  return self->ops->download (self, dst, src, n, error);
}

void
lev_backend_fill (LevBackend *self,
                  LevView     dst,
                  float       value,
                  gsize       n)
{
  if (self->invalid != NULL || n == 0 || !NEED ("fill", "dst", dst, n))
    return;
  self->ops->fill (self, dst, value, n);
}

void
lev_backend_copy (LevBackend *self,
                  LevView     dst,
                  LevView     src,
                  gsize       n)
{
  if (self->invalid != NULL || n == 0 || !NEED ("copy", "dst", dst, n) || !NEED ("copy", "src", src, n))
    return;
  if (dst.buf == src.buf && dst.offset < src.offset + n && src.offset < dst.offset + n)
    {
      set_invalid (self, _("%s: operand %s is out of range or belongs to another backend"), "copy",
                   "dst ∩ src");
      return;
    }
  self->ops->copy (self, dst, src, n);
}

void
lev_backend_gemm (LevBackend         *self,
                  LevGemmOrientation  orient,
                  gsize               m,
                  gsize               n,
                  gsize               k,
                  float               alpha,
                  LevView             a,
                  LevView             b,
                  float               beta,
                  LevView             c,
                  LevView             bias,
                  LevActivation       act,
                  LevView             z)
{
  gsize mk, kn, mn;

  if (self->invalid != NULL || m == 0 || n == 0)
    return;
  if (orient > LEV_GEMM_TN || act >= LEV_N_ACTIVATIONS)
    {
      set_invalid (self, _("%s: unknown orientation, activation or loss"), "gemm");
      return;
    }
  if (!size_mul (self, "gemm", m, k, &mk) || !size_mul (self, "gemm", k, n, &kn) ||
      !size_mul (self, "gemm", m, n, &mn) ||
      !NEED ("gemm", "A", a, mk) || !NEED ("gemm", "B", b, kn) || !NEED ("gemm", "C", c, mn) ||
      !MAYBE ("gemm", "bias", bias, n) || !MAYBE ("gemm", "Z", z, mn))
    return;
  self->ops->gemm (self, orient, m, n, k, alpha, a, b, beta, c, bias, act, z);
}

void
lev_backend_act_backward (LevBackend    *self,
                          LevActivation  act,
                          gsize          n,
                          LevView        z,
                          LevView        da,
                          LevView        dz)
{
  if (self->invalid != NULL || n == 0)
    return;
  if (act >= LEV_N_ACTIVATIONS)
    {
      set_invalid (self, _("%s: unknown orientation, activation or loss"), "act_backward");
      return;
    }
  if (!NEED ("act_backward", "Z", z, n) || !NEED ("act_backward", "dA", da, n) ||
      !NEED ("act_backward", "dZ", dz, n))
    return;
  self->ops->act_backward (self, act, n, z, da, dz);
}

void
lev_backend_bias_grad (LevBackend *self,
                       gsize       m,
                       gsize       n,
                       LevView     dz,
                       float       beta,
                       LevView     db)
{
  gsize mn;

  if (self->invalid != NULL || n == 0)
    return;
  if (!size_mul (self, "bias_grad", m, n, &mn) || !NEED ("bias_grad", "dZ", dz, mn) ||
      !NEED ("bias_grad", "db", db, n))
    return;
  self->ops->bias_grad (self, m, n, dz, beta, db);
}

void
lev_backend_loss (LevBackend *self,
                  LevLoss     kind,
                  gsize       m,
                  gsize       n,
                  LevView     logits,
                  LevView     targets,
                  float       scale,
                  LevView     probs,
                  LevView     dlogits,
                  LevView     result)
{
  gsize mn;

  if (self->invalid != NULL)
    return;
  if (kind >= LEV_N_LOSSES || n == 0)
    {
      set_invalid (self, _("%s: unknown orientation, activation or loss"), "loss");
      return;
    }
  if (!size_mul (self, "loss", m, n, &mn) || !NEED ("loss", "logits", logits, mn) ||
      !NEED ("loss", "targets", targets, kind == LEV_LOSS_SOFTMAX_CE ? m : mn) ||
      !MAYBE ("loss", "probs", probs, mn) || !MAYBE ("loss", "dlogits", dlogits, mn) ||
      !NEED ("loss", "result", result, 2))
    return;
  self->ops->loss (self, kind, m, n, logits, targets, scale, probs, dlogits, result);
}

void
lev_backend_adam (LevBackend *self,
                  gsize       n,
                  LevView     params,
                  LevView     grads,
                  LevView     m,
                  LevView     v,
                  float       alpha,
                  float       beta1,
                  float       beta2,
                  float       epsilon)
{
  if (self->invalid != NULL || n == 0 || !NEED ("adam", "params", params, n) ||
      !NEED ("adam", "grads", grads, n) || !NEED ("adam", "m", m, n) || !NEED ("adam", "v", v, n))
    return;
  self->ops->adam (self, n, params, grads, m, v, alpha, beta1, beta2, epsilon);
}

void
lev_backend_sgd (LevBackend *self,
                 gsize       n,
                 LevView     params,
                 LevView     grads,
                 LevView     velocity,
                 float       lr,
                 float       momentum,
                 gboolean    nesterov)
{
  if (self->invalid != NULL || n == 0 || !NEED ("sgd", "params", params, n) ||
      !NEED ("sgd", "grads", grads, n) || !NEED ("sgd", "velocity", velocity, n))
    return;
  self->ops->sgd (self, n, params, grads, velocity, lr, momentum, nesterov);
}

void
lev_backend_axpy (LevBackend *self,
                  gsize       n,
                  float       a,
                  LevView     x,
                  LevView     y)
{
  if (self->invalid != NULL || n == 0 || !NEED ("axpy", "x", x, n) || !NEED ("axpy", "y", y, n))
    return;
  self->ops->axpy (self, n, a, x, y);
}

void
lev_backend_gather_rows (LevBackend *self,
                         gsize       n_rows,
                         gsize       n_cols,
                         LevView     src,
                         LevView     index,
                         LevView     dst)
{
  gsize nd;

  if (self->invalid != NULL || n_rows == 0 || n_cols == 0)
    return;
  /* The indices are on the backend; src must hold one row at least. */
  if (!size_mul (self, "gather_rows", n_rows, n_cols, &nd) || !NEED ("gather_rows", "src", src, n_cols) ||
      !NEED ("gather_rows", "index", index, n_rows) || !NEED ("gather_rows", "dst", dst, nd))
    return;
  self->ops->gather_rows (self, n_rows, n_cols, src, index, dst);
}

void
lev_backend_dropout (LevBackend *self,
                     gsize       n,
                     LevView     x,
                     LevView     mask,
                     float       rate,
                     guint32     seed,
                     guint32     counter)
{
  if (self->invalid != NULL || n == 0 || !NEED ("dropout", "x", x, n) || !NEED ("dropout", "mask", mask, n))
    return;
  self->ops->dropout (self, n, x, mask, rate, seed, counter);
}

void
lev_backend_mul (LevBackend *self,
                 gsize       n,
                 LevView     x,
                 LevView     y)
{
  if (self->invalid != NULL || n == 0 || !NEED ("mul", "x", x, n) || !NEED ("mul", "y", y, n))
    return;
  self->ops->mul (self, n, x, y);
}

gboolean
lev_backend_sync (LevBackend  *self,
                  GError     **error)
{
  if (!take_invalid (self, error))
    return FALSE;
  return self->ops->sync (self, error);
}

gboolean
lev_backend_get_build_stats (LevBackend *self,
                             gboolean   *from_cache,
                             double     *seconds)
{
  if (self->ops->get_build_stats != NULL)
    return self->ops->get_build_stats (self, from_cache, seconds);
  if (from_cache != NULL)
    *from_cache = FALSE;
  if (seconds != NULL)
    *seconds = 0;
  return FALSE;
}

void
lev_backend_free (LevBackend *self)
{
  if (self == NULL)
    return;
  g_clear_error (&self->invalid);
  self->ops->destroy (self);
}
