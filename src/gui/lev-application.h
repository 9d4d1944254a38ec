/* lev-application.h: the Leverage application. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LEV_TYPE_APPLICATION (lev_application_get_type ())
G_DECLARE_FINAL_TYPE (LevApplication, lev_application, LEV, APPLICATION, AdwApplication)

LevApplication *lev_application_new (void);

G_END_DECLS
