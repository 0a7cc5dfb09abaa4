"""The standalone browser: a window around BrowserPanel, on a real or demo site."""

import argparse
import contextlib
import logging
import os
import sys
from pathlib import Path

import platformdirs

__all__ = ["main", "open_demo_site"]

log = logging.getLogger(__name__)

#: How long a screenshot run may wait for the first load before giving up.
SCREENSHOT_TIMEOUT_MS = 90_000

#: How long quitting waits for requests in flight before abandoning them.
SHUTDOWN_WAIT_MS = 2_000

_WINDOW_SIZE = (1440, 860)


def build_parser():
    parser = argparse.ArgumentParser(
        prog="sgbrowser",
        description="Browse a ShotGrid site's projects, shots, assets and versions.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--site", metavar="NAME", help="a configured site (default: the default site)"
    )
    source.add_argument(
        "--demo",
        action="store_true",
        help="browse a seeded local site kept in the user's data directory",
    )
    parser.add_argument(
        "--latency-ms",
        type=_milliseconds,
        default=0,
        metavar="N",
        help="with --demo: delay each request by N ms, as a remote site would",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="render offscreen after the first load, save a PNG here and exit",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request")
    return parser


def _milliseconds(text):
    """A whole, non-negative number of milliseconds, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a whole number of milliseconds"
        ) from None
    if value < 0:
        raise argparse.ArgumentTypeError(
            f"{value} is negative; give 0 or more milliseconds"
        )
    return value


def has_display():
    """False on Linux without X11 or Wayland, where no window can open."""
    if not sys.platform.startswith("linux"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def data_dir():
    return Path(platformdirs.user_data_dir("sgbrowser"))


def open_demo_site(stack, latency_ms=0, directory=None):
    """Start the seeded local demo site in-process; return (site, session).

    The site is seeded once into ``demo.sqlite`` in the user's data directory and
    reused afterwards. ``stack`` (an ExitStack) closes both on exit.
    """
    from sgbrowser import demo_site

    return demo_site.open_demo_site(stack, directory or data_dir(), latency_ms)


def open_named_site(stack, name):
    """A session on a configured site; raises SiteNotConfigured when unknown."""
    import sgsession

    return stack.enter_context(sgsession.Session(sgsession.connect(name)))


def no_display_message(site):
    """What to do when a window was asked for on a machine without a display."""
    command = "sgbrowser" + (f" --site {site}" if site else "")
    return (
        "sgbrowser: cannot open a window: neither DISPLAY nor WAYLAND_DISPLAY is "
        "set, so there is no display to show it on.\n"
        "Run it in a desktop session (or over ssh -X), or render the browser "
        f"offscreen into a picture instead:\n  {command} --screenshot browser.png"
    )


def no_binding_message(error):
    """What to install when no Qt binding could be imported."""
    return (
        f"sgbrowser: cannot start: no Qt binding could be imported ({error}).\n"
        "Install one with the browser, e.g.:\n"
        "  pip install sgsession[pyside6]\n"
        "or, for a host on Qt 5:\n"
        "  pip install sgsession[pyside2]"
    )


def screenshot_problem(path):
    """Why a screenshot cannot be saved at ``path``, or "" when it can; checked
    before the site is loaded, so a bad path fails at once. Needs a QApplication."""
    from qtpy import QtGui

    suffixes = sorted(
        f".{name.data().decode()}"
        for name in QtGui.QImageWriter.supportedImageFormats()
    )
    if path.is_dir():
        return f"{path}: it is a folder; give a file in it, e.g. {path / 'browser.png'}"
    if path.suffix.lower() not in suffixes:
        what = (
            f"Qt cannot write {path.suffix} images"
            if path.suffix
            else "the name has no image suffix"
        )
        return f"{path}: {what}; end it with one of {', '.join(suffixes)}"
    folder = path.parent
    if not folder.is_dir():
        return f"{path}: the folder {folder} does not exist; create it first"
    if not os.access(folder, os.W_OK):
        return f"{path}: the folder {folder} is not writable; pick another one"
    return ""


def main(argv=None):
    """Run the browser; returns the process exit status."""
    args = build_parser().parse_args(argv)
    screenshot = args.screenshot
    if not screenshot and not has_display():
        if args.demo:
            screenshot = str(data_dir() / "screenshot.png")
        elif not os.environ.get("QT_QPA_PLATFORM"):
            print(no_display_message(args.site), file=sys.stderr)
            return 2
    if screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
    )

    try:
        from qtpy import QtWidgets
    except ImportError as error:
        print(no_binding_message(error), file=sys.stderr)
        return 1

    from sgbrowser.interrupt import INTERRUPTED_STATUS, QuitOnInterrupt
    from sgbrowser.style import apply_standalone_style
    from sgbrowser.window import BrowserWindow

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(sys.argv[:1])
    # Qt lists the image formats it can write only once an application exists.
    problem = args.screenshot and screenshot_problem(Path(args.screenshot))
    if problem:
        print(f"sgbrowser: cannot save a screenshot to {problem}", file=sys.stderr)
        return 2
    apply_standalone_style(app)
    window = BrowserWindow()
    interrupt = QuitOnInterrupt()
    try:
        with contextlib.ExitStack() as stack:
            connected = _connect(stack, window, args)
            # Registered after the site and session, so it runs before they close.
            stack.callback(window.panel.shutdown, SHUTDOWN_WAIT_MS)
            with interrupt:
                status = _run(app, window, connected, screenshot, interrupt)
    except KeyboardInterrupt:
        status = INTERRUPTED_STATUS
    if interrupt.interrupted:
        status = INTERRUPTED_STATUS
    if window.panel.pool.running:
        _exit_without_workers(status, window.panel.pool.running)
    return status


def _run(app, window, connected, screenshot, interrupt):
    """Show the window, or save its screenshot; return the exit status."""
    if not connected and (screenshot or not _shows_windows(app)):
        return 1
    window.resize(*_WINDOW_SIZE)
    window.show()
    if screenshot:
        return _save_screenshot(app, window, Path(screenshot), interrupt)
    return app.exec()


def _shows_windows(app):
    """False on Qt platforms that draw nowhere a user can see."""
    return app.platformName() not in ("offscreen", "minimal")


def _exit_without_workers(status, running):
    """Exit now: a request the site never answers must not keep the process alive.

    Python would wait for those threads at exit, and Qt when their pool is deleted.
    """
    print(
        f"sgbrowser: {running} request(s) to the site never answered; exiting "
        "without waiting for them",
        file=sys.stderr,
    )
    sys.stdout.flush()
    sys.stderr.flush()
    logging.shutdown()
    os._exit(status)


def _connect(stack, window, args):
    """Give the window its session; when the site cannot be used, say why and
    return False."""
    import sgsession
    from sgbrowser.errors import DemoSiteError

    try:
        if args.demo:
            site, session = open_demo_site(stack, args.latency_ms)
            window.set_session(session, f"demo site {site.url}")
        else:
            session = open_named_site(stack, args.site)
            window.set_session(session, args.site or "default site")
    except sgsession.SessionError as error:
        message = (
            f"{error}\n\nConfigure the site, or run sgbrowser --demo to browse a "
            "local demo site."
        )
        print(f"sgbrowser: {message}", file=sys.stderr)
        window.panel.show_message(message)
        return False
    except DemoSiteError as error:
        print(f"sgbrowser: {error}", file=sys.stderr)
        window.panel.show_message(str(error))
        return False
    return True


def _save_screenshot(app, window, path, interrupt):
    from sgbrowser.interrupt import INTERRUPTED_STATUS
    from sgbrowser.tour import FirstShotTour

    tour = FirstShotTour(window.panel)
    if not tour.run(SCREENSHOT_TIMEOUT_MS):
        if interrupt.interrupted:
            return INTERRUPTED_STATUS
        print(f"sgbrowser: no screenshot: {tour.failure}", file=sys.stderr)
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    # Let layouts settle first: the status bar's last text change is still queued.
    app.processEvents()
    if not window.grab().save(str(path)):
        print(f"sgbrowser: could not write the screenshot {path}", file=sys.stderr)
        return 1
    print(f"Screenshot saved to {path}")
    return 0
