#!/usr/bin/python3
# Journey 7: the keyboard alone. Alt+1, Alt+2 and Alt+3 switch to the
# Plan, Analysis and Model Lab pages; on each page Tab reaches every
# control that is on screen (each one a person could click).
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import journey as J  # noqa: E402

J.session()

CONTROLS = ('push button', 'toggle button', 'text', 'spin button', 'combo box', 'check box',
            'page tab', 'menu button', 'slider', 'entry')


class FocusLog:
    """Every node that takes the keyboard focus, from AT-SPI's events."""

    def __init__(self, pid):
        self.pid = pid
        self.nodes = []
        J.pyatspi.Registry.registerEventListener(self._event, 'object:state-changed:focused')

    def _event(self, ev):
        try:
            if ev.detail1 == 1 and ev.source.get_process_id() == self.pid:
                self.nodes.append(ev.source)
        except Exception:  # noqa: BLE001: gone already
            pass

    def pump(self, seconds=0.3):
        from gi.repository import GLib
        ctx = GLib.MainContext.default()
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            while ctx.pending():
                ctx.iteration(False)
            time.sleep(0.02)


def key_of(node):
    """Where the node sits in the tree: its position among its parent's
    children, up to the window (positions on screen change as the page
    scrolls to follow the focus)."""
    path = []
    try:
        n = node
        for _ in range(80):
            if n is None or n.roleName == 'application':
                break
            path.append(n.getIndexInParent())
            n = n.parent
    except Exception:  # noqa: BLE001
        return None
    return tuple(path)


def switch_page(app, combo, title):
    J.key(combo)
    w = app.window()
    J.wait_for(lambda: J.selected(J.find(w, 'page tab', title)),
               '%s to show the %s page (issue 13: no shortcut switches pages)' % (combo, title),
               timeout=10)
    return J.page(w, title)


def tab_through(app, log, page, title, limit=150):
    """Tabs until the focus comes back round; returns the controls that
    were never reached."""
    log.nodes.clear()
    seen, order = set(), []
    for _ in range(limit):
        J.key('Tab')
        log.pump(0.1)
        if not log.nodes:
            continue
        k = key_of(log.nodes[-1])
        if k in seen and len(order) > 3 and k == order[0]:
            break
        if k not in seen:
            seen.add(k)
            order.append(k)
    controls = [n for n in J.find_all(page, None, None)
                if n.roleName in CONTROLS and n.sensitive and J.is_focusable(n)]
    missed = [c for c in controls if key_of(c) not in seen
              and not any(key_of(d) in seen for d in J.walk(c))]
    J.log('%s: %d Tab stops, %d controls, %d never reached' %
          (title, len(order), len(controls), len(missed)))
    return missed


def main():
    app = J.App(os.path.join(J.SOURCE_DIR, 'data', 'scenarios', 'seed-example.json'))
    app.window()
    log = FocusLog(app.proc.pid)
    missed = {}
    for combo, title in (('<Alt>2', 'Analysis'), ('<Alt>3', 'Model Lab'), ('<Alt>1', 'Plan')):
        page = switch_page(app, combo, title)
        J.screenshot('keyboard-' + title.lower().replace(' ', '-'))
        gone = tab_through(app, log, page, title)
        if gone:
            missed[title] = ['%s %r' % (c.roleName, c.name) for c in gone[:8]]
    J.check(not missed, 'Tab never reaches: %s' % missed)
    app.check_stderr()
    app.kill()


J.run(main)
