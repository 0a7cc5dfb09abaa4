"""The Maya module file that MAYA_MODULE_PATH finds."""

from pathlib import Path

PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


def test_module_file_points_at_its_own_folder_and_the_shared_code():
    lines = (PLUGINS / "maya" / "sgsession.mod").read_text().splitlines()

    assert lines[0].split() == ["+", "sgsession", "0.1.0", "."]
    assert "PYTHONPATH+:=../common" in lines
    assert (PLUGINS / "maya" / "scripts" / "sgsession_maya" / "__init__.py").is_file()
    assert (PLUGINS / "maya" / ".." / "common" / "sgsession_hosts").is_dir()
