/* lev-cpu-backend.c: the CPU backend, plain C float32. The matrix products
 * are lev-cpu-gemm.c's; the element-wise operations here are cloned for
 * AVX2+FMA like it. Scratch space only grows, so a training step allocates
 * nothing after the first. */
#define G_LOG_DOMAIN "lev-cpu-backend"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-cpu-backend.h"
#include "lev-backend-impl.h"
#include "lev-cpu-gemm.h"

typedef struct {
  LevBackend  parent;
  guint       n_threads;
  char       *device_name;
  LevCpuGemm *gemm;
} CpuBackend;

static inline float *
view_ptr (LevView v)
{
  return (float *) v.buf->data + v.offset;
}

static inline float
act_derivative (LevActivation act,
                float         z)
{
  switch (act)
    {
    case LEV_ACT_RELU:
      return z > 0.0f ? 1.0f : 0.0f;
    case LEV_ACT_TANH:
      {
        float t = tanhf (z);
        return 1.0f - t * t;
      }
    case LEV_ACT_SIGMOID:
      {
        float s = 1.0f / (1.0f + expf (-z));
        return s * (1.0f - s);
      }
    case LEV_ACT_GELU:
      {
        float cdf = 0.5f * (1.0f + erff (z * (float) M_SQRT1_2));
        float pdf = expf (-0.5f * z * z) * (float) (0.5 * M_2_SQRTPI * M_SQRT1_2);
        return cdf + z * pdf;
      }
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default:
      return 1.0f;
    }
}

static void
cpu_gemm (LevBackend        *backend,
          LevGemmOrientation orient,
          gsize              m,
          gsize              n,
          gsize              k,
          float              alpha,
          LevView            a,
          LevView            b,
          float              beta,
          LevView            c,
          LevView            bias,
          LevActivation      act,
          LevView            z)
{
  CpuBackend *self = (CpuBackend *) backend;

  if (m == 0 || n == 0)
    return;
  lev_cpu_gemm (self->gemm, orient, m, n, k, alpha, view_ptr (a), view_ptr (b), beta, view_ptr (c),
                bias.buf != NULL ? view_ptr (bias) : NULL, act, z.buf != NULL ? view_ptr (z) : NULL);
}

LEV_CLONES static void
relu_backward (const float *restrict z,
               const float *restrict da,
               float       *restrict dz,
               gsize                 n)
{
  for (gsize i = 0; i < n; i++)
    dz[i] = z[i] > 0.0f ? da[i] : 0.0f;
}

LEV_CLONES static void
relu_backward_in_place (const float *restrict z,
                        float       *restrict d,
                        gsize                 n)
{
  for (gsize i = 0; i < n; i++)
    d[i] = z[i] > 0.0f ? d[i] : 0.0f;
}

static void
cpu_act_backward (LevBackend   *backend,
                  LevActivation act,
                  gsize         n,
                  LevView       z,
                  LevView       da,
                  LevView       dz)
{
  const float *zp = view_ptr (z);
  const float *dap = view_ptr (da);
  float *dzp = view_ptr (dz);

  if (act == LEV_ACT_RELU)
    {
      /* The common case, written so it vectorises. */
      if (dzp == dap)
        relu_backward_in_place (zp, dzp, n);
      else
        relu_backward (zp, dap, dzp, n);
      return;
    }
  for (gsize i = 0; i < n; i++)
    dzp[i] = dap[i] * act_derivative (act, zp[i]);
}

LEV_CLONES static void
cpu_bias_grad (LevBackend *backend,
               gsize       m,
               gsize       n,
               LevView     dz,
               float       beta,
               LevView     db)
{
  const float *d = view_ptr (dz);
  float *out = view_ptr (db);

  for (gsize j = 0; j < n; j++)
    out[j] = beta == 0.0f ? 0.0f : beta * out[j];
  /* Row by row: increasing i for every column, and vectorised across j. */
  for (gsize i = 0; i < m; i++)
    {
      const float *row = d + i * n;

      for (gsize j = 0; j < n; j++)
        out[j] += row[j];
    }
}

static void
cpu_loss (LevBackend *backend,
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
  const float *zp = view_ptr (logits);
  const float *yp = view_ptr (targets);
  float *pp = probs.buf != NULL ? view_ptr (probs) : NULL;
  float *gp = dlogits.buf != NULL ? view_ptr (dlogits) : NULL;
  float *res = view_ptr (result);
  /* Rows are summed in double: a batch's loss is the sum of up to a few
   * thousand terms, and the result must not depend on the batch layout
   * more than float32 rounding of the final value. */
  double loss_sum = 0.0;
  double correct = 0.0;

  for (gsize i = 0; i < m; i++)
    {
      const float *zr = zp + i * n;

      switch (kind)
        {
        case LEV_LOSS_SIGMOID_BCE:
          {
            const float *yr = yp + i * n;
            gboolean all_right = TRUE;

            for (gsize j = 0; j < n; j++)
              {
                float zz = zr[j], y = yr[j];
                float p = 1.0f / (1.0f + expf (-zz));

                loss_sum += (double) (fmaxf (zz, 0.0f) - zz * y + log1pf (expf (-fabsf (zz))));
                if ((p > 0.5f) != (y > 0.5f))
                  all_right = FALSE;
                if (pp != NULL)
                  pp[i * n + j] = p;
                if (gp != NULL)
                  gp[i * n + j] = scale * (p - y);
              }
            correct += all_right ? 1.0 : 0.0;
          }
          break;
        case LEV_LOSS_SOFTMAX_CE:
          {
            float zmax = zr[0];
            double sum = 0.0;
            gsize label = (gsize) yp[i];
            gsize best = 0;
            float lse;

            for (gsize j = 1; j < n; j++)
              if (zr[j] > zmax)
                {
                  zmax = zr[j];
                  best = j;
                }
            for (gsize j = 0; j < n; j++)
              sum += (double) expf (zr[j] - zmax);
            lse = zmax + (float) log (sum);
            if (label >= n)
              label = n - 1;
            loss_sum += (double) (lse - zr[label]);
            correct += best == label ? 1.0 : 0.0;
            for (gsize j = 0; j < n; j++)
              {
                float p = expf (zr[j] - lse);

                if (pp != NULL)
                  pp[i * n + j] = p;
                if (gp != NULL)
                  gp[i * n + j] = scale * (p - (j == label ? 1.0f : 0.0f));
              }
          }
          break;
        case LEV_LOSS_MSE:
        case LEV_N_LOSSES:
        default:
          {
            const float *yr = yp + i * n;
            double row = 0.0;

            for (gsize j = 0; j < n; j++)
              {
                float e = zr[j] - yr[j];

                row += (double) (e * e);
                if (pp != NULL)
                  pp[i * n + j] = zr[j];
                if (gp != NULL)
                  gp[i * n + j] = scale * 2.0f * e / (float) n;
              }
            loss_sum += row / (double) n;
          }
          break;
        }
    }
  res[0] = (float) loss_sum;
  res[1] = (float) correct;
}

LEV_CLONES static void
cpu_adam (LevBackend *backend,
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
  float *restrict p = view_ptr (params);
  const float *restrict g = view_ptr (grads);
  float *restrict mp = view_ptr (m);
  float *restrict vp = view_ptr (v);
  float one_b1 = 1.0f - beta1, one_b2 = 1.0f - beta2;

  for (gsize i = 0; i < n; i++)
    {
      float gi = g[i];

      mp[i] += (gi - mp[i]) * one_b1;
      vp[i] += (gi * gi - vp[i]) * one_b2;
      p[i] -= alpha * mp[i] / (sqrtf (vp[i]) + epsilon);
    }
}

LEV_CLONES static void
cpu_sgd (LevBackend *backend,
         gsize       n,
         LevView     params,
         LevView     grads,
         LevView     velocity,
         float       lr,
         float       momentum,
         gboolean    nesterov)
{
  float *restrict p = view_ptr (params);
  const float *restrict g = view_ptr (grads);
  float *restrict vel = view_ptr (velocity);

  for (gsize i = 0; i < n; i++)
    {
      vel[i] = momentum * vel[i] - lr * g[i];
      p[i] += nesterov ? momentum * vel[i] - lr * g[i] : vel[i];
    }
}

LEV_CLONES static void
cpu_axpy (LevBackend *backend,
          gsize       n,
          float       a,
          LevView     x,
          LevView     y)
{
  const float *restrict xp = view_ptr (x);
  float *restrict yp = view_ptr (y);

  for (gsize i = 0; i < n; i++)
    yp[i] += a * xp[i];
}

static void
cpu_gather_rows (LevBackend *backend,
                 gsize       n_rows,
                 gsize       n_cols,
                 LevView     src,
                 LevView     index,
                 LevView     dst)
{
  const float *s = view_ptr (src);
  const guint32 *idx = (const guint32 *) index.buf->data + index.offset;
  float *d = view_ptr (dst);
  /* The indices are data the front end cannot check: a row past the
   * source reads as NaN, as the OpenCL kernel does, not out of bounds. */
  gsize src_rows = (src.buf->n_words - src.offset) / n_cols;

  for (gsize i = 0; i < n_rows; i++)
    if (idx[i] < src_rows)
      memcpy (d + i * n_cols, s + (gsize) idx[i] * n_cols, n_cols * sizeof (float));
    else
      for (gsize j = 0; j < n_cols; j++)
        d[i * n_cols + j] = NAN;
}

static void
cpu_dropout (LevBackend *backend,
             gsize       n,
             LevView     x,
             LevView     mask,
             float       rate,
             guint32     seed,
             guint32     counter)
{
  float *xp = view_ptr (x);
  float *mp = view_ptr (mask);
  float keep_scale = 1.0f / (1.0f - rate);

  for (gsize i = 0; i < n; i++)
    {
      mp[i] = lev_dropout_keep (seed, counter, (guint32) i, rate) ? keep_scale : 0.0f;
      xp[i] *= mp[i];
    }
}

LEV_CLONES static void
cpu_mul (LevBackend *backend,
         gsize       n,
         LevView     x,
         LevView     y)
{
  const float *restrict xp = view_ptr (x);
  float *restrict yp = view_ptr (y);

  for (gsize i = 0; i < n; i++)
    yp[i] *= xp[i];
}

static void
cpu_fill (LevBackend *backend,
          LevView     dst,
          float       value,
          gsize       n)
{
  float *d = view_ptr (dst);

  for (gsize i = 0; i < n; i++)
    d[i] = value;
}

static void
cpu_copy (LevBackend *backend,
          LevView     dst,
          LevView     src,
          gsize       n)
{
  memcpy (view_ptr (dst), view_ptr (src), n * sizeof (float));
}

static void
cpu_upload (LevBackend  *backend,
            LevView      dst,
            const float *src,
            gsize        n)
{
  memcpy (view_ptr (dst), src, n * sizeof (float));
}

static void
cpu_upload_u32 (LevBackend    *backend,
                LevView        dst,
                const guint32 *src,
                gsize          n)
{
  memcpy ((guint32 *) dst.buf->data + dst.offset, src, n * sizeof (guint32));
}

static gboolean
cpu_download (LevBackend *backend,
              float      *dst,
              LevView     src,
              gsize       n,
              GError    **error)
{
  memcpy (dst, view_ptr (src), n * sizeof (float));
  return TRUE;
}

static LevBuffer *
cpu_alloc (LevBackend *backend,
           gsize       n_words,
           GError    **error)
{
  LevBuffer *buf;
  gpointer data;

  /* Refuse rather than abort: a dataset too large for memory is the
   * user's to know about, not a crash. */
  data = g_try_malloc (MAX (n_words, 1) * sizeof (float));
  if (data == NULL)
    {
      g_set_error (error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_OUT_OF_MEMORY,
                   _("Out of memory allocating %zu MB"),
                   n_words * sizeof (float) / (1024 * 1024) + 1);
      return NULL;
    }
  buf = g_new0 (LevBuffer, 1);
  buf->backend = backend;
  buf->n_words = n_words;
  buf->data = data;
  return buf;
}

static void
cpu_free (LevBackend *backend,
          LevBuffer  *buf)
{
  g_free (buf->data);
  g_free (buf);
}

static gboolean
cpu_sync (LevBackend *backend,
          GError    **error)
{
  return TRUE;
}

static void
cpu_get_caps (LevBackend     *backend,
              LevBackendCaps *caps)
{
  CpuBackend *self = (CpuBackend *) backend;

  memset (caps, 0, sizeof *caps);
  caps->name = "cpu";
  caps->device_name = self->device_name;
  caps->device_id = "cpu";
  caps->flags = LEV_BACKEND_CAP_HOST_MEMORY | LEV_BACKEND_CAP_DETERMINISTIC;
  caps->n_threads = self->n_threads;
}

static void
cpu_destroy (LevBackend *backend)
{
  CpuBackend *self = (CpuBackend *) backend;

  lev_cpu_gemm_free (self->gemm);
  g_free (self->device_name);
  g_free (self);
}

static const LevBackendOps cpu_ops = {
  .destroy = cpu_destroy,
  .get_caps = cpu_get_caps,
  .alloc = cpu_alloc,
  .free = cpu_free,
  .upload = cpu_upload,
  .upload_u32 = cpu_upload_u32,
  .download = cpu_download,
  .fill = cpu_fill,
  .copy = cpu_copy,
  .gemm = cpu_gemm,
  .act_backward = cpu_act_backward,
  .bias_grad = cpu_bias_grad,
  .loss = cpu_loss,
  .adam = cpu_adam,
  .sgd = cpu_sgd,
  .axpy = cpu_axpy,
  .gather_rows = cpu_gather_rows,
  .dropout = cpu_dropout,
  .mul = cpu_mul,
  .sync = cpu_sync,
};

LevBackend *
lev_cpu_backend_new (guint n_threads)
{
  CpuBackend *self = g_new0 (CpuBackend, 1);

  if (n_threads == 0)
    n_threads = MIN (2, g_get_num_processors ());
  self->parent.ops = &cpu_ops;
  self->n_threads = MAX (n_threads, 1);
  self->device_name = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "CPU, %u thread",
                                                    "CPU, %u threads", self->n_threads),
                                       self->n_threads);
  self->gemm = lev_cpu_gemm_new (self->n_threads);
  return &self->parent;
}
