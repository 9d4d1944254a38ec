#!/usr/bin/python3
# Journey 3: an unsaved edit, then Ctrl+Q. The window must ask; Cancel
# keeps it (and the edit); Discard quits and leaves the file as it was;
# Save writes the edit, then quits.
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()


def scenario_name(path):
    out = subprocess.run([J.CLI, 'report', path, '--format', 'json'], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)['scenario']


def edit_name(app, suffix):
    """Types at the end of the plan's Name field, as a person would."""
    w = app.window()
    row = J.need(w, 'list item', 'Name', 'the plan’s Name row')
    entry = J.need(row, 'text', what='the plan’s Name field')
    J.focus(entry, 'the Name field')
    J.key('End')
    J.type_text(suffix)
    J.key('Return')  # the field commits on Enter (or when it loses the focus)
    # GTK 4.8 exposes no entry text; the window's title is the plan's name.
    J.wait_for(lambda: app.window().name.endswith(suffix), 'the typed name in the window title')


def ctrl_q_asks(app):
    J.key('<Control>q')
    def asked():
        if not app.running():
            J.fail('Ctrl+Q quit without asking; the unsaved edit is lost (issue 13, finding 2)')
        return J.find_dialog(app, 'push button', 'Discard')
    J.wait_for(asked, 'the “Save Changes?” question after Ctrl+Q')


def answer(app, label):
    J.click(J.need(J.dialog(app, 'push button', 'Discard'), 'push button', label))


def main():
    work = os.path.join(os.environ['LEVERAGE_JOURNEY_TMP'], 'work')
    os.makedirs(work)
    plan = os.path.join(work, 'plan.json')
    shutil.copy(os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'seed-example.json'), plan)
    with open(plan, 'rb') as f:
        original = f.read()

    app = J.App(plan)
    edit_name(app, ' v2')
    ctrl_q_asks(app)
    J.screenshot('quit-asks')
    answer(app, 'Cancel')
    J.wait_for(lambda: all(t.roleName == 'frame' for t in app.node.children), 'the question to go')
    J.check(app.running(), 'Cancel quit the window')
    title = app.window().name
    J.check(title.endswith(' v2'), 'Cancel lost the edit: the title is %r' % title)

    ctrl_q_asks(app)
    answer(app, 'Discard')
    J.check(app.wait_exit() == 0, 'Discard: leverage did not exit cleanly')
    with open(plan, 'rb') as f:
        J.check(f.read() == original, 'Discard changed the file')
    app.check_stderr()

    app = J.App(plan)
    edit_name(app, ' saved')
    ctrl_q_asks(app)
    answer(app, 'Save')
    J.check(app.wait_exit() == 0, 'Save: leverage did not exit cleanly')
    name = scenario_name(plan)
    J.check(name.endswith(' saved'), 'Save did not write the edit: the file’s name is %r' % name)
    app.check_stderr()


J.run(main)
