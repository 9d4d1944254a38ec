/* lev-save-changes-dialog.h: "Save Changes?" before unsaved work is
 * replaced or closed, as one asynchronous question. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum {
  LEV_SAVE_CHANGES_CANCEL,   /* keep the work open, do nothing */
  LEV_SAVE_CHANGES_DISCARD,  /* go on and lose the changes */
  LEV_SAVE_CHANGES_SAVE,     /* save first, then go on */
} LevSaveChangesResponse;

/* Asks about the unsaved changes of @document_name, transient for
 * @parent. Cancelling @cancellable closes the question as Cancel. */
void                   lev_save_changes_dialog_run_async  (GtkWindow            *parent,
                                                           const char           *document_name,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
/* The answer; LEV_SAVE_CHANGES_CANCEL with @error set only on failure. */
LevSaveChangesResponse lev_save_changes_dialog_run_finish (GAsyncResult         *result,
                                                           GError              **error);

G_END_DECLS
