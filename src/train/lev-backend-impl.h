/* lev-backend-impl.h: what a backend implements (for src/train's backends
 * only; callers use the front end of lev-backend.h). The front end has
 * checked every size and view against lev-backend.h's rules before an
 * operation is called, so an operation may trust its operands; the
 * formulas, layouts and aliasing rules are those of the lev_backend_*
 * function of the same name. */
#pragma once

#include "lev-backend.h"

G_BEGIN_DECLS

/* A buffer. Allocated and freed by its backend; @data is the backend's own
 * handle (a host pointer for the CPU backend, a cl_mem for OpenCL). */
struct _LevBuffer {
  LevBackend *backend;
  gsize       n_words;   /* size in 32-bit words */
  gpointer    data;
  gpointer    backend_data;
};

typedef struct _LevBackendOps LevBackendOps;

/* The operation table. Every operation is mandatory unless marked optional
 * (the front end then has a fallback). Sizes are in elements (32-bit
 * words) unless said otherwise. */
struct _LevBackendOps {
  /* Frees the backend and everything it still holds. */
  void        (*destroy)      (LevBackend         *self);
  void        (*get_caps)     (LevBackend         *self,
                               LevBackendCaps     *caps);

  /* Returns a buffer of @n_words 32-bit words (contents undefined), or NULL
   * with @error set (also when an earlier asynchronous error is pending). */
  LevBuffer  *(*alloc)        (LevBackend         *self,
                               gsize               n_words,
                               GError            **error);
  void        (*free)         (LevBackend         *self,
                               LevBuffer          *buf);

  /* dst[0 … n) = src[0 … n) (host → backend). @src may be reused on return. */
  void        (*upload)       (LevBackend         *self,
                               LevView             dst,
                               const float        *src,
                               gsize               n);
  /* Same for unsigned 32-bit words (gather indices). Optional: the front
   * end falls back to upload, which moves the same 32-bit words. */
  void        (*upload_u32)   (LevBackend         *self,
                               LevView             dst,
                               const guint32      *src,
                               gsize               n);
  /* Waits for every queued operation, then copies @n floats to @dst.
   * Returns FALSE with the pending error, if any. */
  gboolean    (*download)     (LevBackend         *self,
                               float              *dst,
                               LevView             src,
                               gsize               n,
                               GError            **error);
  /* dst[0 … n) = value */
  void        (*fill)         (LevBackend         *self,
                               LevView             dst,
                               float               value,
                               gsize               n);
  /* dst[0 … n) = src[0 … n); the ranges must not overlap. */
  void        (*copy)         (LevBackend         *self,
                               LevView             dst,
                               LevView             src,
                               gsize               n);

  /* The fused dense-layer operation:
   *   Z = alpha · op(A)·op(B) + beta · C + bias     (bias: N floats broadcast
   *                                                  over the rows; optional)
   *   C = act(Z)
   * with the shapes of LevGemmOrientation. When @z is a view, the
   * pre-activation Z is stored there (M×N) for the backward pass; @z may be
   * none when act is LEV_ACT_LINEAR or the caller does not need it. With
   * beta == 0, C is not read (it may hold garbage or NaN). C must not
   * overlap A, B or bias; Z must not overlap anything else. */
  void        (*gemm)         (LevBackend         *self,
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
                               LevView             z);

  /* dZ[i] = dA[i] · act'(Z[i]) for i < n. @dz may equal @da (in place). */
  void        (*act_backward) (LevBackend         *self,
                               LevActivation       act,
                               gsize               n,
                               LevView             z,
                               LevView             da,
                               LevView             dz);

  /* Column sums for the bias gradient:
   *   db[j] = beta · db[j] + Σ_{i=0}^{M−1} dZ[i, j]   for j < N
   * summed in increasing i (a fixed order, so results are reproducible). */
  void        (*bias_grad)    (LevBackend         *self,
                               gsize               m,
                               gsize               n,
                               LevView             dz,
                               float               beta,
                               LevView             db);

  /* The fused output activation + loss (see LevLoss) over M rows of N
   * logits. Writes the output probabilities/values to @probs (M×N, optional),
   * the gradient with respect to the logits, multiplied by @scale (usually
   * 1/batch_size, Keras's mean reduction), to @dlogits (M×N, optional; may
   * equal @logits), and writes TWO floats at @result: [0] the SUM of the M
   * per-row losses and [1] the number of correctly classified rows. Writing
   * the sums to backend memory rather than returning them lets a trainer
   * keep one slot per batch and download a whole epoch's losses at once,
   * without a sync per step. Targets are M×N floats for BCE and MSE and
   * M×1 class indices for softmax. */
  void        (*loss)         (LevBackend         *self,
                               LevLoss             kind,
                               gsize               m,
                               gsize               n,
                               LevView             logits,
                               LevView             targets,
                               float               scale,
                               LevView             probs,
                               LevView             dlogits,
                               LevView             result);

  /* Adam over @n parameters at once (the whole flat arena), in Keras's form:
   *   m += (g − m)·(1 − beta1);  v += (g² − v)·(1 − beta2);
   *   p −= alpha · m / (sqrt(v) + epsilon)
   * where the caller passes the bias-corrected step
   *   alpha = lr · sqrt(1 − beta2^t) / (1 − beta1^t)   (t counts from 1). */
  void        (*adam)         (LevBackend         *self,
                               gsize               n,
                               LevView             params,
                               LevView             grads,
                               LevView             m,
                               LevView             v,
                               float               alpha,
                               float               beta1,
                               float               beta2,
                               float               epsilon);

  /* SGD with momentum, Keras's form:
   *   vel = momentum · vel − lr · g;  p += vel                    (plain)
   *   vel = momentum · vel − lr · g;  p += momentum · vel − lr · g (nesterov) */
  void        (*sgd)          (LevBackend         *self,
                               gsize               n,
                               LevView             params,
                               LevView             grads,
                               LevView             velocity,
                               float               lr,
                               float               momentum,
                               gboolean            nesterov);

  /* y[i] += a · x[i] for i < n (L2 regularisation: grad += 2λ·w). */
  void        (*axpy)         (LevBackend         *self,
                               gsize               n,
                               float               a,
                               LevView             x,
                               LevView             y);

  /* Row gather for shuffling: dst row i = src row index[i], for i < n_rows,
   * rows of @n_cols floats; @index holds guint32 (see upload_u32). */
  void        (*gather_rows)  (LevBackend         *self,
                               gsize               n_rows,
                               gsize               n_cols,
                               LevView             src,
                               LevView             index,
                               LevView             dst);

  /* Inverted dropout, forward: mask[i] = keep ? 1/(1 − rate) : 0 with
   * keep = lev_dropout_keep (seed, counter, i, rate), then x[i] *= mask[i].
   * The mask is a pure function of (seed, counter, i), so every backend
   * drops the same units. Backward is mul (dx *= mask). */
  void        (*dropout)      (LevBackend         *self,
                               gsize               n,
                               LevView             x,
                               LevView             mask,
                               float               rate,
                               guint32             seed,
                               guint32             counter);

  /* y[i] *= x[i] for i < n. */
  void        (*mul)          (LevBackend         *self,
                               gsize               n,
                               LevView             x,
                               LevView             y);

  /* Waits for every queued operation; FALSE with the pending error. */
  gboolean    (*sync)         (LevBackend         *self,
                               GError            **error);

  /* Optional: how the kernels were obtained (lev_backend_get_build_stats). */
  gboolean    (*get_build_stats) (LevBackend      *self,
                                  gboolean        *from_cache,
                                  double          *seconds);
};

/* The base every backend embeds as its first member. */
struct _LevBackend {
  const LevBackendOps *ops;
  /* The front end's: the first caller error (LEV_BACKEND_ERROR_INVALID). */
  GError              *invalid;
};

G_END_DECLS
