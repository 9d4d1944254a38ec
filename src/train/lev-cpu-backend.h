/* lev-cpu-backend.h: the CPU backend, plain C float32, always present. */
#pragma once

#include "lev-backend.h"

G_BEGIN_DECLS

/* @n_threads: 0 picks min(2, number of processors); 1 never starts a
 * helper thread. Never fails. */
LevBackend *lev_cpu_backend_new (guint n_threads);

G_END_DECLS
