/* lev-cpu-gemm.c: the CPU backend's matrix product. One 4×16
 * register-blocked kernel on packed panels, written with GCC vector types
 * and cloned for AVX2+FMA, so the inner loop is a run of fused
 * multiply-adds whatever flags the distribution builds with; a large
 * product is shared with one helper thread, by halves of the rows, so the
 * result does not depend on the threads. Scratch space only grows. */
#define G_LOG_DOMAIN "lev-cpu-backend"
#include "config.h"

#include <math.h>
#include <string.h>

#include "lev-cpu-gemm.h"
#include "lev-tsan.h"

#define PANEL 16 /* columns per packed panel of B */
#define ROWS 4   /* rows of A per kernel call */

/* Products smaller than this many multiply-adds run on one thread: waking
 * the helper costs more than it saves on a training batch of 32. */
#define PARALLEL_MIN_MACS (1u << 21)

typedef float v8f __attribute__ ((vector_size (32)));

typedef struct {
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

struct _LevCpuGemm {
  guint      n_threads;

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
cpu_lock (LevCpuGemm *self)
{
  g_mutex_lock (&self->lock);
  LEV_TSAN_ACQUIRE (&self->lock);
}

static void
cpu_unlock (LevCpuGemm *self)
{
  LEV_TSAN_RELEASE (&self->lock);
  g_mutex_unlock (&self->lock);
}

static void
cpu_wait (LevCpuGemm *self)
{
  LEV_TSAN_RELEASE (&self->lock);
  g_cond_wait (&self->cond, &self->lock);
  LEV_TSAN_ACQUIRE (&self->lock);
}

static gpointer
helper_main (gpointer data)
{
  LevCpuGemm *self = data;

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

void
lev_cpu_gemm (LevCpuGemm        *self,
              LevGemmOrientation orient,
              gsize              m,
              gsize              n,
              gsize              k,
              float              alpha,
              const float       *a,
              const float       *b,
              float              beta,
              float             *c,
              const float       *bias,
              LevActivation      act,
              float             *z)
{
  GemmJob job = { 0 };
  gsize n_panels = (n + PANEL - 1) / PANEL;
  const float *ap = a;

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
  pack_b (b, orient == LEV_GEMM_NT, k, n,
          scratch (&self->pack_b, &self->pack_b_len, MAX (n_panels * k * PANEL, 1)));

  job.orient = orient;
  job.m = m;
  job.n = n;
  job.k = k;
  job.alpha = alpha;
  job.beta = beta;
  job.a = ap;
  job.bpack = self->pack_b;
  job.c = c;
  job.bias = bias;
  job.act = act;
  job.z = z;
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

LevCpuGemm *
lev_cpu_gemm_new (guint n_threads)
{
  LevCpuGemm *self = g_new0 (LevCpuGemm, 1);

  self->n_threads = MAX (n_threads, 1);
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  return self;
}

void
lev_cpu_gemm_free (LevCpuGemm *self)
{
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
  g_free (self);
}
