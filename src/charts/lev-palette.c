/* lev-palette.c: channel and area colours. The first eight are the
 * Okabe–Ito palette; the rest are its tints, told apart also by position
 * and label in every chart. Dark theme lightens each a little. */
#define G_LOG_DOMAIN "lev-palette"
#include "config.h"

#include <math.h>

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

/* Light, then dark. Text colours keep WCAG AA contrast (4.5:1) against
 * their background; tested. */
static const guint32 role_rgb[LEV_N_PALETTE_ROLES][2] = {
  [LEV_PALETTE_BACKGROUND] = { 0xFFFFFF, 0x1E1E22 },
  [LEV_PALETTE_TEXT]       = { 0x1B1B1F, 0xF2F2F5 },
  [LEV_PALETTE_MUTED]      = { 0x5C5C66, 0xA9A9B3 },
  [LEV_PALETTE_GRID]       = { 0xE4E4EA, 0x35353C },
  [LEV_PALETTE_AXIS]       = { 0x8C8C96, 0x6C6C76 },
  [LEV_PALETTE_BASELINE]   = { 0xD9DCE3, 0x3C3F48 },
  [LEV_PALETTE_LEVERAGED]  = { 0x2E4A68, 0x8FB4DA },
  [LEV_PALETTE_LOW]        = { 0x9DB6CF, 0x4F6F90 },
  [LEV_PALETTE_HIGH]       = { 0x2E4A68, 0xA9C8E8 },
  [LEV_PALETTE_TRAIN]      = { 0x0072B2, 0x56B4E9 },
  [LEV_PALETTE_VALIDATION] = { 0xD55E00, 0xE69F00 },
  [LEV_PALETTE_WARNING]    = { 0xB3261E, 0xF2B8B5 },
};

LevRgb
lev_palette_role (LevPaletteRole role,
                  LevTheme       theme)
{
  guint32 v;

  g_return_val_if_fail ((guint) role < LEV_N_PALETTE_ROLES, to_rgb (0x7F7F7F, LEV_THEME_LIGHT));
  v = role_rgb[role][theme == LEV_THEME_DARK ? 1 : 0];
  return (LevRgb) { ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };
}

static double
linear (double c)
{
  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

double
lev_rgb_luminance (LevRgb a)
{
  return 0.2126 * linear (a.r) + 0.7152 * linear (a.g) + 0.0722 * linear (a.b);
}

double
lev_rgb_contrast (LevRgb a,
                  LevRgb b)
{
  double la = lev_rgb_luminance (a), lb = lev_rgb_luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}
