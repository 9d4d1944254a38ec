/* lev-dist.h: the mathematics of the distributions: CDFs and inverse CDFs,
 * and a sampler compiled from a LevNumber for the engine's hot loop. Every
 * kind is drawn by inverse transform from one uniform, so one Philox
 * stream per input suffices and Iman–Conover can reorder draws freely. */
#pragma once

#include "lev-number.h"

G_BEGIN_DECLS

/* Standard normal CDF (from erfc) and its inverse (Wichura's AS 241,
 * relative error about 1e-16). */
double lev_normal_cdf        (double x);
double lev_normal_quantile   (double p);
/* Regularised incomplete beta I_x(a, b) (continued fraction) and its
 * inverse by safeguarded Newton iteration. */
double lev_beta_cdf          (double x,
                              double a,
                              double b);
double lev_beta_quantile     (double p,
                              double a,
                              double b);

/* PERT inverse CDF knots: (LEV_PERT_TABLE + 1) values at u = i / LEV_PERT_TABLE. */
#define LEV_PERT_TABLE 1024

typedef struct {
  LevDistKind   kind;
  double        lo, hi;    /* support after truncation to the field's range */
  double        a, b, c;   /* kind parameters, derived (μ, σ for (log)normal) */
  double        alpha, beta; /* PERT shape */
  double        u_lo, u_span; /* (log)normal truncation in probability */
  double       *table;     /* PERT knots, or NULL */
  LevEmpirical *empirical;
} LevDistSampler;

/* @lo and @hi: the field's allowed range; normal and lognormal draws are
 * truncated to it (renormalised, not clamped). */
void   lev_dist_sampler_init     (LevDistSampler  *self,
                                  const LevNumber *number,
                                  double           lo,
                                  double           hi);
void   lev_dist_sampler_clear    (LevDistSampler  *self);
/* Builds what draws need that a snapshot does not (the PERT knot table),
 * once, safely from any thread; call before lev_dist_sampler_draw(). Kept
 * out of init so that compiling a snapshot only to check it stays cheap. */
void   lev_dist_sampler_prepare  (LevDistSampler  *self);
/* The draw for a uniform u in (0, 1): fast (PERT from the knot table,
 * empirical by resampling). */
double lev_dist_sampler_draw     (const LevDistSampler *self,
                                  double                u);
/* The exact quantile at probability p in [0, 1] (PERT by beta inversion,
 * empirical by type-7 interpolation): medians, tornado percentiles. */
double lev_dist_sampler_quantile (const LevDistSampler *self,
                                  double                p);

G_END_DECLS
