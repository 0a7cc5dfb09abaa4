"""BrowserPanel on a real session: selection, lists, details, picking, search."""

import pytest
from browser_fakes import FakeSession, demo_rows
from browser_helpers import child, load, names, path
from browser_site import BUSY_SHOT, FRAMES
from qtpy import QtGui, QtWidgets
from qtpy.QtCore import QModelIndex, Qt

from sgbrowser.nodes import NodeState
from sgbrowser.style import PANEL_OBJECT_NAME


def _select(qtbot, panel, *route):
    index = path(qtbot, panel.model, *route[:-1])
    index = child(panel.model, index, route[-1])
    view_index = panel.view_index(index)
    parent = view_index.parent()
    while parent.isValid():
        panel.tree.expand(parent)
        parent = parent.parent()
    panel.tree.setCurrentIndex(view_index)
    panel.tree.setFocus()
    return index


def _wait_idle(qtbot, panel):
    qtbot.waitUntil(lambda: panel.pool.pending == 0, timeout=10000)


def test_selecting_a_shot_lists_its_versions_newest_first_and_its_files(
    qtbot, panel, site
):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    assert panel.lists.tabText(0) == "Versions (loading\u2026)"
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)

    assert panel.lists.tabText(0) == "Versions (3)"
    assert panel.lists.tabText(1) == "Published Files (1)"
    codes = [entity["code"] for entity in panel.versions_model.entities]
    assert codes == [f"SQ020_0001_comp_v00{n}" for n in (3, 2, 1)]
    assert [f["code"] for f in panel.files_model.entities] == [
        "SQ020_0001_comp_v003.nk"
    ]
    assert panel.details.title.text() == "SQ020_0001"
    assert panel.details.breadcrumb.text() == "Aurora  \u203a  Sequences  \u203a  SQ020"


def test_selecting_a_loaded_entity_again_sends_no_request(qtbot, panel, site):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    other = _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0002")
    _wait_idle(qtbot, panel)
    site.clear_requests()

    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    panel.tree.setCurrentIndex(panel.view_index(other))
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    _wait_idle(qtbot, panel)

    assert panel.versions_model.rowCount() == 3
    assert [r for r in site.requests if r.method != "file"] == []


@pytest.mark.parametrize(
    ("view", "title", "path_text"),
    [
        ("versions_view", "SQ020_0001_comp_v003", FRAMES.format(3)),
        (
            "files_view",
            "SQ020_0001_comp_v003.nk",
            "/jobs/aurora/SQ020_0001/comp/v003.nk",
        ),
    ],
    ids=["version", "published_file"],
)
def test_selecting_a_listed_row_shows_its_details_without_a_request(
    qtbot, panel, site, view, title, path_text
):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    _wait_idle(qtbot, panel)
    site.clear_requests()
    errors = []
    panel.error_reported.connect(errors.append)

    getattr(panel, view).selectRow(0)
    _wait_idle(qtbot, panel)

    assert panel.details.title.text() == title
    assert path_text in [
        label.text() for label in panel.details.findChildren(QtWidgets.QLabel)
    ]
    assert [r for r in site.requests if r.method == "read"] == []
    assert errors == []


def test_thumbnails_load_once_into_the_disk_cache(qtbot, panel, site, tmp_path):
    from sgbrowser.thumbnails import ThumbnailCache

    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    urls = [version["image"] for version in panel.versions_model.entities]
    qtbot.waitUntil(lambda: all(panel.thumbnails.image(url) for url in urls))

    cached = sorted(p.name for p in (tmp_path / "cache" / "thumbnails").iterdir())
    assert len(cached) == 3
    assert len([r for r in site.requests if r.method == "file"]) == 3
    pixmap = panel.versions_model.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(pixmap, QtGui.QPixmap)
    assert not pixmap.isNull()

    fresh = ThumbnailCache(panel.pool, tmp_path / "cache")
    qtbot.waitUntil(lambda: all(fresh.image(url) for url in urls))
    assert len([r for r in site.requests if r.method == "file"]) == 3


def test_enter_on_a_tree_row_picks_its_entity(qtbot, panel):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0002")

    with qtbot.waitSignal(panel.entity_picked) as picked:
        qtbot.keyClick(panel.tree, Qt.Key.Key_Return)

    assert (picked.args[0].type, picked.args[0].id) == ("Shot", 1002)


def test_double_click_on_a_version_picks_it(qtbot, panel):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    view = panel.versions_view
    rect = view.visualRect(panel.versions_model.index(1, 1))

    with qtbot.waitSignal(panel.version_picked) as picked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert picked.args[0]["code"] == "SQ020_0001_comp_v002"


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("tree", "Shot:1001"),
        ("versions_view", f"Version:3 {FRAMES.format(3)}"),
    ],
    ids=["shot_without_path", "version_with_path"],
)
def test_copy_puts_type_id_and_path_on_the_clipboard(qtbot, panel, view, expected):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    widget = getattr(panel, view)
    if view == "versions_view":
        widget.selectRow(0)
    widget.setFocus()
    QtGui.QGuiApplication.clipboard().clear()

    assert panel.copy_selection() == [expected]
    assert QtGui.QGuiApplication.clipboard().text() == expected


def test_search_reveals_hits_loading_only_their_ancestors(qtbot, panel, site):
    load(qtbot, panel.model)
    site.clear_requests()

    with qtbot.waitSignal(panel.search.finished, timeout=10000):
        panel.search_field.setText("SQ020_0002")
    _wait_idle(qtbot, panel)

    model = panel.model
    sequences = path(qtbot, model, "Aurora", "Sequences")
    assert names(model, sequences) == ["SQ010", "SQ020"]
    hit = child(model, child(model, sequences, "SQ020"), "SQ020_0002")
    assert model.node_from_index(child(model, sequences, "SQ010")).state is (
        NodeState.UNLOADED
    )
    assert panel.tree.currentIndex() == panel.view_index(hit)
    loads = [(r.method, r.entity_type) for r in site.requests if r.method == "read"]
    searched = [("read", t) for t in ("Shot", "Asset", "Task", "Version")]
    revealed = [("read", "Sequence"), ("read", "Shot")]
    listed = [("read", "Version"), ("read", "PublishedFile")]
    assert loads == [*searched, *revealed, *listed]


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("SQ020_0002", "1 match for \u201cSQ020_0002\u201d"),
        ("nothing like it", "No matches for \u201cnothing like it\u201d"),
    ],
    ids=["one_match", "no_match"],
)
def test_search_outcome_stays_in_the_status_bar_until_the_text_changes(
    qtbot, panel, text, note
):
    load(qtbot, panel.model)

    with qtbot.waitSignal(panel.search.finished, timeout=10000):
        panel.search_field.setText(text)
    _wait_idle(qtbot, panel)

    assert panel.status_bar.note_label.text() == note
    assert panel.status_bar.busy_label.text() == "Ready"
    panel.search_field.setText("")
    assert panel.status_bar.note_label.isHidden()


def test_group_row_details_count_its_children_once_loaded(qtbot, panel):
    sequences = _select(qtbot, panel, "Aurora", "Sequences")
    assert panel.details.title.text() == "Sequences"
    assert panel.details.subtitle.text() == "Expand to load"

    panel.tree.expand(panel.view_index(sequences))
    qtbot.waitUntil(lambda: panel.details.subtitle.text() == "2 sequences")

    assert panel.details.breadcrumb.text() == "Aurora"


def test_lists_say_why_they_are_empty(qtbot, panel, site):
    nothing = "Select a shot, asset or task to list its versions and files."
    assert panel.versions_view.placeholder == nothing
    path(qtbot, panel.model, "Aurora", "Sequences", "SQ020")

    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0003")
    qtbot.waitUntil(lambda: panel.lists.tabText(0) == "Versions (0)")
    assert panel.versions_view.placeholder == "No versions"
    assert panel.files_view.placeholder == "No published files"

    site.inject_fault("500", count=1, method="read")
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.lists.tabText(0) == "Versions")
    assert panel.versions_view.placeholder == (
        "Could not load the versions: the site answered 500 Internal Server Error"
        "\nPress F5 to try again."
    )

    panel.refresh()
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    assert panel.lists.tabText(0) == "Versions (3)"


def test_show_message_replaces_the_tree(qtbot, panel):
    panel.show_message("No site named 'prod' is configured.")

    assert panel.message.isVisible()
    assert not panel.tree.isVisible()
    assert panel.message.text() == "No site named 'prod' is configured."


def test_panel_leaves_the_host_palette_and_style_alone(qtbot, qapp, session):
    from sgbrowser.panel import BrowserPanel

    palette = QtGui.QPalette(qapp.palette())
    style = qapp.style().objectName()

    panel = BrowserPanel(session)
    qtbot.addWidget(panel)

    assert qapp.palette() == palette
    assert qapp.style().objectName() == style
    assert panel.palette().color(QtGui.QPalette.ColorRole.Window) == palette.color(
        QtGui.QPalette.ColorRole.Window
    )
    panel.shutdown()


def test_typing_in_the_tree_jumps_to_the_matching_row(qtbot, active_panel):
    sequence = _select(qtbot, active_panel, "Aurora", "Sequences", "SQ020")
    active_panel.tree.expand(active_panel.view_index(sequence))
    qtbot.waitUntil(lambda: active_panel.model.rowCount(sequence) == 3)

    qtbot.keyClicks(active_panel.tree, "SQ020_0002")

    assert active_panel.tree.currentIndex().data() == "SQ020_0002"


def test_style_sheet_is_scoped_to_the_panel(panel, qapp):
    rules = [
        line
        for line in panel.styleSheet().splitlines()
        if line and line[0] not in " /}" and not line.startswith("   ")
    ]

    assert rules
    assert all(rule.startswith(f"#{PANEL_OBJECT_NAME} ") for rule in rules)
    assert qapp.styleSheet() == ""
    assert panel.objectName() == PANEL_OBJECT_NAME


def test_shutdown_stops_loading_and_refuses_a_new_session(qtbot, panel, session):
    from sgbrowser.errors import BrowserClosed

    panel.shutdown()

    assert panel.pool.closed
    with pytest.raises(BrowserClosed, match="create a new BrowserPanel"):
        panel.set_session(session)


def test_refresh_reloads_the_selected_entity_versions(qtbot, panel, site):
    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)
    _wait_idle(qtbot, panel)
    added = site.store.insert_rows(
        "Version", [{"code": "SQ020_0001_comp_v004", "entity": BUSY_SHOT}]
    )
    try:
        panel.refresh()
        qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 4)
    finally:
        site.store.retire("Version", added[0])


@pytest.fixture
def active_panel(qtbot, panel):
    panel.activateWindow()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.activeWindow() is panel)
    return panel


def test_ctrl_f_moves_focus_to_the_search_field(qtbot, active_panel):
    active_panel.tree.setFocus()
    qtbot.waitUntil(active_panel.tree.hasFocus)

    qtbot.keyClick(active_panel.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)

    assert active_panel.search_field.hasFocus()


def test_ctrl_c_in_the_tree_copies_type_and_id(qtbot, active_panel):
    _select(qtbot, active_panel, "Aurora", "Sequences", "SQ020", "SQ020_0003")
    qtbot.waitUntil(active_panel.tree.hasFocus)
    QtGui.QGuiApplication.clipboard().clear()

    qtbot.keyClick(active_panel.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)

    assert QtGui.QGuiApplication.clipboard().text() == "Shot:1003"


def test_f5_reloads_the_selected_branch(qtbot, active_panel, site):
    sequence = _select(qtbot, active_panel, "Aurora", "Sequences", "SQ020")
    load(qtbot, active_panel.model, sequence)
    _wait_idle(qtbot, active_panel)
    site.clear_requests()

    qtbot.keyClick(active_panel.tree, Qt.Key.Key_F5)
    _wait_idle(qtbot, active_panel)

    assert [(r.method, r.entity_type) for r in site.requests] == [("read", "Shot")]


def test_context_menu_retries_a_failed_row(qtbot, panel, site):
    model = panel.model
    sequences = path(qtbot, model, "Aurora", "Sequences")
    sequence = child(model, sequences, "SQ020")
    panel.tree.expand(panel.view_index(child(model, QModelIndex(), "Aurora")))
    panel.tree.expand(panel.view_index(sequences))
    site.inject_fault("500", count=1, method="read")
    with qtbot.waitSignal(model.load_failed):
        panel.tree.expand(panel.view_index(sequence))
    position = panel.tree.visualRect(panel.view_index(sequence)).center()

    panel.tree.customContextMenuRequested.emit(position)
    menu = panel.findChildren(QtWidgets.QMenu)[-1]
    actions = {action.text(): action for action in menu.actions()}

    assert list(actions) == ["Retry", "Refresh", "Copy"]
    with qtbot.waitSignal(model.node_loaded):
        actions["Retry"].trigger()
    assert names(model, sequence) == ["SQ020_0001", "SQ020_0002", "SQ020_0003"]
    menu.close()


class _AddressedSession(FakeSession):
    """A fake session that notes when its site address is asked for."""

    address = "https://studio.example.com"

    def __init__(self, rows):
        super().__init__(rows)
        self.address_reads = 0

    @property
    def base_url(self):
        self.address_reads += 1
        return self.address


def test_site_address_is_asked_for_only_once_the_projects_load(qtbot, tmp_path):
    from sgbrowser.panel import BrowserPanel

    session = _AddressedSession(demo_rows())
    panel = BrowserPanel(session, thumbnail_dir=tmp_path)
    qtbot.addWidget(panel)

    assert panel.status_bar.site_label.text() == "Connecting\u2026"
    assert session.address_reads == 0
    qtbot.waitUntil(lambda: panel.status_bar.site_label.text() == session.address)
    panel.shutdown()


def test_site_that_fails_to_answer_shows_as_not_connected(qtbot, tmp_path):
    from sgbrowser.panel import BrowserPanel

    session = _AddressedSession(demo_rows())
    session.fail["Project"] = ConnectionRefusedError("connection refused")
    panel = BrowserPanel(session, thumbnail_dir=tmp_path)
    qtbot.addWidget(panel)

    with qtbot.waitSignal(panel.model.load_failed):
        pass

    assert panel.status_bar.site_label.text() == "Not connected"
    assert panel.status_bar.error_label.text() == (
        "Could not load the projects: connection refused"
    )
    assert session.address_reads == 0
    panel.shutdown()


def test_a_given_site_label_stays_in_the_status_bar(qtbot, session, tmp_path):
    from sgbrowser.panel import BrowserPanel

    panel = BrowserPanel(thumbnail_dir=tmp_path)
    qtbot.addWidget(panel)
    panel.set_session(session, "studio")
    load(qtbot, panel.model)

    assert panel.status_bar.site_label.text() == "studio"
    panel.shutdown()


def test_the_date_column_fits_a_full_date_and_time_before_and_after_loading(
    qtbot, panel
):
    panel.resize(1440, 860)
    view = panel.lists.versions_view
    header = view.horizontalHeader()
    date = [title for title, _ in panel.versions_model.columns].index("Date")
    full = view.fontMetrics().horizontalAdvance("2026-12-28 20:58")

    assert header.sectionSize(date) > full

    _select(qtbot, panel, "Aurora", "Sequences", "SQ020", "SQ020_0001")
    qtbot.waitUntil(lambda: panel.versions_model.rowCount() == 3)

    assert header.sectionSize(date) > full
    right = header.sectionViewportPosition(date) + header.sectionSize(date)
    assert right <= view.viewport().width()
