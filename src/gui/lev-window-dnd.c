/* lev-window-dnd.c: a file dropped on the window: a CSV goes to the
 * Model Lab, anything else is opened as a scenario (after asking about
 * unsaved work). */
#define G_LOG_DOMAIN "lev-window-dnd"
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "lev-analysis-page.h"
#include "lev-model-lab.h"
#include "lev-chart-sim.h"
#include "lev-file.h"
#include "lev-file-chooser.h"
#include "lev-save-changes-dialog.h"
#include "lev-sensitivity.h"
#include "lev-plan-page.h"
#include "lev-preferences.h"
#include "lev-settings.h"
#include "lev-report.h"
#include "lev-scenario-io.h"
#include "lev-simulate.h"
#include "lev-summary.h"
#include "lev-undo.h"
#include "lev-window.h"
#include "lev-window-private.h"

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         LevWindow     *self)
{
  GFile *file = g_value_get_object (value);
  GtkWidget *lab = adw_view_stack_get_child_by_name (self->stack, "model-lab");
  g_autofree char *name = NULL;

  if (file == NULL)
    return FALSE;
  /* A table of data is for the Model Lab, not a scenario to open. */
  name = g_file_get_basename (file);
  if (LEV_IS_MODEL_LAB (lab) && name != NULL &&
      (g_str_has_suffix (name, ".csv") || g_str_has_suffix (name, ".CSV") || g_str_has_suffix (name, ".tsv")))
    {
      lev_window_show_page (self, "model-lab");
      lev_model_lab_open_csv (LEV_MODEL_LAB (lab), file);
      return TRUE;
    }
  _lev_window_confirm_discard (self, _lev_window_do_open_file, g_object_ref (file), g_object_unref);
  return TRUE;
}

void
_lev_window_dnd_init (LevWindow *self)
{
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);

  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
