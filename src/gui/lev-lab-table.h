/* lev-lab-table.h: the Model Lab's tables (the preview of a CSV, the
 * figures of each epoch): rows of strings in a GtkColumnView. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Replaces the columns and rows of @view. @rows holds char ** of
 * @n_titles strings each; the table takes them (the array's slots are
 * emptied). @numeric says which columns line up on the right (NULL: all). */
void lev_lab_table_set (GtkColumnView     *view,
                        const char *const *titles,
                        guint              n_titles,
                        const gboolean    *numeric,
                        GPtrArray         *rows);

G_END_DECLS
