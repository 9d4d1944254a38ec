/* lev-file-chooser.h: one way to ask for a file on every GTK we build
 * with: GtkFileDialog from GTK 4.10, the native chooser on 4.8; both go
 * through the portal inside a Flatpak. The filter a chooser shows always
 * matches what will be written. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LEV_FILE_CHOOSER_OPEN,
  LEV_FILE_CHOOSER_SAVE,
  LEV_FILE_CHOOSER_FOLDER,
} LevFileChooserAction;

/* The filter for files like @name, judged by its extension: "x.png"
 * gets "PNG images", "x.csv" "CSV files", and so on; NULL for a name
 * without a known extension. */
GtkFileFilter *lev_file_filter_for_name      (const char           *name);
/* "Leverage scenarios": *.json and application/json. */
GtkFileFilter *lev_file_filter_scenarios     (void);
GtkFileFilter *lev_file_filter_new           (const char           *name,
                                              const char * const   *patterns);

/* Asks for a file (or folder). @filter (may be NULL) is the one filter
 * shown; @initial_name only for a save; @initial_folder may be NULL.
 * Finish gives the file, or NULL with G_IO_ERROR_CANCELLED when the user
 * chose nothing. */
void           lev_file_chooser_run_async    (GtkWindow            *parent,
                                              LevFileChooserAction  action,
                                              const char           *title,
                                              GtkFileFilter        *filter,
                                              GFile                *initial_folder,
                                              const char           *initial_name,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
GFile         *lev_file_chooser_run_finish   (GAsyncResult         *result,
                                              GError              **error);

G_END_DECLS
