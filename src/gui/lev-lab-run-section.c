/* lev-lab-run-section.c: the Run section of the Model Lab. A run trains
 * on a worker thread and reports on the main context; it holds the
 * section by a weak reference, so a window closed mid-run cancels it and
 * its late answers are dropped. A device that cannot even start sends the
 * run to the CPU, and the section says so. */
#define G_LOG_DOMAIN "lev-lab-run-section"
#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "lev-backend.h"
#include "lev-lab-run-section.h"
#include "lev-window.h"

#define TICK_MS 100

typedef struct _Run Run;

struct _Run {
  GWeakRef         self;
  LevLabData      *data;
  GCancellable    *cancellable;
  char            *backend_name;
  char            *device_id;
  char            *opencl_name;
  LevTrainOptions  options;
  gboolean         on_cpu_after_failure;
};

struct _LevLabRunSection
{
  GtkBox           parent_instance;

  /* Template */
  GtkWidget       *train_button;
  GtkWidget       *cancel_button;
  GtkWidget       *progress;
  GtkWidget       *status_label;
  GtkWidget       *error_label;
  GtkWidget       *fallback_label;
  GtkWidget       *chart_card;
  GtkWidget       *chart_area;

  Run             *run;
  LevChartSet     *curves;
  LevTrainResult  *result;
  char            *fallback;
  char            *error;
  guint            tick_id;
  gint64           run_started;
  gint64           last_report_at;
  double           progress_epochs; /* epochs done at the last report, with a fraction within one */
  guint            epochs_done;
  guint            epochs_total;
  gboolean         device_ready;    /* the backend is set up */
  guint            report_batches;
};

G_DEFINE_FINAL_TYPE (LevLabRunSection, lev_lab_run_section, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Run *
run_ref (Run *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
run_clear (gpointer p)
{
  Run *run = p;

  g_weak_ref_clear (&run->self);
  lev_lab_data_unref (run->data);
  g_clear_object (&run->cancellable);
  g_free (run->backend_name);
  g_free (run->device_id);
  g_free (run->opencl_name);
}

static void
run_unref (gpointer run)
{
  /* Safe from any thread: a run holds no widget, only a weak reference. */
  g_atomic_rc_box_release_full (run, run_clear);
}

static LevTheme
current_theme (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) ? LEV_THEME_DARK : LEV_THEME_LIGHT;
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LevLabRunSection *self = user_data;
  LevChartStyle style;

  if (self->curves == NULL)
    return;
  lev_chart_style_init (&style, LEV_CHART_STYLE_SCREEN, current_theme ());
  lev_chart_draw (cr, self->curves, LEV_CHART_TRAINING, &style, width, height, NULL);
}

static void
curves_reset (LevLabRunSection *self,
              const char       *title,
              gboolean          regression)
{
  LevTrainingCurves *c = g_new0 (LevTrainingCurves, 1);

  g_clear_pointer (&self->curves, lev_chart_set_free);
  self->curves = lev_chart_set_new ();
  self->curves->scenario_name = g_strdup (title);
  c->metric_label = g_strdup (regression ? _("R²") : _("Accuracy"));
  self->curves->training = c;
}

/* Drops the points within an epoch from the end whose x is at least
 * @from: an epoch's own report replaces them, and an epoch started again
 * (on the CPU after a device failed) draws its part anew. */
static void
curves_trim_partial (LevTrainingCurves *c,
                     double             from)
{
  while (c->n_points > 0 && c->epoch[c->n_points - 1] != floor (c->epoch[c->n_points - 1]) &&
         c->epoch[c->n_points - 1] >= from)
    c->n_points--;
}

static void
curves_append (LevLabRunSection *self,
               double            x,
               double            train_loss,
               double            val_loss,
               double            train_metric,
               double            val_metric)
{
  LevTrainingCurves *c = self->curves->training;
  guint n = c->n_points + 1;

  c->epoch = g_renew (double, c->epoch, n);
  c->train_loss = g_renew (double, c->train_loss, n);
  c->val_loss = g_renew (double, c->val_loss, n);
  c->train_metric = g_renew (double, c->train_metric, n);
  c->val_metric = g_renew (double, c->val_metric, n);
  c->epoch[n - 1] = x;
  c->train_loss[n - 1] = train_loss;
  c->val_loss[n - 1] = val_loss;
  c->train_metric[n - 1] = train_metric;
  c->val_metric[n - 1] = val_metric;
  c->n_points = n;
}

static char *
format_seconds (double seconds)
{
  if (seconds < 1)
    return g_strdup (_("less than a second"));
  if (seconds < 90)
    return g_strdup_printf (_("about %.0f s"), seconds);
  return g_strdup_printf (_("about %.0f min"), seconds / 60);
}

static void
update_progress (LevLabRunSection *self)
{
  double done = self->progress_epochs;
  double elapsed = (g_get_monotonic_time () - self->run_started) / 1e6;
  g_autofree char *text = NULL;

  if (self->epochs_total == 0 || self->run == NULL)
    return;
  if (self->progress_epochs > 0)
    {
      /* Between reports (within an epoch, or after it), creep forward at
       * the pace so far, never past the end of the epoch under way. */
      double per_epoch = (self->last_report_at - self->run_started) / 1e6 / self->progress_epochs;
      double since = (g_get_monotonic_time () - self->last_report_at) / 1e6;
      double left = per_epoch * (self->epochs_total - self->progress_epochs) - since;
      g_autofree char *left_text = format_seconds (MAX (left, 0));

      if (per_epoch > 0)
        done = MIN (done + since / per_epoch, floor (self->progress_epochs) + 0.95);
      text = g_strdup_printf (_("Epoch %u of %u, %s left"), MIN (self->epochs_done + 1, self->epochs_total),
                              self->epochs_total, left_text);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), MIN (done / self->epochs_total, 1.0));
    }
  else
    {
      /* Setting up an OpenCL device builds its kernels, which takes
       * seconds the first time: say so rather than seem stuck. */
      gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress));
      if (!self->device_ready && self->run->opencl_name != NULL)
        text = g_strdup_printf (_("Building the OpenCL kernels for %s (first time only, %.0f s)…"),
                                self->run->opencl_name, elapsed);
      else if (!self->device_ready)
        text = g_strdup_printf (_("Setting up the CPU backend (%.0f s)…"), elapsed);
      else
        text = g_strdup_printf (_("Starting the first of %u epochs (%.0f s)…"), self->epochs_total, elapsed);
    }
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
}

static gboolean
tick_cb (gpointer data)
{
  update_progress (data);
  return G_SOURCE_CONTINUE;
}

static void
on_ready (const char *device_name,
          gpointer    user_data)
{
  Run *run = user_data;
  g_autoptr(LevLabRunSection) self = g_weak_ref_get (&run->self);

  if (self == NULL || self->run != run)
    return;
  self->device_ready = TRUE;
  update_progress (self);
}

static gboolean
on_epoch (const LevEpochStats *st,
          gpointer             user_data)
{
  Run *run = user_data;
  g_autoptr(LevLabRunSection) self = g_weak_ref_get (&run->self);
  g_autofree char *desc = NULL;

  if (self == NULL || self->run != run || g_cancellable_is_cancelled (run->cancellable))
    return TRUE;
  self->device_ready = TRUE;
  self->epochs_done = st->epoch;
  self->progress_epochs = st->epoch;
  self->last_report_at = g_get_monotonic_time ();
  curves_trim_partial (self->curves->training, 0);
  curves_append (self, st->epoch, st->train_loss, st->val_loss, st->train_metric, st->val_metric);
  gtk_widget_queue_draw (self->chart_area);
  /* What the chart shows, for screen readers and as a tooltip. */
  desc = isnan (st->val_loss)
    ? g_strdup_printf (_("Epoch %u: training loss %.4f"), st->epoch, st->train_loss)
    : g_strdup_printf (_("Epoch %u: training loss %.4f, validation loss %.4f"), st->epoch, st->train_loss,
                       st->val_loss);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  desc, -1);
  gtk_widget_set_tooltip_text (self->chart_area, desc);
  update_progress (self);
  return TRUE;
}

/* Within a long epoch: the running training figures at epoch + fraction;
 * no validation until the epoch ends. */
static void
on_batch (const LevBatchStats *st,
          gpointer             user_data)
{
  Run *run = user_data;
  g_autoptr(LevLabRunSection) self = g_weak_ref_get (&run->self);
  double x = st->epoch - 1 + st->fraction;

  if (self == NULL || self->run != run || g_cancellable_is_cancelled (run->cancellable))
    return;
  self->device_ready = TRUE;
  self->progress_epochs = x;
  self->last_report_at = g_get_monotonic_time ();
  curves_trim_partial (self->curves->training, x);
  curves_append (self, x, st->train_loss, NAN, st->train_metric, NAN);
  gtk_widget_queue_draw (self->chart_area);
  update_progress (self);
}

static void
set_label (GtkWidget  *label,
           char      **store,
           const char *text)
{
  if (store != NULL)
    {
      g_free (*store);
      *store = g_strdup (text);
    }
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

static void
set_running (LevLabRunSection *self,
             Run              *run)
{
  gboolean was = self->run != NULL;

  if (run != self->run)
    {
      g_clear_pointer (&self->run, run_unref);
      self->run = run;
    }
  if (run == NULL)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  if (was != (run != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void start_run (LevLabRunSection *self, Run *run, const char *title);

/* A failure the user must read: in the section (keyboard, screen reader)
 * and in a toast. */
static void
show_error (LevLabRunSection *self,
            const char       *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  set_label (self->error_label, &self->error, message);
  /* Keyboard users who pressed Train land on the reason it stopped. */
  if (focus == NULL || gtk_widget_is_ancestor (focus, GTK_WIDGET (self)) || focus == self->train_button)
    {
      gtk_widget_grab_focus (self->error_label);
      /* Focus selects a label's text; the message is to be read. */
      gtk_label_select_region (GTK_LABEL (self->error_label), 0, 0);
    }
  if (LEV_IS_WINDOW (root))
    lev_window_show_toast (LEV_WINDOW (root), message, TRUE);
}

static void
on_trained (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(LevLabRunSection) self = g_weak_ref_get (&run->self);
  g_autoptr(GError) error = NULL;
  LevTrainResult *r = lev_train_finish (result, &error);

  if (self == NULL || self->run != run)
    {
      g_clear_pointer (&r, lev_train_result_free);
      run_unref (run);
      return;
    }
  if (r == NULL && error->domain == LEV_BACKEND_ERROR && self->epochs_done == 0 &&
      !g_str_equal (run->backend_name, "cpu") && !run->on_cpu_after_failure)
    {
      /* The device could not even start (no device, kernels did not
       * build): train on the CPU and say why. */
      g_autofree char *note = g_strdup_printf (_("OpenCL could not be used (%s); training on the CPU instead."),
                                               error->message);
      Run *again = g_atomic_rc_box_new0 (Run);
      g_autofree char *title = g_strdup (self->curves ? self->curves->scenario_name : NULL);

      set_label (self->fallback_label, &self->fallback, note);
      g_weak_ref_init (&again->self, self);
      again->data = lev_lab_data_ref (run->data);
      again->cancellable = g_object_ref (run->cancellable);
      again->backend_name = g_strdup ("cpu");
      again->options = run->options;
      again->on_cpu_after_failure = TRUE;
      start_run (self, again, title);
      run_unref (run);
      return;
    }
  if (r == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Cancelled after %u of %u epochs"), self->epochs_done,
                                                   self->epochs_total);
          set_label (self->status_label, NULL, text);
          gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
        }
      else
        {
          gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), _("Training failed"));
          show_error (self, error->message);
        }
      set_running (self, NULL);
      run_unref (run);
      return;
    }

  g_clear_pointer (&self->result, lev_train_result_free);
  self->result = r;
  if (r->fallback_reason != NULL)
    set_label (self->fallback_label, &self->fallback, r->fallback_reason);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 1.0);
  {
    g_autofree char *text = g_strdup_printf (_("Trained %u epochs in %.1f s"), r->history->len, r->seconds);
    gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), text);
  }
  set_running (self, NULL);
  run_unref (run);
}

static void
start_run (LevLabRunSection *self,
           Run              *run,
           const char       *title)
{
  LevTrainMonitor monitor = { .epoch = on_epoch, .batch = on_batch, .ready = on_ready,
                              .user_data = run_ref (run), .batch_every = self->report_batches };

  self->epochs_done = 0;
  self->progress_epochs = 0;
  self->device_ready = FALSE;
  self->epochs_total = run->options.epochs;
  self->run_started = self->last_report_at = g_get_monotonic_time ();
  curves_reset (self, title, run->data->dataset->schema->target == LEV_TARGET_REGRESSION);
  gtk_widget_set_visible (self->chart_card, TRUE);
  gtk_widget_set_visible (self->progress, TRUE);
  gtk_widget_queue_draw (self->chart_area);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  set_running (self, run);
  update_progress (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_MS, tick_cb, self);
  lev_train_async_full (run->data->dataset, &run->options, run->backend_name, run->device_id, &monitor,
                        run_unref, run->cancellable, on_trained, run_ref (run));
}

void
lev_lab_run_section_start (LevLabRunSection      *self,
                           LevLabData            *data,
                           const LevTrainOptions *options,
                           const char            *backend_name,
                           const char            *device_id,
                           const char            *opencl_name,
                           const char            *title)
{
  Run *run;

  g_return_if_fail (LEV_IS_LAB_RUN_SECTION (self));
  g_return_if_fail (data != NULL && options != NULL && backend_name != NULL);
  g_return_if_fail (self->run == NULL);

  run = g_atomic_rc_box_new0 (Run);
  g_weak_ref_init (&run->self, self);
  run->data = lev_lab_data_ref (data);
  run->cancellable = g_cancellable_new ();
  run->options = *options;
  run->backend_name = g_strdup (backend_name);
  run->device_id = g_strdup (device_id);
  run->opencl_name = g_strdup (opencl_name);
  g_clear_pointer (&self->result, lev_train_result_free);
  set_label (self->fallback_label, &self->fallback, NULL);
  set_label (self->error_label, &self->error, NULL);
  set_label (self->status_label, NULL, NULL);
  start_run (self, run, title);
}

void
lev_lab_run_section_cancel (LevLabRunSection *self)
{
  g_return_if_fail (LEV_IS_LAB_RUN_SECTION (self));
  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
}

void
lev_lab_run_section_reset (LevLabRunSection *self)
{
  g_return_if_fail (LEV_IS_LAB_RUN_SECTION (self));

  /* The run's late answer is dropped: it is no longer the section's. */
  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
  set_running (self, NULL);
  g_clear_pointer (&self->curves, lev_chart_set_free);
  g_clear_pointer (&self->result, lev_train_result_free);
  set_label (self->fallback_label, &self->fallback, NULL);
  set_label (self->error_label, &self->error, NULL);
  set_label (self->status_label, NULL, NULL);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress), NULL);
  gtk_widget_set_visible (self->progress, FALSE);
  gtk_widget_set_visible (self->chart_card, FALSE);
  gtk_widget_set_tooltip_text (self->chart_area, NULL);
  gtk_accessible_reset_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
lev_lab_run_section_get_running (LevLabRunSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RUN_SECTION (self), FALSE);
  return self->run != NULL;
}

LevTrainResult *
lev_lab_run_section_steal_result (LevLabRunSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RUN_SECTION (self), NULL);
  return g_steal_pointer (&self->result);
}

const LevChartSet *
lev_lab_run_section_get_curves (LevLabRunSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RUN_SECTION (self), NULL);
  return self->curves;
}

const char *
lev_lab_run_section_get_fallback (LevLabRunSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RUN_SECTION (self), NULL);
  return self->fallback;
}

const char *
lev_lab_run_section_get_error (LevLabRunSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_RUN_SECTION (self), NULL);
  return self->error;
}

void
lev_lab_run_section_set_report_batches (LevLabRunSection *self,
                                        guint             batches)
{
  g_return_if_fail (LEV_IS_LAB_RUN_SECTION (self));
  self->report_batches = batches;
}

static void
on_dark_changed (LevLabRunSection *self)
{
  gtk_widget_queue_draw (self->chart_area);
}

static void
lev_lab_run_section_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LevLabRunSection *self = LEV_LAB_RUN_SECTION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, self->run != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_run_section_dispose (GObject *object)
{
  LevLabRunSection *self = LEV_LAB_RUN_SECTION (object);

  /* Workers may still answer; the widgets they would touch are going. */
  if (self->run != NULL)
    g_cancellable_cancel (self->run->cancellable);
  g_clear_pointer (&self->run, run_unref);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_LAB_RUN_SECTION);
  G_OBJECT_CLASS (lev_lab_run_section_parent_class)->dispose (object);
}

static void
lev_lab_run_section_finalize (GObject *object)
{
  LevLabRunSection *self = LEV_LAB_RUN_SECTION (object);

  g_free (self->fallback);
  g_free (self->error);
  g_clear_pointer (&self->curves, lev_chart_set_free);
  g_clear_pointer (&self->result, lev_train_result_free);
  G_OBJECT_CLASS (lev_lab_run_section_parent_class)->finalize (object);
}

static void
lev_lab_run_section_class_init (LevLabRunSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_lab_run_section_get_property;
  object_class->dispose = lev_lab_run_section_dispose;
  object_class->finalize = lev_lab_run_section_finalize;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-lab-run-section.ui");
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, train_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, progress);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, status_label);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, error_label);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, fallback_label);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, chart_card);
  gtk_widget_class_bind_template_child (widget_class, LevLabRunSection, chart_area);
}

static void
lev_lab_run_section_init (LevLabRunSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart_area), draw_chart, self, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart_area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  lev_chart_kind_title (LEV_CHART_TRAINING), -1);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (on_dark_changed), self,
                           G_CONNECT_SWAPPED);
}
