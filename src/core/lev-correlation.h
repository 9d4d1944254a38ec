/* lev-correlation.h: rank correlation between uncertain inputs by the
 * Iman–Conover method (Iman & Conover, "A distribution-free approach to
 * inducing rank correlation among input variables", 1982): independent
 * draws are reordered, never changed, so each input keeps its
 * distribution exactly while pairs reach the asked Spearman correlation. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint   k;        /* correlated inputs */
  guint  *inputs;   /* their snapshot input indices */
  double *chol;     /* k×k row-major lower Cholesky factor of the target
                     * Pearson correlation of normal scores */
  double *scores;   /* van der Waerden scores for chunks of LEV_IC_SCORES rows */
} LevIcPlan;

/* The engine's chunk size: scores for it are computed once per plan. */
#define LEV_IC_SCORES 2048

/* @pairs: n_pairs entries (i, j) of snapshot input indices, @ranks the
 * asked Spearman correlations. Fails when the implied matrix is not
 * positive definite. */
LevIcPlan *lev_ic_plan_new   (const guint  *pairs,
                              const double *ranks,
                              guint         n_pairs,
                              GError      **error);
void       lev_ic_plan_free  (LevIcPlan    *self);

/* Reorders @columns (k of them, @m rows each, in the plan's input order)
 * in place. The random permutations come from Philox under @key at
 * counter (row, @chunk, column, 'IC'), so the result depends only on the
 * key, the chunk and the data. Chunks of fewer than 4·k rows are left
 * alone. */
void       lev_iman_conover  (const LevIcPlan *plan,
                              double *const   *columns,
                              guint            m,
                              const guint32    key[2],
                              guint32          chunk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevIcPlan, lev_ic_plan_free)

G_END_DECLS
