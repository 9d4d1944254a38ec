#!/usr/bin/python3
# Journey 8: the window in Chinese (zh_CN.UTF-8, the build tree's
# translations) with the dark scheme. On every page no label is cut off
# (each label's allocation is compared with its text's size, measured with
# Pango in the theme's font) and no English is left in the interface (the
# plan's own words, which the founder typed, excepted).
#
# LEVERAGE_JOURNEY_VARIANTS=en-light,en-dark,zh-light,zh-dark runs the same
# checks in each, and with LEVERAGE_JOURNEY_SHOTS names the screenshots
# PAGE-VARIANT.png (the README's screenshots come from here).
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()

SCENARIO = os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'llm-startup-7b.json')
# Units, formats and names that stay as they are in Chinese.
KEEP = {'TB', 'TPU', 'GPU', 'CPU', 'CSV', 'PNG', 'SVG', 'PDF', 'JSON', 'MFU', 'FLOP', 'FLOPs',
        'ReLU', 'Adam', 'SGD', 'OpenCL', 'PoCL', 'Leverage', 'YYYY', 'MM', 'L2', 'GFLOP', 'TFLOP',
        'Tanh', 'Keras', 'Sigmoid', 'GELU', 'AdamW', 'CNY', 'USD', 'cpu', 'pthread', 'Portable', 'Computing',
        'Language', 'pocl', 'NVIDIA', 'SXM', 'AMD', 'Intel', 'llvmpipe', 'json', 'csv', 'id'}
ENGLISH = re.compile(r'[A-Za-z]{3,}')


def user_words():
    """Every string of the plan's file: the founder's own words."""
    out = set()

    def rec(v):
        if isinstance(v, str):
            out.add(v)
        elif isinstance(v, dict):
            for x in v.values():
                rec(x)
        elif isinstance(v, list):
            for x in v:
                rec(x)
    with open(SCENARIO) as f:
        rec(json.load(f))
    out.add(os.path.basename(SCENARIO))
    return out


class Measure:
    """Text sizes in the window's font. Under Xvfb there is no settings
    daemon, so GTK uses its default, Sans 10 (DejaVu Sans; Noto Sans CJK
    for Chinese)."""

    def __init__(self, lang):
        import gi
        gi.require_version('Pango', '1.0')
        gi.require_version('PangoCairo', '1.0')
        from gi.repository import Pango, PangoCairo
        self.Pango = Pango
        self.ctx = PangoCairo.FontMap.get_default().create_context()
        # Fontconfig picks the fonts by language, as it does for the window
        # (in Chinese, Latin text comes from the CJK font too).
        self.ctx.set_language(Pango.Language.from_string(lang))
        self.cjk_line = self._size('中')[1] if lang.startswith('zh') else None
        self.latin_line = self._size('x')[1]

    def width(self, text, height):
        """The text's width when one line of it is `height` pixels high:
        measured at 10 points, scaled by the line's height, so that
        captions, headings and Chinese line heights all come out right.
        Lines 20 px high and more (in Latin terms) are headings and the
        summary's values, bold in Adwaita."""
        if self.cjk_line and not re.search(r'[\u3000-\u9fff\uff00-\uffef]', text):
            # A Latin-only label in a Chinese window: its line is as high as
            # a Chinese one (the label's font metrics), its glyphs are Latin.
            w, _ = self._size(text, height * self.latin_line / self.cjk_line >= 20)
            return w * height / self.cjk_line
        w, h = self._size(text, height >= 20)
        return w * height / h

    def _size(self, text, bold=False):
        layout = self.Pango.Layout.new(self.ctx)
        layout.set_font_description(self.Pango.FontDescription.from_string(
            'Sans Bold 10' if bold else 'Sans 10'))
        layout.set_text(text, -1)
        _, logical = layout.get_pixel_extents()
        return logical.width, logical.height


def own_text(label):
    """A label's accessible name may carry its caption after it (the
    summary strip names a value "¥13,000,000 Leveraged total"): the
    caption is a sibling label, dropped here."""
    name = label.name or ''
    try:
        for sib in label.parent.children:
            if sib != label and sib.roleName == 'label' and sib.name and name.endswith(' ' + sib.name):
                return name[:-len(sib.name) - 1]
    except Exception:  # noqa: BLE001
        pass
    return name


def check_page(page, measure, words, zh):
    clipped, english = [], []
    for label in J.find_all(page, 'label', None):
        text = own_text(label)
        if not text.strip() or '\n' in text or text.startswith('Gtk'):
            continue
        x, y, w, h = J.extents(label)
        # A label more than one line high wraps, or fills a taller row:
        # not measured here.
        if h > 22:
            continue
        need = measure.width(text, h)
        # Latin text in a Chinese window is measured less surely (its line
        # height comes from the CJK font): a wider margin there.
        latin_in_zh = zh and not re.search(r'[\u3000-\u9fff\uff00-\uffef]', text)
        if need > w * (1.12 if latin_in_zh else 1.05) + 3:
            clipped.append('%r (%d px for %d px of text)' % (text, w, need))
        if zh:
            rest = text
            for u in sorted(words, key=len, reverse=True):  # longest first
                rest = rest.replace(u, ' ')
            left = [m for m in ENGLISH.findall(rest) if m not in KEEP]
            if left:
                english.append(text)
    return clipped, english


def run_variant(variant, words, measure):
    lang, scheme = variant.split('-')
    zh = lang == 'zh'
    app = J.App(SCENARIO, lang='zh_CN.UTF-8' if zh else None, dark=scheme == 'dark')
    w = app.window()
    problems = []
    # Each page in turn, so that every label has been laid out once (a
    # hidden page keeps its last allocation), then every label checked.
    for i, tab in enumerate(['Plan', 'Analysis', 'Model Lab']):
        node = J.find_all(w, 'page tab', None)[i]
        J.click(node)
        J.wait_for(lambda: J.selected(J.find_all(w, 'page tab', None)[i]), 'the page %r' % node.name)
        J.wait_for(lambda: J.find(w, 'filler', J.PAGES[tab], showing=False), 'the %s page' % tab)
        J.screenshot('%s-%s' % (tab.lower().replace(' ', '-'), variant), crop=w)
    clipped, english = check_page(w, measure, words, zh)
    if clipped:
        problems.append('%s: cut off: %s' % (variant, '; '.join(clipped[:12])))
    if english:
        problems.append('%s: English left: %s' % (variant, '; '.join(english[:12])))
    app.check_stderr()
    app.kill()
    return problems


def main():
    variants = os.environ.get('LEVERAGE_JOURNEY_VARIANTS', 'zh-dark').split(',')
    words = user_words()
    problems = []
    for v in variants:
        problems += run_variant(v, words, Measure('zh-cn' if v.startswith('zh') else 'en-us'))
    J.check(not problems, '\n  '.join([''] + problems))


J.run(main)
