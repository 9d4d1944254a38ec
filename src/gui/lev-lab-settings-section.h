/* lev-lab-settings-section.h: the Model Lab's Settings section: the
 * network and how it is trained, as LevTrainOptions. */
#pragma once

#include <adwaita.h>

#include "lev-trainer.h"

G_BEGIN_DECLS

/* LevTrainOptions as a boxed type, for the "options" property. */
typedef LevTrainOptions LevLabOptions;
#define LEV_TYPE_LAB_OPTIONS (lev_lab_options_get_type ())
GType lev_lab_options_get_type (void) G_GNUC_CONST;

#define LEV_TYPE_LAB_SETTINGS_SECTION (lev_lab_settings_section_get_type ())
G_DECLARE_FINAL_TYPE (LevLabSettingsSection, lev_lab_settings_section, LEV, LAB_SETTINGS_SECTION,
                      AdwPreferencesGroup)

/* The settings shown now; "options" is notified when the user changes any. */
void lev_lab_settings_section_get_options (LevLabSettingsSection *self,
                                           LevTrainOptions       *options);
void lev_lab_settings_section_set_options (LevLabSettingsSection *self,
                                           const LevTrainOptions *options);

G_END_DECLS
