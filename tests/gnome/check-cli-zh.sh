#!/usr/bin/env bash
# check-cli-zh.sh: an uninstalled leverage-cli speaks Chinese in a Chinese
# locale (through LEVERAGE_LOCALEDIR and the build tree's .mo), with amounts
# in 万, and stays English in the C locale.
# Usage: check-cli-zh.sh CLI BUILD_DIR SOURCE_DIR   (TAP)
set -uo pipefail
cli=${1:?} build=${2:?} src=${3:?}
seed="$src/data/scenarios/seed-example.json"
seed_zh="$src/data/scenarios/seed-example-zh.json"
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  echo "1..0 # SKIP no zh_CN.UTF-8 locale (build-aux/dev deps generates it)"
  exit 0
fi
zh() { LEVERAGE_LOCALEDIR="$build/po" LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$@"; }

out=$(zh "$cli" report "$seed_zh" 2>&1); rc=$?
[ $rc = 0 ] && ok "report in zh_CN exits 0" || fail "report in zh_CN exits $rc" "$out"
# The seed example: leveraged 1300万, baseline 1450万, social advantage 150万.
for want in 数据获取 计算资源 人才资源 市场环境 合计 自给基准 借力后 节省 '1300万元' '1450万元' '150万元'; do
  if echo "$out" | grep -qF "$want"; then ok "zh_CN report shows $want"
  else fail "zh_CN report lacks $want" "$out"; fi
done
# With the Chinese copy of the seed example nothing English is left but
# currency codes and units.
english=$(echo "$out" | grep -oE '[A-Za-z]{3,}' | grep -vxE 'CNY|TPU|FLOPs' | sort -u | tr '\n' ' ')
if [ -z "$english" ]; then ok "zh_CN report has no English words"
else fail "zh_CN report still has English: $english" "$out"; fi
# The same numbers as the English seed example, whatever the language.
numbers() { zh "$cli" report --format json "$1" | grep -oE '"(baseline|leveraged|savings)" *: *[0-9.e+-]+'; }
zh_numbers=$(numbers "$seed_zh") en_numbers=$(numbers "$seed")
if [ -n "$zh_numbers" ] && [ "$zh_numbers" = "$en_numbers" ]; then
  ok "the Chinese seed example has the English one's numbers ($(echo "$zh_numbers" | wc -l) amounts)"
else fail "seed-example-zh.json and seed-example.json differ in their numbers" "$zh_numbers" "--" "$en_numbers"; fi

out=$(zh "$cli" --help 2>&1)
if echo "$out" | grep -q '用法'; then ok "zh_CN --help is translated"; else fail "zh_CN --help" "$out"; fi

out=$(LEVERAGE_LOCALEDIR="$build/po" LANGUAGE= LANG=C.UTF-8 LC_ALL=C.UTF-8 "$cli" report "$seed" 2>&1)
if echo "$out" | grep -q 'Data acquisition' && ! echo "$out" | grep -q '万'; then
  ok "C locale report stays English, without 万"
else fail "C locale report" "$out"; fi
echo "1..$n"
exit $failed
