#!/usr/bin/env bash
# test-cli.sh: leverage-cli as a user runs it: numbers, locales, exit
# statuses and messages. Prints TAP.
set -u
cli=${LEVERAGE_CLI:?}
src=${LEVERAGE_SOURCE_DIR:?}
py=/usr/bin/python3
seed="$src/data/scenarios/seed-example.json"
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "# $2"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# The seed example's numbers in JSON.
"$cli" report "$seed" --format json >"$tmp/seed.json" 2>"$tmp/err"
check "report --format json exits 0" "[ $? = 0 ]" "$(cat "$tmp/err")"
"$py" - "$tmp/seed.json" <<'PY' >"$tmp/py.out" 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["scenario"] == "The article's worked example", r["scenario"]
assert r["currency"] == "CNY"
t = r["totals"]
assert (t["baseline"], t["leveraged"], t["savings"]) == (14500000, 13000000, 1500000), t
a = r["areas"]
assert (a["compute"]["baseline"], a["compute"]["leveraged"], a["compute"]["savings"]) == (5000000, 3500000, 1500000)
assert a["data"]["leveraged"] == 1000000 and a["data"]["baseline"] == 1000000
assert a["talent"]["leveraged"] == 7000000 and a["market"]["leveraged"] == 1500000
assert sum(len(a[k]["items"]) for k in a) == 10
for k in a:
    s = sum(i["leveraged"] for i in a[k]["items"])
    assert s == a[k]["leveraged"], (k, s)
PY
check "report json has the seed example's totals and areas" "[ $? = 0 ]" "$(tr '\n' ' ' <"$tmp/py.out")"

# Text in Chinese uses 万; elsewhere thousands separators.
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$cli" report "$seed" >"$tmp/zh.txt" 2>&1
check "zh_CN text report shows 1300万 and 1450万" "grep -q '1300万' '$tmp/zh.txt' && grep -q '1450万' '$tmp/zh.txt' && grep -q '150万' '$tmp/zh.txt'" "$(head -c 400 "$tmp/zh.txt")"
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" report "$seed" >"$tmp/c.txt" 2>&1
check "C text report shows ¥13,000,000" "grep -q '¥13,000,000' '$tmp/c.txt' && grep -q '¥14,500,000' '$tmp/c.txt'"

"$cli" report "$seed" --format csv >"$tmp/seed.csv"
check "report csv ends with the totals" "grep -qx 'total,,(total),,,14500000,13000000,1500000' '$tmp/seed.csv'"

# Valid samples validate.
for f in "$src"/data/scenarios/*.json; do
  "$cli" validate "$f" >/dev/null 2>&1
  check "validate $(basename "$f") exits 0" "[ $? = 0 ]"
done

# Every broken scenario: exit 2, and the message names the file and the place.
while IFS=$'\t' read -r file code place; do
  case "$file" in '#'*|'') continue ;; esac
  "$cli" validate "$src/tests/data/bad-scenarios/$file" >/dev/null 2>"$tmp/err"
  status=$?
  check "validate bad-scenarios/$file exits 2 naming the place ($code)" \
    "[ $status = 2 ] && grep -qF -- '$src/tests/data/bad-scenarios/$file' '$tmp/err' && grep -qF -- '$place' '$tmp/err'" \
    "status $status: $(head -c 300 "$tmp/err")"
done <"$src/tests/data/bad-scenarios/EXPECTED"

"$cli" validate "$src/tests/data/bad-scenarios/future-version.json" --format json >"$tmp/v.json" 2>/dev/null
check "validate --format json reports the error" "[ $? = 2 ] && grep -q '\"valid\" : false' '$tmp/v.json'"

# Usage errors and help.
"$cli" >/dev/null 2>&1; check "no command exits 2" "[ $? = 2 ]"
"$cli" frobnicate >/dev/null 2>&1; check "unknown command exits 2" "[ $? = 2 ]"
"$cli" report "$seed" --format xml >/dev/null 2>"$tmp/err"; check "unknown format exits 2" "[ $? = 2 ] && grep -q xml '$tmp/err'"
"$cli" report >/dev/null 2>&1; check "report without FILE exits 2" "[ $? = 2 ]"
"$cli" report "$tmp/missing.json" >/dev/null 2>"$tmp/err"; check "missing file exits 2 naming it" "[ $? = 2 ] && grep -q 'missing.json' '$tmp/err'"
# Options: 0 is refused where it means nothing (no samples, column 0) rather
# than read as "the default"; --threads 0 is one per processor, as the help
# says, and gives the same bytes as any other count. (--samples 0, train
# --seed -1, --label-index 0 and --label with --label-index were accepted.)
usage() { # NAME EXPECTED-TEXT ARGS...
  local name=$1 text=$2; shift 2
  "$cli" "$@" >/dev/null 2>"$tmp/err"
  check "$name exits 2 naming the option" "[ $? = 2 ] && grep -qF -- '$text' '$tmp/err'" "$(head -c 300 "$tmp/err")"
}
printf 'label,x,y\n0,1,1\n1,2,0\n0,3,1\n1,4,0\n0,5,1\n1,6,0\n' >"$tmp/l.csv"
usage "simulate --samples 0" "--samples must be between 1" simulate "$seed" --samples 0
usage "simulate --samples -1" "--samples must be between 1" simulate "$seed" --samples -1
usage "sensitivity --samples 0" "--samples must be between 1" sensitivity "$seed" --samples 0
usage "export --samples 0" "--samples must be between 1" export "$seed" --samples 0 --out "$tmp"
usage "compare --samples 0" "--samples must be between 1" compare "$seed" "$seed" --samples 0
usage "compare --threads -1" "--threads must be between 0" compare "$seed" "$seed" --threads -1
usage "simulate --threads -1" "--threads must be between 0" simulate "$seed" --threads -1
usage "simulate --seed -1" "--seed" simulate "$seed" --seed -1
usage "train --seed -1" "--seed must be a whole number" train "$tmp/l.csv" --seed -1 --epochs 1
usage "train --label-index 0" "--label-index counts from 1" train "$tmp/l.csv" --label-index 0 --epochs 1
usage "train --label with --label-index" "--label and --label-index" train "$tmp/l.csv" --label y --label-index 1 --epochs 1
"$cli" simulate "$seed" --samples 2000 --threads 0 --format json >"$tmp/t0.json" 2>"$tmp/err"
s0=$?
"$cli" simulate "$seed" --samples 2000 --threads 3 --format json >"$tmp/t3.json" 2>>"$tmp/err"
check "simulate --threads 0 is one per processor, same bytes as --threads 3" \
  "[ $s0 = 0 ] && [ $? = 0 ] && cmp -s '$tmp/t0.json' '$tmp/t3.json'" "$(head -c 300 "$tmp/err")"

"$cli" --help >"$tmp/help" 2>&1; check "--help exits 0 and lists commands" "[ $? = 0 ] && grep -q report '$tmp/help' && grep -q validate '$tmp/help'"
for c in $(sed -n 's/^  \([a-z-]*\)  .*/\1/p' "$tmp/help"); do
  "$cli" "$c" --help >"$tmp/h" 2>&1
  check "$c --help exits 0 with usage" "[ $? = 0 ] && grep -qi 'usage' '$tmp/h'"
done

echo "1..$n"
[ $failed = 0 ]
