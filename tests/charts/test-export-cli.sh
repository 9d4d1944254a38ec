#!/usr/bin/env bash
# test-export-cli.sh: `leverage-cli export` as a user runs it: chart names
# in --help, exit 2 on bad usage and bad files (naming the file), PNG
# sizes from --size and --scale, folders for "all", a multi-page PDF.
set -uo pipefail

cli=${LEVERAGE_CLI:?LEVERAGE_CLI is not set}
src=${LEVERAGE_SOURCE_DIR:?LEVERAGE_SOURCE_DIR is not set}
scenario=$src/data/scenarios/llm-startup-7b.json
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0

ok() { n=$((n + 1)); echo "ok $n $1"; }
fail() { n=$((n + 1)); failed=1; echo "not ok $n $1"; }

# expect STATUS NAME -- COMMAND…: runs it, checks the exit status.
expect() {
  local want=$1 name=$2
  shift 3
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" = "$want" ]; then ok "$name"; else
    fail "$name (exit $got, wanted $want)"; sed 's/^/# /' "$tmp/err"; fi
}

# PNG width and height from the IHDR chunk.
png_size() {
  local b
  b=($(od -An -tu1 -j16 -N8 "$1"))
  echo "$(( (b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3] ))x$(( (b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7] ))"
}

check_size() {
  local file=$1 want=$2 name=$3 got
  got=$(png_size "$file" 2>/dev/null)
  if [ "$got" = "$want" ]; then ok "$name"; else fail "$name (got $got, wanted $want)"; fi
}

expect 0 "export --help" -- "$cli" export --help
for chart in cost-by-area waterfall composition histogram exceedance tornado spend training; do
  if grep -q "^  $chart " "$tmp/out"; then ok "--help lists $chart"; else fail "--help lists $chart"; fi
done

expect 2 "no arguments" -- "$cli" export
expect 2 "no --out" -- "$cli" export "$scenario"
expect 2 "unknown chart" -- "$cli" export "$scenario" --chart pie --out "$tmp/x.png"
expect 2 "unknown format" -- "$cli" export "$scenario" --format gif --out "$tmp/x.gif"
expect 2 "unknown style" -- "$cli" export "$scenario" --style poster --out "$tmp/x.png"
expect 2 "unknown theme" -- "$cli" export "$scenario" --theme sepia --out "$tmp/x.png"
expect 2 "bad size" -- "$cli" export "$scenario" --size 1920 --out "$tmp/x.png"
expect 2 "size too small" -- "$cli" export "$scenario" --size 4x4 --out "$tmp/x.png"
expect 2 "image too large" -- "$cli" export "$scenario" --size 19000x19000 --scale 2 --out "$tmp/x.png"
expect 2 "bad scale" -- "$cli" export "$scenario" --scale -1 --out "$tmp/x.png"
expect 2 "a billion pixels" -- "$cli" export "$scenario" --size 4000x4000 --scale 8 --out "$tmp/x.png"
expect 2 "two files" -- "$cli" export "$scenario" "$scenario" --out "$tmp/x.png"
if [ ! -e "$tmp/x.png" ]; then ok "bad usage writes nothing"; else fail "bad usage writes nothing"; fi

expect 2 "missing scenario" -- "$cli" export "$tmp/none.json" --out "$tmp/x.png"
if grep -q "none.json" "$tmp/err"; then ok "error names the missing file"; else fail "error names the missing file"; fi
printf '{"format": "leverage-scenario", "version": 1, "name": ' >"$tmp/broken.json"
expect 2 "broken scenario" -- "$cli" export "$tmp/broken.json" --out "$tmp/x.png"
if grep -q "broken.json" "$tmp/err"; then ok "error names the broken file"; else fail "error names the broken file"; fi
expect 2 "a chart without data (no training run)" -- "$cli" export "$scenario" --chart training --out "$tmp/t.png"
expect 2 "no uncertain inputs, no histogram" -- "$cli" export "$src/data/scenarios/seed-example.json" --chart histogram --samples 500 --out "$tmp/h.png"
expect 2 "bad --samples" -- "$cli" export "$scenario" --samples -3 --out "$tmp/x.png"
expect 0 "simulation chart" -- "$cli" export "$scenario" --chart histogram --samples 2000 --scale 1 --out "$tmp/h.png"
check_size "$tmp/h.png" 1920x1080 "histogram at scale 1"

run_json=$src/tests/charts/data/lead-conversion-run.json
expect 0 "training chart from a run" -- "$cli" export "$scenario" --chart training --training "$run_json" --scale 1 --out "$tmp/t.png"
check_size "$tmp/t.png" 1920x1080 "training chart size"
expect 2 "broken training run" -- "$cli" export "$scenario" --chart training --training "$src/tests/charts/bad-runs/loss-string.json" --out "$tmp/t2.png"
if grep -q 'loss-string.json: \$.epochs\[0\].loss' "$tmp/err"; then ok "error names the run file and place"; else fail "error names the run file and place"; fi

expect 0 "one chart, defaults" -- "$cli" export "$scenario" --chart waterfall --out "$tmp/w.png"
check_size "$tmp/w.png" 3840x2160 "default: deck 1920x1080 at scale 2"
expect 0 "size and scale" -- "$cli" export "$scenario" --chart cost-by-area --size 800x450 --scale 1.5 --out "$tmp/c.png"
check_size "$tmp/c.png" 1200x675 "800x450 at 1.5"
expect 0 "screen, dark, transparent" -- "$cli" export "$scenario" --chart composition --style screen --theme dark --transparent --scale 1 --out "$tmp/d.png"
check_size "$tmp/d.png" 960x600 "screen default size"
expect 0 "svg from the extension" -- "$cli" export "$scenario" --chart spend --out "$tmp/s.svg"
if head -c 400 "$tmp/s.svg" | grep -q "<svg"; then ok "svg is SVG"; else fail "svg is SVG"; fi
expect 0 "pdf" -- "$cli" export "$scenario" --chart spend --format pdf --out "$tmp/s.pdf"
if head -c 5 "$tmp/s.pdf" | grep -q "%PDF-"; then ok "pdf is PDF"; else fail "pdf is PDF"; fi

expect 0 "all as PNG into a folder" -- "$cli" export "$scenario" --chart all --scale 1 --samples 2000 --out "$tmp/all"
count=$(ls "$tmp/all"/chart-*.png 2>/dev/null | wc -l)
# Seven: everything but the training curves.
if [ "$count" = 7 ]; then ok "all: $count PNG files"; else fail "all: $count PNG files, wanted 7"; fi
for chart in histogram exceedance tornado; do
  if [ -s "$tmp/all/chart-$chart.png" ]; then ok "all includes $chart"; else fail "all includes $chart"; fi
done
expect 0 "all without simulation" -- "$cli" export "$scenario" --no-simulation --format svg --out "$tmp/det"
det=$(ls "$tmp/det"/chart-*.svg 2>/dev/null | wc -l)
if [ "$det" = 4 ]; then ok "no simulation: 4 charts"; else fail "no simulation: $det charts, wanted 4"; fi
expect 0 "all as one PDF" -- "$cli" export "$scenario" --samples 2000 --out "$tmp/deck.pdf"
if command -v pdfinfo >/dev/null; then
  pages=$(pdfinfo "$tmp/deck.pdf" | sed -n 's/^Pages: *//p')
  if [ "$pages" = "$count" ]; then ok "deck appendix: one page per chart ($pages)"; else
    fail "deck appendix: $pages pages for $count charts"; fi
fi

echo "1..$n"
exit $failed
