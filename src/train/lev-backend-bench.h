/* lev-backend-bench.h: throughput measured through the backend interface,
 * so the same numbers can be taken on any backend: GEMM GFLOP/s and training steps
 * of a dense network (forward, loss, backward, Adam) in samples/s. Used by
 * `leverage-cli bench-device` and the benchmarks. */
#pragma once

#include "lev-backend.h"

G_BEGIN_DECLS

/* GFLOP/s (2·m·n·k per product) of @reps products after one warm-up, or a
 * negative value with @error set. */
double lev_bench_gemm (LevBackend          *backend,
                       LevGemmOrientation   orient,
                       gsize                m,
                       gsize                n,
                       gsize                k,
                       guint                reps,
                       GError             **error);

/* The same, also giving the GFLOP per second of process CPU time (all
 * threads, the OpenCL runtime's included): on a CPU device shared with
 * other work this is steadier than wall time. Returns FALSE on failure. */
gboolean lev_bench_gemm_full (LevBackend          *backend,
                              LevGemmOrientation   orient,
                              gsize                m,
                              gsize                n,
                              gsize                k,
                              guint                reps,
                              double              *wall_gflops,
                              double              *cpu_gflops,
                              GError             **error);

/* Samples/s of @steps training steps of a network @n_inputs → @hidden
 * (ReLU) → 1 (sigmoid + binary cross-entropy), batch @batch, Adam, rows
 * gathered from a device-resident dataset in shuffled order, as a trainer
 * does; one warm-up step is not counted. Negative with @error on failure. */
double lev_bench_mlp  (LevBackend          *backend,
                       gsize                n_inputs,
                       const gsize         *hidden,
                       guint                n_hidden,
                       gsize                batch,
                       guint                steps,
                       GError             **error);

G_END_DECLS
