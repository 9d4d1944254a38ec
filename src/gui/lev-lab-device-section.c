/* lev-lab-device-section.c: the Device section of the Model Lab. Looking
 * for devices loads the OpenCL drivers and benchmarking runs kernels: both
 * on worker threads that see only plain data, and whose late answers are
 * dropped when the section is gone. A throughput is measured until its
 * median settles, because one timed run on a shared machine can be off by
 * a factor of three. */
#define G_LOG_DOMAIN "lev-lab-device-section"
#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "lev-backend.h"
#include "lev-backend-bench.h"
#include "lev-lab-device-section.h"
#include "lev-settings.h"

/* Each timed run is four 512³ products; a figure is the median of 5 to 15
 * runs, settled to within 3%. */
#define MEASURE_MIN_RUNS 5
#define MEASURE_MAX_RUNS 15
#define MEASURE_TOLERANCE 0.03

/* One device's figures. */
typedef struct {
  char          *id;        /* "cpu" or an OpenCL id */
  char          *name;      /* as the backend names its device */
  LevLabMeasure  gflops;    /* GEMM 512³ */
  double         samples;   /* the article's network, samples/s; NaN when not measured */
  char          *error;
} BenchRow;

static void
bench_row_free (gpointer p)
{
  BenchRow *r = p;

  g_free (r->id);
  g_free (r->name);
  g_free (r->error);
  g_free (r);
}

struct _LevLabDeviceSection
{
  AdwPreferencesGroup  parent_instance;

  /* Template */
  GtkWidget           *device_row;
  GtkStringList       *device_labels;
  GtkWidget           *device_note;
  GtkWidget           *bench_button;
  GtkWidget           *bench_label;

  GPtrArray           *device_ids;     /* of char*, NULL-terminated */
  GPtrArray           *device_names;   /* of char*, OpenCL devices only, as device_ids[2…] */
  char                *auto_name;      /* the device "automatic" picks, or NULL */
  GPtrArray           *bench;          /* of BenchRow*, the latest figure per device */
  GSettings           *settings;       /* NULL without the schema */
  char                *device_choice;  /* used when there are no settings */
  gboolean             scanned;
  gboolean             scanning;
  gboolean             benchmarking;
  gboolean             running;
  gboolean             syncing;
  gboolean             disposed;
};

G_DEFINE_FINAL_TYPE (LevLabDeviceSection, lev_lab_device_section, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_SCANNED,
  PROP_BENCHMARKING,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_sensitivity (LevLabDeviceSection *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "device.benchmark",
                                 self->scanned && !self->benchmarking && !self->running);
  gtk_widget_set_sensitive (self->device_row, !self->running && self->scanned);
}

const char *
lev_lab_device_section_get_chosen_id (LevLabDeviceSection *self)
{
  guint sel;

  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), "");
  sel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->device_row));
  if (sel < self->device_ids->len - 1)
    return g_ptr_array_index (self->device_ids, sel);
  return "";
}

static char *
saved_device_id (LevLabDeviceSection *self)
{
  if (self->settings != NULL)
    return g_settings_get_string (self->settings, "opencl-device");
  return g_strdup (self->device_choice ? self->device_choice : "");
}

static void
select_device (LevLabDeviceSection *self,
               const char          *id)
{
  guint sel = 0;

  for (guint i = 0; i < self->device_ids->len - 1; i++)
    if (g_strcmp0 (g_ptr_array_index (self->device_ids, i), id) == 0)
      sel = i;
  self->syncing = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->device_row), sel);
  self->syncing = FALSE;
}

static void
on_device_setting_changed (LevLabDeviceSection *self)
{
  g_autofree char *id = g_settings_get_string (self->settings, "opencl-device");

  if (self->scanned && g_strcmp0 (id, lev_lab_device_section_get_chosen_id (self)) != 0)
    select_device (self, id);
}

static void
on_device_selected (LevLabDeviceSection *self)
{
  const char *id;

  if (self->syncing || self->disposed)
    return;
  id = lev_lab_device_section_get_chosen_id (self);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "opencl-device", id);
  g_free (self->device_choice);
  self->device_choice = g_strdup (id);
}

typedef struct {
  GWeakRef   self;
  GPtrArray *labels;   /* of char* */
  GPtrArray *ids;      /* of char* */
  GPtrArray *names;    /* of char* */
  char      *auto_name;
  char      *note;     /* why there is no OpenCL device, or NULL */
} Scan;

static void
scan_free (gpointer p)
{
  Scan *scan = p;

  g_weak_ref_clear (&scan->self);
  g_ptr_array_unref (scan->labels);
  g_ptr_array_unref (scan->ids);
  g_ptr_array_unref (scan->names);
  g_free (scan->auto_name);
  g_free (scan->note);
  g_free (scan);
}

#ifdef HAVE_OPENCL_BACKEND
static const char *
flatpak_hint (void)
{
  /* Inside a sandbox the GPU must be granted and the driver's ICD must
   * come from a runtime extension (flatpak/README.md). */
  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return _(" Leverage runs in Flatpak: it also needs GPU access (flatpak override --device=dri; "
             "on NVIDIA the host must also load nvidia-uvm) and the GL extension that carries your "
             "vendor's OpenCL driver.");
  return "";
}
#endif

static void
scan_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;

#ifdef HAVE_OPENCL_BACKEND
  const char *problem = NULL;

  lev_backend_device_source (&problem);
  if (problem != NULL)
    scan->note = g_strdup_printf (_("No OpenCL loader was found (%s), so training runs on the CPU. "
                                    "To train on a GPU, install the OpenCL loader (ocl-icd-libopencl1) "
                                    "and your GPU vendor's OpenCL driver.%s"),
                                  problem, flatpak_hint ());
  else if (lev_backend_device_count () == 0)
    scan->note = g_strdup_printf (_("The OpenCL loader is installed but no driver (ICD) offers a device, "
                                    "so training runs on the CPU. Install your GPU vendor's OpenCL "
                                    "driver (for example mesa-opencl-icd, intel-opencl-icd or the "
                                    "NVIDIA driver's OpenCL part), or pocl-opencl-icd to use OpenCL on "
                                    "the CPU.%s"), flatpak_hint ());
  for (guint i = 0; i < lev_backend_device_count (); i++)
    {
      LevBackendDeviceProps d;

      lev_backend_device_props (lev_backend_device_get (i), &d);
      if (!d.available)
        continue;
      g_ptr_array_add (scan->ids, g_strdup (d.id));
      g_ptr_array_add (scan->names, g_strdup (d.name));
      g_ptr_array_add (scan->labels,
                       g_strdup_printf (_("%s (%s, %.1f GiB, driver %s)"), d.name, d.kind,
                                        d.memory_bytes / (1024.0 * 1024.0 * 1024.0), d.driver_version));
      /* "Automatic" trains on a GPU, never on an OpenCL CPU device
       * (lev_backend_new_auto). */
      if (scan->auto_name == NULL && d.gpu)
        scan->auto_name = g_strdup (d.name);
    }
#else
  scan->note = g_strdup (_("This build of Leverage has no OpenCL backend, so training runs on the CPU."));
#endif
  g_task_return_boolean (task, TRUE);
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Scan *scan = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevLabDeviceSection) self = g_weak_ref_get (&scan->self);
  g_autofree char *saved = NULL;

  if (self == NULL || self->disposed)
    return;
  self->scanning = FALSE;
  self->scanned = TRUE;
  saved = saved_device_id (self);
  self->syncing = TRUE;
  /* Keep "automatic" and "cpu"; add the devices after them. */
  g_ptr_array_set_size (self->device_ids, 2);
  for (guint i = 0; i < scan->ids->len; i++)
    {
      g_ptr_array_add (self->device_ids, g_strdup (g_ptr_array_index (scan->ids, i)));
      g_ptr_array_add (self->device_names, g_strdup (g_ptr_array_index (scan->names, i)));
    }
  g_ptr_array_add (self->device_ids, NULL);
  g_free (self->auto_name);
  self->auto_name = g_strdup (scan->auto_name);
  g_ptr_array_add (scan->labels, NULL);
  gtk_string_list_splice (self->device_labels, 2,
                          g_list_model_get_n_items (G_LIST_MODEL (self->device_labels)) - 2,
                          (const char *const *) scan->labels->pdata);
  self->syncing = FALSE;
  select_device (self, saved);
  gtk_label_set_text (GTK_LABEL (self->device_note), scan->note ? scan->note : "");
  gtk_widget_set_visible (self->device_note, scan->note != NULL);
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCANNED]);
}

void
lev_lab_device_section_scan (LevLabDeviceSection *self)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  g_return_if_fail (LEV_IS_LAB_DEVICE_SECTION (self));

  if (self->scanned || self->scanning)
    return;
  self->scanning = TRUE;
  scan = g_new0 (Scan, 1);
  g_weak_ref_init (&scan->self, self);
  scan->labels = g_ptr_array_new_with_free_func (g_free);
  scan->ids = g_ptr_array_new_with_free_func (g_free);
  scan->names = g_ptr_array_new_with_free_func (g_free);
  task = g_task_new (NULL, NULL, on_scanned, NULL);
  g_task_set_task_data (task, scan, scan_free);
  g_task_run_in_thread (task, scan_thread);
}

/* ---------------------------------------------------------------- */
/* Measuring. */

#ifdef HAVE_OPENCL_BACKEND
static double
gemm_run (gpointer   backend,
          GError   **error)
{
  /* The GEMM size of a modest dense layer. */
  return lev_bench_gemm (backend, LEV_GEMM_NN, 512, 512, 512, 4, error);
}
#endif

/* Fills @r (whose id is set) on a worker thread. */
static void
measure_device (BenchRow *r,
                gboolean  samples)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LevBackend) be = NULL;

  r->samples = NAN;
  be = g_str_equal (r->id, "cpu") ? lev_backend_new_by_name ("cpu", NULL, &error)
                                  : lev_backend_new_by_name ("opencl", r->id, &error);
  if (be != NULL)
    {
      LevBackendCaps caps;

      lev_backend_get_caps (be, &caps);
      r->name = g_strdup (caps.device_name);
#ifdef HAVE_OPENCL_BACKEND
      if (lev_lab_measure_stable (gemm_run, be, MEASURE_MIN_RUNS, MEASURE_MAX_RUNS, MEASURE_TOLERANCE,
                                  &r->gflops, &error) && samples)
        {
          static const gsize hidden[] = { 64, 32 };
          /* The network of the article at its batch size, as
           * `leverage-cli bench-device`. */
          r->samples = lev_bench_mlp (be, 30, hidden, 2, 32, 200, &error);
        }
#else
      g_set_error (&error, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE,
                   _("This build of Leverage has no benchmark"));
#endif
    }
  if (error != NULL)
    r->error = g_strdup (error->message);
  if (r->name == NULL)
    r->name = g_strdup (r->id);
}

/* Keeps @row (taking it) as the figure of its device. */
static void
keep_row (LevLabDeviceSection *self,
          BenchRow            *row)
{
  for (guint i = 0; i < self->bench->len; i++)
    {
      BenchRow *r = g_ptr_array_index (self->bench, i);

      if (g_strcmp0 (r->id, row->id) == 0)
        {
          bench_row_free (r);
          g_ptr_array_index (self->bench, i) = row;
          return;
        }
    }
  g_ptr_array_add (self->bench, row);
}

static void
show_bench (LevLabDeviceSection *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->bench->len; i++)
    {
      BenchRow *r = g_ptr_array_index (self->bench, i);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (r->error != NULL)
        g_string_append_printf (text, _("%s: failed (%s)"), r->name, r->error);
      else
        {
          g_autofree char *figure = lev_lab_measure_describe (&r->gflops);

          if (isnan (r->samples))
            g_string_append_printf (text, "%s: %s", r->name, figure);
          else
            g_string_append_printf (text, _("%s: %s, %.0f samples/s"), r->name, figure, r->samples);
        }
    }
  gtk_label_set_text (GTK_LABEL (self->bench_label), text->str);
  gtk_widget_set_visible (self->bench_label, text->len > 0);
}

typedef struct {
  GWeakRef   self;
  GPtrArray *rows;     /* of BenchRow*, ids set */
  gboolean   samples;
} Bench;

static void
bench_free (gpointer p)
{
  Bench *b = p;

  g_weak_ref_clear (&b->self);
  g_clear_pointer (&b->rows, g_ptr_array_unref);
  g_free (b);
}

static Bench *
bench_new (LevLabDeviceSection *self,
           gboolean             samples)
{
  Bench *b = g_new0 (Bench, 1);

  g_weak_ref_init (&b->self, self);
  b->rows = g_ptr_array_new_with_free_func (bench_row_free);
  b->samples = samples;
  return b;
}

static void
bench_add (Bench      *b,
           const char *id)
{
  BenchRow *r = g_new0 (BenchRow, 1);

  r->id = g_strdup (id);
  g_ptr_array_add (b->rows, r);
}

static void
bench_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Bench *b = task_data;

  for (guint i = 0; i < b->rows->len; i++)
    measure_device (g_ptr_array_index (b->rows, i), b->samples);
  g_task_return_boolean (task, TRUE);
}

static void
on_benchmarked (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Bench *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevLabDeviceSection) self = g_weak_ref_get (&b->self);

  if (self == NULL || self->disposed)
    return;
  self->benchmarking = FALSE;
  for (guint i = 0; i < b->rows->len; i++)
    keep_row (self, g_ptr_array_steal_index (b->rows, 0)), i--;
  show_bench (self);
  gtk_button_set_label (GTK_BUTTON (self->bench_button), _("_Benchmark Devices"));
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BENCHMARKING]);
}

static void
action_benchmark (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  LevLabDeviceSection *self = LEV_LAB_DEVICE_SECTION (widget);
  g_autoptr(GTask) task = NULL;
  Bench *b;

  if (self->benchmarking || !self->scanned)
    return;
  b = bench_new (self, TRUE);
  /* Skip "automatic": it is one of the others. */
  for (guint i = 1; i < self->device_ids->len - 1; i++)
    bench_add (b, g_ptr_array_index (self->device_ids, i));
  self->benchmarking = TRUE;
  gtk_button_set_label (GTK_BUTTON (self->bench_button), _("Benchmarking…"));
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BENCHMARKING]);
  task = g_task_new (NULL, NULL, on_benchmarked, NULL);
  g_task_set_task_data (task, b, bench_free);
  g_task_run_in_thread (task, bench_thread);
}

gboolean
lev_lab_device_section_lookup (LevLabDeviceSection *self,
                               const char          *device_name,
                               LevLabMeasure       *measure)
{
  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), FALSE);

  for (guint i = 0; i < self->bench->len; i++)
    {
      BenchRow *r = g_ptr_array_index (self->bench, i);

      if (r->error == NULL && g_strcmp0 (r->name, device_name) == 0)
        {
          if (measure != NULL)
            *measure = r->gflops;
          return TRUE;
        }
    }
  return FALSE;
}

static void
on_measured (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *outer = user_data;
  Bench *b = g_task_get_task_data (G_TASK (result));
  g_autoptr(LevLabDeviceSection) self = g_weak_ref_get (&b->self);
  BenchRow *r = g_ptr_array_index (b->rows, 0);

  if (self != NULL && !self->disposed)
    {
      self->benchmarking = FALSE;
      update_sensitivity (self);
    }
  if (self == NULL || self->disposed)
    g_task_return_new_error (outer, G_IO_ERROR, G_IO_ERROR_CANCELLED, "gone");
  else if (r->error != NULL)
    g_task_return_new_error (outer, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE, "%s", r->error);
  else
    {
      LevLabMeasure *m = g_memdup2 (&r->gflops, sizeof *m);

      keep_row (self, g_ptr_array_steal_index (b->rows, 0));
      show_bench (self);
      g_task_return_pointer (outer, m, g_free);
    }
  if (self != NULL && !self->disposed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BENCHMARKING]);
  g_object_unref (outer);
}

void
lev_lab_device_section_measure_async (LevLabDeviceSection *self,
                                      const char          *backend_name,
                                      const char          *device_name,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *outer;
  g_autoptr(GTask) task = NULL;
  const char *id = NULL;
  Bench *b;

  g_return_if_fail (LEV_IS_LAB_DEVICE_SECTION (self));

  outer = g_task_new (self, NULL, callback, user_data);
  if (g_strcmp0 (backend_name, "cpu") == 0)
    id = "cpu";
  for (guint i = 0; id == NULL && i < self->device_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->device_names, i), device_name) == 0)
      id = g_ptr_array_index (self->device_ids, i + 2);
  if (id == NULL)
    {
      g_task_return_new_error (outer, LEV_BACKEND_ERROR, LEV_BACKEND_ERROR_UNAVAILABLE,
                               _("The device “%s” is no longer offered"), device_name);
      g_object_unref (outer);
      return;
    }
  b = bench_new (self, FALSE);
  bench_add (b, id);
  /* One timing at a time: two would share the device and both be off. */
  self->benchmarking = TRUE;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BENCHMARKING]);
  task = g_task_new (NULL, NULL, on_measured, outer);
  g_task_set_task_data (task, b, bench_free);
  g_task_run_in_thread (task, bench_thread);
}

gboolean
lev_lab_device_section_measure_finish (LevLabDeviceSection *self,
                                       GAsyncResult        *result,
                                       LevLabMeasure       *measure,
                                       GError             **error)
{
  g_autofree LevLabMeasure *m = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  m = g_task_propagate_pointer (G_TASK (result), error);
  if (m != NULL && measure != NULL)
    *measure = *m;
  return m != NULL;
}

/* ---------------------------------------------------------------- */

gboolean
lev_lab_device_section_get_scanned (LevLabDeviceSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), FALSE);
  return self->scanned;
}

gboolean
lev_lab_device_section_get_benchmarking (LevLabDeviceSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), FALSE);
  return self->benchmarking;
}

const char * const *
lev_lab_device_section_get_ids (LevLabDeviceSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), NULL);
  return (const char * const *) self->device_ids->pdata;
}

const char *
lev_lab_device_section_get_opencl_name (LevLabDeviceSection *self)
{
  const char *id;

  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), NULL);
  id = lev_lab_device_section_get_chosen_id (self);
  if (*id == '\0')
    return self->auto_name;
  for (guint i = 0; i < self->device_names->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->device_ids, i + 2), id) == 0)
      return g_ptr_array_index (self->device_names, i);
  return NULL;
}

const char *
lev_lab_device_section_get_note (LevLabDeviceSection *self)
{
  g_return_val_if_fail (LEV_IS_LAB_DEVICE_SECTION (self), NULL);
  return gtk_widget_get_visible (self->device_note) ? gtk_label_get_text (GTK_LABEL (self->device_note)) : NULL;
}

static void
lev_lab_device_section_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  LevLabDeviceSection *self = LEV_LAB_DEVICE_SECTION (object);

  switch (prop_id)
    {
    case PROP_SCANNED:
      g_value_set_boolean (value, self->scanned);
      break;
    case PROP_BENCHMARKING:
      g_value_set_boolean (value, self->benchmarking);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_device_section_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  LevLabDeviceSection *self = LEV_LAB_DEVICE_SECTION (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      if (self->running != g_value_get_boolean (value))
        {
          self->running = g_value_get_boolean (value);
          update_sensitivity (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
lev_lab_device_section_dispose (GObject *object)
{
  LevLabDeviceSection *self = LEV_LAB_DEVICE_SECTION (object);

  self->disposed = TRUE;
  self->syncing = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), LEV_TYPE_LAB_DEVICE_SECTION);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (lev_lab_device_section_parent_class)->dispose (object);
}

static void
lev_lab_device_section_finalize (GObject *object)
{
  LevLabDeviceSection *self = LEV_LAB_DEVICE_SECTION (object);

  g_free (self->device_choice);
  g_free (self->auto_name);
  g_clear_pointer (&self->device_ids, g_ptr_array_unref);
  g_clear_pointer (&self->device_names, g_ptr_array_unref);
  g_clear_pointer (&self->bench, g_ptr_array_unref);
  G_OBJECT_CLASS (lev_lab_device_section_parent_class)->finalize (object);
}

static void
lev_lab_device_section_class_init (LevLabDeviceSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = lev_lab_device_section_get_property;
  object_class->set_property = lev_lab_device_section_set_property;
  object_class->dispose = lev_lab_device_section_dispose;
  object_class->finalize = lev_lab_device_section_finalize;

  properties[PROP_SCANNED] =
    g_param_spec_boolean ("scanned", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BENCHMARKING] =
    g_param_spec_boolean ("benchmarking", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/leverage/Leverage/ui/lev-lab-device-section.ui");
  gtk_widget_class_bind_template_child (widget_class, LevLabDeviceSection, device_row);
  gtk_widget_class_bind_template_child (widget_class, LevLabDeviceSection, device_labels);
  gtk_widget_class_bind_template_child (widget_class, LevLabDeviceSection, device_note);
  gtk_widget_class_bind_template_child (widget_class, LevLabDeviceSection, bench_button);
  gtk_widget_class_bind_template_child (widget_class, LevLabDeviceSection, bench_label);
  gtk_widget_class_bind_template_callback (widget_class, on_device_selected);
  gtk_widget_class_install_action (widget_class, "device.benchmark", NULL, action_benchmark);
}

static void
lev_lab_device_section_init (LevLabDeviceSection *self)
{
  self->device_ids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->device_ids, g_strdup (""));
  g_ptr_array_add (self->device_ids, g_strdup ("cpu"));
  g_ptr_array_add (self->device_ids, NULL);
  self->device_names = g_ptr_array_new_with_free_func (g_free);
  self->bench = g_ptr_array_new_with_free_func (bench_row_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = lev_settings_get ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::opencl-device", G_CALLBACK (on_device_setting_changed),
                             self, G_CONNECT_SWAPPED);
  update_sensitivity (self);
}
