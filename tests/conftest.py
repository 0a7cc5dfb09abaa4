"""Shared test set-up: one Qt binding for qtpy and pytest-qt, rendered offscreen."""

import os

_binding = os.environ.get("QT_API") or os.environ.get("PYTEST_QT_API") or "pyside6"
os.environ["QT_API"] = os.environ["PYTEST_QT_API"] = _binding
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
