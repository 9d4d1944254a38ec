#!/usr/bin/env bash
# test-save-cli.sh: every file leverage-cli writes goes through one save
# (src/core/lev-file.c): a failed save (a full disk) leaves the old file
# whole and no new or temporary file; a FIFO, a device node or a folder is
# refused, a symbolic link is written through; a failed write exits 1.
# The full disk is a small tmpfs this test mounts (root only; those checks
# are skipped elsewhere). Prints TAP.
set -u
cli=${LEVERAGE_CLI:?}
src=${LEVERAGE_SOURCE_DIR:?}
scenario="$src/data/scenarios/llm-startup-7b.json"
dataset="$src/data/datasets/lead-conversion.csv"
n=0
failed=0
tmp=$(mktemp -d)
mnt="$tmp/full"
mounted=0
cleanup() {
  [ $mounted = 1 ] && umount "$mnt"
  rm -rf "$tmp"
}
trap cleanup EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "# $2" | head -c 600; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }
# The names in a folder, hidden ones too, on one line.
names() { (cd "$1" && LC_ALL=C ls -A | tr '\n' ' ' | sed 's/ $//'); }

# A model to predict with.
"$cli" train "$dataset" --epochs 1 --backend cpu --save "$tmp/m.json" >/dev/null 2>"$tmp/err"
check "train --save to a plain file exits 0" "[ $? = 0 ]" "$(cat "$tmp/err")"

# --- Targets that are not regular files --------------------------------
mkfifo "$tmp/pred.fifo"
timeout 60 "$cli" predict "$tmp/m.json" "$dataset" --backend cpu --out "$tmp/pred.fifo" >/dev/null 2>"$tmp/err"
status=$?
check "predict --out FIFO exits 1, naming it" "[ $status = 1 ] && grep -q 'pred.fifo' '$tmp/err'" \
  "status $status: $(cat "$tmp/err")"
check "... and the FIFO is still a FIFO" "[ -p '$tmp/pred.fifo' ]"

mkfifo "$tmp/model.fifo"
timeout 60 "$cli" train "$dataset" --epochs 1 --backend cpu --save "$tmp/model.fifo" >/dev/null 2>"$tmp/err"
status=$?
check "train --save FIFO exits 1" "[ $status = 1 ] && grep -q 'model.fifo' '$tmp/err'" \
  "status $status: $(cat "$tmp/err")"
check "... the FIFO stays, and no weights were written for it" \
  "[ -p '$tmp/model.fifo' ] && ! ls '$tmp' | grep -q '^model\.fifo\..*safetensors'" "$(names "$tmp")"

# A device node: /dev/null's numbers, made here (never the real one).
if mknod "$tmp/null" c 1 3 2>/dev/null; then
  "$cli" predict "$tmp/m.json" "$dataset" --backend cpu --out "$tmp/null" >/dev/null 2>"$tmp/err"
  status=$?
  check "predict --out a device node exits 1" "[ $status = 1 ]" "status $status: $(cat "$tmp/err")"
  check "... and it is still a device node" "[ -c '$tmp/null' ]"
else
  skip "predict --out a device node" "mknod not permitted"
  skip "... and it is still a device node" "mknod not permitted"
fi

# A symbolic link is written through and stays a link.
mkdir "$tmp/real"
echo old >"$tmp/real/pred.csv"
ln -s real/pred.csv "$tmp/pred-link.csv"
"$cli" predict "$tmp/m.json" "$dataset" --backend cpu --out "$tmp/pred-link.csv" >/dev/null 2>"$tmp/err"
status=$?
check "predict --out a symlink exits 0" "[ $status = 0 ]" "status $status: $(cat "$tmp/err")"
check "... the link stays a link and its target has the predictions" \
  "[ -L '$tmp/pred-link.csv' ] && [ \$(wc -l <'$tmp/real/pred.csv') = 5001 ]"

echo '{}' >"$tmp/real/m.json"
ln -s real/m.json "$tmp/m-link.json"
"$cli" train "$dataset" --epochs 1 --backend cpu --save "$tmp/m-link.json" >/dev/null 2>"$tmp/err"
status=$?
check "train --save a symlink exits 0" "[ $status = 0 ]" "status $status: $(cat "$tmp/err")"
check "... the link stays a link and the model loads through it" \
  "[ -L '$tmp/m-link.json' ] && grep -q leverage-model '$tmp/real/m.json' && \
   '$cli' predict '$tmp/m-link.json' '$dataset' --backend cpu >/dev/null 2>&1"

mkdir "$tmp/samples-dir"
"$cli" simulate "$scenario" --samples 100 --samples-out "$tmp/samples-dir" >/dev/null 2>"$tmp/err"
status=$?
check "simulate --samples-out a folder exits 1" "[ $status = 1 ] && [ -d '$tmp/samples-dir' ]" \
  "status $status: $(cat "$tmp/err")"

# --- A full disk --------------------------------------------------------
mkdir "$mnt"
if ! mount -t tmpfs -o size=256k tmpfs "$mnt" 2>/dev/null; then
  for t in "simulate --samples-out" "export to an existing PNG" "export to a new PNG" \
           "export a new PDF deck" "train --save"; do
    skip "$t on a full disk" "cannot mount a tmpfs"
  done
  echo "1..$n"
  exit 0
fi
mounted=1

# The old samples: 100 rows. The new ones (20,000 rows, megabytes) do not fit.
"$cli" simulate "$scenario" --samples 100 --samples-out "$mnt/samples.csv" >/dev/null 2>"$tmp/err"
check "simulate --samples-out fits at first" "[ $? = 0 ]" "$(cat "$tmp/err")"
cp "$mnt/samples.csv" "$tmp/samples.old"
"$cli" simulate "$scenario" --samples 20000 --samples-out "$mnt/samples.csv" >/dev/null 2>"$tmp/err"
status=$?
check "simulate --samples-out on a full disk exits 1, naming the file" \
  "[ $status = 1 ] && grep -q 'samples.csv' '$tmp/err'" "status $status: $(cat "$tmp/err")"
check "... the old samples are whole and nothing else is left" \
  "cmp -s '$mnt/samples.csv' '$tmp/samples.old' && [ \"\$(names '$mnt')\" = samples.csv ]" \
  "$(names "$mnt"); $(tail -c 100 "$mnt/samples.csv")"

# Fill the disk up to 8 KiB, then export charts far larger than that.
rm -f "$mnt/samples.csv"
echo "old png" >"$mnt/old.png"
head -c $((240 * 1024)) /dev/zero >"$mnt/filler" 2>/dev/null
"$cli" export "$scenario" --chart cost-by-area --out "$mnt/old.png" --scale 2 >/dev/null 2>"$tmp/err"
status=$?
check "export to an existing PNG on a full disk exits 1" "[ $status = 1 ]" "status $status: $(cat "$tmp/err")"
check "... the old PNG is untouched" "[ \"\$(cat '$mnt/old.png')\" = 'old png' ]"
"$cli" export "$scenario" --chart cost-by-area --out "$mnt/new.png" --scale 2 >/dev/null 2>"$tmp/err"
status=$?
check "export to a new PNG on a full disk exits 1" "[ $status = 1 ]" "status $status: $(cat "$tmp/err")"
check "... and leaves no file under the final name" "[ ! -e '$mnt/new.png' ]"
"$cli" export "$scenario" --chart all --format pdf --out "$mnt/deck.pdf" >/dev/null 2>"$tmp/err"
status=$?
check "export a new PDF deck on a full disk exits 1, and leaves no file" \
  "[ $status = 1 ] && [ ! -e '$mnt/deck.pdf' ]" "status $status: $(cat "$tmp/err")"

# A model's weights do not fit either: the old model stays whole.
rm -f "$mnt/filler" "$mnt/old.png"
"$cli" train "$dataset" --epochs 1 --backend cpu --layers 4 --save "$mnt/m.json" >/dev/null 2>"$tmp/err"
check "train --save a small model fits at first" "[ $? = 0 ]" "$(cat "$tmp/err")"
before=$(names "$mnt")
cp "$mnt/m.json" "$tmp/m.old"
head -c $((240 * 1024)) /dev/zero >"$mnt/filler" 2>/dev/null
"$cli" train "$dataset" --epochs 1 --backend cpu --layers 256,256 --save "$mnt/m.json" >/dev/null 2>"$tmp/err"
status=$?
check "train --save on a full disk exits 1" "[ $status = 1 ]" "status $status: $(cat "$tmp/err")"
rm -f "$mnt/filler"
check "... the old model is untouched and still loads, nothing else is left" \
  "cmp -s '$mnt/m.json' '$tmp/m.old' && [ \"\$(names '$mnt')\" = \"$before\" ] && \
   '$cli' predict '$mnt/m.json' '$dataset' --backend cpu >/dev/null 2>&1" "$before -> $(names "$mnt")"

echo "1..$n"
[ $failed = 0 ]
