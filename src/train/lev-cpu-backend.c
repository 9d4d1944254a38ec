/* lev-cpu-backend.c: the CPU backend, plain C float32. The matrix products
 * go through one 4×16 register-blocked kernel on packed panels, written with
 * GCC vector types and cloned for AVX2+FMA, so the inner loop is a run of
 * fused multiply-adds whatever flags the distribution builds with. Scratch
 * space only grows, so a training step allocates nothing after the first. */
#define G_LOG_DOMAIN "lev-cpu-backend"
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "lev-cpu-backend.h"
#include "lev-tsan.h"

/* Not under ThreadSanitizer: it instruments the ifunc resolver that
 * target_clones generates, which the dynamic loader runs while relocating,
 * before the sanitizer's runtime is set up, and the program crashes there. */
#if defined(__GNUC__) && defined(__x86_64__) && defined(__has_attribute) && !defined(LEV_TSAN)
#if __has_attribute(target_clones)
#define LEV_CLONES __attribute__((target_clones ("arch=x86-64-v3", "default")))
#endif
#endif
#ifndef LEV_CLONES
#define LEV_CLONES
#endif

#define PANEL 16 /* columns per packed panel of B */
#define ROWS 4   /* rows of A per kernel call */

/* Products smaller than this many multiply-adds run on one thread: waking
 * the helper costs more than it saves on a training batch of 32. */
#define PARALLEL_MIN_MACS (1u << 21)

typedef float v8f __attribute__ ((vector_size (32)));

typedef struct _CpuBackend CpuBackend;

typedef struct {
  CpuBackend        *self;
  LevGemmOrientation orient;
  gsize              m, n, k;
  float              alpha, beta;
  const float       *a;      /* A as M×K row-major (already transposed for TN) */
  const float       *bpack;  /* B packed in panels */
  float             *c;
  const float       *bias;
  LevActivation      act;
  float             *z;
  gsize              row0, row1;
} GemmJob;

struct _CpuBackend {
  LevBackend parent;
  guint      n_threads;
  char      *device_name;

  /* Scratch for packing; grown, never shrunk. */
  float     *pack_b;
  gsize      pack_b_len;
  float     *pack_a;
  gsize      pack_a_len;

  /* The helper thread for large products. */
  GThread   *helper;
  GMutex     lock;
  GCond      cond;
  GemmJob   *job;        /* posted work, NULL when idle */
  gboolean   job_done;
  gboolean   quit;
};

static inline float *
view_ptr (LevView v)
{
  return (float *) v.buf->data + v.offset;
}

static inline float
act_apply (LevActivation act,
           float         z)
{
  switch (act)
    {
    case LEV_ACT_RELU:
      return z > 0.0f ? z : 0.0f;
    case LEV_ACT_TANH:
      return tanhf (z);
    case LEV_ACT_SIGMOID:
      return 1.0f / (1.0f + expf (-z));
    case LEV_ACT_GELU:
      return 0.5f * z * (1.0f + erff (z * (float) M_SQRT1_2));
    case LEV_ACT_LINEAR:
    case LEV_N_ACTIVATIONS:
    default:
      return z;
    }
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

static float *
scratch (float **buf,
         gsize  *len,
         gsize   need)
{
  if (need > *len)
    {
      g_free (*buf);
      /* 64-byte alignment is not needed for correctness (loads are
       * unaligned), only helpful; g_malloc gives 16. */
      *buf = g_new (float, need);
      *len = need;
    }
  return *buf;
}

/* B as used by the product (K×N, whatever its storage) into panels of 16
 * columns, each K×16, zero-padded on the right. */
static void
pack_b (const float *b,
        gboolean     transposed,
        gsize        k,
        gsize        n,
        float       *out)
{
  gsize n_panels = (n + PANEL - 1) / PANEL;

  for (gsize p = 0; p < n_panels; p++)
    {
      float *dst = out + p * k * PANEL;
      gsize j0 = p * PANEL;
      gsize jn = MIN (PANEL, n - j0);

      if (!transposed)
        {
          for (gsize kk = 0; kk < k; kk++)
            {
              const float *src = b + kk * n + j0;
              float *d = dst + kk * PANEL;
              gsize j;

              for (j = 0; j < jn; j++)
                d[j] = src[j];
              for (; j < PANEL; j++)
                d[j] = 0.0f;
            }
        }
      else
        {
          /* B stored N×K: element (kk, j) is b[j·K + kk]. */
          for (gsize kk = 0; kk < k; kk++)
            {
              float *d = dst + kk * PANEL;
              gsize j;

              for (j = 0; j < jn; j++)
                d[j] = b[(j0 + j) * k + kk];
              for (; j < PANEL; j++)
                d[j] = 0.0f;
            }
        }
    }
}

/* Unaligned vector access as macros: a function returning a 32-byte vector
 * would change the ABI between the clones. */
#define LOAD8(p) ({ v8f v_; memcpy (&v_, (p), sizeof v_); v_; })
#define STORE8(p, v) do { v8f v_ = (v); memcpy ((p), &v_, sizeof v_); } while (0)

/* out[j] = act(in[j]); the switch is outside the loops so ReLU and the
 * identity vectorise. */
static inline void
act_row (LevActivation act,
         const float  *in,
         float        *out,
         gsize         n)
{
  switch (act)
    {
    case LEV_ACT_LINEAR:
      memcpy (out, in, n * sizeof (float));
      break;
    case LEV_ACT_RELU:
      for (gsize j = 0; j < n; j++)
        out[j] = in[j] > 0.0f ? in[j] : 0.0f;
      break;
    case LEV_ACT_TANH:
    case LEV_ACT_SIGMOID:
    case LEV_ACT_GELU:
    case LEV_N_ACTIVATIONS:
    default:
      for (gsize j = 0; j < n; j++)
        out[j] = act_apply (act, in[j]);
      break;
    }
}

/* The rows [row0, row1) of the product, with the epilogue. */
LEV_CLONES static void
gemm_rows (const GemmJob *job)
{
  gsize k = job->k, n = job->n;
  gsize n_panels = (n + PANEL - 1) / PANEL;

  for (gsize i0 = job->row0; i0 < job->row1; i0 += ROWS)
    {
      gsize rows = MIN (ROWS, job->row1 - i0);
      /* Missing rows of a short block repeat the first; their results are
       * computed and dropped, which keeps one kernel shape. */
      const float *a0 = job->a + i0 * k;
      const float *a1 = rows > 1 ? a0 + k : a0;
      const float *a2 = rows > 2 ? a0 + 2 * k : a0;
      const float *a3 = rows > 3 ? a0 + 3 * k : a0;

      for (gsize p = 0; p < n_panels; p++)
        {
          const float *bp = job->bpack + p * k * PANEL;
          v8f c00 = { 0 }, c01 = { 0 }, c10 = { 0 }, c11 = { 0 };
          v8f c20 = { 0 }, c21 = { 0 }, c30 = { 0 }, c31 = { 0 };
          float acc[ROWS][PANEL];
          gsize j0 = p * PANEL;
          gsize jn = MIN (PANEL, n - j0);

          for (gsize kk = 0; kk < k; kk++)
            {
              v8f b0 = LOAD8 (bp + kk * PANEL);
              v8f b1 = LOAD8 (bp + kk * PANEL + 8);
              float x0 = a0[kk], x1 = a1[kk], x2 = a2[kk], x3 = a3[kk];

              c00 += x0 * b0;
              c01 += x0 * b1;
              c10 += x1 * b0;
              c11 += x1 * b1;
              c20 += x2 * b0;
              c21 += x2 * b1;
              c30 += x3 * b0;
              c31 += x3 * b1;
            }
          STORE8 (acc[0], c00);
          STORE8 (acc[0] + 8, c01);
          STORE8 (acc[1], c10);
          STORE8 (acc[1] + 8, c11);
          STORE8 (acc[2], c20);
          STORE8 (acc[2] + 8, c21);
          STORE8 (acc[3], c30);
          STORE8 (acc[3] + 8, c31);

          for (gsize r = 0; r < rows; r++)
            {
              float *crow = job->c + (i0 + r) * n + j0;
              float *v = acc[r];

              /* The epilogue a row-panel at a time, each step a short
               * vectorised loop with its test hoisted out. */
              if (job->alpha != 1.0f)
                for (gsize j = 0; j < PANEL; j++)
                  v[j] *= job->alpha;
              if (job->beta != 0.0f)
                for (gsize j = 0; j < jn; j++)
                  v[j] += job->beta * crow[j];
              if (job->bias != NULL)
                for (gsize j = 0; j < jn; j++)
                  v[j] += job->bias[j0 + j];
              if (job->z != NULL)
                memcpy (job->z + (i0 + r) * n + j0, v, jn * sizeof (float));
              act_row (job->act, v, crow, jn);
            }
        }
    }
}

/* self->lock with its meaning spelled out for ThreadSanitizer, which
 * cannot see GLib's futex-based GMutex and GCond (lev-tsan.h). */
static void
cpu_lock (CpuBackend *self)
{
  g_mutex_lock (&self->lock);
  LEV_TSAN_ACQUIRE (&self->lock);
}

static void
cpu_unlock (CpuBackend *self)
{
  LEV_TSAN_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
}

static void
cpu_wait (CpuBackend *self)
{
  LEV_TSAN_RELEASE (&self->lock);
  g_cond_wait (&self->cond, &self->lock);
  LEV_TSAN_ACQUIRE (&self->lock);
}

static gpointer
helper_main (gpointer data)
{
  CpuBackend *self = data;

  cpu_lock (self);
  for (;;)
    {
      while (self->job == NULL && !self->quit)
        cpu_wait (self);
      if (self->quit)
        break;
      cpu_unlock (self);
      gemm_rows (self->job);
      cpu_lock (self);
      self->job = NULL;
      self->job_done = TRUE;
      g_cond_broadcast (&self->cond);
    }
  cpu_unlock (self);
  return NULL;
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
  GemmJob job = { 0 };
  gsize n_panels = (n + PANEL - 1) / PANEL;
  const float *ap = view_ptr (a);

  if (m == 0 || n == 0)
    return;

  if (orient == LEV_GEMM_TN)
    {
      /* A stored K×M: make it M×K so every orientation shares the kernel. */
      float *t = scratch (&self->pack_a, &self->pack_a_len, m * k);

      for (gsize kk = 0; kk < k; kk++)
        for (gsize i = 0; i < m; i++)
          t[i * k + kk] = ap[kk * m + i];
      ap = t;
    }
  pack_b (view_ptr (b), orient == LEV_GEMM_NT, k, n,
          scratch (&self->pack_b, &self->pack_b_len, MAX (n_panels * k * PANEL, 1)));

  job.self = self;
  job.orient = orient;
  job.m = m;
  job.n = n;
  job.k = k;
  job.alpha = alpha;
  job.beta = beta;
  job.a = ap;
  job.bpack = self->pack_b;
  job.c = view_ptr (c);
  job.bias = bias.buf != NULL ? view_ptr (bias) : NULL;
  job.act = act;
  job.z = z.buf != NULL ? view_ptr (z) : NULL;
  job.row0 = 0;
  job.row1 = m;

  if (self->n_threads > 1 && m >= 2 * ROWS && (double) m * n * k >= PARALLEL_MIN_MACS)
    {
      GemmJob other = job;
      gsize half = (m / 2 + ROWS - 1) / ROWS * ROWS;

      job.row1 = half;
      other.row0 = half;
      cpu_lock (self);
      if (self->helper == NULL)
        self->helper = g_thread_new ("lev-cpu-gemm", helper_main, self);
      self->job_done = FALSE;
      self->job = &other;
      g_cond_broadcast (&self->cond);
      cpu_unlock (self);

      gemm_rows (&job);

      cpu_lock (self);
      while (!self->job_done)
        cpu_wait (self);
      cpu_unlock (self);
    }
  else
    gemm_rows (&job);
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

  for (gsize i = 0; i < n_rows; i++)
    memcpy (d + i * n_cols, s + (gsize) idx[i] * n_cols, n_cols * sizeof (float));
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

  if (self->helper != NULL)
    {
      cpu_lock (self);
      self->quit = TRUE;
      g_cond_broadcast (&self->cond);
      cpu_unlock (self);
      g_thread_join (self->helper);
    }
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->pack_a);
  g_free (self->pack_b);
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
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  return &self->parent;
}
