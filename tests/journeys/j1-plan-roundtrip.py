#!/usr/bin/python3
# Journey 1: a new plan typed in by hand. Ctrl+N; the plan's name and its
# funding in 万; in each of the four areas a new item, named, with an
# amount typed as a person would (80万 to 120万 as a range, 1.2亿, 300万),
# and once a bad number that must not reach the file; Ctrl+S into a new
# file. The file must validate and hold exactly what was typed; opened
# again and saved under another name, it must come out identical.
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()

PLAN_NAME = 'Journey plan'
ITEMS = [
    # area section title, item name, what is typed, what the file must hold
    ('Data acquisition', 'Licensed corpus', '80万 to 120万', (800000, 1200000)),
    ('Compute resources', 'Training cluster', '1.2亿', 120000000),
    ('Talent', 'Founding engineers', '300万', 3000000),
    ('Market environment', 'Pilot customers', '50万', 500000),
]
BAD = '12x万'  # typed first into the last item's amount; must not be saved


def type_into(row, text, what, by_tab=False):
    entry = J.need(row, 'text', what='the %s field' % what)
    if by_tab:
        J.tab_to(entry, 'the %s field' % what)
    else:
        J.focus(entry, 'the %s field' % what)
    J.key('<Control>a')
    J.type_text(text)
    J.key('Return')


def expander_body(header):
    """The expander row's form: the row's wrapper is the nearest unnamed
    list item above its header."""
    n = header.parent
    while n is not None and not (n.roleName == 'list item' and not n.name):
        n = n.parent
    J.check(n is not None, 'no form below %r' % header.name)
    return n


def add_item(app, page, area, name, amount_text, bad=None):
    J.click(J.need(page, 'push button', 'Add an item to ' + area))
    header = J.need(page, 'list item', 'New item', 'the new item in ' + area)
    body = expander_body(header)
    if J.find(body, 'list item', 'Name') is None:
        # Folded and below the fold: by keyboard, Tab to the row, Enter
        # opens it. (Since 5fc94e7 a new item opens by itself.)
        J.tab_to(header, 'the new item in ' + area)
        J.key('Return')
    name_row = J.need(body, 'list item', 'Name', 'the new item’s Name row')
    type_into(name_row, name, 'item Name', by_tab=True)
    J.need(page, 'list item', name, 'the item renamed %r' % name)
    amount_row = J.need(body, 'list item', 'Amount', 'the Amount row of %r' % name)
    if bad:
        type_into(amount_row, bad, 'Amount', by_tab=True)
    type_into(amount_row, amount_text, 'Amount', by_tab=True)


def item_amounts(path):
    with open(path) as f:
        doc = json.load(f)
    out = {}
    for area in doc['areas'].values():
        for it in area.get('items', []):
            a = it['cost'].get('amount')
            if isinstance(a, dict):
                a = (a.get('low', a.get('min')), a.get('high', a.get('max')))
            out[it['name']] = a
    return doc, out


def cli(*args):
    return subprocess.run([J.CLI, *args], capture_output=True, text=True)


def main():
    work = os.path.join(os.environ['LEVERAGE_JOURNEY_TMP'], 'work')
    os.makedirs(work)
    plan = os.path.join(work, 'typed.json')
    again = os.path.join(work, 'typed-again.json')

    app = J.App()
    w = app.window()
    J.key('<Control>n')
    page = J.page(w, 'Plan')
    J.wait_for(lambda: J.find(page, 'list item', 'New item') is None and
               J.find(page, 'list item', 'Research-institute partnership') is None,
               'Ctrl+N to empty the plan')
    type_into(J.need(page, 'list item', 'Name'), PLAN_NAME, 'plan Name')
    type_into(J.need(page, 'list item', 'Funding'), '5000万', 'Funding')
    for i, (area, name, typed, _) in enumerate(ITEMS):
        add_item(app, page, area, name, typed, BAD if i == len(ITEMS) - 1 else None)
    J.screenshot('plan-typed')

    J.key('<Control>s')
    J.save_as(app, plan)
    J.wait_for(lambda: os.path.exists(plan), 'the saved plan ' + plan)
    app.check_stderr()
    app.kill()

    r = cli('validate', plan)
    J.check(r.returncode == 0, 'leverage-cli validate refuses the saved plan:\n' + r.stdout + r.stderr)
    doc, amounts = item_amounts(plan)
    J.check(doc['name'] == PLAN_NAME, 'the plan’s name is %r' % doc['name'])
    J.check(doc.get('budget') == 50000000, 'the funding typed as 5000万 is %r' % doc.get('budget'))
    for _, name, typed, want in ITEMS:
        J.check(name in amounts, 'the item %r is not in the file (items: %r)' % (name, list(amounts)))
        got = amounts[name]
        got = tuple(got) if isinstance(got, (list, tuple)) else got
        J.check(got == want, '%r typed as %r is saved as %r, not %r' % (name, typed, got, want))
    report = json.loads(cli('report', plan, '--format', 'json').stdout)
    J.check(report['scenario'] == PLAN_NAME, 'the report names the plan %r' % report['scenario'])

    # Opened again, nothing changes: saved under another name, the same file.
    app = J.App(plan)
    w = app.window()
    J.wait_for(lambda: w.name.startswith(PLAN_NAME), 'the reopened plan’s title')
    page = J.page(w, 'Plan')
    for _, name, _, _ in ITEMS:
        J.need(page, 'list item', name, 'the reopened item %r' % name)
    J.key('<Control><Shift>s')
    J.save_as(app, again)
    J.wait_for(lambda: os.path.exists(again), 'the plan saved again')
    app.check_stderr()
    app.kill()
    with open(plan) as a, open(again) as b:
        first, second = json.load(a), json.load(b)
    J.check(first == second, 'the plan changed on the way through the window:\n%s\n%s' %
            (json.dumps(first, sort_keys=True)[:800], json.dumps(second, sort_keys=True)[:800]))


J.run(main)
