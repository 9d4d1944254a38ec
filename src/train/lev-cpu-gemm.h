/* lev-cpu-gemm.h: the CPU backend's matrix product (lev-cpu-gemm.c),
 * private to src/train. */
#pragma once

#include "lev-backend.h"
#include "lev-tsan.h"

G_BEGIN_DECLS

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

typedef struct _LevCpuGemm LevCpuGemm;

/* @n_threads > 1 lets a large product use one helper thread. */
LevCpuGemm *lev_cpu_gemm_new  (guint              n_threads);
void        lev_cpu_gemm_free (LevCpuGemm        *self);

/* C = act(alpha·op(A)·op(B) + beta·C + bias), Z the pre-activation when
 * not NULL: the formula, layouts and orientations of lev_backend_gemm()
 * (lev-backend.h), on host pointers. @bias and @z may be NULL. */
void        lev_cpu_gemm      (LevCpuGemm        *self,
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
                               float             *z);

G_END_DECLS
