/* lev-window.c: the main window. For now it opens a scenario and shows
 * its totals; the plan editor and analysis pages come with their issue. */
#define G_LOG_DOMAIN "lev-window"
#include "config.h"

#include <glib/gi18n.h>

#include "lev-report.h"
#include "lev-scenario-io.h"
#include "lev-window.h"

struct _LevWindow
{
  AdwApplicationWindow parent_instance;

  AdwWindowTitle      *title;
  AdwStatusPage       *status;
  AdwToastOverlay     *toasts;
  GtkLabel            *report_label;

  LevScenario         *scenario;
};

G_DEFINE_FINAL_TYPE (LevWindow, lev_window, ADW_TYPE_APPLICATION_WINDOW)

static void
lev_window_dispose (GObject *object)
{
  LevWindow *self = (LevWindow *) object;

  g_clear_object (&self->scenario);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_WINDOW);
  G_OBJECT_CLASS (lev_window_parent_class)->dispose (object);
}

static void
lev_window_class_init (LevWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = lev_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LevWindow, title);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, status);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, LevWindow, report_label);
}

static void
lev_window_init (LevWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LevWindow *
lev_window_new (LevApplication *application)
{
  return g_object_new (LEV_TYPE_WINDOW, "application", application, NULL);
}

static void
show_report (LevWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevReport) report = lev_report_new (self->scenario, &error);
  g_autofree char *text = NULL, *total = NULL, *savings = NULL, *desc = NULL;

  if (report == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  adw_window_title_set_title (self->title, lev_scenario_get_name (self->scenario));
  total = lev_money_format (report->eval.leveraged, report->snapshot->currency,
                            LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  savings = lev_money_format (report->eval.savings, report->snapshot->currency,
                              LEV_MONEY_FULL, LEV_MONEY_LOCALE_AUTO);
  /* Translators: the leveraged total and what the social channels save */
  desc = g_strdup_printf (_("Leveraged total %s · social advantage %s"), total, savings);
  adw_status_page_set_title (self->status, lev_scenario_get_name (self->scenario));
  adw_status_page_set_description (self->status, desc);
  text = lev_report_to_text (report, LEV_MONEY_LOCALE_AUTO);
  gtk_label_set_text (self->report_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->report_label), TRUE);
}

void
lev_window_open_file (LevWindow *self,
                      GFile     *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);
  LevScenario *scenario;

  g_return_if_fail (LEV_IS_WINDOW (self));

  scenario = path ? lev_scenario_load_file (path, &error) : NULL;
  if (scenario == NULL)
    {
      AdwToast *toast = adw_toast_new (error ? error->message : _("Only local files can be opened"));
      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toasts, toast);
      return;
    }
  g_set_object (&self->scenario, scenario);
  g_object_unref (scenario);
  show_report (self);
}
