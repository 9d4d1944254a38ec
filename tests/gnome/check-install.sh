#!/usr/bin/env bash
# check-install.sh: `meson install` into a DESTDIR puts every file where the
# desktop looks for it, under the configured prefix, named after the app id;
# the installed desktop file validates and the installed CLI finds its
# translations.
# Usage: check-install.sh BUILD_DIR PREFIX BINDIR DATADIR LOCALEDIR APP_ID BUILD_GUI   (TAP)
set -uo pipefail
build=${1:?} prefix=${2:?} bindir=${3:?} datadir=${4:?} localedir=${5:?} app_id=${6:?} gui=${7:?}
dest="$build/tests-gnome-destdir"
rm -rf "$dest"
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }
abs() { case "$1" in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
root="$dest$prefix"
bin="$dest$(abs "$bindir")"
share="$dest$(abs "$datadir")"
locale="$dest$(abs "$localedir")"

if out=$(meson install -C "$build" --destdir "$dest" --no-rebuild --quiet 2>&1); then
  ok "meson install --destdir"
else
  fail "meson install --destdir" "$out"
  echo "1..$n"; exit 1
fi

expected=(
  "$bin/leverage-cli"
  "$share/applications/$app_id.desktop"
  "$share/metainfo/$app_id.metainfo.xml"
  "$share/icons/hicolor/scalable/apps/$app_id.svg"
  "$share/icons/hicolor/symbolic/apps/$app_id-symbolic.svg"
  "$share/glib-2.0/schemas/io.github.leverage.Leverage.gschema.xml"
  "$locale/zh_CN/LC_MESSAGES/leverage.mo"
  "$share/leverage/scenarios/seed-example.json"
  "$share/leverage/scenarios/llm-startup-7b.json"
  "$share/leverage/scenarios/seed-example-zh.json"
)
[ "$gui" = true ] && expected+=("$bin/leverage")
for f in "${expected[@]}"; do
  if [ -s "$f" ]; then ok "installed ${f#"$dest"}"; else fail "missing ${f#"$dest"}"; fi
done
for f in "$bin/leverage-cli" ${gui/true/"$bin/leverage"}; do
  [ "$f" = false ] && continue
  if [ -x "$f" ]; then ok "${f#"$dest"} is executable"; else fail "${f#"$dest"} is not executable"; fi
done

# Nothing lands outside the prefix (a hard-coded /usr or /etc would).
outside=$(cd "$dest" && find . -type f | sed 's|^\.||' | grep -v "^$prefix/" || true)
if [ -z "$outside" ]; then ok "every installed file is under $prefix"
else fail "files installed outside $prefix" $outside; fi

# The installed files are still valid after installation, and the desktop
# file starts the binary that was installed beside it.
desktop="$share/applications/$app_id.desktop"
if command -v desktop-file-validate >/dev/null; then
  if out=$(desktop-file-validate "$desktop" 2>&1) && ! echo "$out" | grep -q 'error:'; then
    ok "installed desktop file validates"
  else fail "installed desktop file validates" "$out"; fi
fi
exec_line=$(grep '^Exec=' "$desktop" | head -1)
if [ "$gui" = true ]; then
  if [ "$exec_line" = "Exec=$(abs "$bindir")/leverage %F" ]; then ok "desktop file runs the installed leverage: $exec_line"
  else fail "desktop file Exec is $exec_line, expected $(abs "$bindir")/leverage %F"; fi
fi
if grep -q "^Icon=$app_id\$" "$desktop"; then ok "desktop file icon is the app id"
else fail "desktop file icon" "$(grep '^Icon=' "$desktop")"; fi
if grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$share/metainfo/$app_id.metainfo.xml"; then
  ok "metainfo launches $app_id.desktop"
else fail "metainfo launchable does not name $app_id.desktop"; fi
if grep -q '^Name\[zh_CN\]=' "$desktop" && grep -q 'xml:lang="zh_CN"' "$share/metainfo/$app_id.metainfo.xml"; then
  ok "installed desktop file and metainfo carry the zh_CN translation"
else fail "installed desktop file or metainfo lacks zh_CN"; fi

# The installed .mo is the one the installed CLI reads in a Chinese locale.
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  out=$(LEVERAGE_LOCALEDIR="$locale" LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 \
        "$bin/leverage-cli" report "$share/leverage/scenarios/seed-example-zh.json" 2>&1)
  if echo "$out" | grep -q '数据获取' && echo "$out" | grep -q '万'; then
    ok "installed leverage-cli reports in Chinese with the installed .mo"
  else fail "installed leverage-cli in zh_CN" "$out"; fi
else
  n=$((n + 1)); echo "ok $n - # SKIP no zh_CN.UTF-8 locale on this machine"
fi

rm -rf "$dest"
echo "1..$n"
exit $failed
