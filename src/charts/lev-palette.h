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

LevRgb lev_palette_channel (LevChannel channel,
                            LevTheme   theme);
LevRgb lev_palette_area    (LevAreaKind area,
                            LevTheme    theme);

G_END_DECLS
