/* lev-window.h: the main window. */
#pragma once

#include <adwaita.h>

#include "lev-application.h"

G_BEGIN_DECLS

#define LEV_TYPE_WINDOW (lev_window_get_type ())
G_DECLARE_FINAL_TYPE (LevWindow, lev_window, LEV, WINDOW, AdwApplicationWindow)

LevWindow *lev_window_new       (LevApplication *application);
void       lev_window_open_file (LevWindow      *self,
                                 GFile          *file);

G_END_DECLS
