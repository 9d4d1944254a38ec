/* lev-error.c: the core's error domain. */
#define G_LOG_DOMAIN "lev-error"
#include "config.h"

#include "lev-error.h"

G_DEFINE_QUARK (lev-error-quark, lev_error)
