#!/usr/bin/env bash
# tests/bench/train.sh: the trainer against its peers, in one run on one
# machine with the same data (issue 5):
#   1. training: 100,000 × 30 synthetic binary rows, the article's network,
#      10 epochs, batch 32: Leverage (CPU backend) against the article's Keras
#      program run unchanged on TensorFlow-CPU, PyTorch (CPU) and
#      scikit-learn's MLPClassifier; seconds per epoch and test accuracy;
#   2. CSV load of a ~200 MB numeric file: Leverage's reader against
#      pandas.read_csv.
# Peers live in tests/bench/.venv (git-ignored), installed here on first use;
# a peer that cannot be installed is reported as missing, not faked.
# Usage: BUILD_DIR=_build-bench bash tests/bench/train.sh   (build-aux/dev bench)
#        LEV_BENCH_SKIP_INSTALL=1 to use only what the venv already has.
set -uo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$top/_build-bench}
cli=$build/src/cli/leverage-cli
loader=$build/tests/train/bench-csv-load
venv=$top/tests/bench/.venv
here=$top/tests/bench/train
work=${LEV_BENCH_WORK:-$(mktemp -d /tmp/lev-bench-train-XXXXXX)}
py=$venv/bin/python

[ -x "$cli" ] && [ -x "$loader" ] || { echo "train.sh: build first ($cli, $loader)" >&2; exit 1; }

# --- the peers' venv ---
if [ ! -x "$py" ]; then
  python3 -m venv "$venv" || /usr/bin/python3 -m venv "$venv" || { echo "train.sh: no python3 venv" >&2; exit 1; }
fi
if [ -z "${LEV_BENCH_SKIP_INSTALL:-}" ]; then
  for pkg in numpy pandas scikit-learn tensorflow-cpu torch; do
    mod=${pkg//-/_}; mod=${mod/scikit_learn/sklearn}; mod=${mod/tensorflow_cpu/tensorflow}
    "$py" -c "import $mod" 2>/dev/null && continue
    echo "train.sh: installing $pkg into tests/bench/.venv (once)"
    timeout 1800 "$venv/bin/pip" install -q "$pkg" || echo "train.sh: could not install $pkg; its row will say so"
  done
fi
has() { "$py" -c "import $1" 2>/dev/null; }
has numpy && has pandas || { echo "train.sh: numpy and pandas are needed to make the data" >&2; exit 1; }

# --- the data, from the committed generator (fixed seed) ---
data=$work/data.csv
big=$work/big.csv
[ -s "$data" ] || "$py" "$here/make_synthetic.py" 100000 "$data"
[ -s "$big" ] || "$py" "$here/make_synthetic.py" 700000 "$big"
echo "data: $(wc -l < "$data") lines ($(du -h "$data" | cut -f1)); load file: $(du -m "$big" | cut -f1) MB"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); load average $(cut -d' ' -f1-3 /proc/loadavg)"

# mean of the per-epoch seconds in a JSON list, skipping the first epoch
# (graph building, warm-up) when there are more than two
mean_epochs() { "$py" -c 'import json,sys; t=json.loads(sys.argv[1]); t=t[1:] if len(t)>2 else t; print(f"{sum(t)/len(t):.4f}")' "$1"; }
field() { "$py" -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

declare -A sec acc
only=${LEV_BENCH_ONLY:-all}   # all, train or csv
if [ "$only" != csv ]; then

# --- Leverage ---
"$cli" train "$data" --backend cpu --no-standardize --format json > "$work/lev.json" || exit 1
lev_times=$("$py" -c 'import json,sys; print(json.dumps([e["seconds"] for e in json.load(open(sys.argv[1]))["epochs"]]))' "$work/lev.json")
sec[leverage]=$(mean_epochs "$lev_times")
acc[leverage]=$(field "$work/lev.json" test_accuracy)

# --- the article's Keras program, unchanged, on TensorFlow-CPU ---
if has tensorflow; then
  (cd "$work" && cp "$here/keras_article.py" . &&
   CUDA_VISIBLE_DEVICES= TF_CPP_MIN_LOG_LEVEL=2 LEV_EPOCH_TIMES="$work/keras-times.json" \
   PYTHONPATH="$here/keras_timing" timeout "${LEV_BENCH_PEER_TIMEOUT:-1200}" "$py" keras_article.py > keras.out 2> keras.err)
  if [ -s "$work/keras-times.json" ] && grep -q '^Test accuracy:' "$work/keras.out"; then
    sec[keras]=$(mean_epochs "$(cat "$work/keras-times.json")")
    acc[keras]=$(sed -n 's/^Test accuracy: //p' "$work/keras.out")
  else
    echo "train.sh: the Keras program failed:"; tail -5 "$work/keras.err"
  fi
fi

# --- PyTorch (CPU) ---
if has torch; then
  if timeout "${LEV_BENCH_PEER_TIMEOUT:-1200}" "$py" "$here/torch_peer.py" "$data" > "$work/torch.json" 2> "$work/torch.err"; then
    sec[pytorch]=$(mean_epochs "$("$py" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["epoch_seconds"]))' "$work/torch.json")")
    acc[pytorch]=$(field "$work/torch.json" test_accuracy)
  else
    echo "train.sh: the PyTorch peer failed:"; tail -3 "$work/torch.err"
  fi
fi

# --- scikit-learn ---
if has sklearn; then
  if timeout "${LEV_BENCH_PEER_TIMEOUT:-1200}" "$py" "$here/sklearn_peer.py" "$data" > "$work/sklearn.json" 2> "$work/sklearn.err"; then
    sec[sklearn]=$(mean_epochs "$("$py" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["epoch_seconds"]))' "$work/sklearn.json")")
    acc[sklearn]=$(field "$work/sklearn.json" test_accuracy)
  else
    echo "train.sh: the scikit-learn peer failed:"; tail -3 "$work/sklearn.err"
  fi
fi

echo
echo "training, 100,000 × 30, 64-32-1, Adam, batch 32, 10 epochs (seconds per epoch, epochs 2-10)"
printf '  %-22s %12s %14s %14s\n' peer s/epoch "leverage ×" "test accuracy"
fastest=""
for p in leverage keras pytorch sklearn; do
  if [ -n "${sec[$p]:-}" ]; then
    ratio=$("$py" -c "print(f'{${sec[$p]} / ${sec[leverage]}:.1f}')")
    printf '  %-22s %12s %14s %14s\n' "$p" "${sec[$p]}" "$ratio" "${acc[$p]}"
    if [ "$p" != leverage ] && { [ -z "$fastest" ] || "$py" -c "import sys; sys.exit(0 if ${sec[$p]} < ${sec[$fastest]} else 1)"; }; then
      fastest=$p
    fi
  else
    printf '  %-22s %12s\n' "$p" "not installed / failed"
  fi
done
if [ -n "$fastest" ]; then
  echo "  fastest peer: $fastest; Leverage is $("$py" -c "print(f'{${sec[$fastest]} / ${sec[leverage]}:.1f}')")× faster per epoch (target ≥ 8×)"
fi
if [ -n "${acc[keras]:-}" ]; then
  echo "  accuracy, Leverage − Keras: $("$py" -c "print(f'{(${acc[leverage]} - ${acc[keras]}) * 100:+.2f}')") points (target within ±1)"
fi

fi

if [ "$only" != train ]; then
echo
echo "CSV load, $(du -m "$big" | cut -f1) MB numeric (best of 3)"
lev_load=$("$loader" "$big" 3) || exit 1
lev_s=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$lev_load")
lev_mem=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["peak_over_matrix"])' "$lev_load")
lev_cpu=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["cpu_seconds"])' "$lev_load")
pd_load=$("$py" "$here/pandas_load.py" "$big" 3)
pd_s=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["seconds"])' "$pd_load")
pd_cpu=$("$py" -c 'import json,sys; print(json.loads(sys.argv[1])["cpu_seconds"])' "$pd_load")
printf '  %-22s %10s %14s\n' "" "wall s" "CPU s (all threads)"
threads=$(nproc); [ "$threads" -le 4 ] || threads=4   # the reader's MAX_WORKERS
printf '  %-22s %10.3f %14.3f\n' "leverage ($threads threads)" "$lev_s" "$lev_cpu" "pandas.read_csv" "$pd_s" "$pd_cpu"
echo "  Leverage is $("$py" -c "print(f'{$pd_s / $lev_s:.2f}')")× faster in wall time (target ≥ 2.5×), $("$py" -c "print(f'{$pd_cpu / $lev_cpu:.2f}')")× less CPU time; its peak memory is ${lev_mem}× the float32 matrix (bound 1.3×)"
fi
[ -n "${LEV_BENCH_WORK:-}" ] || rm -rf "$work"
