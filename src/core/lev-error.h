/* lev-error.h: the error domain every user-caused failure in the core travels in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LEV_ERROR (lev_error_quark ())

typedef enum {
  LEV_ERROR_IO,          /* the file could not be read or written */
  LEV_ERROR_PARSE,       /* not well-formed JSON (or text) */
  LEV_ERROR_FORMAT,      /* not a Leverage scenario */
  LEV_ERROR_VERSION,     /* a newer file format than this build reads */
  LEV_ERROR_TYPE,        /* a field has the wrong JSON type */
  LEV_ERROR_VALUE,       /* a value out of its allowed range */
  LEV_ERROR_MISSING,     /* a required field is absent */
  LEV_ERROR_UNKNOWN,     /* an unknown field, channel or enum name */
  LEV_ERROR_REFERENCE,   /* a duplicate or dangling item id */
  LEV_ERROR_UNSUPPORTED, /* a form this build does not support yet */
  LEV_ERROR_LIMIT,       /* too large, too deep, too long */
  LEV_ERROR_WRITE,       /* an output file could not be written (not the
                          * input's fault: leverage-cli exits 1) */
  LEV_ERROR_DIVERGED,    /* training diverged: the loss became NaN or
                          * infinite (leverage-cli exits 1) */
} LevErrorCode;

GQuark lev_error_quark (void);

G_END_DECLS
