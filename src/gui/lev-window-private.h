/* lev-window-private.h: what the files of LevWindow share: its struct
 * and the few functions one part calls in another (lev-window.c: state,
 * recompute, files; lev-window-actions.c: win.* actions, choosers and the
 * save-changes flow; lev-window-dnd.c: drops; lev-autosave.c: autosave
 * and restore). */
#pragma once

#include "lev-analysis-page.h"
#include "lev-plan-page.h"
#include "lev-report.h"
#include "lev-summary.h"
#include "lev-window.h"

G_BEGIN_DECLS

#define AUTOSAVE_SECONDS 30

struct _LevWindow
{
  AdwApplicationWindow  parent_instance;

  AdwWindowTitle       *window_title;
  LevSummary           *summary;
  AdwToastOverlay      *toasts;
  AdwViewStack         *stack;
  LevPlanPage          *plan_page;
  LevAnalysisPage      *analysis_page;

  LevScenario          *scenario;
  LevUndoStack         *undo;
  GFile                *file;
  guint64               saved_state;
  guint64               autosaved_revision;
  guint                 recompute_id;
  guint                 autosave_id;
  LevReport            *report;
  gboolean              close_confirmed;

  GSettings            *settings;   /* NULL without the schema */
  GCancellable         *sim_cancellable;
  guint                 full_run_id;
  LevSimResult         *sim_result;
  gboolean              sim_running;
};

typedef void (*Continuation) (LevWindow *self, gpointer data);

/* lev-window.c */
void     _lev_window_toast                (LevWindow      *self,
                                           const char     *message,
                                           gboolean        sticky);
void     _lev_window_update_title         (LevWindow      *self);
void     _lev_window_set_scenario         (LevWindow      *self,
                                           LevScenario    *scenario,
                                           GFile          *file);

/* lev-window-actions.c */
void     _lev_window_class_add_actions    (GtkWidgetClass *widget_class);
void     _lev_window_add_page_shortcuts   (LevWindow      *self);
/* Runs @next now when nothing is unsaved, otherwise after asking. */
void     _lev_window_confirm_discard      (LevWindow      *self,
                                           Continuation    next,
                                           gpointer        data,
                                           GDestroyNotify  destroy);
void     _lev_window_do_open_file         (LevWindow      *self,
                                           gpointer        file);

/* lev-window-dnd.c */
void     _lev_window_dnd_init             (LevWindow      *self);

/* lev-autosave.c */
void     _lev_window_remove_autosave      (void);
gboolean _lev_window_autosave_tick        (gpointer        data);

G_END_DECLS
