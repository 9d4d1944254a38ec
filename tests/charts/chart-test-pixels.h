/* chart-test-pixels.h: reading and comparing pixels of rendered charts. */
#pragma once

#include <cairo.h>
#include <math.h>

#include "lev-palette.h"

typedef struct {
  double r, g, b, a;
} TestPx;

/* The un-premultiplied colour of device pixel (@x, @y). */
static inline TestPx
test_pixel (cairo_surface_t *s,
            double           x,
            double           y)
{
  int w = cairo_image_surface_get_width (s), h = cairo_image_surface_get_height (s);
  int ix = CLAMP ((int) floor (x), 0, w - 1), iy = CLAMP ((int) floor (y), 0, h - 1);
  const unsigned char *data = cairo_image_surface_get_data (s);
  guint32 v = *(const guint32 *) (const void *) (data + iy * cairo_image_surface_get_stride (s) + ix * 4);
  double a = ((v >> 24) & 0xff) / 255.0;

  if (a == 0)
    return (TestPx) { 0, 0, 0, 0 };
  return (TestPx) { ((v >> 16) & 0xff) / 255.0 / a, ((v >> 8) & 0xff) / 255.0 / a,
                    (v & 0xff) / 255.0 / a, a };
}

static inline double
test_px_distance (TestPx p,
                  LevRgb c)
{
  return MAX (MAX (fabs (p.r - c.r), fabs (p.g - c.g)), fabs (p.b - c.b));
}

/* @c drawn at @alpha over @bg. */
static inline LevRgb
test_blend (LevRgb c,
            double alpha,
            LevRgb bg)
{
  return (LevRgb) { c.r * alpha + bg.r * (1 - alpha), c.g * alpha + bg.g * (1 - alpha),
                    c.b * alpha + bg.b * (1 - alpha) };
}

/* Fraction of the device pixels in the rectangle that differ from @bg. */
static inline double
test_ink_fraction (cairo_surface_t *s,
                   double           x,
                   double           y,
                   double           w,
                   double           h,
                   LevRgb           bg)
{
  guint ink = 0, all = 0;

  for (double yy = y; yy < y + h; yy += 2)
    for (double xx = x; xx < x + w; xx += 2)
      {
        TestPx p = test_pixel (s, xx, yy);
        all++;
        if (p.a > 0.5 && test_px_distance (p, bg) > 0.08)
          ink++;
      }
  return all ? (double) ink / all : 0;
}

/* Whether a pixel within @radius of (@x, @y) is close to @c. */
static inline gboolean
test_colour_near (cairo_surface_t *s,
                  double           x,
                  double           y,
                  double           radius,
                  LevRgb           c,
                  double           tolerance)
{
  for (double dy = -radius; dy <= radius; dy += 1)
    for (double dx = -radius; dx <= radius; dx += 1)
      if (test_px_distance (test_pixel (s, x + dx, y + dy), c) <= tolerance)
        return TRUE;
  return FALSE;
}

/* Mean absolute difference of two images of the same size, over blocks
 * of @block × @block pixels (so antialiasing differences between
 * renderers average out while a misplaced bar or label does not). */
static inline double
test_block_difference (cairo_surface_t *a,
                       cairo_surface_t *b,
                       int              block,
                       double          *worst)
{
  int w = cairo_image_surface_get_width (a), h = cairo_image_surface_get_height (a);
  double total = 0;
  guint n = 0;

  *worst = 0;
  for (int by = 0; by + block <= h; by += block)
    for (int bx = 0; bx + block <= w; bx += block)
      {
        double sa[3] = { 0 }, sb[3] = { 0 }, d;
        for (int y = by; y < by + block; y++)
          for (int x = bx; x < bx + block; x++)
            {
              TestPx pa = test_pixel (a, x, y), pb = test_pixel (b, x, y);
              /* Compare as drawn over white, so transparency counts too. */
              sa[0] += pa.r * pa.a + 1 - pa.a;
              sa[1] += pa.g * pa.a + 1 - pa.a;
              sa[2] += pa.b * pa.a + 1 - pa.a;
              sb[0] += pb.r * pb.a + 1 - pb.a;
              sb[1] += pb.g * pb.a + 1 - pb.a;
              sb[2] += pb.b * pb.a + 1 - pb.a;
            }
        d = (fabs (sa[0] - sb[0]) + fabs (sa[1] - sb[1]) + fabs (sa[2] - sb[2])) / (3.0 * block * block);
        total += d;
        *worst = MAX (*worst, d);
        n++;
      }
  return n ? total / n : 0;
}
