"""The standalone app: arguments, and a demo run that saves a screenshot."""

import os
import signal
import socket
import subprocess
import sys

import pytest
from qtpy import QtGui

from sgbrowser import app
from sgbrowser.app import build_parser


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], {"site": None, "demo": False, "latency_ms": 0, "screenshot": None}),
        (
            ["--demo", "--latency-ms", "150", "--screenshot", "out.png"],
            {"site": None, "demo": True, "latency_ms": 150, "screenshot": "out.png"},
        ),
        (["--site", "prod"], {"site": "prod", "demo": False}),
    ],
    ids=["defaults", "demo_with_latency", "named_site"],
)
def test_arguments_parse(argv, expected):
    args = vars(build_parser().parse_args(argv))
    assert {key: args[key] for key in expected} == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("-3", "-3 is negative; give 0 or more milliseconds"),
        ("fast", "'fast' is not a whole number of milliseconds"),
    ],
    ids=["negative", "not_a_number"],
)
def test_latency_must_be_a_whole_non_negative_number(capsys, value, reason):
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["--demo", "--latency-ms", value])

    assert exited.value.code == 2
    assert f"argument --latency-ms: {reason}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["--site", "prod"], "sgbrowser --site prod --screenshot browser.png"),
        ([], "sgbrowser --screenshot browser.png"),
    ],
    ids=["named_site", "default_site"],
)
def test_no_display_says_what_to_do_instead_of_opening_a_window(
    monkeypatch, capsys, argv, command
):
    monkeypatch.setattr(app, "has_display", lambda: False)
    monkeypatch.delenv("QT_QPA_PLATFORM")

    assert app.main(argv) == 2

    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == (
        "sgbrowser: cannot open a window: neither DISPLAY nor WAYLAND_DISPLAY is "
        "set, so there is no display to show it on."
    )
    assert lines[-1] == f"  {command}"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("x", "{path}: the name has no image suffix; end it with one of "),
        ("x.txt", "{path}: Qt cannot write .txt images; end it with one of "),
        (".", "{path}: it is a folder; give a file in it, e.g. {path}/browser.png"),
        (
            "missing/x.png",
            "{path}: the folder {path.parent} does not exist; create it first",
        ),
    ],
    ids=["no_suffix", "unknown_suffix", "folder", "missing_folder"],
)
def test_a_bad_screenshot_path_fails_before_loading_anything(
    tmp_path, monkeypatch, capsys, name, reason
):
    for key in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{key}_HOME", str(tmp_path / key.lower()))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    path = tmp_path / name if name != "." else tmp_path

    assert app.main(["--demo", "--screenshot", str(path)]) == 2

    err = capsys.readouterr().err
    assert err.startswith(
        "sgbrowser: cannot save a screenshot to " + reason.format(path=path)
    )
    assert len(err.splitlines()) == 1
    assert not (tmp_path / "data").exists(), "the demo site was not seeded"


@pytest.mark.parametrize(
    "in_the_way",
    ["data", "data/sgbrowser"],
    ids=["data_home_is_a_file", "sgbrowser_folder_is_a_file"],
)
def test_a_file_in_place_of_the_data_folder_is_named_and_exits_1(
    tmp_path, monkeypatch, capsys, in_the_way
):
    for key in ("DATA", "CACHE", "CONFIG"):
        monkeypatch.setenv(f"XDG_{key}_HOME", str(tmp_path / key.lower()))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    blocker = tmp_path / in_the_way
    blocker.parent.mkdir(parents=True, exist_ok=True)
    blocker.write_text("", encoding="utf-8")

    status = app.main(["--demo", "--screenshot", str(tmp_path / "x.png")])

    assert status == 1
    assert capsys.readouterr().err.splitlines() == [
        "sgbrowser: cannot create the demo site's folder "
        f"{tmp_path / 'data' / 'sgbrowser'}: {blocker} is a file, not a folder; "
        "move that file away, or set XDG_DATA_HOME to another folder"
    ]
    assert not (tmp_path / "x.png").exists()


def _clean_env(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SGSESSION_")
        and key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    for name in ("data", "cache", "config"):
        env[f"XDG_{name.upper()}_HOME"] = str(tmp_path / name)
    return env


def _run(tmp_path, *command, env=None, timeout=60):
    """Run a command in tmp_path with a clean environment; never raise on failure."""
    return subprocess.run(
        list(command),
        env=env or _clean_env(tmp_path),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def test_screenshot_of_an_unknown_site_explains_and_fails(tmp_path):
    done = _run(
        tmp_path,
        sys.executable,
        "-m",
        "sgbrowser",
        "--site",
        "prod",
        "--screenshot",
        "x.png",
        timeout=120,
    )

    assert done.returncode == 1
    assert "sgbrowser: no credentials for the 'prod' site; looked in:" in done.stderr
    assert not (tmp_path / "x.png").exists()


def test_screenshot_of_a_rejected_site_configuration_explains_and_fails(tmp_path):
    config = tmp_path / "sites.toml"
    config.write_text('[sites.studio]\nscript_name = "pipeline"\n', encoding="utf-8")
    env = dict(_clean_env(tmp_path), SGSESSION_CONFIG=str(config))

    done = _run(
        tmp_path,
        sys.executable,
        "-m",
        "sgbrowser",
        "--site",
        "studio",
        "--screenshot",
        "x.png",
        env=env,
        timeout=120,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert (
        f"sgbrowser: cannot use site 'studio' from {config}: [sites.studio] needs a url"
    ) in done.stderr.splitlines()
    assert not (tmp_path / "x.png").exists()


def test_unknown_site_without_a_visible_window_explains_and_exits(tmp_path):
    env = dict(_clean_env(tmp_path), QT_QPA_PLATFORM="offscreen")

    done = _run(tmp_path, sys.executable, "-m", "sgbrowser", "--site", "prod", env=env)

    assert done.returncode == 1
    assert "sgbrowser: no credentials for the 'prod' site; looked in:" in done.stderr
    assert "environment variable SGSESSION_PROD_URL (not set)" in done.stderr


@pytest.fixture
def silent_listener():
    """A listener on 127.0.0.1 that takes connections and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        listener.settimeout(60)
        yield listener


@pytest.fixture
def silent_site(tmp_path, silent_listener):
    """A configured site 'hole' served by the silent listener."""
    config = tmp_path / "sites.toml"
    config.write_text(
        "[sites.hole]\n"
        f'url = "http://127.0.0.1:{silent_listener.getsockname()[1]}"\n'
        'script_name = "pipeline"\napi_key = "key"\n',
        encoding="utf-8",
    )
    return config


def test_screenshot_of_a_site_that_never_answers_gives_up_and_exits(
    tmp_path, silent_site
):
    env = dict(_clean_env(tmp_path), SGSESSION_CONFIG=str(silent_site))
    script = (
        "import sys; from sgbrowser import app; app.SCREENSHOT_TIMEOUT_MS = 1000; "
        "sys.exit(app.main(['--site', 'hole', '--screenshot', 'h.png']))"
    )

    done = _run(tmp_path, sys.executable, "-c", script, env=env)

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert "sgbrowser: no screenshot: the first load did not finish in time" in lines
    assert lines[-1].startswith("sgbrowser: ")
    assert lines[-1].endswith(
        " request(s) to the site never answered; exiting without waiting for them"
    )
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "h.png").exists()


@pytest.mark.parametrize(
    "extra", [[], ["--screenshot", "h.png"]], ids=["window", "screenshot"]
)
def test_ctrl_c_quits_cleanly_with_status_130(
    tmp_path, silent_site, silent_listener, extra
):
    env = dict(
        _clean_env(tmp_path),
        SGSESSION_CONFIG=str(silent_site),
        QT_QPA_PLATFORM="offscreen",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "sgbrowser", "--site", "hole", *extra],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        connection, _ = silent_listener.accept()
        with connection:
            process.send_signal(signal.SIGINT)
            _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 130
    assert "Traceback" not in err
    assert "KeyboardInterrupt" not in err


_WITHOUT_QT = (
    "import runpy, sys\n"
    "for name in ('PySide6', 'PySide2', 'PyQt6', 'PyQt5'):\n"
    "    sys.modules[name] = None\n"
    "runpy.run_module('sgbrowser', run_name='__main__')\n"
)


def _run_without_qt(tmp_path, *argv):
    env = dict(_clean_env(tmp_path), QT_QPA_PLATFORM="offscreen")
    return _run(tmp_path, sys.executable, "-c", _WITHOUT_QT, *argv, env=env)


def test_help_works_without_a_qt_binding(tmp_path):
    done = _run_without_qt(tmp_path, "--help")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: sgbrowser")
    assert done.stderr == ""


def test_without_a_qt_binding_says_what_to_install(tmp_path):
    done = _run_without_qt(tmp_path, "--demo")

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(
        "sgbrowser: cannot start: no Qt binding could be imported ("
    )
    assert lines[1:] == [
        "Install one with the browser, e.g.:",
        "  pip install sgsession[pyside6]",
        "or, for a host on Qt 5:",
        "  pip install sgsession[pyside2]",
    ]


@pytest.mark.slow
def test_demo_without_a_display_saves_a_screenshot_and_exits_zero(tmp_path):
    done = _run(tmp_path, sys.executable, "-m", "sgbrowser", "--demo", timeout=180)

    screenshot = tmp_path / "data" / "sgbrowser" / "screenshot.png"
    assert done.returncode == 0, done.stderr
    assert f"Screenshot saved to {screenshot}" in done.stdout
    image = QtGui.QImage(str(screenshot))
    assert (image.width(), image.height()) == (1440, 860)
    status_bar = image.pixelColor(4, image.height() - 4)
    assert status_bar.lightness() < 80, "the standalone app uses the dark palette"
    assert (tmp_path / "data" / "sgbrowser" / "demo.sqlite").exists()
