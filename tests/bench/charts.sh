#!/usr/bin/env bash
# tests/bench/charts.sh: chart export speed against matplotlib, in the same
# run, with the issue's targets:
#   each chart as a 3840x2160 PNG (the deck at the default scale 2) ≤ 100 ms;
#   the whole deck appendix (every chart, one PDF) ≤ 1 s.
# Ours: tests/charts/bench-charts (drawing + PNG encoding + writing the file,
# best of BENCH_REPEAT runs after one untimed round that loads the fonts, as
# a shared machine only ever adds time; the median is printed too),
# on llm-startup-7b.json with a 100,000-sample simulation and the sample
# training run. Peer: tests/bench/charts_peer.py, matplotlib (Agg) drawing
# the same eight charts from the same numbers at the same size, in its own
# venv under tests/bench/.venv/charts (pinned; the app never needs it).
# Usage: BUILD_DIR=_build-bench bash tests/bench/charts.sh
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/_build-bench}
bench=$build/tests/charts/bench-charts
cli=$build/src/cli/leverage-cli
scenario=$top/data/scenarios/llm-startup-7b.json
repeat=${BENCH_REPEAT:-7}
venv=$top/tests/bench/.venv/charts
mpl_version=3.11.2

for f in "$bench" "$cli"; do
  if [ ! -x "$f" ]; then
    echo "charts.sh: $f is not built (run build-aux/dev bench)" >&2
    exit 1
  fi
done
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import matplotlib, sys; sys.exit(matplotlib.__version__ != '$mpl_version')" 2>/dev/null; then
  echo "charts.sh: installing matplotlib $mpl_version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "matplotlib==$mpl_version"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The same numbers for both: report, simulation, sensitivity, training run.
"$cli" report "$scenario" --format json >"$work/report.json"
"$cli" simulate "$scenario" --format json --samples 100000 >"$work/simulate.json"
"$cli" sensitivity "$scenario" --format json --samples 2000 >"$work/sensitivity.json"
/usr/bin/python3 - "$work" "$top/tests/charts/data/lead-conversion-run.json" <<'PY'
import json, sys
w, run = sys.argv[1], sys.argv[2]
sim = json.load(open(w + "/simulate.json"))
sens = json.load(open(w + "/sensitivity.json"))
lev = sim["outputs"]["leveraged"]
json.dump({
    "report": json.load(open(w + "/report.json")),
    "simulation": {
        "histogram": lev["histogram"], "cdf": lev["cdf"],
        "p10": lev["percentiles"]["10"], "p50": lev["percentiles"]["50"], "p90": lev["percentiles"]["90"],
        "months": sim["monthly_cumulative"],
        "tornado_base": sens["base"],
        "tornado": [{"label": r["label"], "low": r["output_at_p10"], "high": r["output_at_p90"]}
                    for r in sens["inputs"][:12]],
    },
    "training": json.load(open(run)),
}, open(w + "/peer-input.json", "w"))
PY

echo "== load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
LEVERAGE_SOURCE_DIR=$top "$bench" "$repeat" | tee "$work/ours.txt"
"$venv/bin/python" "$top/tests/bench/charts_peer.py" "$work/peer-input.json" "$repeat" "$work/peer" >"$work/peer.txt"

/usr/bin/python3 - "$work/ours.txt" "$work/peer.txt" <<'PY'
import re, sys
ours, peer = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"chart (\S+)\s+png 3840x2160:\s+([\d.]+) ms wall,\s+([\d.]+) ms CPU", line)
    if m:
        ours[m.group(1)] = (float(m.group(2)), float(m.group(3)))
    m = re.match(r"deck appendix pdf.*:\s+([\d.]+) ms wall,\s+([\d.]+) ms CPU", line)
    if m:
        ours["deck"] = (float(m.group(1)), float(m.group(2)))
for line in open(sys.argv[2]):
    name, ms = line.split()
    peer[name] = float(ms)
print()
print(f"{'chart':<16}{'Leverage wall':>14}{'(CPU)':>9}{'matplotlib wall':>17}{'ratio':>8}  target (wall)")
over = 0
for name, (ms, cpu) in ours.items():
    target = 1000 if name == "deck" else 100
    label = "deck PDF (8 p.)" if name == "deck" else name
    ok = ms <= target
    over += not ok
    print(f"{label:<16}{ms:>11.1f} ms{cpu:>6.1f} ms{peer.get(name, float('nan')):>14.1f} ms"
          f"{peer.get(name, float('nan')) / ms:>7.1f}×  ≤ {target} ms {'meets' if ok else 'OVER'}")
print()
print("ratio = matplotlib wall time ÷ Leverage wall time (higher is better for Leverage).")
print("CPU = process CPU time of Leverage's export (both PNG threads); on a quiet")
print("machine the wall time is about the drawing plus half the encoding.")
print("all targets met" if over == 0 else f"{over} over target")
PY
