/* lev-export-dialog.h: the dialog every chart's "Export…" opens: format,
 * style and theme, then a file, then a toast with the outcome. */
#pragma once

#include <gtk/gtk.h>

#include "lev-chart-export.h"

G_BEGIN_DECLS

/* Writes @kind of @owner's data to @file; a GError the user can read. */
typedef gboolean (*LevExportChartFunc) (GtkWidget          *owner,
                                        LevChartKind        kind,
                                        GFile              *file,
                                        LevChartFormat      format,
                                        LevChartStyleKind   style,
                                        LevTheme            theme,
                                        GError            **error);

/* Asks for the format, style and theme, then where to save
 * "@file_stem.png" (or .svg, .pdf), and calls @export with the choice.
 * Does nothing unless @owner is inside a LevWindow; the dialog holds a
 * reference to @owner until it is done. */
void lev_export_dialog_present (GtkWidget          *owner,
                                LevChartKind        kind,
                                const char         *file_stem,
                                LevExportChartFunc  export);

G_END_DECLS
