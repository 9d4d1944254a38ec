/* lev-backend.h: the compute backend interface of the trainer, a small set
 * of operations in the spirit of ggml's backends. The trainer loop only
 * ever calls the checked front end declared here (lev-backend.c); each
 * backend fills in a table of operations (lev-backend-impl.h), so the CPU
 * backend (always present) and the OpenCL backend are interchangeable and
 * can be tested against each other (tests/train/test-backend.c).
 *
 * Conventions every backend follows (the tests check them):
 *
 * - Memory. A LevBuffer is an array of 32-bit words owned by one backend
 *   (host memory, a cl_mem, …). Operations address memory as a LevView =
 *   (buffer, offset counted in 32-bit words), so a whole network's parameters,
 *   gradients and optimiser moments each live in one flat arena and a layer
 *   is just an offset into it. Words hold IEEE float32 except where an
 *   operation says it reads guint32 (gather indices).
 * - Matrices are row-major and packed: an M×N matrix at view V has element
 *   (i, j) at V.offset + i·N + j. A weight matrix of a dense layer is stored
 *   [in × out] (Keras's kernel layout), its bias [out].
 * - Ordering. Operations are executed in the order they are issued on one
 *   backend. They may run asynchronously: host memory passed to upload may be
 *   reused as soon as upload returns; results are visible to the host after
 *   download (which waits) or sync.
 * - Errors. Operations return nothing; a backend that fails (out of memory,
 *   device lost, a kernel failed) records the first error, turns later
 *   operations into no-ops, and reports the error from the next sync,
 *   download or alloc (darktable's and OpenCL's asynchronous model). The
 *   caller then falls back to another backend from its last host checkpoint.
 *   Errors are in the LEV_BACKEND_ERROR domain.
 * - Outputs never depend on their previous contents unless the operation says
 *   it accumulates (beta != 0): new buffers are not zeroed on every backend.
 * - Determinism. The same inputs on the same backend give bitwise the same
 *   outputs, whatever the number of threads or work-groups: reductions are
 *   done in a fixed order (no float atomics). Different backends agree to
 *   float32 rounding, not bitwise.
 * - A backend is used from one thread at a time (the trainer's worker).
 *
 * Changes to this interface are additive only: new operations go at the end
 * of LevBackendOps, and the front end gives optional ones their fallback.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LEV_BACKEND_ERROR (lev_backend_error_quark ())

typedef enum {
  LEV_BACKEND_ERROR_UNAVAILABLE,   /* no such backend or device in this build/machine */
  LEV_BACKEND_ERROR_OUT_OF_MEMORY, /* an allocation failed (host or device) */
  LEV_BACKEND_ERROR_DEVICE_LOST,   /* the device went away or a kernel was killed */
  LEV_BACKEND_ERROR_BUILD,         /* kernels could not be compiled for the device */
  LEV_BACKEND_ERROR_INVALID,       /* a caller error: bad size, view out of range */
  LEV_BACKEND_ERROR_FAILED,        /* any other failure */
} LevBackendError;

GQuark lev_backend_error_quark (void);

typedef struct _LevBackend    LevBackend;
typedef struct _LevBuffer     LevBuffer;

/* A buffer, allocated and freed by its backend (its body is in
 * lev-backend-impl.h, for backends only). */
/* Where an operand lives: a buffer and an offset in 32-bit words. A view
 * with buf == NULL means "no operand" where an operation allows it. */
typedef struct {
  LevBuffer *buf;
  gsize      offset;
} LevView;

static inline LevView
lev_view (LevBuffer *buf,
          gsize      offset)
{
  LevView v = { buf, offset };
  return v;
}

static inline LevView
lev_view_none (void)
{
  LevView v = { NULL, 0 };
  return v;
}

static inline LevView
lev_view_at (LevView v,
             gsize   extra)
{
  v.offset += extra;
  return v;
}

typedef enum {
  LEV_ACT_LINEAR,  /* f(z) = z */
  LEV_ACT_RELU,    /* f(z) = max(z, 0); f'(0) = 0 as TensorFlow does */
  LEV_ACT_TANH,    /* f(z) = tanh(z) */
  LEV_ACT_SIGMOID, /* f(z) = 1 / (1 + exp(-z)) */
  LEV_ACT_GELU,    /* f(z) = z·Φ(z) = z/2 · (1 + erf(z/√2)), the exact form (Keras's default) */
  LEV_N_ACTIVATIONS
} LevActivation;

/* Which operands are transposed. A is M×K, B is K×N as used by the product:
 *   NN: C[M×N] = A[M×K]   · B[K×N]     forward:  H = X · W
 *   NT: C[M×N] = A[M×K]   · B[N×K]ᵀ    backward: dX = dZ · Wᵀ   (W stored [in×out])
 *   TN: C[M×N] = A[K×M]ᵀ  · B[K×N]     backward: dW = Xᵀ · dZ
 */
typedef enum {
  LEV_GEMM_NN,
  LEV_GEMM_NT,
  LEV_GEMM_TN,
} LevGemmOrientation;

typedef enum {
  /* Output sigmoid + binary cross-entropy on logits z, targets y ∈ {0, 1}
   * (N outputs, N target columns): loss = max(z,0) − z·y + log1p(exp(−|z|)),
   * probability p = σ(z), dlogits = scale·(p − y); "correct" when
   * (p > 0.5) == (y > 0.5). */
  LEV_LOSS_SIGMOID_BCE,
  /* Output softmax + cross-entropy on logits z[M×N]; targets are ONE column
   * holding the class index as a float (0 … N−1): loss = logsumexp(z) − z_y,
   * p = softmax(z), dlogits = scale·(p − onehot(y)); "correct" when the
   * first index of the largest p equals y. */
  LEV_LOSS_SOFTMAX_CE,
  /* Linear output + mean squared error over the N outputs of a row:
   * loss = mean_j (z_j − y_j)², p = z, dlogits = scale·2·(z − y)/N;
   * "correct" is always 0. */
  LEV_LOSS_MSE,
  LEV_N_LOSSES
} LevLoss;

typedef enum {
  LEV_BACKEND_CAP_GPU           = 1 << 0, /* runs on a discrete or integrated GPU */
  LEV_BACKEND_CAP_HOST_MEMORY   = 1 << 1, /* buffers are plain host memory (LevBuffer.data) */
  LEV_BACKEND_CAP_DETERMINISTIC = 1 << 2, /* bitwise reproducible (all backends must be) */
  LEV_BACKEND_CAP_ASYNC         = 1 << 3, /* operations are queued, not run on the call */
} LevBackendCapFlags;

/* What a backend can do. Strings belong to the backend. */
typedef struct {
  const char        *name;           /* "cpu", "opencl" */
  const char        *device_name;    /* human-readable ("AMD EPYC, 2 threads", "NVIDIA H200") */
  const char        *device_id;      /* stable id a user can pass back (name + driver) */
  LevBackendCapFlags flags;
  guint64            memory_bytes;   /* usable memory, 0 when unknown */
  guint64            max_alloc_words;/* largest single buffer, in 32-bit words; 0 = unlimited */
  guint              n_threads;      /* host threads used (CPU backend), or compute units */
} LevBackendCaps;

/* The dropout mask hash: murmur3's 32-bit finaliser over a mix of the seed,
 * the counter (the training step) and the element index. Written with 32-bit
 * unsigned arithmetic only so an OpenCL C kernel reproduces it exactly. */
static inline guint32
lev_dropout_hash (guint32 seed,
                  guint32 counter,
                  guint32 index)
{
  guint32 h = seed ^ (counter * 0x9E3779B9u) ^ (index * 0x85EBCA6Bu);

  h ^= h >> 16;
  h *= 0x85EBCA6Bu;
  h ^= h >> 13;
  h *= 0xC2B2AE35u;
  h ^= h >> 16;
  h ^= index + 0x632BE5ABu;
  h *= 0x27D4EB2Fu;
  h ^= h >> 15;
  return h;
}

/* Keep the unit when the top 24 bits of the hash, as a fraction of 2^24,
 * are at least @rate. Exact in float32 on every backend. */
static inline gboolean
lev_dropout_keep (guint32 seed,
                  guint32 counter,
                  guint32 index,
                  float   rate)
{
  return (float) (lev_dropout_hash (seed, counter, index) >> 8) * (1.0f / 16777216.0f) >= rate;
}

/* ---- The front end ---------------------------------------------------
 * Callers use these, never a backend's table (lev-backend-impl.h). Each
 * call checks its sizes and views once, the same way for every backend: a
 * view of no buffer where an operand is required, of another backend's
 * buffer, or running past its buffer's end is a caller's error; it is
 * recorded as LEV_BACKEND_ERROR_INVALID like a backend's own failure
 * (later operations become no-ops, the next sync, download or alloc
 * reports it) and the backend never sees the operation. Optional
 * operations of a backend get their fallback here. */

void         lev_backend_get_caps     (LevBackend     *self,
                                       LevBackendCaps *caps);

/* Returns a buffer of @n_words 32-bit words (contents undefined), or NULL
 * with @error set (also when an earlier asynchronous error is pending). */
LevBuffer   *lev_backend_alloc        (LevBackend  *self,
                                       gsize        n_words,
                                       GError     **error);

void         lev_backend_free_buffer  (LevBackend *self,
                                       LevBuffer  *buf);

/* dst[0 … n) = src[0 … n) (host → backend). @src may be reused on return. */
void         lev_backend_upload       (LevBackend  *self,
                                       LevView      dst,
                                       const float *src,
                                       gsize        n);

/* Same for unsigned 32-bit words (gather indices). */
void         lev_backend_upload_u32   (LevBackend    *self,
                                       LevView        dst,
                                       const guint32 *src,
                                       gsize          n);

/* Waits for every queued operation, then copies @n floats to @dst.
 * Returns FALSE with the pending error, if any. */
gboolean     lev_backend_download     (LevBackend  *self,
                                       float       *dst,
                                       LevView      src,
                                       gsize        n,
                                       GError     **error);

/* dst[0 … n) = value */
void         lev_backend_fill         (LevBackend *self,
                                       LevView     dst,
                                       float       value,
                                       gsize       n);

/* dst[0 … n) = src[0 … n); the ranges must not overlap. */
void         lev_backend_copy         (LevBackend *self,
                                       LevView     dst,
                                       LevView     src,
                                       gsize       n);

/* The fused dense-layer operation:
 *   Z = alpha · op(A)·op(B) + beta · C + bias     (bias: N floats broadcast
 *                                                  over the rows; optional)
 *   C = act(Z)
 * with the shapes of LevGemmOrientation. When @z is a view, the
 * pre-activation Z is stored there (M×N) for the backward pass; @z may be
 * none when act is LEV_ACT_LINEAR or the caller does not need it. With
 * beta == 0, C is not read (it may hold garbage or NaN). C must not
 * overlap A, B or bias; Z must not overlap anything else. */
void         lev_backend_gemm         (LevBackend         *self,
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
void         lev_backend_act_backward (LevBackend    *self,
                                       LevActivation  act,
                                       gsize          n,
                                       LevView        z,
                                       LevView        da,
                                       LevView        dz);

/* Column sums for the bias gradient:
 *   db[j] = beta · db[j] + Σ_{i=0}^{M−1} dZ[i, j]   for j < N
 * summed in increasing i (a fixed order, so results are reproducible). */
void         lev_backend_bias_grad    (LevBackend *self,
                                       gsize       m,
                                       gsize       n,
                                       LevView     dz,
                                       float       beta,
                                       LevView     db);

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
void         lev_backend_loss         (LevBackend *self,
                                       LevLoss     kind,
                                       gsize       m,
                                       gsize       n,
                                       LevView     logits,
                                       LevView     targets,
                                       float       scale,
                                       LevView     probs,
                                       LevView     dlogits,
                                       LevView     result);

/* Adam over @n parameters at once (the whole flat arena), in Keras's form:
 *   m += (g − m)·(1 − beta1);  v += (g² − v)·(1 − beta2);
 *   p −= alpha · m / (sqrt(v) + epsilon)
 * where the caller passes the bias-corrected step
 *   alpha = lr · sqrt(1 − beta2^t) / (1 − beta1^t)   (t counts from 1). */
void         lev_backend_adam         (LevBackend *self,
                                       gsize       n,
                                       LevView     params,
                                       LevView     grads,
                                       LevView     m,
                                       LevView     v,
                                       float       alpha,
                                       float       beta1,
                                       float       beta2,
                                       float       epsilon);

/* SGD with momentum, Keras's form:
 *   vel = momentum · vel − lr · g;  p += vel                    (plain)
 *   vel = momentum · vel − lr · g;  p += momentum · vel − lr · g (nesterov) */
void         lev_backend_sgd          (LevBackend *self,
                                       gsize       n,
                                       LevView     params,
                                       LevView     grads,
                                       LevView     velocity,
                                       float       lr,
                                       float       momentum,
                                       gboolean    nesterov);

/* y[i] += a · x[i] for i < n (L2 regularisation: grad += 2λ·w). */
void         lev_backend_axpy         (LevBackend *self,
                                       gsize       n,
                                       float       a,
                                       LevView     x,
                                       LevView     y);

/* Row gather for shuffling: dst row i = src row index[i], for i < n_rows,
 * rows of @n_cols floats; @index holds guint32 (see upload_u32). */
void         lev_backend_gather_rows  (LevBackend *self,
                                       gsize       n_rows,
                                       gsize       n_cols,
                                       LevView     src,
                                       LevView     index,
                                       LevView     dst);

/* Inverted dropout, forward: mask[i] = keep ? 1/(1 − rate) : 0 with
 * keep = lev_dropout_keep (seed, counter, i, rate), then x[i] *= mask[i].
 * The mask is a pure function of (seed, counter, i), so every backend
 * drops the same units. Backward is mul (dx *= mask). */
void         lev_backend_dropout      (LevBackend *self,
                                       gsize       n,
                                       LevView     x,
                                       LevView     mask,
                                       float       rate,
                                       guint32     seed,
                                       guint32     counter);

/* y[i] *= x[i] for i < n. */
void         lev_backend_mul          (LevBackend *self,
                                       gsize       n,
                                       LevView     x,
                                       LevView     y);

/* Waits for every queued operation; FALSE with the pending error. */
gboolean     lev_backend_sync         (LevBackend  *self,
                                       GError     **error);

/* How the backend's kernels were obtained (a device backend that compiles
 * them): FALSE, with zeros, when the backend compiles nothing. */
gboolean     lev_backend_get_build_stats (LevBackend *self,
                                          gboolean   *from_cache,
                                          double     *seconds);

const char  *lev_activation_to_string (LevActivation  act);
gboolean     lev_activation_from_string (const char   *text,
                                         LevActivation *out);

/* ---- The registry -------------------------------------------------- */

/* The registry. @name is "cpu", "opencl" or "auto" (NULL means "auto"):
 * "auto" takes an OpenCL GPU when this build has the OpenCL backend and
 * one works, and the CPU backend otherwise. @device_id picks an OpenCL
 * device by the id its caps report (NULL: the backend's preference). */
LevBackend  *lev_backend_new_by_name  (const char  *name,
                                       const char  *device_id,
                                       GError     **error);
LevBackend  *lev_backend_new_auto     (GError     **error);
/* Names this build can create, NULL-terminated, e.g. { "cpu", "opencl" }. */
const char * const *lev_backend_list_names (void);
void         lev_backend_free         (LevBackend  *self);

/* The devices a backend other than the CPU one can run on (OpenCL's, in
 * platform order), listed once per process, as ggml's registry: pointers
 * and strings stay valid until exit. A device's id is what
 * lev_backend_new_by_name() takes as @device_id. */
typedef struct _LevBackendDevice LevBackendDevice;

typedef struct {
  const char *backend;           /* "opencl" */
  const char *id;                /* "NAME | DRIVER", stable across runs */
  const char *name;
  const char *vendor;
  const char *driver_version;
  const char *platform_name;
  const char *platform_version;
  const char *kind;              /* "discrete GPU", "integrated GPU", "accelerator", "CPU", "other" */
  gboolean    gpu;
  guint       compute_units;
  guint64     memory_bytes;
  gboolean    fp64;
  gboolean    available;         /* usable: available and with a compiler */
  gboolean    is_default;        /* what "auto" takes (a GPU), at most one */
} LevBackendDeviceProps;

guint                   lev_backend_device_count (void);
const LevBackendDevice *lev_backend_device_get   (guint                   index);
void                    lev_backend_device_props (const LevBackendDevice *device,
                                                  LevBackendDeviceProps  *props);
/* Where the devices come from (the OpenCL loader's path), or NULL; then
 * *@problem, when not NULL, says why there is no list (no loader, or no
 * OpenCL backend in this build). */
const char             *lev_backend_device_source (const char           **problem);
/* Deletes the device kernels compiled and kept on disk; *@dir (to free)
 * names where they were. Nothing to do, and TRUE, without OpenCL. */
gboolean                lev_backend_clear_kernel_cache (char            **dir,
                                                        guint            *n_removed,
                                                        GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevBackend, lev_backend_free)

G_END_DECLS
