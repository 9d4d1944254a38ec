# journey.py: what every journey shares. A journey starts the real
# `leverage` binary of the build tree and drives it from outside, through
# AT-SPI (Debian's dogtail and pyatspi) and synthesized X input, the way a
# person would; it then checks the files the window wrote and the text on
# the screen.
#
# A journey script calls `journey.session()` before anything else. The
# first time through, that starts a private X server (Xvfb), a private
# D-Bus session bus and the accessibility bus, runs the script again inside
# them, tears them down and exits with the script's status. Tools that are
# missing make the journey skip (exit 77). Run by hand:
#
#   LEVERAGE_BUILD_DIR=$PWD/_build LEVERAGE_SOURCE_DIR=$PWD \
#     /usr/bin/python3 tests/journeys/j3-quit.py
#
# LEVERAGE_JOURNEY_SHOTS=DIR keeps the screenshots a journey takes.

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
SCREEN = (1600, 1000)
# One loaded 2-core machine runs the whole suite: every wait is for a
# condition, with a timeout far above what an idle machine needs.
TIMEOUT = float(os.environ.get('LEVERAGE_JOURNEY_TIMEOUT', '30'))

_src = os.environ.get('LEVERAGE_SOURCE_DIR',
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
_build = os.environ.get('LEVERAGE_BUILD_DIR', os.path.join(_src, '_build'))
SOURCE_DIR = _src
BUILD_DIR = _build
LEVERAGE = os.path.join(_build, 'src', 'gui', 'leverage')
CLI = os.environ.get('LEVERAGE_CLI', os.path.join(_build, 'src', 'cli', 'leverage-cli'))


def log(*args):
    print('#', *args, file=sys.stderr, flush=True)


def skip(why):
    print('journey skipped: ' + why, file=sys.stderr, flush=True)
    sys.exit(SKIP)


class JourneyFailure(AssertionError):
    pass


def fail(why):
    raise JourneyFailure(why)


def check(cond, why):
    if not cond:
        fail(why)


def wait_for(cond, what, timeout=None, interval=0.1):
    """Polls cond() until it returns something true, and returns that;
    fails naming `what` after the timeout. Exceptions from cond (a node
    that went away while the tree changes) count as not yet."""
    deadline = time.monotonic() + (timeout or TIMEOUT)
    last = None
    while True:
        try:
            v = cond()
            if v:
                return v
        except JourneyFailure:
            raise
        except Exception as e:  # noqa: BLE001: a tree in flux
            last = e
        if time.monotonic() > deadline:
            fail('timed out after %.0f s waiting for %s%s' %
                 (timeout or TIMEOUT, what, ' (last error: %r)' % last if last else ''))
        time.sleep(interval)


# ---------------------------------------------------------------------------
# The session: X server, D-Bus session bus, accessibility bus.

def _missing_tools():
    missing = []
    for tool in ('Xvfb', 'dbus-daemon'):
        if not shutil.which(tool):
            missing.append(tool)
    if not os.path.exists('/usr/libexec/at-spi-bus-launcher'):
        missing.append('at-spi2-core (/usr/libexec/at-spi-bus-launcher)')
    for mod in ('pyatspi', 'dogtail'):
        try:
            __import__('importlib.util').util.find_spec(mod) or missing.append('python3-' + mod)
        except Exception:  # noqa: BLE001
            missing.append('python3-' + mod)
    if not os.access(LEVERAGE, os.X_OK):
        missing.append(LEVERAGE + ' (build with -Dgui=enabled)')
    return missing


def _kill_group(proc):
    """Ends a helper this harness started, with everything it started in
    its own process group (the accessibility bus's daemon and registry)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)
    proc.poll()


def session():
    if os.environ.get('LEVERAGE_JOURNEY_SESSION'):
        _inside_session()
        return
    missing = _missing_tools()
    if missing:
        skip('missing ' + ', '.join(missing) + ' (build-aux/dev deps installs them)')

    tmp = tempfile.mkdtemp(prefix='leverage-journey-')
    helper_log = open(os.path.join(tmp, 'helpers.log'), 'w')
    xvfb = dbus = atspi = None
    env = dict(os.environ)
    rc = 1
    try:
        # The X server says its display number on a pipe once it listens.
        r, w = os.pipe()
        xvfb = subprocess.Popen(['Xvfb', '-displayfd', str(w), '-screen', '0',
                                 '%dx%dx24' % SCREEN, '-nolisten', 'tcp', '-noreset'],
                                pass_fds=(w,), stdout=helper_log, stderr=helper_log,
                                start_new_session=True)
        os.close(w)
        with os.fdopen(r) as f:
            display = f.readline().strip()
        if not display:
            skip('Xvfb did not start (see %s)' % helper_log.name)
        env['DISPLAY'] = ':' + display
        env.pop('WAYLAND_DISPLAY', None)

        dbus = subprocess.Popen(['dbus-daemon', '--session', '--nofork', '--nopidfile',
                                 '--print-address=1'],
                                stdout=subprocess.PIPE, stderr=helper_log, text=True,
                                start_new_session=True)
        address = dbus.stdout.readline().strip()
        if not address:
            fail('dbus-daemon gave no address')
        env['DBUS_SESSION_BUS_ADDRESS'] = address
        # Our own folders, so that nothing of the user's (or of another
        # journey's) dconf, caches or recent files leaks in.
        for var in ('XDG_RUNTIME_DIR', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME',
                    'XDG_STATE_HOME', 'HOME'):
            d = os.path.join(tmp, var.lower())
            os.makedirs(d, mode=0o700, exist_ok=True)
            env[var] = d
        env['LEVERAGE_JOURNEY_TMP'] = tmp
        for var in ('GTK_A11Y', 'NO_AT_BRIDGE'):  # both switch the tree off
            env.pop(var, None)

        atspi = subprocess.Popen(['/usr/libexec/at-spi-bus-launcher', '--launch-immediately'],
                                 stdout=helper_log, stderr=helper_log, env=env,
                                 start_new_session=True)
        env['LEVERAGE_JOURNEY_SESSION'] = '1'
        child = subprocess.Popen([sys.executable] + sys.argv, env=env, start_new_session=True)
        try:
            rc = child.wait(timeout=float(os.environ.get('LEVERAGE_JOURNEY_LIMIT', '400')))
            if rc not in (0, SKIP):
                log("journey exited with status %d" % rc)
        except subprocess.TimeoutExpired:
            log('journey ran past its limit; ending it')
            _kill_group(child)
            rc = 1
        else:
            _kill_group(child)  # whatever it left behind (an app it failed to end)
    finally:
        for p in (atspi, dbus, xvfb):
            if p is not None:
                _kill_group(p)
        helper_log.close()
        with open(helper_log.name) as f:
            noise = f.read().strip()
        if rc not in (0, SKIP) and noise:
            log('helpers said:\n' + noise)
        shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(rc)


def _inside_session():
    global tree, rawinput, pyatspi, config
    from dogtail.config import config as _config
    _config.checkForA11y = False  # we run the accessibility bus ourselves
    tmp = os.environ['LEVERAGE_JOURNEY_TMP']
    _config.scratchDir = os.path.join(tmp, 'dogtail-scratch') + '/'
    _config.dataDir = os.path.join(tmp, 'dogtail-data') + '/'
    _config.logDir = os.path.join(tmp, 'dogtail-logs') + '/'
    _config.logDebugToFile = False
    _config.logDebugToStdOut = False
    _config.debugSearching = False
    _config.searchShowingOnly = True
    _config.actionDelay = 0.2
    _config.defaultDelay = 0.2
    _config.typingDelay = 0.02
    _config.searchBackoffDuration = 0.3
    _config.searchCutoffCount = 10
    config = _config
    import pyatspi as _pyatspi
    from dogtail import rawinput as _rawinput
    from dogtail import tree as _tree
    tree, rawinput, pyatspi = _tree, _rawinput, _pyatspi


# ---------------------------------------------------------------------------
# Stderr: every line of the app's is kept; CRITICAL or WARNING fails.

# Lines that come from the test machine, not from the app, each with why
# it is harmless.
STDERR_ALLOWED = [
    # dbus-daemon, where RLIMIT_NOFILE cannot be raised in a container.
    re.compile(r'Failed to set fd limit'),
    # Without a window manager GTK cannot place windows; the app never
    # asks for screen coordinates, the accessibility bridge does.
    re.compile(r'Screen coordinates not supported'),
    # GTK 4.8's AT-SPI bridge, asked by the accessibility bus for a widget
    # of a dialog that is being torn down, makes an object path of NULL
    # (only with the accessibility bus on, which only these journeys run;
    # seen after the export dialog closes, at random).
    re.compile(r"g_variant_is_object_path: assertion 'string != NULL' failed"),
    re.compile(r"g_variant_new_object_path: assertion 'g_variant_is_object_path \(object_path\)' failed"),
]
STDERR_BAD = re.compile(r'CRITICAL|WARNING|Gtk-WARNING|GLib-GObject-WARNING')


class App:
    """The real window, started with a private home and in-memory
    settings; its stderr is collected line by line."""

    def __init__(self, *args, lang=None, dark=False, env=None, cwd=None):
        self.home = tempfile.mkdtemp(prefix='app-', dir=os.environ['LEVERAGE_JOURNEY_TMP'])
        e = dict(os.environ)
        e['HOME'] = self.home
        for var in ('XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_DATA_HOME', 'XDG_STATE_HOME'):
            e[var] = os.path.join(self.home, var.lower())
            os.makedirs(e[var], exist_ok=True)
        e['GSETTINGS_BACKEND'] = 'memory'
        e.setdefault('GSETTINGS_SCHEMA_DIR', os.path.join(BUILD_DIR, 'data'))
        e.setdefault('LEVERAGE_LOCALEDIR', os.path.join(BUILD_DIR, 'po'))
        # GL under Xvfb is llvmpipe: slow, and no part of what we test.
        e.setdefault('GSK_RENDERER', 'cairo')
        if lang:
            e['LANGUAGE'] = lang.split('.')[0]
            e['LANG'] = e['LC_ALL'] = lang
        else:
            e['LANGUAGE'] = 'en_US'
            e['LANG'] = e['LC_ALL'] = 'C.UTF-8'
        if dark:
            e['ADW_DEBUG_COLOR_SCHEME'] = 'prefer-dark'
        e.update(env or {})
        self.stderr_lines = []
        self._lock = threading.Lock()
        self.proc = subprocess.Popen([LEVERAGE, *args], env=e, cwd=cwd or self.home,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True, errors='replace')
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.node = wait_for(self._find, 'the leverage application on the accessibility bus',
                             timeout=TIMEOUT * 2)

    def _read(self):
        for line in self.proc.stderr:
            line = line.rstrip('\n')
            with self._lock:
                self.stderr_lines.append(line)
            print('leverage: ' + line, file=sys.stderr, flush=True)

    def _find(self):
        if self.proc.poll() is not None:
            fail('leverage exited (%d) before it showed a window' % self.proc.returncode)
        for a in tree.root.applications():
            try:
                if a.get_process_id() == self.proc.pid and a.children:
                    return a
            except Exception:  # noqa: BLE001
                continue
        return None

    # -- the tree ---------------------------------------------------------
    def frames(self):
        return [c for c in self.node.children if c.visible]

    def window(self):
        return wait_for(lambda: next((f for f in self.frames() if f.roleName == 'frame'), None),
                        'the main window')

    def running(self):
        return self.proc.poll() is None

    def wait_exit(self, timeout=None):
        try:
            return self.proc.wait(timeout=timeout or TIMEOUT)
        except subprocess.TimeoutExpired:
            fail('leverage did not quit')

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)

    def stderr_problems(self):
        with self._lock:
            lines = list(self.stderr_lines)
        return [line for line in lines if STDERR_BAD.search(line)
                and not any(a.search(line) for a in STDERR_ALLOWED)]

    def check_stderr(self):
        bad = self.stderr_problems()
        check(not bad, 'leverage wrote %d warning(s) on stderr:\n  %s' %
              (len(bad), '\n  '.join(bad[:10])))


# ---------------------------------------------------------------------------
# Finding things.

def extents(node):
    """(x, y, width, height) in the window's coordinates. GTK 4.8 gives no
    screen coordinates (there is no window manager here anyway)."""
    e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return (e.x, e.y, e.width, e.height)


def shown(node):
    """On screen: GTK 4.8 never sets the SHOWING state, and keeps VISIBLE
    on the pages of a stack that are not shown, but gives those (and
    collapsed rows) no size."""
    try:
        if not node.visible:
            return False
        _, _, w, h = extents(node)
        return w > 0 and h > 0
    except Exception:  # noqa: BLE001: no Component interface, or gone
        return False


def walk(node, showing=True, depth=0, limit=60):
    """Every descendant (pre-order); with showing, only those on screen.
    Every property is a D-Bus round trip (GTK 4 keeps no cache for AT-SPI),
    so find_all tests the role and name first and the size last."""
    try:
        kids = node.children
    except Exception:  # noqa: BLE001
        return
    for c in kids:
        if not showing or shown(c):
            yield c
        if depth < limit:
            yield from walk(c, showing, depth + 1, limit)


def _all(node, depth=0, limit=60):
    try:
        kids = node.children
    except Exception:  # noqa: BLE001
        return
    for c in kids:
        yield c
        if depth < limit:
            yield from _all(c, depth + 1, limit)


def name_matches(n, name):
    """A string matches the accessible name exactly, or with the mnemonic
    underscores gone: GTK 4.8 names a button "_Save" (or, with an icon,
    "_Save Save"). A compiled pattern is searched in the name."""
    n = n or ''
    if name is None:
        return True
    if hasattr(name, 'search'):
        return bool(name.search(n))
    plain = n.replace('_', '')
    return name in (n, plain) or plain == name + ' ' + name


def find_all(node, role=None, name=None, showing=True, pred=None, first=False):
    out = []
    for c in _all(node):
        try:
            if role and c.roleName != role:
                continue
            if not name_matches(c.name, name):
                continue
            if showing and not shown(c):
                continue
            if pred and not pred(c):
                continue
        except Exception:  # noqa: BLE001: gone while we looked
            continue
        out.append(c)
        if first:
            break
    return out


def find(node, role=None, name=None, showing=True, pred=None):
    """The first descendant with the role and name, or None."""
    found = find_all(node, role, name, showing, pred, first=True)
    return found[0] if found else None


def is_inside(node, ancestor):
    """Whether node is ancestor or below it."""
    n = node
    for _ in range(80):
        if n is None:
            return False
        if n == ancestor:
            return True
        n = n.parent
    return False


def selected(node):
    return node.getState().contains(pyatspi.STATE_SELECTED)


def is_focusable(node):
    return node.getState().contains(pyatspi.STATE_FOCUSABLE)


PAGES = {'Plan': 'LevPlanPage', 'Analysis': 'LevAnalysisPage', 'Model Lab': 'LevModelLab'}


def page(window, title):
    """The page of the view stack titled `title`, once it is the one shown
    (a hidden page keeps its last size, so searches stay inside it)."""
    def shown_page():
        tab = find(window, 'page tab', title)
        if tab is None or not selected(tab):
            return None
        return find(window, 'filler', PAGES[title], showing=False)
    return wait_for(shown_page, 'the %s page' % title)


def need(node, role=None, name=None, what=None, timeout=None, pred=None):
    return wait_for(lambda: find(node, role, name, pred=pred),
                    what or '%s %r' % (role or 'node', name), timeout)


def dump(node, file=sys.stderr, showing=True):
    """The tree as text, for a failing journey's log."""
    def rec(n, depth):
        try:
            kids = n.children
        except Exception:  # noqa: BLE001
            return
        for c in kids:
            try:
                if showing and not c.visible:
                    continue
                text = ''
                if c.roleName in ('text', 'entry', 'spin button', 'password text'):
                    try:
                        text = ' text=%r' % c.text
                    except Exception:  # noqa: BLE001
                        pass
                print('%s%s %r%s%s' % ('  ' * depth, c.roleName, c.name, text,
                                       '' if c.sensitive else ' (insensitive)'), file=file)
            except Exception:  # noqa: BLE001
                continue
            rec(c, depth + 1)
    rec(node, 0)


def click(node):
    """Activates a control through its accessible action, as a screen
    reader would (the window has no window manager to place it, so X
    coordinates are not to be trusted)."""
    try:
        names = list(node.actions.keys())
    except Exception:  # noqa: BLE001: no Action interface
        names = []
    for a in ('click', 'activate', 'press', 'toggle'):
        if a in names:
            node.doActionNamed(a)
            return
    node.click()


def click_at(node, button=1):
    """A real mouse click at the middle of the node. Without a window
    manager every window sits at the screen's origin, so the window's
    coordinates are the screen's."""
    x, y, w, h = extents(node)
    check(w > 0 and h > 0, 'cannot click %s %r: it has no size' % (node.roleName, node.name))
    rawinput.click(x + w // 2, y + h // 2, button)


def focus(node, what=None):
    """Puts the keyboard focus on a field by clicking it (GTK 4.8 does not
    implement AT-SPI's grabFocus)."""
    click_at(node)
    wait_for(lambda: node.focused or any(c.focused for c in walk(node)),
             'the focus on ' + (what or '%s %r' % (node.roleName, node.name)), timeout=10)


def has_focus(node):
    try:
        return node.focused or any(c.focused for c in _all(node, limit=4))
    except Exception:  # noqa: BLE001
        return False


def tab_to(node, what=None, limit=80, back=False):
    """Moves the focus with Tab (Shift+Tab with back) until it is on the
    node, as a keyboard user reaches a field below the fold; the page
    scrolls to follow the focus."""
    for _ in range(limit):
        if has_focus(node):
            return
        key('<Shift>Tab' if back else 'Tab')
    fail('Tab never reached ' + (what or '%s %r' % (node.roleName, node.name)))


def key(combo):
    """A key or key combination, e.g. '<Control>q', 'Tab', '<Alt>2'."""
    rawinput.keyCombo(combo)
    time.sleep(0.05)


def choose(row, choice, by_keyboard=False):
    """Picks `choice` in a combo row as a keyboard user does: the row is
    opened (clicked, or with by_keyboard Enter on the focused row), then
    arrows and Enter in its list (the popover's items have no action of
    their own in GTK 4.8)."""
    current = [n.name for n in find_all(row, 'label')]
    if by_keyboard:
        key('Return')
    else:
        click_at(row)
    # The open list's labels follow the row's own (its title, its value).
    options = wait_for(lambda: [n.name for n in find_all(row, 'label')][len(current):],
                       'the list of %s to open' % row.name, timeout=10)
    check(choice in options, '%s offers no %r: %r' % (row.name, choice, options))
    key('Home')
    for _ in range(options.index(choice)):
        key('Down')
    key('Return')
    wait_for(lambda: len(find_all(row, 'label')) == len(current), 'the list of %s to close' % row.name)
    wait_for(lambda: find(row, 'label', choice), '%s to show %r' % (row.name, choice))


def dialog(app, role, name, what=None, timeout=None):
    """A toplevel other than the main window (a message dialog, the
    chooser) holding a node with the role and name; only those toplevels
    are searched, since walking the main window's tree takes seconds."""
    return wait_for(lambda: find_dialog(app, role, name),
                    what or 'a dialog with %s %r' % (role, name), timeout)


def find_dialog(app, role, name):
    for top in app.node.children:
        if top.roleName != 'frame' and top.visible and find(top, role, name) is not None:
            return top
    return None


def chooser(app):
    """The file chooser, once it is open: GTK's own dialog (no portal
    here), a toplevel with a Cancel button and a folder list."""
    def find_it():
        for top in app.node.children:
            # Not the main window: walking its tree takes seconds.
            if top.roleName != 'frame' and top.visible \
               and find(top, 'push button', 'Cancel') is not None \
               and find(top, 'push button', re.compile('^_?(Save|Open|Select)')) is not None \
               and find(top, 'push button', 'Discard') is None \
               and find(top, 'combo box', 'Format') is None:
                return top
        return None
    return wait_for(find_it, 'the file chooser')


def save_as(app, path):
    """Answers the save chooser: the full path typed into its name field
    (GTK's chooser takes a path there), then Enter."""
    dlg = chooser(app)
    screenshot('chooser')
    key('<Control>a')
    type_text(path)
    key('Return')
    wait_for(lambda: not dlg.visible or dlg not in app.node.children, 'the file chooser to close')


def open_file(app, path):
    """Answers the open chooser: '/' opens its location field, then the
    path and Enter."""
    dlg = chooser(app)
    type_text(path)
    key('Return')
    wait_for(lambda: not dlg.visible or dlg not in app.node.children, 'the file chooser to close')


def type_text(text):
    rawinput.typeText(text)


def screenshot(name, crop=None):
    """Saves the screen (or the crop node's window) as NAME.png when
    LEVERAGE_JOURNEY_SHOTS is set."""
    d = os.environ.get('LEVERAGE_JOURNEY_SHOTS')
    if not d:
        return None
    import gi
    gi.require_version('Gdk', '3.0')
    from gi.repository import Gdk
    os.makedirs(d, exist_ok=True)
    root = Gdk.get_default_root_window()
    _, _, w, h = root.get_geometry()
    x = y = 0
    if crop is not None:
        # Window coordinates are screen coordinates here (no window manager).
        x, y, w, h = extents(crop)
        x, y = max(x, 0), max(y, 0)
    pb = Gdk.pixbuf_get_from_window(root, x, y, w, h)
    path = os.path.join(d, name + '.png')
    pb.savev(path, 'png', [], [])
    return path


def run(main):
    """Runs a journey's main(); a failure prints why and exits 1."""
    try:
        main()
    except JourneyFailure as e:
        try:
            shot = screenshot('failed-' + os.path.splitext(os.path.basename(sys.argv[0]))[0])
            if shot:
                log('the screen at the failure: ' + shot)
        except Exception:  # noqa: BLE001
            pass
        print('JOURNEY FAILED: %s' % e, file=sys.stderr, flush=True)
        sys.exit(1)
    except Exception:  # noqa: BLE001: a journey's own bug, said as such
        import traceback
        traceback.print_exc()
        print('JOURNEY FAILED: the journey script raised', file=sys.stderr, flush=True)
        sys.exit(1)
    print('journey passed', file=sys.stderr, flush=True)
    sys.exit(0)
