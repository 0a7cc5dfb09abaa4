"""The details pane: long names and paths never widen it; they elide instead."""

from browser_fakes import FakeEntity
from qtpy.QtCore import Qt

from sgbrowser.details import DetailsPane
from sgbrowser.elided_label import ElidedLabel

LONG_CODE = "SQ010_0010_" + "lighting_precomp_" * 12 + "v012"
LONG_PATH = "/jobs/aurora/" + "deep/" * 40 + "SQ010_0010_v012.####.exr"


def test_long_names_and_paths_leave_the_pane_width_alone(qapp):
    pane = DetailsPane()
    pane.show_entity(FakeEntity("Version", 1, code="v1", sg_path_to_frames="/a"))
    narrow = pane.minimumSizeHint().width()

    version = FakeEntity("Version", 2, code=LONG_CODE, sg_path_to_frames=LONG_PATH)
    pane.show_entity(version, ["Aurora", "Sequences", LONG_CODE])

    assert pane.minimumSizeHint().width() == narrow
    assert pane.title.text() == LONG_CODE


def test_elided_label_keeps_both_ends_and_its_whole_text(qtbot):
    label = ElidedLabel(LONG_PATH, Qt.TextElideMode.ElideMiddle)
    qtbot.addWidget(label)
    label.resize(160, 24)

    shown = label.shown_text()

    assert label.text() == LONG_PATH
    assert shown.startswith("/jobs/")
    assert shown.endswith(".exr")
    assert "\u2026" in shown
    assert len(shown) < len(LONG_PATH)
