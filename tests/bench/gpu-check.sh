#!/usr/bin/env bash
# tests/bench/gpu-check.sh: runs on a GPU machine (NVIDIA, with CUDA and
# PyTorch, maybe without GLib, json-glib, libcsv or an OpenCL loader, and
# unable to install anything), from a copy of this repository that carries
# .gpu/ made here by tests/bench/gpu-prep.sh. It brings its own OpenCL
# loader, points it at NVIDIA's OpenCL driver, and measures:
#   leverage-cli devices, leverage-cli bench-device,
#   the article's training (30 → 64 → 32 → 1, batch 32, 100k synthetic rows)
#   and the wide network (1024, 1024, batch 1024) on OpenCL and on the CPU
#   backend, and PyTorch (CUDA, float32, TF32 off) on the same networks,
# then prints ONE table with the ratios. Targets: ≥ 0.7× PyTorch's samples/s
# on the wide network, ≥ 3× on the article's. About 6 minutes at most.
# The log goes to $OUT/gpu-check.log when OUT is set.
# Without an NVIDIA driver it runs on whatever OpenCL device there is
# (PoCL on a developer's machine), on less data, and without the PyTorch
# columns when torch is missing.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$top/.gpu/out}
mkdir -p "$out"
exec > >(tee "$out/gpu-check.log") 2>&1
work=$(mktemp -d /tmp/leverage-gpu-check.XXXXXX)
start=$(date +%s)
say() { printf '\n== %s (%ds)\n' "$*" $(( $(date +%s) - start )); }

cli=${LEVERAGE_CLI:-$top/.gpu/bin/leverage-cli}
if [ ! -x "$cli" ]; then
  echo "gpu-check: no $cli; run tests/bench/gpu-prep.sh where the project builds and carry .gpu" >&2
  exit 1
fi
[ -d "$top/.gpu/lib" ] && export LD_LIBRARY_PATH="$top/.gpu/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LEVERAGE_OPENCL_CACHE_DIR="$work/kernels"
export POCL_CACHE_DIR="$work/pocl"

# A Python with numpy (and torch, where there is one).
py=""
for p in ${PYTHON:-} python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import numpy' 2>/dev/null; then py=$p; break; fi
done
[ -z "$py" ] && py=python3
has_torch=0
"$py" -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else 1)' 2>/dev/null && has_torch=1

# NVIDIA's OpenCL driver, registered with our loader when the system has
# no ICD file for it (OCL_ICD_VENDORS then names only ours).
nv=""
for f in /usr/local/nvidia/lib64/libnvidia-opencl.so.1 /usr/local/nvidia/lib/libnvidia-opencl.so.1 \
         $(ldconfig -p 2>/dev/null | awk '/libnvidia-opencl\.so\.1/ { print $NF }') \
         $(find /usr/local/nvidia /usr/lib /usr/lib64 /usr/lib/x86_64-linux-gnu -name 'libnvidia-opencl.so*' 2>/dev/null); do
  if [ -e "$f" ]; then nv=$f; break; fi
done
if [ -n "$nv" ]; then
  echo "NVIDIA OpenCL driver: $nv"
  if ! grep -qs nvidia /etc/OpenCL/vendors/*.icd; then
    mkdir -p "$work/vendors"
    echo "$nv" > "$work/vendors/nvidia.icd"
    export OCL_ICD_VENDORS="$work/vendors"
    echo "registered it through OCL_ICD_VENDORS=$OCL_ICD_VENDORS"
  fi
  # Its own dependencies (libcuda) live beside it.
  export LD_LIBRARY_PATH="$LD_LIBRARY_PATH:$(dirname "$nv")"
  rows=${GPU_CHECK_ROWS:-100000}; epochs=3; wide_epochs=3
else
  echo "No NVIDIA OpenCL driver found: measuring whatever OpenCL device there is, on less data"
  rows=${GPU_CHECK_ROWS:-20000}; epochs=2; wide_epochs=2
fi
echo "python: $py (torch with CUDA: $has_torch)"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true

say "leverage-cli devices"
timeout 60 "$cli" devices
timeout 60 "$cli" devices --format json > "$work/devices.json"

say "leverage-cli bench-device"
timeout 150 "$cli" bench-device --no-cpu --format json > "$work/bench.json" || echo "bench-device failed"
[ -s "$work/bench.json" ] && "$py" - "$work/bench.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
print(f"{b['device']}: kernels {'cached' if b['program_cached'] else 'compiled'} in {b['program_seconds']:.2f} s")
for k, v in b["opencl"]["gemm_gflops"].items():
    print(f"  GEMM {k}³: {v:9.1f} GFLOP/s")
for k, v in b["opencl"]["samples_per_s"].items():
    print(f"  train step loop, {k}: {v:12.0f} samples/s")
PY

say "data: $rows rows × 30 features"
"$py" "$top/tests/bench/gpu_peer.py" make-data "$work/article.csv" "$rows" 30

run_train() { # name backend layers batch epochs
  local name=$1 backend=$2 layers=$3 batch=$4 ep=$5
  say "leverage-cli train --backend $backend --layers $layers --batch $batch --epochs $ep"
  timeout 240 "$cli" train --backend "$backend" --layers "$layers" --batch "$batch" --epochs "$ep" \
      --format json "$work/article.csv" > "$work/$name.json" 2> "$work/$name.err"
  echo "exit $?"; tail -n 3 "$work/$name.err"
}
run_train lev-article-opencl opencl 64,32 32 "$epochs"
run_train lev-wide-opencl opencl 1024,1024 1024 "$wide_epochs"
run_train lev-article-cpu cpu 64,32 32 2
run_train lev-wide-cpu cpu 1024,1024 1024 2

if [ "$has_torch" = 1 ]; then
  say "PyTorch (CUDA, float32, TF32 off)"
  timeout 120 "$py" "$top/tests/bench/gpu_peer.py" torch "$work/article.csv" --layers 64,32 --batch 32 --epochs 3 > "$work/torch-article.json"
  timeout 120 "$py" "$top/tests/bench/gpu_peer.py" torch "$work/article.csv" --layers 1024,1024 --batch 1024 --epochs 3 > "$work/torch-wide.json"
  timeout 60 "$py" "$top/tests/bench/gpu_peer.py" matmul 1024 > "$work/torch-matmul.json"
  cat "$work"/torch-*.json
fi

say "results"
"$py" - "$work" <<'PY'
import json, os, sys
w = sys.argv[1]
def load(name):
    try:
        return json.load(open(os.path.join(w, name + ".json")))
    except Exception:
        return None
def lev_sps(r):
    # Epochs after the first: the first pays PoCL's lazy kernel compiles.
    if not r or "epochs" not in r:
        return None
    ep = r["epochs"][1:] or r["epochs"]
    secs = sum(e["seconds"] for e in ep)
    return r["dataset"]["train_rows"] * len(ep) / secs if secs > 0 else None
def fmt(v, spec="{:,.0f}"):
    return spec.format(v) if v is not None else "—"
dev = load("devices")
bench = load("bench")
print(f"device: {bench['device'] if bench else '?'}")
rows = [("article 30→64→32→1, batch 32", "article", 3.0), ("wide 30→1024→1024→1, batch 1024", "wide", 0.7)]
print(f"{'network':34} {'OpenCL samples/s':>17} {'PyTorch samples/s':>18} {'ratio':>7} {'target':>7} {'ok':>4} {'CPU backend':>12} {'acc CL/torch':>14}")
for label, key, target in rows:
    cl = load(f"lev-{key}-opencl"); cpu = load(f"lev-{key}-cpu"); pt = load(f"torch-{key}")
    s_cl, s_cpu = lev_sps(cl), lev_sps(cpu)
    s_pt = pt["samples_per_second"] if pt else None
    ratio = s_cl / s_pt if s_cl and s_pt else None
    ok = "" if ratio is None else ("yes" if ratio >= target else "NO")
    acc = f"{cl['test_accuracy']:.3f}" if cl else "—"
    acc += f"/{pt['test_accuracy']:.3f}" if pt else ""
    note = f"  (fell back: {cl['fallback']})" if cl and cl.get("fallback") else ""
    print(f"{label:34} {fmt(s_cl):>17} {fmt(s_pt):>18} {fmt(ratio, '{:.2f}×'):>7} {('≥%.1f×' % target):>7} {ok:>4} {fmt(s_cpu):>12} {acc:>14}{note}")
    if cl and cl.get("backend") != "opencl":
        print(f"  note: the OpenCL run finished on {cl.get('backend')}")
tm = load("torch-matmul")
if bench:
    g = bench["opencl"]["gemm_gflops"]
    print(f"GEMM 1024³ fp32 GFLOP/s: OpenCL NN {g.get('NN 1024', 0):.0f}, NT {g.get('NT 1024', 0):.0f}, TN {g.get('TN 1024', 0):.0f}"
          + (f"; PyTorch (TF32 off) {tm['gflops']:.0f}" if tm else ""))
PY
say "done"
rm -rf "$work"
