#!/usr/bin/python3
# Journey 4: Analysis ▸ a chart's ⋮ ▸ Export… ▸ format, style and theme
# chosen in the dialog ▸ Export… ▸ a file name typed in the chooser. Each
# file written must be what was chosen: its magic bytes, its size (deck
# slides are 16:9, screen charts 960×600 in shape) and its background
# (light or dark); and nothing critical on stderr (issue 13, findings 1
# and 5).
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()

DECK = (1920, 1080)
SCREEN = (960, 600)


def png_size(data):
    J.check(data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG: starts %r' % data[:8])
    return int.from_bytes(data[16:20], 'big'), int.from_bytes(data[20:24], 'big')


def corner_luma(png_path):
    """The brightness (0-255) of a pixel just inside the top-left corner:
    the chart's background."""
    import gi
    gi.require_version('GdkPixbuf', '2.0')
    from gi.repository import GdkPixbuf
    pb = GdkPixbuf.Pixbuf.new_from_file(png_path)
    px = pb.get_pixels()
    n, stride = pb.get_n_channels(), pb.get_rowstride()
    x, y = 3, 3
    r, g, b = px[y * stride + x * n: y * stride + x * n + 3]
    return 0.299 * r + 0.587 * g + 0.114 * b


def check_shape(w, h, want, what):
    J.check(abs(w / h - want[0] / want[1]) < 0.01,
            '%s is %d×%d, not the shape of %d×%d' % (what, w, h, *want))
    J.check(w >= want[0], '%s is %d×%d, smaller than %d×%d' % (what, w, h, *want))


def check_background(png, theme, what):
    luma = corner_luma(png)
    if theme == 'Dark':
        J.check(luma < 90, '%s: the background is light (%.0f of 255), not Dark' % (what, luma))
    else:
        J.check(luma > 170, '%s: the background is dark (%.0f of 255), not Light' % (what, luma))


def check_file(path, fmt, style, theme, work):
    with open(path, 'rb') as f:
        data = f.read()
    want = DECK if style.startswith('Deck') else SCREEN
    what = os.path.basename(path)
    if fmt == 'PNG':
        J.check(data[:4] == b'\x89PNG', '%s is not a PNG: it starts %r' % (what, data[:8]))
        check_shape(*png_size(data), want, what)
        check_background(path, theme, what)
    elif fmt == 'SVG':
        head = data[:400].decode('utf-8', 'replace')
        J.check('<svg' in head, '%s is not an SVG: it starts %r' % (what, data[:16]))
        png = os.path.join(work, what + '.png')
        subprocess.run(['rsvg-convert', '-o', png, path], check=True)
        w, h = png_size(open(png, 'rb').read())
        check_shape(w * 2, h * 2, want, what)  # an SVG is in points, half the pixels
        check_background(png, theme, what)
    else:
        J.check(data[:5] == b'%PDF-', '%s is not a PDF: it starts %r' % (what, data[:8]))
        info = subprocess.run(['pdfinfo', path], check=True, capture_output=True, text=True).stdout
        size = [line for line in info.splitlines() if line.startswith('Page size:')][0].split()
        w, h = float(size[2]), float(size[4])
        check_shape(w * 2, h * 2, want, what)
        stem = os.path.join(work, what)
        subprocess.run(['pdftoppm', '-png', '-r', '20', '-singlefile', path, stem], check=True)
        check_background(stem + '.png', theme, what)


def choose(app, dialog, row_name, choice):
    J.choose(J.need(dialog, 'combo box', row_name, 'the %s row' % row_name), choice)


def export(app, chart, fmt, style, theme, path):
    w = app.window()
    page = J.page(w, 'Analysis')
    menu = J.need(page, 'push button', 'Actions for ' + chart,
                  pred=lambda n: 'click' in n.actions)
    J.click(menu)
    J.click(J.need(menu.parent, 'menu item', 'Export…', 'Export… in the chart’s menu'))
    dialog = J.dialog(app, 'combo box', 'Format', 'the export dialog')
    for row, value in (('Format', fmt), ('Style', style), ('Theme', theme)):
        choose(app, dialog, row, value)
    J.screenshot('export-dialog-%s' % fmt.lower())
    J.click(J.need(dialog, 'push button', 'Export…'))
    J.save_as(app, path)
    J.wait_for(lambda: os.path.exists(path) and os.path.getsize(path) > 0,
               'the exported file %s' % path)


def main():
    work = os.path.join(os.environ['LEVERAGE_JOURNEY_TMP'], 'work')
    os.makedirs(work)
    app = J.App(os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'seed-example.json'))
    J.click(J.need(app.window(), 'page tab', 'Analysis'))
    cases = [
        ('Cost by area', 'PNG', 'Deck slide (16:9)', 'Dark'),
        ('Savings by channel', 'SVG', 'Screen', 'Light'),
        ('Where the money goes', 'PDF', 'Deck slide (16:9)', 'Light'),
    ]
    for chart, fmt, style, theme in cases:
        path = os.path.join(work, 'chart-%s.%s' % (fmt.lower(), fmt.lower()))
        export(app, chart, fmt, style, theme, path)
        check_file(path, fmt, style, theme, work)
        app.check_stderr()
    app.kill()


J.run(main)
