/* lev-export-dialog.h: the dialog every chart's "Export…" opens: format,
 * style, theme and PNG scale (starting from the preferences), then a
 * file of that format, then a toast with the outcome. */
#pragma once

#include <adwaita.h>

#include "lev-chart-export.h"

G_BEGIN_DECLS

/* What the user chose, read from the dialog before it closes. */
typedef struct {
  LevChartFormat     format;
  LevChartStyleKind  style;
  LevTheme           theme;
  double             scale;   /* pixels per logical pixel; PNG only */
} LevExportChoice;

/* Writes @kind of @owner's data to @file as @choice says; a GError the
 * user can read. */
typedef gboolean (*LevExportChartFunc) (GtkWidget              *owner,
                                        LevChartKind            kind,
                                        GFile                  *file,
                                        const LevExportChoice  *choice,
                                        GError                **error);

#define LEV_TYPE_EXPORT_DIALOG (lev_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LevExportDialog, lev_export_dialog, LEV, EXPORT_DIALOG, AdwMessageDialog)

/* A dialog for @kind, its choices set from @settings (may be NULL: the
 * schema's defaults). */
LevExportDialog *lev_export_dialog_new        (GtkWindow              *parent,
                                               LevChartKind            kind,
                                               GSettings              *settings);
void             lev_export_dialog_get_choice (LevExportDialog        *self,
                                               LevExportChoice        *choice);
void             lev_export_dialog_set_choice (LevExportDialog        *self,
                                               const LevExportChoice  *choice);

/* Asks for the choice, then where to save "@file_stem.png" (or .svg,
 * .pdf), and calls @export with it. Does nothing unless @owner is inside
 * a LevWindow; holds a reference to @owner until it is done. Returns the
 * dialog (owned by GTK), or NULL. */
LevExportDialog *lev_export_dialog_present    (GtkWidget              *owner,
                                               LevChartKind            kind,
                                               const char             *file_stem,
                                               LevExportChartFunc      export);

G_END_DECLS
