#!/usr/bin/python3
# Journey 6: the Model Lab as a founder uses it. Choose CSV… (typed into
# the chooser), Train, Save Model…, Predict on a CSV… (a second file, the
# predictions saved), Use Measured Throughput (exactly one undo step),
# then Choose CSV… with another file: the previous run's results must be
# gone (issue 13, finding 6).
import csv
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()


def write_rows(path, header, rows):
    with open(path, 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def sensitive(node):
    return node is not None and node.sensitive


def button(page, label):
    return J.find(page, 'push button', label)


def undo_button(w):
    """The header's Undo: by name once it has one, else the second of the
    header's leading icon buttons."""
    b = J.find(w, 'push button', 'Undo')
    if b is None:
        b = J.find_all(w, 'push button', 'GtkImage')[1]
    return b


def main():
    work = os.path.join(os.environ['LEVERAGE_JOURNEY_TMP'], 'work')
    os.makedirs(work)
    with open(os.path.join(J.SOURCE_DIR, 'data', 'datasets', 'lead-conversion.csv')) as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], rows[1:]
    train, predict, other = (os.path.join(work, n) for n in ('train.csv', 'predict.csv', 'other.csv'))
    write_rows(train, header, rows[:1500])
    write_rows(predict, header, rows[1500:1800])
    # Another data set: fewer columns, its own target.
    write_rows(other, header[:4] + ['label'], [r[:4] + [r[-1]] for r in rows[2000:2400]])
    model = os.path.join(work, 'model.json')
    predictions = os.path.join(work, 'predictions.csv')

    app = J.App(os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'llm-startup-7b.json'))
    w = app.window()
    J.click(J.need(w, 'page tab', 'Model Lab'))
    page = J.page(w, 'Model Lab')

    J.click(J.need(page, 'push button', 'Choose CSV…'))
    J.open_file(app, train)
    J.need(page, 'label', J.re.compile(r'train\.csv'), 'the chosen file’s name on the page')
    train_button = J.wait_for(lambda: sensitive(button(page, 'Train')) and button(page, 'Train'),
                              'Train to be ready')
    J.click(train_button)
    J.screenshot('model-lab-during')
    J.wait_for(lambda: sensitive(button(page, 'Save Model…')), 'training to finish', timeout=180)
    J.screenshot('model-lab-trained')

    J.click(button(page, 'Save Model…'))
    J.save_as(app, model)
    J.wait_for(lambda: os.path.exists(model) and os.path.getsize(model) > 0, 'the saved model')
    with open(model) as f:
        json.load(f)

    J.click(J.need(page, 'push button', 'Predict on a CSV…'))
    J.open_file(app, predict)
    J.save_as(app, predictions)
    J.wait_for(lambda: os.path.exists(predictions) and os.path.getsize(predictions) > 0,
               'the predictions')
    with open(predictions) as f:
        out = list(csv.reader(f))
    J.check(len(out) == 301, 'the predictions have %d lines for 300 rows and a header' % len(out))

    undo = undo_button(w)
    J.check(not undo.sensitive, 'Undo is live before any edit')
    J.click(J.need(page, 'push button', 'Use Measured Throughput'))
    J.wait_for(lambda: undo.sensitive, 'Use Measured Throughput to change the plan (Undo live)')
    J.key('<Control>z')
    J.wait_for(lambda: not undo.sensitive,
               'one Ctrl+Z to take back Use Measured Throughput (it must be one undo step)')

    J.click(J.need(page, 'push button', 'Choose CSV…'))
    J.open_file(app, other)
    J.need(page, 'label', J.re.compile(r'other\.csv'), 'the second file’s name on the page')
    stale = [label for label in ('Save Model…', 'Predict on a CSV…', 'Export Chart…',
                                 'Use Measured Throughput')
             if sensitive(button(page, label))]
    J.check(not stale, 'after another CSV was opened, the previous run’s %s still work '
            '(issue 13, finding 6)' % ', '.join(stale))
    app.check_stderr()
    app.kill()


J.run(main)
