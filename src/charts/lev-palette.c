/* lev-palette.c: channel and area colours. The first eight are the
 * Okabe–Ito palette; the rest are its tints, told apart also by position
 * and label in every chart. Dark theme lightens each a little. */
#define G_LOG_DOMAIN "lev-palette"
#include "config.h"

#include "lev-palette.h"

static const guint32 channel_rgb[LEV_N_CHANNELS] = {
  0x0072B2, /* partnership: blue */
  0x009E73, /* data exchange: bluish green */
  0xE69F00, /* crowdsourcing: orange */
  0x56B4E9, /* purchase: sky blue */
  0xD55E00, /* cloud: vermillion */
  0xCC79A7, /* subsidy: reddish purple */
  0xF0E442, /* enterprise share: yellow */
  0x000000, /* hire: black (white in dark) */
  0x7F7F7F, /* training: grey */
  0x004D80, /* university: dark blue */
  0x00664A, /* market research: dark green */
  0x995C00, /* scenario selection: brown */
  0xB3B3B3, /* self-provided: light grey */
  0x8C6D8C, /* other: muted purple */
};

static const guint32 area_rgb[LEV_N_AREAS] = {
  0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7,
};

static LevRgb
to_rgb (guint32 v,
        LevTheme theme)
{
  LevRgb c = { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };

  if (theme == LEV_THEME_DARK)
    {
      if (v == 0x000000)
        return (LevRgb) { 0.92, 0.92, 0.92 };
      c.r = c.r + (1 - c.r) * 0.15;
      c.g = c.g + (1 - c.g) * 0.15;
      c.b = c.b + (1 - c.b) * 0.15;
    }
  return c;
}

LevRgb
lev_palette_channel (LevChannel channel,
                     LevTheme   theme)
{
  g_return_val_if_fail ((guint) channel < LEV_N_CHANNELS, to_rgb (0x7F7F7F, theme));
  return to_rgb (channel_rgb[channel], theme);
}

LevRgb
lev_palette_area (LevAreaKind area,
                  LevTheme    theme)
{
  g_return_val_if_fail ((guint) area < LEV_N_AREAS, to_rgb (0x7F7F7F, theme));
  return to_rgb (area_rgb[area], theme);
}
