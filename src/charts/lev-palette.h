/* lev-palette.h: one colour per channel, the same in every chart, chosen
 * to stay distinguishable for colour-blind viewers (Okabe–Ito first). */
#pragma once

#include "lev-enums.h"

G_BEGIN_DECLS

typedef struct {
  double r, g, b;
} LevRgb;

typedef enum {
  LEV_THEME_LIGHT,
  LEV_THEME_DARK,
} LevTheme;

/* Colours of everything that is not a channel, so that charts never
 * borrow a channel's colour for another meaning. */
typedef enum {
  LEV_PALETTE_BACKGROUND,
  LEV_PALETTE_TEXT,
  LEV_PALETTE_MUTED,      /* subtitles, axis labels */
  LEV_PALETTE_GRID,
  LEV_PALETTE_AXIS,
  LEV_PALETTE_BASELINE,   /* the self-provided baseline */
  LEV_PALETTE_LEVERAGED,  /* a total with the social channels */
  LEV_PALETTE_LOW,        /* tornado: input at its 10th percentile */
  LEV_PALETTE_HIGH,       /* tornado: input at its 90th percentile */
  LEV_PALETTE_TRAIN,      /* training curve */
  LEV_PALETTE_VALIDATION, /* validation curve */
  LEV_PALETTE_WARNING,    /* budget exceeded, runway */
  LEV_N_PALETTE_ROLES
} LevPaletteRole;

LevRgb lev_palette_channel (LevChannel channel,
                            LevTheme   theme);
LevRgb lev_palette_area    (LevAreaKind area,
                            LevTheme    theme);
LevRgb lev_palette_role    (LevPaletteRole role,
                            LevTheme       theme);
/* WCAG relative luminance and contrast ratio (1…21). */
double lev_rgb_luminance   (LevRgb a);
double lev_rgb_contrast    (LevRgb a,
                            LevRgb b);

G_END_DECLS
