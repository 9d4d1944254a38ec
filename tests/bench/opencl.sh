#!/usr/bin/env bash
# tests/bench/opencl.sh: the OpenCL GEMMs of the wide network (batch 1024,
# layers 1024,1024 on 30 inputs: every product of one training step) on
# PoCL, against numpy's sgemm on OpenBLAS (Debian's python3-numpy) for the
# same shapes, in the same run. Target: at least 40% of OpenBLAS's GFLOP/s.
# OpenBLAS is unpacked into tests/bench/.venv (no system change: Debian's
# default libblas is the slow reference one). Re-runnable; run it on a quiet
# machine for figures worth recording:
#   BUILD_DIR=_build-bench tests/bench/opencl.sh     (build-aux/dev bench runs it)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/_build-bench}
cli="$build/src/cli/leverage-cli"
rounds=${ROUNDS:-3}
if [ ! -x "$cli" ]; then
  echo "opencl.sh: no $cli; build first (build-aux/dev bench does)" >&2
  exit 1
fi
py=/usr/bin/python3
if ! "$py" -c 'import numpy' 2>/dev/null; then
  echo "opencl.sh: Debian's python3-numpy is missing (build-aux/dev deps installs it)" >&2
  exit 1
fi

venv="$top/tests/bench/.venv"
ob="$venv/openblas"
oblib="$ob/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -e "$oblib/libblas.so.3" ]; then
  echo "opencl.sh: fetching OpenBLAS (libopenblas0-pthread) into $ob"
  tmpdeb=$(mktemp -d)
  (cd "$tmpdeb" && apt-get download -q libopenblas0-pthread >/dev/null 2>&1 || \
     (apt-get update -qq && apt-get download -q libopenblas0-pthread >/dev/null))
  mkdir -p "$ob"
  dpkg -x "$tmpdeb"/libopenblas0-pthread_*.deb "$ob"
  rm -rf "$tmpdeb"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export POCL_CACHE_DIR="$work/pocl" LEVERAGE_OPENCL_CACHE_DIR="$work/kernels"
# Both sides on the same two cores.
export OPENBLAS_NUM_THREADS=${OPENBLAS_NUM_THREADS:-2}

# The OpenCL CPU device (PoCL), by id.
"$cli" devices --format json > "$work/devices.json"
device=$("$py" -c '
import json, sys
d = json.load(open(sys.argv[1]))
cpu = [x for x in d["devices"] if x["type"] == "CPU" and x["available"]]
print(cpu[0]["id"] if cpu else "")' "$work/devices.json")
if [ -z "$device" ]; then
  echo "opencl.sh: no OpenCL CPU device (install pocl-opencl-icd)" >&2
  exit 1
fi

# Every product of one training step of 30 → 1024 → 1024 → 1, batch 1024:
# forward NN per layer; weight gradients TN; input gradients NT.
shapes="NN:1024x1024x30,NN:1024x1024x1024,NN:1024x1x1024"
shapes+=",TN:1024x1x1024,NT:1024x1024x1,TN:1024x1024x1024,NT:1024x1024x1024,TN:30x1024x1024"

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on these cores makes timings noisy)"
# Warm-up: PoCL compiles each kernel at its first launch.
"$cli" bench-device --device "$device" --gemm "$shapes" --scale 1 --format json > /dev/null
for r in $(seq "$rounds"); do
  "$cli" bench-device --device "$device" --gemm "$shapes" --format json > "$work/cl-$r.json"
  LD_LIBRARY_PATH="$oblib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" "$py" "$top/tests/bench/opencl_bench.py" numpy "$shapes" > "$work/np-$r.json"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$top/tests/bench/opencl_bench.py" report "$work"
