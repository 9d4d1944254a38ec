/* lev-analysis-page.h: the Analysis page: every chart of the plan in a
 * responsive grid, each with export and copy. */
#pragma once

#include <adwaita.h>

#include "lev-chart-export.h"

G_BEGIN_DECLS

#define LEV_TYPE_ANALYSIS_PAGE (lev_analysis_page_get_type ())
G_DECLARE_FINAL_TYPE (LevAnalysisPage, lev_analysis_page, LEV, ANALYSIS_PAGE, GtkWidget)

GtkWidget         *lev_analysis_page_new        (void);
/* The output the tornado (sensitivity) chart explains; "notify::output"
 * tells the window to recompute it. A LevOutput. */
guint              lev_analysis_page_get_output (LevAnalysisPage *self);
void               lev_analysis_page_set_output (LevAnalysisPage *self,
                                                 guint            output);
const char        *lev_analysis_page_get_output_label (LevAnalysisPage *self);
/* Takes @set; charts without data are hidden. */
void               lev_analysis_page_set_charts (LevAnalysisPage *self,
                                                 LevChartSet     *set);
const LevChartSet *lev_analysis_page_get_charts (LevAnalysisPage *self);
/* The drawing area of one chart (tests, accessibility). */
GtkWidget         *lev_analysis_page_get_chart  (LevAnalysisPage *self,
                                                 LevChartKind     kind);
/* Writes one chart as the page's menu does. */
gboolean           lev_analysis_page_export     (LevAnalysisPage *self,
                                                 LevChartKind     kind,
                                                 LevChartFormat   format,
                                                 LevChartStyleKind style,
                                                 LevTheme         theme,
                                                 double           scale,
                                                 GFile           *file,
                                                 GError         **error);
/* Every chart as a numbered 16:9 deck PNG in @folder. */
gboolean           lev_analysis_page_export_deck_pngs (LevAnalysisPage *self,
                                                       GFile           *folder,
                                                       guint           *n_written,
                                                       GError         **error);
/* A short sentence saying what a chart shows, for screen readers. */
char              *lev_analysis_describe        (const LevChartSet *set,
                                                 LevChartKind       kind);

G_END_DECLS
