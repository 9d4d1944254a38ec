/* lev-png.h: a fast PNG writer for chart images. cairo's PNG writer uses
 * libpng's default compression, several hundred milliseconds for a
 * 3840×2160 slide; charts are flat colours, which a row filter and zlib's
 * run-length strategy compress well in a fraction of that. */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Writes @image (CAIRO_FORMAT_ARGB32) to @out as PNG: RGB when every pixel
 * is opaque, RGBA otherwise, with its pixels exactly (un-premultiplied).
 * Errors are LEV_ERROR_IO. */
gboolean lev_png_write        (cairo_surface_t  *image,
                              GOutputStream    *out,
                              GError          **error);
/* The same, told that every pixel is opaque (the caller painted an opaque
 * background first), which saves reading the whole image once more. */
gboolean lev_png_write_opaque (cairo_surface_t  *image,
                              GOutputStream    *out,
                              GError          **error);

G_END_DECLS
