#!/usr/bin/env bash
# check-po.sh: the translations are complete and the file list behind them is
# too. Fails when a file that marks strings is missing from po/POTFILES.in,
# when POTFILES.in names a file that is gone, when zh_CN.po lacks a string of
# today's sources, or when a format directive of a translation is wrong.
# Usage: check-po.sh SOURCE_DIR   (TAP output)
set -uo pipefail
src=${1:?usage: check-po.sh SOURCE_DIR}
cd "$src" || exit 1
for tool in msgfmt xgettext msgmerge; do
  command -v "$tool" >/dev/null || { echo "1..0 # SKIP $tool is not installed"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0 failed=0
ok()   { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; shift; printf '%s\n' "$@" | sed 's/^/# /'; }

listed=$(grep -v '^[[:space:]]*#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | sort -u)

# 1. Every listed file exists.
missing=()
for f in $listed; do [ -f "$f" ] || missing+=("$f"); done
if [ ${#missing[@]} -eq 0 ]; then ok "every file in po/POTFILES.in exists"
else fail "po/POTFILES.in names files that do not exist" "${missing[@]}"; fi

# 2. Every file that marks strings is listed. The patterns are the keywords
# of meson's glib preset and GtkBuilder's translatable attribute; desktop,
# metainfo and schema files are translatable by their kind.
marking=$( { grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext|g_dpgettext2|g_dcgettext) ?\("|translatable="yes"' \
               --include='*.c' --include='*.h' --include='*.ui' src ui 2>/dev/null
             ls data/*.desktop.in.in data/*.metainfo.xml.in.in data/*.gschema.xml 2>/dev/null; } | sort -u)
unlisted=$(comm -23 <(echo "$marking") <(echo "$listed"))
if [ -z "$unlisted" ]; then ok "every file with translatable strings is in po/POTFILES.in"
else fail "files with translatable strings missing from po/POTFILES.in" $unlisted; fi

# 3. Each language in LINGUAS has a .po that msgfmt accepts with --check
# (header, plural forms, and every c-format translation's directives).
while read -r lang; do
  case "$lang" in ''|\#*) continue ;; esac
  if out=$(msgfmt --check --statistics -o "$tmp/$lang.mo" "po/$lang.po" 2>&1); then
    ok "msgfmt --check po/$lang.po: $out"
  else
    fail "msgfmt --check po/$lang.po" "$out"
  fi
done < po/LINGUAS

# 4. A fresh template from today's sources, with the same keywords as meson's
# glib preset, is fully translated by zh_CN.po: nothing untranslated or fuzzy.
if xgettext --from-code=UTF-8 --add-comments --keyword=_ --keyword=N_ --keyword=C_:1c,2 \
     --keyword=NC_:1c,2 --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
     --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
     --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
     --flag=g_strdup_printf:1:c-format --flag=g_string_printf:2:c-format \
     --flag=g_string_append_printf:2:c-format --flag=g_error_new:3:c-format \
     --flag=g_set_error:4:c-format --flag=g_print:1:c-format --flag=g_printerr:1:c-format \
     --files-from=po/POTFILES.in -o "$tmp/leverage.pot" 2>"$tmp/xgettext.err"; then
  ok "xgettext extracts a template from po/POTFILES.in ($(grep -c '^msgid ' "$tmp/leverage.pot") entries)"
else
  fail "xgettext on po/POTFILES.in" "$(cat "$tmp/xgettext.err")"
fi

# 5. A msgid that ends in a bare "%" was cut by a format macro such as
# G_GSIZE_FORMAT, which xgettext cannot expand: the translation could never
# match the string the program looks up.
cut=$(grep -B1 -A0 -E '^msgid ".*%"$' "$tmp/leverage.pot" | grep '^#:' || true)
if [ -z "$cut" ]; then ok "no msgid is cut short by a format macro"
else fail "msgids cut by a format macro (write a plain directive such as %lu and cast)" "$cut"; fi

if msgmerge --quiet --no-fuzzy-matching -o "$tmp/zh_CN.po" po/zh_CN.po "$tmp/leverage.pot" 2>"$tmp/merge.err"; then
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/zh_CN.po" 2>&1)
  if echo "$stats" | grep -qE 'untranslated|fuzzy'; then
    mapfile -t untranslated < <(msgattrib --untranslated --no-obsolete --no-wrap "$tmp/zh_CN.po" |
                                grep '^msgid "..*"$' | head -60)
    fail "zh_CN is 100% translated against today's sources: $stats" "${untranslated[@]}"
  else
    ok "zh_CN is 100% translated against today's sources: $stats"
  fi
else
  fail "msgmerge po/zh_CN.po" "$(cat "$tmp/merge.err")"
fi

echo "1..$n"
exit $failed
