/* lev-png.c: PNG encoding for lev_chart_export. Each row gets the "Up"
 * filter (a background row becomes zeros, a bar's column too) and the
 * data goes through zlib with Z_RLE at level 1, which on chart images
 * compresses within a few percent of libpng's default at many times its
 * speed. The format is PNG 1.2: signature, IHDR, IDAT chunks, IEND. */
#define G_LOG_DOMAIN "lev-png"
#include "config.h"

#include <string.h>
#include <zlib.h>

#include <glib/gi18n-lib.h>

#include "lev-error.h"
#include "lev-png.h"


static gboolean
write_chunk (GOutputStream  *out,
             const char     *type,
             const guint8   *data,
             gsize           length,
             GError        **error)
{
  guint8 head[8];
  guint8 tail[4];
  uLong crc = crc32 (0L, Z_NULL, 0);

  head[0] = (length >> 24) & 0xff;
  head[1] = (length >> 16) & 0xff;
  head[2] = (length >> 8) & 0xff;
  head[3] = length & 0xff;
  memcpy (head + 4, type, 4);
  crc = crc32 (crc, (const Bytef *) type, 4);
  if (length > 0)
    crc = crc32 (crc, data, (uInt) length);
  tail[0] = (crc >> 24) & 0xff;
  tail[1] = (crc >> 16) & 0xff;
  tail[2] = (crc >> 8) & 0xff;
  tail[3] = crc & 0xff;
  return g_output_stream_write_all (out, head, 8, NULL, NULL, error) &&
         (length == 0 || g_output_stream_write_all (out, data, length, NULL, NULL, error)) &&
         g_output_stream_write_all (out, tail, 4, NULL, NULL, error);
}

static gboolean
all_opaque (const guint8 *data,
            int           width,
            int           height,
            int           stride)
{
  for (int y = 0; y < height; y++)
    {
      const guint32 *row = (const guint32 *) (const void *) (data + (gsize) y * stride);
      for (int x = 0; x < width; x++)
        if ((row[x] >> 24) != 0xff)
          return FALSE;
    }
  return TRUE;
}

/* One row of premultiplied native-endian ARGB32 as straight RGB(A). */
static void
convert_row (const guint32 *src,
             guint8        *dst,
             int            width,
             gboolean       alpha)
{
  for (int x = 0; x < width; x++)
    {
      guint32 p = src[x];
      guint a = p >> 24, r = (p >> 16) & 0xff, g = (p >> 8) & 0xff, b = p & 0xff;

      if (alpha && a != 0xff && a != 0)
        {
          r = (r * 255 + a / 2) / a;
          g = (g * 255 + a / 2) / a;
          b = (b * 255 + a / 2) / a;
        }
      *dst++ = r;
      *dst++ = g;
      *dst++ = b;
      if (alpha)
        *dst++ = a;
    }
}

/* The "Up"-filtered RGB row of opaque pixels @row under @above (NULL for
 * the first row), straight from the ARGB32 words: a row equal to the one
 * above (most of a chart's background and bars) is all zeros, and other
 * pixels are subtracted byte by byte within one word (SWAR), the high bit
 * of each byte kept out of the borrow. */
static void
filter_opaque_row (const guint32 *row,
                   const guint32 *above,
                   guint8        *out,
                   int            width)
{
  const guint32 high = 0x80808080u;

  if (above != NULL && memcmp (row, above, (gsize) width * 4) == 0)
    {
      memset (out, 0, (gsize) width * 3);
      return;
    }
  for (int x = 0; x < width; x++)
    {
      guint32 p = row[x], q = above ? above[x] : 0, d;

      if (p == q)
        d = 0;
      else
        d = ((p | high) - (q & ~high)) ^ ((p ^ ~q) & high);
      *out++ = (d >> 16) & 0xff;
      *out++ = (d >> 8) & 0xff;
      *out++ = d & 0xff;
    }
}

/* A horizontal strip of the image, compressed on its own thread as raw
 * deflate ending on a byte boundary (Z_SYNC_FLUSH), so that the strips
 * concatenate into one zlib stream, as pigz does. */
typedef struct {
  const guint8 *data;
  int           width;
  int           stride;
  int           y0, y1;
  gboolean      alpha;
  gboolean      last;
  GByteArray   *out;
  uLong         adler;     /* of this strip's filtered bytes */
  gsize         length;    /* filtered bytes */
  gboolean      ok;
} Strip;

static gpointer
compress_strip (gpointer user_data)
{
  Strip *st = user_data;
  gsize bpp = st->alpha ? 4 : 3, row_bytes = (gsize) st->width * bpp;
  g_autofree guint8 *prev = g_malloc0 (row_bytes);
  g_autofree guint8 *cur = g_malloc (row_bytes);
  g_autofree guint8 *line = g_malloc (row_bytes + 1);
  guint8 buf[64 * 1024];
  z_stream z;

  st->ok = FALSE;
  st->adler = adler32 (0L, Z_NULL, 0);
  memset (&z, 0, sizeof z);
  if (deflateInit2 (&z, 1, Z_DEFLATED, -15, 8, Z_RLE) != Z_OK)
    return NULL;
  /* The "Up" filter of the strip's first row needs the row above it. */
  if (st->y0 > 0 && st->alpha)
    convert_row ((const guint32 *) (const void *) (st->data + (gsize) (st->y0 - 1) * st->stride),
                 prev, st->width, st->alpha);
  for (int y = st->y0; y <= st->y1; y++)
    {
      int flush = y < st->y1 ? Z_NO_FLUSH : st->last ? Z_FINISH : Z_SYNC_FLUSH;
      int status;

      if (y < st->y1 && !st->alpha)
        {
          const guint32 *row = (const guint32 *) (const void *) (st->data + (gsize) y * st->stride);
          line[0] = 2; /* Up */
          filter_opaque_row (row, y > 0 ? (const guint32 *) (const void *) ((const guint8 *) row - st->stride)
                                        : NULL, line + 1, st->width);
        }
      else if (y < st->y1)
        {
          guint8 *t;
          convert_row ((const guint32 *) (const void *) (st->data + (gsize) y * st->stride), cur,
                       st->width, st->alpha);
          line[0] = 2; /* Up */
          for (gsize i = 0; i < row_bytes; i++)
            line[i + 1] = (guint8) (cur[i] - prev[i]);
          t = prev;
          prev = cur;
          cur = t;
        }
      if (y < st->y1)
        {
          z.next_in = line;
          z.avail_in = (uInt) (row_bytes + 1);
          st->adler = adler32 (st->adler, line, (uInt) (row_bytes + 1));
          st->length += row_bytes + 1;
        }
      else
        {
          z.next_in = NULL;
          z.avail_in = 0;
        }
      /* Run until the input is used and, on a flush, until deflate has
       * nothing more to give. */
      do
        {
          z.next_out = buf;
          z.avail_out = sizeof buf;
          status = deflate (&z, flush);
          if (status == Z_STREAM_ERROR)
            {
              deflateEnd (&z);
              return NULL;
            }
          g_byte_array_append (st->out, buf, sizeof buf - z.avail_out);
        }
      while (z.avail_in > 0 || z.avail_out == 0);
    }
  deflateEnd (&z);
  st->ok = TRUE;
  return NULL;
}

static gboolean
write_png (cairo_surface_t  *image,
           gboolean          known_opaque,
           GOutputStream    *out,
           GError          **error)
{
  static const guint8 signature[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
  int width, height, stride;
  const guint8 *data;
  gboolean alpha, ok = TRUE;
  guint8 ihdr[13];
  guint n_strips;
  Strip strips[8];
  GThread *threads[8] = { NULL };
  uLong adler;

  g_return_val_if_fail (cairo_surface_get_type (image) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);
  g_return_val_if_fail (cairo_image_surface_get_format (image) == CAIRO_FORMAT_ARGB32, FALSE);

  cairo_surface_flush (image);
  width = cairo_image_surface_get_width (image);
  height = cairo_image_surface_get_height (image);
  stride = cairo_image_surface_get_stride (image);
  data = cairo_image_surface_get_data (image);
  alpha = !known_opaque && !all_opaque (data, width, height, stride);

  ihdr[0] = (width >> 24) & 0xff;
  ihdr[1] = (width >> 16) & 0xff;
  ihdr[2] = (width >> 8) & 0xff;
  ihdr[3] = width & 0xff;
  ihdr[4] = (height >> 24) & 0xff;
  ihdr[5] = (height >> 16) & 0xff;
  ihdr[6] = (height >> 8) & 0xff;
  ihdr[7] = height & 0xff;
  ihdr[8] = 8;                 /* bits per channel */
  ihdr[9] = alpha ? 6 : 2;     /* RGBA or RGB */
  ihdr[10] = 0;                /* deflate */
  ihdr[11] = 0;                /* adaptive filtering (per-row filter byte) */
  ihdr[12] = 0;                /* no interlace */
  if (!g_output_stream_write_all (out, signature, sizeof signature, NULL, NULL, error) ||
      !write_chunk (out, "IHDR", ihdr, sizeof ihdr, error))
    return FALSE;

  /* One strip per processor (small images: one), compressed in parallel. */
  n_strips = CLAMP (g_get_num_processors (), 1, G_N_ELEMENTS (strips));
  if ((gsize) width * height < 512 * 512)
    n_strips = 1;
  n_strips = MIN (n_strips, (guint) MAX (height, 1));
  for (guint k = 0; k < n_strips; k++)
    {
      strips[k] = (Strip) { data, width, stride, (int) ((gint64) height * k / n_strips),
                            (int) ((gint64) height * (k + 1) / n_strips), alpha, k + 1 == n_strips,
                            g_byte_array_sized_new ((guint) MIN ((gsize) width * height / 8, 8u << 20)), 0, 0, FALSE };
      if (k > 0)
        threads[k] = g_thread_new ("lev-png", compress_strip, &strips[k]);
    }
  compress_strip (&strips[0]);
  for (guint k = 1; k < n_strips; k++)
    g_thread_join (threads[k]);

  /* zlib header (deflate, 32K window, fastest), the strips, then the
   * Adler-32 of all filtered bytes, combined from the strips'. */
  adler = strips[0].adler;
  for (guint k = 1; k < n_strips; k++)
    adler = adler32_combine (adler, strips[k].adler, (z_off_t) strips[k].length);
  {
    static const guint8 zhead[2] = { 0x78, 0x01 };
    guint8 ztail[4] = { (adler >> 24) & 0xff, (adler >> 16) & 0xff, (adler >> 8) & 0xff, adler & 0xff };
    GByteArray *all = g_byte_array_new ();

    for (guint k = 0; k < n_strips; k++)
      ok &= strips[k].ok;
    g_byte_array_append (all, zhead, 2);
    for (guint k = 0; k < n_strips && ok; k++)
      g_byte_array_append (all, strips[k].out->data, strips[k].out->len);
    g_byte_array_append (all, ztail, 4);
    for (guint k = 0; k < n_strips; k++)
      g_byte_array_unref (strips[k].out);
    if (!ok)
      g_set_error (error, LEV_ERROR, LEV_ERROR_IO, _("PNG compression failed"));
    /* IDAT chunks of at most 1 MiB: readers handle any size, but some
     * tools choke on one very large chunk. */
    for (gsize off = 0; ok && off < all->len; off += 1 << 20)
      ok = write_chunk (out, "IDAT", all->data + off, MIN ((gsize) 1 << 20, all->len - off), error);
    g_byte_array_unref (all);
  }
  return ok && write_chunk (out, "IEND", NULL, 0, error);
}

gboolean
lev_png_write (cairo_surface_t  *image,
               GOutputStream    *out,
               GError          **error)
{
  return write_png (image, FALSE, out, error);
}

gboolean
lev_png_write_opaque (cairo_surface_t  *image,
                      GOutputStream    *out,
                      GError          **error)
{
  return write_png (image, TRUE, out, error);
}
