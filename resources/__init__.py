"""Data files the packages share: the default site schema, icons and style sheets."""

from pathlib import Path

__all__ = ["resource_path"]

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Return the path of a shipped resource: ``resource_path("icons", "shot.svg")``."""
    path = _ROOT.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"no resource {'/'.join(parts)!r} under {_ROOT}")
    return path
