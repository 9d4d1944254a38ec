/* lev-sensitivity.h: which uncertain inputs matter for an output: tornado
 * swings (one input at its 10th and 90th percentile, the others at their
 * medians) and Spearman rank correlations from a simulation run. */
#pragma once

#include "lev-simulate.h"

G_BEGIN_DECLS

typedef struct {
  guint   input;        /* snapshot input index */
  double  low_value;    /* the input's 10th percentile */
  double  high_value;   /* the input's 90th percentile */
  double  output_low;   /* the output with the input at low_value */
  double  output_high;  /* the output with the input at high_value */
  double  swing;        /* |output_high − output_low| */
  double  spearman;     /* rank correlation of input and output over the samples */
  double  variance_share; /* spearman² / Σ spearman² over all inputs, 0..1 */
} LevSensitivityRow;

typedef struct {
  LevOutput          output;
  double             output_base;  /* the output with every input at its median */
  guint              n_rows;
  LevSensitivityRow *rows;         /* sorted by swing, largest first; ties by input index */
} LevSensitivity;

/* Tornado from the snapshot alone; Spearman columns from @result, which
 * must have been run with keep_inputs (NAN there when @result is NULL). */
LevSensitivity *lev_sensitivity_new      (LevSnapshot        *snapshot,
                                          const LevSimResult *result,
                                          LevOutput           output);
void            lev_sensitivity_free     (LevSensitivity     *self);
JsonNode       *lev_sensitivity_to_json  (const LevSensitivity *self,
                                          const LevSnapshot  *snapshot);

/* Spearman rank correlation of two columns (average ranks for ties). */
double          lev_spearman             (const double       *x,
                                          const double       *y,
                                          gsize               n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LevSensitivity, lev_sensitivity_free)

G_END_DECLS
