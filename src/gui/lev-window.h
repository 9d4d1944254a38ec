/* lev-window.h: the main window: Plan, Analysis and Model Lab pages, a
 * summary strip, files, undo, autosave. */
#pragma once

#include <adwaita.h>

#include "lev-application.h"
#include "lev-scenario.h"
#include "lev-simulate.h"
#include "lev-undo.h"

G_BEGIN_DECLS

#define LEV_TYPE_WINDOW (lev_window_get_type ())
G_DECLARE_FINAL_TYPE (LevWindow, lev_window, LEV, WINDOW, AdwApplicationWindow)

LevWindow   *lev_window_new            (LevApplication *application);
/* Loads @file; on failure shows the error and keeps the current plan. */
gboolean     lev_window_open_file      (LevWindow      *self,
                                        GFile          *file);
/* Opens a bundled sample ("seed-example", "llm-startup-7b") unsaved. */
gboolean     lev_window_open_sample    (LevWindow      *self,
                                        const char     *name);
gboolean     lev_window_save_to        (LevWindow      *self,
                                        GFile          *file,
                                        GError        **error);
LevScenario *lev_window_get_scenario   (LevWindow      *self);
/* Every edit of the scenario goes through this, so it can be undone. */
LevUndoStack *lev_window_get_undo_stack (LevWindow     *self);
/* "plan", "analysis" or "model-lab". */
void         lev_window_show_page      (LevWindow      *self,
                                        const char     *name);
gboolean     lev_window_get_modified   (LevWindow      *self);
/* Recomputes now instead of after the debounce (tests). */
void         lev_window_recompute_now  (LevWindow      *self);
/* The latest finished Monte Carlo run (NULL before the first). */
LevSimResult *lev_window_get_simulation (LevWindow     *self);
gboolean     lev_window_is_simulating  (LevWindow      *self);
/* Starts a run of @n_samples now, cancelling any in flight. */
void         lev_window_simulate       (LevWindow      *self,
                                        guint           n_samples);
/* Where autosaves go: $XDG_DATA_HOME/leverage/autosave.json */
char        *lev_window_autosave_path  (void);
typedef void (*LevWindowFileCallback) (LevWindow *window,
                                       GFile     *file,
                                       gpointer   data);

/* Asks where to save (the portal's chooser in a Flatpak), showing the
 * files of @initial_name's kind ("x.png": PNG images). @callback runs
 * only when a file was chosen and then owns @data; when nothing is chosen
 * @destroy (may be NULL) frees @data instead. The same holds for the two
 * choosers below. */
void         lev_window_choose_save_file (LevWindow           *self,
                                          const char          *title,
                                          const char          *initial_name,
                                          LevWindowFileCallback callback,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
/* Asks for a file to open among those matching @patterns ("*.csv"),
 * shown as @filter_name; @callback runs only when a file was chosen. */
void         lev_window_choose_open_file (LevWindow           *self,
                                          const char          *title,
                                          const char          *filter_name,
                                          const char * const  *patterns,
                                          LevWindowFileCallback callback,
                                          gpointer             data,
                                          GDestroyNotify       destroy);
/* Asks for a folder (deck PNGs); @callback gets the folder. */
void         lev_window_choose_folder  (LevWindow           *self,
                                        const char          *title,
                                        LevWindowFileCallback callback,
                                        gpointer             data,
                                        GDestroyNotify       destroy);
void         lev_window_show_toast     (LevWindow      *self,
                                        const char     *message,
                                        gboolean        sticky);
/* "@message: “name” in folder", with Open and Show in Folder. */
void         lev_window_show_file_toast (LevWindow     *self,
                                         const char    *message,
                                         GFile         *file);
/* The app's settings, or NULL where the schema is not installed. */
GSettings   *lev_window_get_settings   (LevWindow      *self);

/* Writes the autosave now if there are unsaved edits (the timer does this
 * every 30 s); TRUE when a copy was written. */
gboolean     lev_window_autosave_now   (LevWindow      *self);
/* Offers to restore an autosave left by a crash; TRUE when one exists. */
gboolean     lev_window_offer_restore  (LevWindow      *self);

G_END_DECLS
