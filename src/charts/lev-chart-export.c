/* lev-chart-export.c: cairo surfaces for each file format, written
 * through lev_file_save_new() so the target is only replaced once the
 * whole file has been written. */
#define G_LOG_DOMAIN "lev-chart-export"
#include "config.h"

#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "lev-chart-export.h"
#include "lev-error.h"
#include "lev-file.h"
#include "lev-png.h"

static const char *format_ids[] = { "png", "svg", "pdf" };

gboolean
lev_chart_format_from_id (const char     *id,
                          LevChartFormat *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (format_ids); i++)
    if (id != NULL && g_ascii_strcasecmp (id, format_ids[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
lev_chart_format_to_id (LevChartFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_ids), NULL);
  return format_ids[format];
}

gboolean
lev_chart_check_size (double   width,
                      double   height,
                      double   scale,
                      GError **error)
{
  if (!(width >= 16 && height >= 16 && width <= 20000 && height <= 20000))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("Chart size %g×%g is out of range (16 to 20000 on each side)"), width, height);
      return FALSE;
    }
  if (!(scale > 0 && scale <= 8))
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("Scale %g is out of range (above 0, at most 8)"), scale);
      return FALSE;
    }
  if (ceil (width * scale) < 16 || ceil (height * scale) < 16)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("An image of %.0f×%.0f pixels is too small (at least 16 on each side)"),
                   ceil (width * scale), ceil (height * scale));
      return FALSE;
    }
  if (ceil (width * scale) > LEV_CHART_MAX_PIXELS || ceil (height * scale) > LEV_CHART_MAX_PIXELS ||
      ceil (width * scale) * ceil (height * scale) > (double) LEV_CHART_MAX_AREA)
    {
      /* Printed apart: a format macro inside _() would cut the msgid short. */
      g_autofree char *area = g_strdup_printf ("%" G_GUINT64_FORMAT, LEV_CHART_MAX_AREA);
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE,
                   _("An image of %.0f×%.0f pixels is too large (at most %d on each side and "
                     "%s pixels in all)"),
                   ceil (width * scale), ceil (height * scale), LEV_CHART_MAX_PIXELS, area);
      return FALSE;
    }
  return TRUE;
}

static gboolean
draw_set (cairo_t             *cr,
          gconstpointer        data,
          guint                kind,
          const LevChartStyle *style,
          double               width,
          double               height,
          LevChartInfo        *info)
{
  return lev_chart_draw (cr, data, kind, style, width, height, info);
}

cairo_surface_t *
lev_chart_render_image (const LevChartSet   *set,
                        LevChartKind         kind,
                        const LevChartStyle *style,
                        double               width,
                        double               height,
                        double               scale,
                        LevChartInfo        *info,
                        GError             **error)
{
  g_return_val_if_fail (set != NULL && style != NULL, NULL);
  return lev_chart_render_image_with (draw_set, set, kind, style, width, height, scale, info,
                                      error);
}

cairo_surface_t *
lev_chart_render_image_with (LevChartDrawFunc     draw,
                             gconstpointer        data,
                             guint                kind,
                             const LevChartStyle *style,
                             double               width,
                             double               height,
                             double               scale,
                             LevChartInfo        *info,
                             GError             **error)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  int pw, ph;

  g_return_val_if_fail (draw != NULL && style != NULL, NULL);
  if (!lev_chart_check_size (width, height, scale, error))
    return NULL;
  pw = (int) ceil (width * scale - 1e-6);
  ph = (int) ceil (height * scale - 1e-6);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, pw, ph);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_LIMIT, _("Could not allocate a %d×%d image: %s"),
                   pw, ph, cairo_status_to_string (cairo_surface_status (surface)));
      cairo_surface_destroy (surface);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  draw (cr, data, kind, style, width, height, info);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The save a cairo surface writes into, remembering the first error. */
typedef struct {
  LevFileSave   *save;
  GOutputStream *stream;
  GError        *error;
  const char    *path;
} Sink;

static cairo_status_t
sink_write (void                *closure,
            const unsigned char *data,
            unsigned int         length)
{
  Sink *sink = closure;
  g_autoptr(GError) error = NULL;

  if (sink->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (sink->stream, data, length, NULL, NULL, &error))
    {
      g_set_error (&sink->error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"),
                   sink->path, error->message);
      return CAIRO_STATUS_WRITE_ERROR;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* Every export goes through lev_file_save_new (lev-file.c): the target is
 * replaced only once the whole file is on disk, a new file never appears
 * half written, and a target that is no regular file is refused. */
static gboolean
sink_open (Sink        *sink,
           const char  *path,
           GError     **error)
{
  sink->path = path;
  sink->error = NULL;
  sink->save = lev_file_save_new (path, error);
  sink->stream = sink->save != NULL ? lev_file_save_get_stream (sink->save) : NULL;
  return sink->save != NULL;
}

/* Commits the save on success; on failure drops it, which removes the
 * temporary file and leaves the old file untouched. */
static gboolean
sink_close (Sink            *sink,
            cairo_status_t   status,
            GError         **error)
{
  gboolean ok = sink->error == NULL && status == CAIRO_STATUS_SUCCESS;

  sink->stream = NULL;
  if (!ok)
    {
      g_clear_pointer (&sink->save, lev_file_save_free);
      if (sink->error != NULL)
        g_propagate_error (error, sink->error);
      else
        g_set_error (error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), sink->path,
                     cairo_status_to_string (status));
      sink->error = NULL;
      return FALSE;
    }
  ok = lev_file_save_commit (sink->save, error);
  g_clear_pointer (&sink->save, lev_file_save_free);
  return ok;
}

static void
set_pdf_metadata (cairo_surface_t   *surface,
                  const char        *name)
{
  g_autofree char *title = g_strdup_printf ("%s · Leverage", name ? name : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Leverage " PACKAGE_VERSION);
}

gboolean
lev_chart_export (const LevChartSet   *set,
                  LevChartKind         kind,
                  const LevChartStyle *style,
                  LevChartFormat       format,
                  double               width,
                  double               height,
                  double               scale,
                  const char          *path,
                  GError             **error)
{
  g_return_val_if_fail (set != NULL && style != NULL && path != NULL, FALSE);
  return lev_chart_export_with (draw_set, set, kind, set->scenario_name, style, format, width,
                                height, scale, path, error);
}

gboolean
lev_chart_export_with (LevChartDrawFunc     draw,
                       gconstpointer        data,
                       guint                kind,
                       const char          *document_name,
                       const LevChartStyle *style,
                       LevChartFormat       format,
                       double               width,
                       double               height,
                       double               scale,
                       const char          *path,
                       GError             **error)
{
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  Sink sink;

  g_return_val_if_fail (draw != NULL && style != NULL && path != NULL, FALSE);
  if (!lev_chart_check_size (width, height, format == LEV_CHART_FORMAT_PNG ? scale : 1, error))
    return FALSE;

  if (format == LEV_CHART_FORMAT_PNG)
    {
      surface = lev_chart_render_image_with (draw, data, kind, style, width, height, scale, NULL,
                                             error);
      if (surface == NULL)
        return FALSE;
      if (!sink_open (&sink, path, error))
        {
          cairo_surface_destroy (surface);
          return FALSE;
        }
      {
        g_autoptr(GError) local = NULL;
        status = CAIRO_STATUS_SUCCESS;
        /* Without transparency the frame painted every pixel opaque. */
        if (!(style->transparent ? lev_png_write (surface, sink.stream, &local)
                                 : lev_png_write_opaque (surface, sink.stream, &local)))
          {
            g_set_error (&sink.error, LEV_ERROR, LEV_ERROR_WRITE, _("Could not write “%s”: %s"), path,
                         local->message);
            status = CAIRO_STATUS_WRITE_ERROR;
          }
      }
      cairo_surface_destroy (surface);
      return sink_close (&sink, status, error);
    }

  if (!sink_open (&sink, path, error))
    return FALSE;
  if (format == LEV_CHART_FORMAT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (sink_write, &sink, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    {
      surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
      set_pdf_metadata (surface, document_name);
    }
  {
    cairo_t *cr = cairo_create (surface);
    draw (cr, data, kind, style, width, height, NULL);
    cairo_destroy (cr);
  }
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return sink_close (&sink, status, error);
}

gboolean
lev_chart_export_pdf_pages (const LevChartSet   *set,
                            const LevChartKind  *kinds,
                            guint                n_kinds,
                            const LevChartStyle *style,
                            double               width,
                            double               height,
                            const char          *path,
                            GError             **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  guint pages = 0, page = 0;
  Sink sink;

  g_return_val_if_fail (set != NULL && style != NULL && path != NULL, FALSE);
  if (!lev_chart_check_size (width, height, 1, error))
    return FALSE;
  if (kinds == NULL)
    n_kinds = LEV_N_CHARTS;
  for (guint i = 0; i < n_kinds; i++)
    pages += lev_chart_set_has (set, kinds ? kinds[i] : (LevChartKind) i);
  if (pages == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("There is no chart with data to export"));
      return FALSE;
    }

  if (!sink_open (&sink, path, error))
    return FALSE;
  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
  set_pdf_metadata (surface, set->scenario_name);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_kinds; i++)
    {
      LevChartKind kind = kinds ? kinds[i] : (LevChartKind) i;
      g_autofree char *outline = NULL;

      if (!lev_chart_set_has (set, kind))
        continue;
      /* A bookmark per chart, so the appendix can be navigated. */
      outline = g_strdup_printf ("page=%u", ++page);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                     style->title ? style->title : lev_chart_kind_title (kind),
                                     outline, 0);
      lev_chart_draw (cr, set, kind, style, width, height, NULL);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return sink_close (&sink, status, error);
}

gboolean
lev_chart_export_pdf_pages_with (LevChartDrawFunc     draw,
                                 gconstpointer        data,
                                 const guint         *kinds,
                                 const char *const   *outlines,
                                 guint                n_kinds,
                                 const char          *document_name,
                                 const LevChartStyle *style,
                                 double               width,
                                 double               height,
                                 const char          *path,
                                 GError             **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  Sink sink;

  g_return_val_if_fail (draw != NULL && kinds != NULL && style != NULL && path != NULL, FALSE);
  if (!lev_chart_check_size (width, height, 1, error))
    return FALSE;
  if (n_kinds == 0)
    {
      g_set_error (error, LEV_ERROR, LEV_ERROR_VALUE, _("There is no chart with data to export"));
      return FALSE;
    }
  if (!sink_open (&sink, path, error))
    return FALSE;
  surface = cairo_pdf_surface_create_for_stream (sink_write, &sink, width, height);
  set_pdf_metadata (surface, document_name);
  cr = cairo_create (surface);
  for (guint i = 0; i < n_kinds; i++)
    {
      g_autofree char *outline = g_strdup_printf ("page=%u", i + 1);

      /* A bookmark per chart, so the appendix can be navigated. */
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT,
                                     style->title ? style->title : outlines[i], outline, 0);
      draw (cr, data, kinds[i], style, width, height, NULL);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return sink_close (&sink, status, error);
}
