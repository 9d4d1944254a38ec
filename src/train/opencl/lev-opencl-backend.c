/* lev-opencl-backend.c: the operations of lev-backend.h as OpenCL kernels.
 * Everything is queued on one in-order queue; the first failure is kept and
 * reported at the next sync, download or alloc, after which the trainer
 * continues on the CPU backend from its last host checkpoint. A watchdog on
 * every wait turns a kernel that never finishes into an error instead of a
 * hang. */
#define G_LOG_DOMAIN "lev-opencl-backend"
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "lev-opencl-private.h"

const char * const lev_cl_kernel_names[N_KERNELS] = {
  [K_GEMM_NN_TILED] = "lev_gemm_nn_tiled",
  [K_GEMM_NT_TILED] = "lev_gemm_nt_tiled",
  [K_GEMM_TN_TILED] = "lev_gemm_tn_tiled",
  [K_GEMM_NN_VEC] = "lev_gemm_nn_vec",
  [K_GEMM_NT_VEC] = "lev_gemm_nt_vec",
  [K_GEMM_TN_VEC] = "lev_gemm_tn_vec",
  [K_ACT_BACKWARD] = "lev_act_backward",
  [K_BIAS_PARTIAL] = "lev_bias_grad_partial",
  [K_BIAS_FINAL] = "lev_bias_grad_final",
  [K_LOSS_ROWS] = "lev_loss_rows",
  [K_LOSS_REDUCE] = "lev_loss_reduce",
  [K_ADAM] = "lev_adam",
  [K_SGD] = "lev_sgd",
  [K_AXPY] = "lev_axpy",
  [K_MUL] = "lev_mul",
  [K_FILL] = "lev_fill",
  [K_GATHER] = "lev_gather_rows",
  [K_DROPOUT] = "lev_dropout",
  [K_SPIN] = "lev_spin",
};


/* ---- the operations ------------------------------------------------- */

/* Host memory that a hung or lost queue may still read or write: it is
 * never freed (the driver could touch it at any later moment), and it is
 * held here rather than dropped, so the process still owns it knowingly
 * and a leak checker does not count it as lost. */
static GPtrArray *abandoned;
G_LOCK_DEFINE_STATIC (abandoned);

static void
abandon (gpointer memory)
{
  if (memory == NULL)
    return;
  G_LOCK (abandoned);
  if (abandoned == NULL)
    abandoned = g_ptr_array_new ();
  g_ptr_array_add (abandoned, memory);
  G_UNLOCK (abandoned);
}

static void
op_destroy (LevBackend *backend)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  const LevClApi *cl = self->cl;
  gboolean drained;

  /* After a hang, waiting for the queue could block for ever: release
   * without waiting and let the driver tear it down. The injected hang is a
   * finite spin, so wait for it: PoCL would otherwise still be compiling
   * and running it after the test removed its cache folder or exited, and
   * abort there. */
  drained = !self->hung || self->injected_hang;
  if (self->queue != NULL && drained)
    cl->clFinish (self->queue);
  lev_cl_drop_progress_markers (self);
  for (guint i = 0; i < N_KERNELS; i++)
    if (self->kernels[i] != NULL)
      cl->clReleaseKernel (self->kernels[i]);
  if (self->program != NULL)
    cl->clReleaseProgram (self->program);
  if (self->scratch != NULL)
    cl->clReleaseMemObject (self->scratch);
  if (self->dummy != NULL)
    cl->clReleaseMemObject (self->dummy);
  if (self->queue != NULL)
    cl->clReleaseCommandQueue (self->queue);
  if (self->context != NULL)
    cl->clReleaseContext (self->context);
  /* A download that timed out may still land in staging, and queued
   * uploads may still read their host copies: keep both then. */
  if (drained)
    {
      g_free (self->staging);
      g_clear_pointer (&self->uploads, g_ptr_array_unref);
    }
  else
    {
      abandon (self->staging);
      abandon (self->uploads);
    }
  lev_cl_device_free (self->device);
  g_free (self->device_name);
  lev_cl_build_info_clear (&self->build);
  g_clear_error (&self->pending);
  g_free (self);
}

static void
op_get_caps (LevBackend     *backend,
             LevBackendCaps *caps)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  const LevClDevice *d = self->device;

  memset (caps, 0, sizeof *caps);
  caps->name = "opencl";
  caps->device_name = self->device_name;
  caps->device_id = d->id;
  caps->flags = LEV_BACKEND_CAP_DETERMINISTIC | LEV_BACKEND_CAP_ASYNC;
  if (d->kind == LEV_CL_KIND_DISCRETE_GPU || d->kind == LEV_CL_KIND_INTEGRATED_GPU)
    caps->flags |= LEV_BACKEND_CAP_GPU;
  caps->memory_bytes = d->global_mem;
  caps->max_alloc_words = MIN (d->max_alloc / sizeof (float), (guint64) G_MAXUINT32);
  caps->n_threads = d->compute_units;
}

static LevBuffer *
op_alloc (LevBackend  *backend,
          gsize        n_words,
          GError     **error)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  LevBuffer *buf;
  cl_int status = CL_SUCCESS;
  cl_mem mem;

  if (!lev_cl_take_pending (self, error))
    return NULL;
  /* Offsets travel to kernels as 32-bit words. */
  if (n_words > G_MAXUINT32 || (guint64) n_words * sizeof (float) > self->device->max_alloc)
    {
      g_set_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_OUT_OF_MEMORY,
                   _("OpenCL: a buffer of %zu floats is larger than %s allows "
                     "(%llu MiB)"), n_words, self->device->name,
                   (unsigned long long) (self->device->max_alloc >> 20));
      return NULL;
    }
  mem = self->cl->clCreateBuffer (self->context, CL_MEM_READ_WRITE,
                                  MAX (n_words, 1) * sizeof (float), NULL, &status);
  if (mem == NULL || status != CL_SUCCESS)
    {
      lev_cl_fail_status (self, status != CL_SUCCESS ? status : CL_MEM_OBJECT_ALLOCATION_FAILURE,
                   "clCreateBuffer");
      lev_cl_take_pending (self, error);
      return NULL;
    }
  buf = g_new0 (LevBuffer, 1);
  buf->backend = backend;
  buf->n_words = n_words;
  buf->data = mem;
  return buf;
}

static void
op_free (LevBackend *backend,
         LevBuffer  *buf)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (buf == NULL)
    return;
  g_return_if_fail (buf->backend == backend);
  /* Queued commands keep the memory alive until they are done. */
  self->cl->clReleaseMemObject ((cl_mem) buf->data);
  g_free (buf);
}

static void
upload_words (LevOpenclBackend *self,
              LevView           dst,
              const void       *src,
              gsize             n)
{
  gpointer copy;
  cl_int status;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, dst, n, "upload"))
    return;
  if (self->upload_bytes + n * 4 > MAX_UPLOAD_BYTES_IN_FLIGHT && !lev_cl_wait_queue (self))
    return;
  /* The caller may reuse @src at once; the queued write reads our copy. */
  copy = g_memdup2 (src, n * 4);
  g_ptr_array_add (self->uploads, copy);
  self->upload_bytes += n * 4;
  status = self->cl->clEnqueueWriteBuffer (self->queue, (cl_mem) dst.buf->data, CL_FALSE,
                                           dst.offset * 4, n * 4, copy, 0, NULL, NULL);
  if (status != CL_SUCCESS)
    lev_cl_fail_status (self, status, "clEnqueueWriteBuffer");
}

static void
op_upload (LevBackend  *backend,
           LevView      dst,
           const float *src,
           gsize        n)
{
  upload_words ((LevOpenclBackend *) backend, dst, src, n);
}

static void
op_upload_u32 (LevBackend    *backend,
               LevView        dst,
               const guint32 *src,
               gsize          n)
{
  upload_words ((LevOpenclBackend *) backend, dst, src, n);
}

static gboolean
op_download (LevBackend  *backend,
             float       *dst,
             LevView      src,
             gsize        n,
             GError     **error)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  cl_int status;

  if (n > 0 && self->pending == NULL && lev_cl_view_ok (self, src, n, "download"))
    {
      if (n > self->staging_words)
        {
          g_free (self->staging);
          self->staging = g_new (float, n);
          self->staging_words = n;
        }
      /* Read into our own staging memory: if the wait below times out, the
       * late write lands there, not in the caller's array. */
      status = self->cl->clEnqueueReadBuffer (self->queue, (cl_mem) src.buf->data, CL_FALSE,
                                              src.offset * 4, n * 4, self->staging, 0, NULL,
                                              NULL);
      if (status != CL_SUCCESS)
        lev_cl_fail_status (self, status, "clEnqueueReadBuffer");
      else if (lev_cl_wait_queue (self))
        memcpy (dst, self->staging, n * 4);
    }
  else if (self->pending == NULL)
    lev_cl_wait_queue (self);
  return lev_cl_take_pending (self, error);
}

static void
op_fill (LevBackend *backend,
         LevView     dst,
         float       value,
         gsize       n)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, dst, n, "fill"))
    return;
  LAUNCH_LINEAR (self, K_FILL, n, A_U32 (n), A_F32 (value), A_VIEW (self, dst));
}

static void
op_copy (LevBackend *backend,
         LevView     dst,
         LevView     src,
         gsize       n)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  cl_int status;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, dst, n, "copy") ||
      !lev_cl_view_ok (self, src, n, "copy"))
    return;
  status = self->cl->clEnqueueCopyBuffer (self->queue, (cl_mem) src.buf->data,
                                          (cl_mem) dst.buf->data, src.offset * 4, dst.offset * 4,
                                          n * 4, 0, NULL, NULL);
  if (status != CL_SUCCESS)
    lev_cl_fail_status (self, status, "clEnqueueCopyBuffer");
}

static void
op_gemm (LevBackend         *backend,
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
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  size_t global[2], local[2] = { TILE_THREADS_X, TILE_THREADS_Y };
  guint id;

  if (self->pending != NULL || m == 0 || n == 0)
    return;
  if (orient > LEV_GEMM_TN || act >= LEV_N_ACTIVATIONS)
    {
      lev_cl_fail_invalid (self, "gemm: unknown orientation or activation");
      return;
    }
  if (!lev_cl_view_ok (self, a, m * k, "gemm A") || !lev_cl_view_ok (self, b, k * n, "gemm B") ||
      !lev_cl_view_ok (self, c, m * n, "gemm C") || !lev_cl_optional_ok (self, bias, n, "gemm bias") ||
      !lev_cl_optional_ok (self, z, m * n, "gemm Z"))
    return;

  if (self->vec_gemm)
    {
      /* The one-column and one-deep products of an output layer with one
       * unit, rewritten to a form with a vector dimension (the same memory
       * layouts, read another way): NT with K = 1 is NN; NN with N = 1 is a
       * row of dot products (NT); TN with N = 1 and no bias is Cᵀ = bᵀ·A,
       * an NN with one row. The scalar edge paths ran them 20× slower. */
      if (orient == LEV_GEMM_NT && k == 1)
        orient = LEV_GEMM_NN;
      else if (orient == LEV_GEMM_NN && n == 1)
        orient = LEV_GEMM_NT;
      else if (orient == LEV_GEMM_TN && n == 1 && bias.buf == NULL)
        {
          LevView t = a;

          orient = LEV_GEMM_NN;
          a = b;
          b = t;
          n = m;
          m = 1;
        }
      id = orient == LEV_GEMM_NN ? K_GEMM_NN_VEC : orient == LEV_GEMM_NT ? K_GEMM_NT_VEC
                                                                         : K_GEMM_TN_VEC;
      if (orient == LEV_GEMM_NT)
        {
          global[0] = (n + NT_BLOCK - 1) / NT_BLOCK;
          global[1] = (m + NT_BLOCK - 1) / NT_BLOCK;
        }
      else
        {
          /* Two vectors per row with AVX-512's width (lev-gemm.cl). */
          gsize cols = self->vector_width == 16 ? 32 : self->vector_width;
          global[0] = (n + cols - 1) / cols;
          global[1] = (m + VEC_ROWS - 1) / VEC_ROWS;
        }
    }
  else
    {
      id = orient == LEV_GEMM_NN ? K_GEMM_NN_TILED : orient == LEV_GEMM_NT ? K_GEMM_NT_TILED
                                                                           : K_GEMM_TN_TILED;
      global[0] = (n + TILE_N - 1) / TILE_N * TILE_THREADS_X;
      global[1] = (m + TILE_M - 1) / TILE_M * TILE_THREADS_Y;
    }
  LAUNCH (self, id, 2, global, self->vec_gemm ? NULL : local,
          A_U32 (m), A_U32 (n), A_U32 (k), A_F32 (alpha), A_VIEW (self, a), A_VIEW (self, b),
          A_F32 (beta), A_VIEW (self, c), A_VIEW (self, bias), A_I32 (bias.buf != NULL),
          A_I32 (act), A_VIEW (self, z), A_I32 (z.buf != NULL));
}

static void
op_act_backward (LevBackend    *backend,
                 LevActivation  act,
                 gsize          n,
                 LevView        z,
                 LevView        da,
                 LevView        dz)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (self->pending != NULL || n == 0)
    return;
  if (act >= LEV_N_ACTIVATIONS)
    {
      lev_cl_fail_invalid (self, "act_backward: unknown activation");
      return;
    }
  if (!lev_cl_view_ok (self, z, n, "act_backward Z") || !lev_cl_view_ok (self, da, n, "act_backward dA") ||
      !lev_cl_view_ok (self, dz, n, "act_backward dZ"))
    return;
  LAUNCH_LINEAR (self, K_ACT_BACKWARD, n, A_U32 (n), A_I32 (act), A_VIEW (self, z),
                 A_VIEW (self, da), A_VIEW (self, dz));
}

static void
op_bias_grad (LevBackend *backend,
              gsize       m,
              gsize       n,
              LevView     dz,
              float       beta,
              LevView     db)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  gsize chunks = (m + BIAS_CHUNK - 1) / BIAS_CHUNK;
  size_t global[2], final_global, local = LINEAR_WG;

  if (self->pending != NULL || n == 0)
    return;
  if (!lev_cl_view_ok (self, dz, m * n, "bias_grad dZ") || !lev_cl_view_ok (self, db, n, "bias_grad db") ||
      !lev_cl_ensure_scratch (self, MAX (chunks, 1) * n))
    return;
  if (chunks > 0)
    {
      global[0] = lev_cl_round_up (n, LINEAR_WG);
      global[1] = chunks;
      {
        size_t local2[2] = { LINEAR_WG, 1 };
        LAUNCH (self, K_BIAS_PARTIAL, 2, global, local2, A_U32 (m), A_U32 (n), A_VIEW (self, dz),
                A_MEM (self->scratch));
      }
    }
  final_global = lev_cl_round_up (n, LINEAR_WG);
  LAUNCH (self, K_BIAS_FINAL, 1, &final_global, &local, A_U32 (n), A_U32 (chunks),
          A_MEM (self->scratch), A_F32 (beta), A_VIEW (self, db));
}

static void
op_loss (LevBackend *backend,
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
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  size_t global = lev_cl_round_up (MAX (m, 1), LINEAR_WG), local = LINEAR_WG;
  size_t reduce = LOSS_WG;

  if (self->pending != NULL)
    return;
  if (kind >= LEV_N_LOSSES || n == 0)
    {
      lev_cl_fail_invalid (self, "loss: unknown kind or no outputs");
      return;
    }
  if (!lev_cl_view_ok (self, logits, m * n, "loss logits") ||
      !lev_cl_view_ok (self, targets, kind == LEV_LOSS_SOFTMAX_CE ? m : m * n, "loss targets") ||
      !lev_cl_optional_ok (self, probs, m * n, "loss probs") ||
      !lev_cl_optional_ok (self, dlogits, m * n, "loss dlogits") ||
      !lev_cl_view_ok (self, result, 2, "loss result") || !lev_cl_ensure_scratch (self, 2 * MAX (m, 1)))
    return;
  if (m > 0)
    LAUNCH (self, K_LOSS_ROWS, 1, &global, &local, A_I32 (kind), A_U32 (m), A_U32 (n),
            A_VIEW (self, logits), A_VIEW (self, targets), A_F32 (scale), A_VIEW (self, probs),
            A_I32 (probs.buf != NULL), A_VIEW (self, dlogits), A_I32 (dlogits.buf != NULL),
            A_MEM (self->scratch));
  LAUNCH (self, K_LOSS_REDUCE, 1, &reduce, &reduce, A_U32 (m), A_MEM (self->scratch),
          A_VIEW (self, result));
}

static void
op_adam (LevBackend *backend,
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
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  lev_cl_step_hook (self);
  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, params, n, "adam params") ||
      !lev_cl_view_ok (self, grads, n, "adam grads") || !lev_cl_view_ok (self, m, n, "adam m") ||
      !lev_cl_view_ok (self, v, n, "adam v"))
    return;
  LAUNCH_LINEAR (self, K_ADAM, n, A_U32 (n), A_VIEW (self, params), A_VIEW (self, grads),
                 A_VIEW (self, m), A_VIEW (self, v), A_F32 (alpha), A_F32 (beta1),
                 A_F32 (beta2), A_F32 (epsilon));
}

static void
op_sgd (LevBackend *backend,
        gsize       n,
        LevView     params,
        LevView     grads,
        LevView     velocity,
        float       lr,
        float       momentum,
        gboolean    nesterov)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  lev_cl_step_hook (self);
  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, params, n, "sgd params") ||
      !lev_cl_view_ok (self, grads, n, "sgd grads") || !lev_cl_view_ok (self, velocity, n, "sgd velocity"))
    return;
  LAUNCH_LINEAR (self, K_SGD, n, A_U32 (n), A_VIEW (self, params), A_VIEW (self, grads),
                 A_VIEW (self, velocity), A_F32 (lr), A_F32 (momentum), A_I32 (nesterov != 0));
}

static void
op_axpy (LevBackend *backend,
         gsize       n,
         float       a,
         LevView     x,
         LevView     y)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, x, n, "axpy x") ||
      !lev_cl_view_ok (self, y, n, "axpy y"))
    return;
  LAUNCH_LINEAR (self, K_AXPY, n, A_U32 (n), A_F32 (a), A_VIEW (self, x), A_VIEW (self, y));
}

static void
op_gather_rows (LevBackend *backend,
                gsize       n_rows,
                gsize       n_cols,
                LevView     src,
                LevView     index,
                LevView     dst)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;
  size_t global[2], local[2] = { 1, 1 };
  gsize src_rows;

  if (self->pending != NULL || n_rows == 0 || n_cols == 0)
    return;
  if (!lev_cl_view_ok (self, src, 0, "gather src") || !lev_cl_view_ok (self, index, n_rows, "gather index") ||
      !lev_cl_view_ok (self, dst, n_rows * n_cols, "gather dst"))
    return;
  src_rows = (src.buf->n_words - src.offset) / n_cols;
  /* Rows along dimension 0 of the group when they are narrow, so that a
   * group still has enough work-items. */
  local[0] = n_cols >= LINEAR_WG ? LINEAR_WG : 1;
  local[1] = n_cols >= LINEAR_WG ? 1 : LINEAR_WG;
  global[0] = lev_cl_round_up (n_cols, local[0]);
  global[1] = lev_cl_round_up (n_rows, local[1]);
  LAUNCH (self, K_GATHER, 2, global, local, A_U32 (n_rows), A_U32 (n_cols), A_VIEW (self, src),
          A_U32 (src_rows), A_VIEW (self, index), A_VIEW (self, dst));
}

static void
op_dropout (LevBackend *backend,
            gsize       n,
            LevView     x,
            LevView     mask,
            float       rate,
            guint32     seed,
            guint32     counter)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, x, n, "dropout x") ||
      !lev_cl_view_ok (self, mask, n, "dropout mask"))
    return;
  LAUNCH_LINEAR (self, K_DROPOUT, n, A_U32 (n), A_VIEW (self, x), A_VIEW (self, mask),
                 A_F32 (rate), A_U32 (seed), A_U32 (counter));
}

static void
op_mul (LevBackend *backend,
        gsize       n,
        LevView     x,
        LevView     y)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (self->pending != NULL || n == 0 || !lev_cl_view_ok (self, x, n, "mul x") ||
      !lev_cl_view_ok (self, y, n, "mul y"))
    return;
  LAUNCH_LINEAR (self, K_MUL, n, A_U32 (n), A_VIEW (self, x), A_VIEW (self, y));
}

static gboolean
op_sync (LevBackend  *backend,
         GError     **error)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  lev_cl_wait_queue (self);
  return lev_cl_take_pending (self, error);
}

static const LevBackendOps opencl_ops = {
  .destroy = op_destroy,
  .get_caps = op_get_caps,
  .alloc = op_alloc,
  .free = op_free,
  .upload = op_upload,
  .upload_u32 = op_upload_u32,
  .download = op_download,
  .fill = op_fill,
  .copy = op_copy,
  .gemm = op_gemm,
  .act_backward = op_act_backward,
  .bias_grad = op_bias_grad,
  .loss = op_loss,
  .adam = op_adam,
  .sgd = op_sgd,
  .axpy = op_axpy,
  .gather_rows = op_gather_rows,
  .dropout = op_dropout,
  .mul = op_mul,
  .sync = op_sync,
  .get_build_stats = lev_opencl_backend_get_build_stats,
};

/* ---- creation ------------------------------------------------------- */

static gboolean
setup (LevOpenclBackend  *self,
       const char        *device_id,
       GError           **error)
{
  const LevClApi *cl;
  g_autoptr(GPtrArray) devices = NULL;
  const LevClDevice *chosen;
  g_autofree char *source = NULL;
  g_autofree char *options = NULL;
  cl_context_properties props[3];
  cl_uint preferred = 0;
  cl_int status = CL_SUCCESS;
  const char *gemm_env = g_getenv ("LEVERAGE_OPENCL_GEMM");
  const char *timeout_env = g_getenv ("LEVERAGE_OPENCL_TIMEOUT");

  if (self->fail == FAIL_NO_LOADER)
    {
      g_set_error (error, LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_NO_LOADER,
                   _("No usable OpenCL loader (injected by LEVERAGE_OPENCL_FAIL)"));
      return FALSE;
    }
  if ((cl = lev_cl_api_get (error)) == NULL)
    return FALSE;
  self->cl = cl;
  if ((devices = lev_cl_devices_list (error)) == NULL)
    return FALSE;
  if (self->fail == FAIL_NO_DEVICE)
    g_ptr_array_set_size (devices, 0);

  chosen = lev_cl_devices_choose (devices, device_id, error);
  if (chosen == NULL && (error == NULL || *error == NULL))
    {
      /* "auto" found no GPU: any available device, PoCL's included, is
       * still OpenCL (lev_backend_new_auto checks the GPU flag itself). */
      for (guint i = 0; i < devices->len && chosen == NULL; i++)
        if (((LevClDevice *) g_ptr_array_index (devices, i))->available)
          chosen = g_ptr_array_index (devices, i);
      if (chosen == NULL)
        {
          g_set_error (error, LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_NO_DEVICE,
                       _("No OpenCL device is available%s"),
                       self->fail == FAIL_NO_DEVICE ? " (injected by LEVERAGE_OPENCL_FAIL)" : "");
          return FALSE;
        }
    }
  if (chosen == NULL)
    return FALSE;
  if (!chosen->available)
    {
      g_set_error (error, LEV_OPENCL_ERROR, LEV_OPENCL_ERROR_NO_DEVICE,
                   _("The OpenCL device %s is not available or has no compiler"), chosen->id);
      return FALSE;
    }
  self->device = lev_cl_device_copy (chosen);
  self->device_name = g_strdup_printf ("%s (OpenCL, %s)", chosen->name, chosen->platform_name);

  props[0] = CL_CONTEXT_PLATFORM;
  props[1] = (cl_context_properties) chosen->platform;
  props[2] = 0;
  self->context = cl->clCreateContext (props, 1, &chosen->device, NULL, NULL, &status);
  if (self->context == NULL || status != CL_SUCCESS)
    {
      lev_cl_set_error (error, status, "clCreateContext");
      return FALSE;
    }
  self->queue = cl->clCreateCommandQueue (self->context, chosen->device, 0, &status);
  if (self->queue == NULL || status != CL_SUCCESS)
    {
      lev_cl_set_error (error, status, "clCreateCommandQueue");
      return FALSE;
    }
  self->dummy = cl->clCreateBuffer (self->context, CL_MEM_READ_WRITE, 16, NULL, &status);
  if (self->dummy == NULL || status != CL_SUCCESS)
    {
      lev_cl_set_error (error, status, "clCreateBuffer");
      return FALSE;
    }

  /* CPU devices get the explicitly vectorised GEMM, GPUs the tiled one
   * (which needs 256 work-items per group). */
  self->vec_gemm = chosen->kind == LEV_CL_KIND_CPU || chosen->max_work_group < 256;
  if (g_strcmp0 (gemm_env, "vec") == 0)
    self->vec_gemm = TRUE;
  else if (g_strcmp0 (gemm_env, "tiled") == 0 && chosen->max_work_group >= 256)
    self->vec_gemm = FALSE;
  cl->clGetDeviceInfo (chosen->device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT, sizeof preferred,
                       &preferred, NULL);
  self->vector_width = preferred >= 16 ? 16 : 8;
  /* Seconds without progress before the device counts as hung. A CPU
   * device compiles each kernel at its first launch, slowly on a busy
   * machine; a GPU's kernels are short. */
  self->timeout_s = chosen->kind == LEV_CL_KIND_CPU ? 600.0 : 60.0;
  if (timeout_env != NULL && g_ascii_strtod (timeout_env, NULL) > 0)
    self->timeout_s = g_ascii_strtod (timeout_env, NULL);

  if ((source = lev_cl_kernel_source (error)) == NULL)
    return FALSE;
  if (self->fail == FAIL_BUILD)
    {
      /* A real compile error, so the real log-keeping path runs. */
      char *broken = g_strconcat (source, "\n__kernel void lev_injected (void) { this is not C; }\n",
                                  NULL);
      g_free (source);
      source = broken;
    }
  /* OpenCL C 1.2 everywhere, and never fast-math: the backends must agree
   * to float32 rounding (docs/ARCHITECTURE.md). */
  options = g_strdup_printf ("-cl-std=CL1.2 -DLEV_VW=%u", self->vector_width);
  self->program = lev_cl_program_build (cl, self->context, self->device, source, options,
                                        &self->build, error);
  if (self->program == NULL)
    return FALSE;
  for (guint i = 0; i < N_KERNELS; i++)
    {
      self->kernels[i] = cl->clCreateKernel (self->program, lev_cl_kernel_names[i], &status);
      if (self->kernels[i] == NULL || status != CL_SUCCESS)
        {
          lev_cl_set_error (error, status, lev_cl_kernel_names[i]);
          return FALSE;
        }
    }
  self->uploads = g_ptr_array_new_with_free_func (g_free);
  g_debug ("OpenCL backend on %s (%s GEMM, program %s in %.2f s)", self->device->id,
           self->vec_gemm ? "vec" : "tiled", self->build.from_cache ? "cached" : "compiled",
           self->build.seconds);
  return TRUE;
}

LevBackend *
lev_opencl_backend_new (const char  *device_id,
                        GError     **error)
{
  LevOpenclBackend *self = g_new0 (LevOpenclBackend, 1);
  GError *local_error = NULL;

  self->parent.ops = &opencl_ops;
  lev_cl_parse_fail_hook (self);
  if (!setup (self, device_id, &local_error))
    {
      self->hung = FALSE;
      op_destroy (&self->parent);
      lev_cl_propagate_as_backend (error, local_error);
      return NULL;
    }
  return &self->parent;
}

gboolean
lev_opencl_backend_get_build_stats (LevBackend *backend,
                                    gboolean   *from_cache,
                                    double     *seconds)
{
  LevOpenclBackend *self = (LevOpenclBackend *) backend;

  if (backend == NULL || backend->ops != &opencl_ops)
    return FALSE;
  if (from_cache)
    *from_cache = self->build.from_cache;
  if (seconds)
    *seconds = self->build.seconds;
  return TRUE;
}
