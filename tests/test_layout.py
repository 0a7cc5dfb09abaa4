"""The public names of each package, and the direction of imports between them."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PUBLIC_API = {
    "sgsession": [
        "Entity",
        "EntityNotFound",
        "InvalidEntity",
        "NoConnection",
        "Schema",
        "Session",
        "SessionClosed",
        "SessionError",
        "ShotgunPool",
        "SiteNotConfigured",
        "UnknownEntityType",
        "UnknownField",
        "connect",
    ],
    "sglocal": [
        "AuthenticationError",
        "LocalSite",
        "RequestError",
        "RequestRecord",
        "Schema",
        "SchemaError",
        "SiteClosedError",
        "SiteError",
        "Store",
        "load_schema",
    ],
    "sgbrowser": [
        "BrowserClosed",
        "BrowserError",
        "BrowserPanel",
        "EntityTreeModel",
        "PoolClosed",
        "ThumbnailCache",
        "ThumbnailError",
        "Ticket",
        "WorkerPool",
    ],
}

FORBIDDEN_IMPORTS = {
    "sgsession": {
        "qtpy",
        "PySide2",
        "PySide6",
        "PyQt5",
        "PyQt6",
        "sglocal",
        "sgbrowser",
    },
    "sglocal": {"qtpy", "PySide2", "PySide6", "sgsession", "sgbrowser"},
}


@pytest.mark.parametrize("package", sorted(PUBLIC_API), ids=str)
def test_public_api_is_pinned(package):
    module = __import__(package)
    assert sorted(module.__all__) == sorted(PUBLIC_API[package])
    for name in module.__all__:
        assert hasattr(module, name), f"{package}.{name} is listed but missing"


def _imported_roots(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]


@pytest.mark.parametrize("package", sorted(FORBIDDEN_IMPORTS), ids=str)
def test_imports_point_one_way(package):
    offenders = []
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = set(_imported_roots(path)) & FORBIDDEN_IMPORTS[package]
        offenders.extend(f"{path.relative_to(ROOT)} imports {name}" for name in bad)
    assert offenders == []
