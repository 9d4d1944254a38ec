#!/usr/bin/python3
# Journey 5: Analysis ▸ Export Deck… ▸ PDF… ▸ a file name typed in the
# chooser. The PDF must have one 16:9 page per chart card the page shows,
# and nothing may go wrong on stderr.
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()


def main():
    work = os.path.join(os.environ['LEVERAGE_JOURNEY_TMP'], 'work')
    os.makedirs(work)
    deck = os.path.join(work, 'deck.pdf')
    app = J.App(os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'llm-startup-7b.json'))
    w = app.window()
    J.click(J.need(w, 'page tab', 'Analysis'))
    page = J.page(w, 'Analysis')
    cards = J.wait_for(lambda: J.find_all(page, 'push button', J.re.compile('^Actions for '),
                                          pred=lambda n: 'click' in n.actions),
                       'the chart cards')
    titles = [c.name[len('Actions for '):] for c in cards]
    J.log('chart cards: %s' % titles)
    J.screenshot('analysis-light')

    J.click(J.need(page, 'push button', 'Export Deck…'))
    question = J.dialog(app, 'push button', 'PDF…', 'the Export Deck question')
    J.click(J.find(question, 'push button', 'PDF…'))
    J.save_as(app, deck)
    J.wait_for(lambda: os.path.exists(deck) and os.path.getsize(deck) > 0, 'the deck ' + deck)

    with open(deck, 'rb') as f:
        J.check(f.read(5) == b'%PDF-', 'the deck is not a PDF')
    info = subprocess.run(['pdfinfo', deck], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(':', 1) for line in info.splitlines() if ':' in line)
    pages = int(fields['Pages'])
    J.check(pages == len(cards), 'the deck has %d pages for the %d charts on the page (%s)' %
            (pages, len(cards), ', '.join(titles)))
    size = fields['Page size'].split()
    w_pt, h_pt = float(size[0]), float(size[2])
    J.check(abs(w_pt / h_pt - 16 / 9) < 0.01, 'the deck pages are %s, not 16:9' % fields['Page size'])
    # Every page has the same size, and something drawn on it.
    sizes = subprocess.run(['pdfinfo', '-f', '1', '-l', str(pages), deck], check=True,
                           capture_output=True, text=True).stdout
    J.check(len({line.split(':', 1)[1].split('(')[0].strip() for line in sizes.splitlines()
                 if line.startswith('Page') and 'size' in line}) == 1, 'the deck’s pages differ in size')
    app.check_stderr()
    app.kill()


J.run(main)
