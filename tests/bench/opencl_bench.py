#!/usr/bin/env python3
"""tests/bench/opencl_bench.py: the numpy side of tests/bench/opencl.sh.

  opencl_bench.py numpy LIST      GFLOP/s of numpy's sgemm for each product
                                  (LIST as leverage-cli bench-device --gemm)
  opencl_bench.py report DIR      the table: best of the rounds on each side
"""
import glob
import json
import os
import sys
import time


def parse(spec):
    out = []
    for item in spec.split(","):
        o, dims = item.split(":")
        m, n, k = (int(v) for v in dims.split("x"))
        out.append((o.upper(), m, n, k))
    return out


def blas_loaded():
    # Which BLAS numpy really runs on (Debian's alternatives or ours).
    with open("/proc/self/maps") as f:
        libs = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    return sorted(libs)


def bench_numpy(spec):
    import numpy as np

    rng = np.random.default_rng(42)
    results = []
    for o, m, n, k in parse(spec):
        # Stored as the backend stores them: A is M×K (K×M for TN), B is
        # K×N (N×K for NT); .T views make numpy call sgemm with the
        # transpose flags, without copies.
        a = rng.standard_normal((k, m) if o == "TN" else (m, k), dtype=np.float32)
        b = rng.standard_normal((n, k) if o == "NT" else (k, n), dtype=np.float32)
        aa = a.T if o == "TN" else a
        bb = b.T if o == "NT" else b
        c = aa @ bb
        flop = 2.0 * m * n * k
        reps = max(3, min(100000, int(4e9 / flop)))
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            np.matmul(aa, bb, out=c)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0
        results.append({"orient": o, "m": m, "n": n, "k": k,
                        "gflops": flop * reps / wall / 1e9,
                        "gflops_per_cpu_second": flop * reps / max(cpu, 1e-9) / 1e9})
    return {"numpy": np.__version__, "blas": blas_loaded(), "gemm": results}


def report(d):
    def best(pattern):
        runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(d, pattern)))]
        table = {}
        for r in runs:
            for g in r["gemm"]:
                key = (g["orient"], g["m"], g["n"], g["k"])
                cur = table.get(key)
                if cur is None:
                    table[key] = dict(g)
                else:
                    cur["gflops"] = max(cur["gflops"], g["gflops"])
                    cur["gflops_per_cpu_second"] = max(cur["gflops_per_cpu_second"], g["gflops_per_cpu_second"])
        return runs, table

    cl_runs, cl = best("cl-*.json")
    np_runs, npy = best("np-*.json")
    print(f"OpenCL device: {cl_runs[0]['device']}")
    print(f"numpy {np_runs[0]['numpy']} on {', '.join(np_runs[0]['blas']) or 'its default BLAS'}")
    print(f"best of {len(cl_runs)} alternating rounds each")
    print(f"{'product M×N×K':24} {'OpenCL GFLOP/s':>15} {'numpy GFLOP/s':>14} {'ratio':>7} "
          f"{'per CPU-s: OpenCL':>18} {'numpy':>7} {'ratio':>7}")
    t_cl = t_np = c_cl = c_np = flops = 0.0
    for key, g in cl.items():
        o, m, n, k = key
        p = npy[key]
        f = 2.0 * m * n * k
        flops += f
        t_cl += f / g["gflops"]
        t_np += f / p["gflops"]
        c_cl += f / g["gflops_per_cpu_second"]
        c_np += f / p["gflops_per_cpu_second"]
        print(f"{o} {m}×{n}×{k:<15} {g['gflops']:15.1f} {p['gflops']:14.1f} {g['gflops'] / p['gflops']:6.2f}× "
              f"{g['gflops_per_cpu_second']:18.1f} {p['gflops_per_cpu_second']:7.1f} "
              f"{g['gflops_per_cpu_second'] / p['gflops_per_cpu_second']:6.2f}×")
    wall_ratio = t_np / t_cl
    cpu_ratio = c_np / c_cl
    print(f"{'wide step, all products':24} {flops / t_cl:15.1f} {flops / t_np:14.1f} {wall_ratio:6.2f}× "
          f"{flops / c_cl:18.1f} {flops / c_np:7.1f} {cpu_ratio:6.2f}×")
    verdict = "meets" if wall_ratio >= 0.40 else "is below"
    print(f"OpenCL (PoCL) reaches {wall_ratio:.0%} of OpenBLAS's GFLOP/s on the wide network's products "
          f"(wall clock; {cpu_ratio:.0%} per CPU second): {verdict} the 40% target")


def main(argv):
    if len(argv) == 3 and argv[1] == "numpy":
        print(json.dumps(bench_numpy(argv[2])))
        return 0
    if len(argv) == 3 and argv[1] == "report":
        report(argv[2])
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
