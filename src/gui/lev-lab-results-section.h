/* lev-lab-results-section.h: the Model Lab's Results section: the
 * article's two lines, the confusion matrix, the figures of each epoch,
 * and what to do with the model (save it, predict with it). */
#pragma once

#include <gtk/gtk.h>

#include "lev-trainer.h"

G_BEGIN_DECLS

#define LEV_TYPE_LAB_RESULTS_SECTION (lev_lab_results_section_get_type ())
G_DECLARE_FINAL_TYPE (LevLabResultsSection, lev_lab_results_section, LEV, LAB_RESULTS_SECTION, GtkBox)

/* Shows @result (taken) and offers its actions; NULL hides the section. */
void                  lev_lab_results_section_set_result (LevLabResultsSection *self,
                                                          LevTrainResult       *result);
const LevTrainResult *lev_lab_results_section_get_result (LevLabResultsSection *self);
/* "Test loss: 0.4321\nTest accuracy: 0.8123", as shown, or NULL. */
const char           *lev_lab_results_section_get_lines  (LevLabResultsSection *self);
/* What Use Measured Throughput will do, under its button. */
void                  lev_lab_results_section_set_use_text (LevLabResultsSection *self,
                                                            const char           *text);

G_END_DECLS
