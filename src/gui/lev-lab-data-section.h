/* lev-lab-data-section.h: the Model Lab's Data section: which CSV, its
 * target column and task, how gaps and text are read. It reads the file
 * for training on a worker thread and holds the result. */
#pragma once

#include <adwaita.h>

#include "lev-lab-data.h"

G_BEGIN_DECLS

#define LEV_TYPE_LAB_DATA_SECTION (lev_lab_data_section_get_type ())
G_DECLARE_FINAL_TYPE (LevLabDataSection, lev_lab_data_section, LEV, LAB_DATA_SECTION, AdwPreferencesGroup)

/* Previews @path and reads it for training in the background; "path"
 * and "problems" are notified at once, "loading" when the read ends. */
void                 lev_lab_data_section_open          (LevLabDataSection *self,
                                                         const char        *path);
const char          *lev_lab_data_section_get_path      (LevLabDataSection *self);
gboolean             lev_lab_data_section_get_loading   (LevLabDataSection *self);
/* The first rows, or NULL when the file could not be previewed. */
const LevLabPreview *lev_lab_data_section_get_preview   (LevLabDataSection *self);
/* The dataset read for training, or NULL (none yet, or problems). */
LevLabData          *lev_lab_data_section_get_data      (LevLabDataSection *self);
/* What is wrong with the file (naming the place), or NULL. */
const char          *lev_lab_data_section_get_problems  (LevLabDataSection *self);

G_END_DECLS
