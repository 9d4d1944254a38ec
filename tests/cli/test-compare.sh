#!/usr/bin/env bash
# test-compare.sh: `leverage-cli compare` as a user runs it. The paired
# difference is checked against numpy on the samples `simulate
# --samples-out` writes for each plan with the same seed (an independent
# engine run and an independent computation of the statistics); a plan
# against itself and against a dearer copy; the refusals. Prints TAP.
set -u
cli=${LEVERAGE_CLI:?}
src=${LEVERAGE_SOURCE_DIR:?}
py=/usr/bin/python3
plan="$src/data/scenarios/llm-startup-7b.json"
n=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; [ -n "${2:-}" ] && echo "# $2"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1" "${3:-}"; fi; }

# Variants of the sample plan, as a founder would make them: B moves the
# pre-training run to a shared enterprise cluster at another hourly
# price, widens the crawl's range and adds an item; "dear" costs 10% more
# in every price; "usd" is the same plan in dollars.
"$py" - "$plan" "$tmp" <<'PY'
import json, sys
src, tmp = sys.argv[1], sys.argv[2]
d = json.load(open(src))
b = json.loads(json.dumps(d))
b["name"] = "7B start-up, shared cluster"
items = {i["id"]: i for a in b["areas"].values() for i in a["items"]}
items["compute-pretrain"]["channel"] = "enterprise_share"
b["areas"]["compute"]["plan"]["price_per_hour"] = {"dist": "lognormal", "low": 12, "high": 30}
items["data-web-crawl"]["cost"]["amount"] = {"dist": "triangular", "min": 400000, "mode": 800000, "max": 1400000}
b["areas"]["market"]["items"].append({"id": "market-events", "name": "Industry events", "channel": "purchase",
    "cost": {"form": "amount", "amount": {"dist": "uniform", "min": 100000, "max": 300000}},
    "timing": {"start_month": 2, "schedule": "once"}})
json.dump(b, open(tmp + "/b.json", "w"), ensure_ascii=False)

def scale(x, f):
    if isinstance(x, (int, float)):
        return x * f
    y = dict(x)
    for k in ("value", "min", "mode", "max", "mean", "sd", "low", "high"):
        if k in y:
            y[k] = y[k] * f
    return y
dear = json.loads(json.dumps(d))
for a in dear["areas"].values():
    for i in a["items"]:
        for k in ("amount", "unit_price"):
            if k in i["cost"]:
                i["cost"][k] = scale(i["cost"][k], 1.1)
        if "baseline" in i:
            i["baseline"] = scale(i["baseline"], 1.1)
json.dump(dear, open(tmp + "/dear.json", "w"), ensure_ascii=False)
usd = json.loads(json.dumps(d))
usd["currency"] = "USD"
json.dump(usd, open(tmp + "/usd.json", "w"), ensure_ascii=False)
PY
check "variants written" "[ -s '$tmp/b.json' ] && [ -s '$tmp/dear.json' ]"

# The paired difference against numpy, from each plan's own simulation.
"$cli" compare "$plan" "$tmp/b.json" --samples 40000 --seed 7 --format json >"$tmp/cmp.json" 2>"$tmp/err"
check "compare A B --format json exits 0" "[ $? = 0 ]" "$(cat "$tmp/err")"
"$cli" simulate "$plan" --samples 40000 --seed 7 --samples-out "$tmp/a.csv" --format json >/dev/null 2>"$tmp/err"
check "simulate A --samples-out exits 0" "[ $? = 0 ]" "$(cat "$tmp/err")"
"$cli" simulate "$tmp/b.json" --samples 40000 --seed 7 --samples-out "$tmp/b.csv" --format json >/dev/null 2>"$tmp/err"
check "simulate B --samples-out exits 0" "[ $? = 0 ]" "$(cat "$tmp/err")"
"$py" - "$tmp" <<'PY' >"$tmp/py.out" 2>&1
import json, sys
import numpy as np
tmp = sys.argv[1]
c = json.load(open(tmp + "/cmp.json"))
def col(f):
    with open(f) as fh:
        head = fh.readline().strip().split(",")
    return np.loadtxt(f, delimiter=",", skiprows=1, usecols=head.index("leveraged"))
a, b = col(tmp + "/a.csv"), col(tmp + "/b.csv")
assert len(a) == len(b) == c["samples"] == 40000
d = b - a
pair = c["pairs"][0]
assert (pair["a"], pair["b"]) == (0, 1)
want = {"mean": d.mean(), "p10": np.percentile(d, 10), "p50": np.percentile(d, 50), "p90": np.percentile(d, 90)}
for k, v in want.items():
    got = pair["difference"][k]
    assert abs(got - v) <= 1e-6 * max(1.0, abs(v)), (k, got, v)
p = float(np.mean(a < b))
assert pair["p_a_cheaper"] == p, (pair["p_a_cheaper"], p)
assert 0.05 < p < 0.95, p
for i, x in enumerate((a, b)):
    pl = c["plans"][i]
    assert abs(pl["leveraged"]["p50"] - np.percentile(x, 50)) <= 1e-6 * np.percentile(x, 50)
# Common random numbers matter: the same two plans drawn apart (B's
# samples shuffled) spread the difference far wider.
rng = np.random.default_rng(1)
assert np.std(b[rng.permutation(len(b))] - a) > 3 * np.std(d), (np.std(d),)
items = {i["id"]: i for i in pair["items"]}
assert items["compute-pretrain"]["change"] == "changed"
assert [f["field"] for f in items["compute-pretrain"]["fields"]] == ["channel"]
assert items["compute-pretrain"]["fields"][0]["before"] == "cloud"
assert items["compute-pretrain"]["fields"][0]["after"] == "enterprise_share"
assert items["market-events"]["change"] == "added" and items["market-events"]["cost_before"] is None
assert items["data-web-crawl"]["fields"][0]["field"] == "amount"
assert items["plan"]["fields"][0]["field"] == "price_per_hour"
print("numpy agrees: mean %.1f p50 %.1f p_a_cheaper %.4f" % (want["mean"], want["p50"], p))
PY
check "paired difference and p_a_cheaper equal numpy's on simulate --samples-out" "[ $? = 0 ]" "$(tr '\n' ' ' <"$tmp/py.out")"

# A plan against itself: nothing differs, in any sample.
"$cli" compare "$plan" "$plan" --samples 20000 --format json >"$tmp/self.json" 2>"$tmp/err"
"$py" - "$tmp/self.json" <<'PY' >"$tmp/py.out" 2>&1
import json, sys
c = json.load(open(sys.argv[1]))
p = c["pairs"][0]
assert p["p_a_cheaper"] == 0, p
assert all(p["difference"][k] == 0 for k in ("mean", "p10", "p50", "p90")), p
assert p["items"] == [], p["items"]
assert c["plans"][0]["leveraged"] == c["plans"][1]["leveraged"]
PY
check "a plan against itself: difference 0, p_a_cheaper 0" "[ $? = 0 ]" "$(tr '\n' ' ' <"$tmp/py.out")"

# Against a copy with every price 10% higher: A is cheaper in every sample.
"$cli" compare "$plan" "$tmp/dear.json" --samples 20000 --format csv >"$tmp/dear.csv" 2>"$tmp/err"
check "a plan against a dearer copy: p_a_cheaper 1" "grep -qx 'pair0-1,p_a_cheaper,1' '$tmp/dear.csv'" "$(grep p_a_cheaper "$tmp/dear.csv")"

# Threads do not change a byte; three and four plans give every pair.
"$cli" compare "$plan" "$tmp/b.json" "$tmp/dear.json" --samples 20000 --threads 1 --format json >"$tmp/t1.json"
"$cli" compare "$plan" "$tmp/b.json" "$tmp/dear.json" --samples 20000 --threads 3 --format json >"$tmp/t3.json"
check "--threads 1 and 3 print the same bytes" "cmp -s '$tmp/t1.json' '$tmp/t3.json'"
check "three plans give three pairs" \
  "$py -c 'import json,sys; c=json.load(open(sys.argv[1])); assert [(p[\"a\"],p[\"b\"]) for p in c[\"pairs\"]]==[(0,1),(0,2),(1,2)]' '$tmp/t1.json'"

# Text, in English and Chinese.
LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" compare "$plan" "$tmp/b.json" --samples 5000 >"$tmp/c.txt" 2>&1
check "text names both plans and says how often A costs less" \
  "grep -q 'A costs less than B in' '$tmp/c.txt' && grep -q 'shared cluster' '$tmp/c.txt' && grep -q 'channel cloud → enterprise_share' '$tmp/c.txt'" "$(head -c 600 "$tmp/c.txt")"
LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$cli" compare "$plan" "$tmp/b.json" --samples 5000 >"$tmp/zh.txt" 2>&1
check "zh_CN text is in Chinese with 万" "grep -q '便宜' '$tmp/zh.txt' && grep -q '万' '$tmp/zh.txt'" "$(head -c 600 "$tmp/zh.txt")"

# --charts writes the four comparison charts as deck PNGs.
"$cli" compare "$plan" "$tmp/b.json" --samples 5000 --charts "$tmp/charts" >/dev/null 2>"$tmp/err"
check "--charts writes four deck PNGs" \
  "[ \$(ls '$tmp/charts'/compare-*.png 2>/dev/null | wc -l) = 4 ] && $py -c 'import struct,sys; d=open(sys.argv[1],\"rb\").read(24); assert d[:8]==b\"\\x89PNG\\r\\n\\x1a\\n\" and struct.unpack(\">II\", d[16:24])==(1920,1080)' '$tmp/charts/compare-difference.png'" \
  "$(cat "$tmp/err"; ls "$tmp/charts" 2>&1)"

check "--charts writes the deck appendix, one page per chart" \
  "$py -c 'import re,sys; d=open(sys.argv[1],\"rb\").read(); assert d[:4]==b\"%PDF\"; assert len(re.findall(rb\"/Type\\s*/Page[^s]\", d))==4' '$tmp/charts/compare.pdf'"

# Refusals: exit 2 and a message that names the files.
"$cli" compare "$plan" "$tmp/usd.json" >/dev/null 2>"$tmp/err"
status=$?
check "different currencies: exit 2 naming both files" \
  "[ $status = 2 ] && grep -qF '$plan' '$tmp/err' && grep -qF '$tmp/usd.json' '$tmp/err'" "status $status: $(cat "$tmp/err")"
printf '{"format": "leverage-scenario", "version": 1, ' >"$tmp/broken.json"
"$cli" compare "$plan" "$tmp/broken.json" >/dev/null 2>"$tmp/err"
status=$?
check "a file that fails to load: exit 2 naming it" \
  "[ $status = 2 ] && grep -qF '$tmp/broken.json' '$tmp/err'" "status $status: $(cat "$tmp/err")"
"$cli" compare "$plan" "$tmp/missing.json" >/dev/null 2>"$tmp/err"
status=$?
check "a missing file: a non-zero exit naming it" \
  "[ $status != 0 ] && grep -qF '$tmp/missing.json' '$tmp/err'" "status $status: $(cat "$tmp/err")"
"$cli" compare "$plan" "$plan" "$plan" "$plan" "$plan" >/dev/null 2>"$tmp/err"
status=$?
check "five plans: usage error, exit 2" "[ $status = 2 ] && grep -q '2 to 4' '$tmp/err'" "status $status: $(cat "$tmp/err")"
"$cli" compare "$plan" >/dev/null 2>"$tmp/err"
status=$?
check "one plan: usage error, exit 2" "[ $status = 2 ]" "status $status"
"$cli" compare "$plan" "$plan" --samples -3 >/dev/null 2>"$tmp/err"
status=$?
check "negative --samples: exit 2" "[ $status = 2 ]" "status $status"

echo "1..$n"
[ "$failed" = 0 ]
