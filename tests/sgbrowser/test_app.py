"""The standalone app: arguments, and a demo run that saves a screenshot."""

import os
import subprocess
import sys

import pytest
from qtpy import QtGui

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


@pytest.mark.slow
def test_demo_without_a_display_saves_a_screenshot_and_exits_zero(tmp_path):
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env.pop("QT_QPA_PLATFORM", None)

    done = subprocess.run(
        [sys.executable, "-m", "sgbrowser", "--demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )

    screenshot = tmp_path / "data" / "sgbrowser" / "screenshot.png"
    assert done.returncode == 0, done.stderr
    assert f"Screenshot saved to {screenshot}" in done.stdout
    image = QtGui.QImage(str(screenshot))
    assert (image.width(), image.height()) == (1440, 860)
    status_bar = image.pixelColor(4, image.height() - 4)
    assert status_bar.lightness() < 80, "the standalone app uses the dark palette"
    assert (tmp_path / "data" / "sgbrowser" / "demo.sqlite").exists()
