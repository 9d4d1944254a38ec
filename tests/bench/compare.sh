#!/usr/bin/env bash
# tests/bench/compare.sh: what comparing two plans costs against simulating
# one, with the issue's target: `leverage-cli compare A B` of two plans of
# llm-startup-7b.json's size at 1,000,000 samples takes at most 1.3× the
# time of `leverage-cli simulate A` at 1,000,000 samples.
# B is a variant of the sample plan (another channel and hourly price for
# the pre-training run, a wider crawl estimate, one more uncertain item),
# so B has 10 uncertain inputs to A's 9, and one of the paired inputs has
# another distribution in B. Both commands print JSON, with 2 threads.
# Times: end-to-end wall time of each command (best of BENCH_REPEAT, default
# 3, since a shared machine only ever adds time) and the CPU time (user +
# system) of the same best runs, which a loaded machine inflates less.
# Usage: BUILD_DIR=_build-bench bash tests/bench/compare.sh
#   BENCH_REPEAT=N   runs per measurement (default 3)
#   BENCH_CPUS=0,1   pin every run to these CPUs (taskset)
#   PYTHON=…         a Python 3 (default /usr/bin/python3)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/_build-bench}
cli=$build/src/cli/leverage-cli
scenario=$top/data/scenarios/llm-startup-7b.json
repeat=${BENCH_REPEAT:-3}
python=${PYTHON:-/usr/bin/python3}
cpus=${BENCH_CPUS:-}

if [ ! -x "$cli" ]; then
  echo "compare.sh: $cli is not built (run build-aux/dev bench)" >&2
  exit 1
fi

exec "$python" - "$cli" "$scenario" "$repeat" "$cpus" <<'PY'
import json, os, resource, subprocess, sys, tempfile, time

cli, scenario, repeat, cpus = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
pin = ["taskset", "-c", cpus] if cpus else []

d = json.load(open(scenario))
b = json.loads(json.dumps(d))
b["name"] = "7B start-up, shared cluster"
items = {i["id"]: i for a in b["areas"].values() for i in a["items"]}
items["compute-pretrain"]["channel"] = "enterprise_share"
b["areas"]["compute"]["plan"]["price_per_hour"] = {"dist": "lognormal", "low": 12, "high": 30}
items["data-web-crawl"]["cost"]["amount"] = {"dist": "triangular", "min": 400000, "mode": 800000, "max": 1400000}
b["areas"]["market"]["items"].append({"id": "market-events", "name": "Industry events", "channel": "purchase",
    "cost": {"form": "amount", "amount": {"dist": "uniform", "min": 100000, "max": 300000}},
    "timing": {"start_month": 2, "schedule": "once"}})
tmp = tempfile.mkdtemp()
variant = os.path.join(tmp, "variant.json")
json.dump(b, open(variant, "w"), ensure_ascii=False)

def run(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    out = subprocess.run(pin + cmd, check=True, stdout=subprocess.PIPE).stdout
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out

common = ["--samples", "1000000", "--seed", "42", "--threads", "2", "--format", "json"]
# Interleaved, so that a burst of load hits both commands alike.
sim_runs, cmp_runs = [], []
for _ in range(repeat):
    sim_runs.append(run([cli, "simulate", scenario] + common))
    cmp_runs.append(run([cli, "compare", scenario, variant] + common))
ts, cs = min(r[0] for r in sim_runs), min(r[1] for r in sim_runs)
tc, cc = min(r[0] for r in cmp_runs), min(r[1] for r in cmp_runs)
c = json.loads(cmp_runs[0][2])
s = json.loads(sim_runs[0][2])
assert c["samples"] == s["samples"] == 1000000
# The first plan of a comparison is its simulation.
assert c["plans"][0]["leveraged"]["p50"] == s["outputs"]["leveraged"]["percentiles"]["50"]
print("same first plan: compare's plan A median equals simulate's, to the bit")

def verdict(ok):
    return "meets" if ok else "MISSES"

print()
print("%-52s %9s %9s" % ("run (2 threads, 1,000,000 samples)", "wall s", "CPU s"))
print("%-52s %9.3f %9.3f" % ("leverage-cli simulate A", ts, cs))
print("%-52s %9.3f %9.3f" % ("leverage-cli compare A B", tc, cc))
print()
print("compare / simulate, wall: %5.2fx  target <= 1.3x  %s" % (tc / ts, verdict(tc / ts <= 1.3)))
print("compare / simulate, CPU:  %5.2fx" % (cc / cs))
print("P(A cheaper) %.4f, B - A median %.0f" % (c["pairs"][0]["p_a_cheaper"], c["pairs"][0]["difference"]["p50"]))
load = os.getloadavg()[0]
print("load average during the run: %.1f on %d processors%s%s" %
      (load, os.cpu_count(), ", runs pinned to CPUs " + cpus if cpus else "",
       "  (shared machine: times are inflated)" if load > 1.5 else ""))
PY
