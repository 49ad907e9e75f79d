"""The parcel panel with real services on a temporary database: facts, forms, history,
conflicts, drafts after a crash, photos and a survey done with the keyboard only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QLocale, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication
from shapely.geometry import box
from sqlalchemy import select
from ui_factories import make_parcels, record, type_into

from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.models import Building, Observation, Parcel
from otb_desktop.services.parcel_detail import parcel_detail
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui import workers
from otb_desktop.ui.panel import ParcelPanel
from otb_desktop.ui.panel.field_editors import ComboEditor
from otb_desktop.ui.panel.locale_text import parse_date, parse_number

pytestmark = pytest.mark.usefixtures("dutch_locale")


@pytest.fixture
def synchronous_tasks():
    workers.set_synchronous(True)
    yield
    workers.set_synchronous(False)


@pytest.fixture
def parcels(context) -> list[str]:
    return make_parcels(context, 3)


@pytest.fixture
def panel(qtbot, context, parcels) -> ParcelPanel:
    widget = ParcelPanel(context)
    qtbot.addWidget(widget)
    widget.resize(420, 700)
    widget.show_parcel(parcels[1])
    return widget


def message(page, field: str) -> str:
    label = page.form.messages[field]
    return label.text() if label.isVisibleTo(page) else ""


def add_conflicting_heads(context, parcel_id: str) -> None:
    """Two observations that do not supersede each other, as sync brings from two laptops."""
    with context.database.session() as session:
        for author, vacant, when in (("Piet", 100, dt.datetime(2026, 1, 5, 10, tzinfo=dt.UTC)),
                                     ("Marloes", 300, dt.datetime(2026, 1, 6, 11, tzinfo=dt.UTC))):
            session.add(Observation(
                id=new_id(), parcel_id=parcel_id, topic="vacancy",
                values={"total_floor_area_m2": 1000.0, "vacant_floor_area_m2": float(vacant)},
                observed_at=when, created_by=author, device_id=new_id()))


# Facts


def test_shows_designation_area_and_derived_figures(panel, parcels, context):
    assert panel.current_parcel_id() == parcels[1]
    assert panel.designation.text() == "OTL02 B 2291"
    assert "Twentekanaal Noord 1 & 2" in panel.subtitle.text()
    assert panel.facts.text("area") == "2.500 m²"  # Dutch grouping; registered is the same
    assert panel.facts.text("addresses") == "Testweg 2291, Hengelo"
    # ui_factories: parcel 1 has a 50 × 10 m building, built 1971
    assert "500 m²" in panel.facts.text("built") and "20,0 %" in panel.facts.text("built")
    assert "1971" in panel.facts.text("buildings")
    assert "2" in panel.facts.text("neighbours")  # parcels 0 and 2 touch it
    assert "unknown" in panel.facts.text("unused_coverage")

    record(context, parcels[1], "planning_capacity", {"max_height_m": 15, "max_coverage_pct": 70})
    panel.show_parcel(parcels[1])
    first, observed = panel.facts.text("unused_coverage").splitlines()
    assert first == "1.250 m²"  # 70 % of 2500 − 500
    assert "observed" in observed  # facts from a topic say when (issue 8)


def test_parcel_detail_lists_buildings_and_neighbours(context, parcels):
    detail = parcel_detail(context, parcels[0])
    assert [b.year_built for b in detail.buildings] == [1970]
    assert detail.buildings[0].area_on_parcel_m2 == pytest.approx(50 * 5)
    assert detail.neighbour_count == 1
    assert detail.park_profile == "zware_maakindustrie"


def test_building_straddling_two_parcels_counts_its_part(context, parcels):
    with context.database.session() as session:
        a = session.get(Parcel, parcels[0])
        minx, miny = a.min_x, a.min_y
        shared = Building(bag_id="0164100099999999", year_built=2001, created_by="t",
                          device_id=context.device_id)
        shared.set_geometry(box(minx + 40, miny + 30, minx + 60, miny + 40))
        session.add(shared)
    detail = parcel_detail(context, parcels[0])
    part = next(b for b in detail.buildings if b.bag_id == "0164100099999999")
    assert part.area_on_parcel_m2 == pytest.approx(10 * 10)


def test_no_parcel_shows_the_placeholder(qtbot, context, parcels):
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    assert panel.stack.currentWidget() is panel.placeholder
    panel.show_parcel("not-a-parcel")
    assert panel.current_parcel_id() is None
    assert panel.save_current() is False


# Forms, validation, saving


def test_bad_values_show_dutch_messages_and_nothing_is_saved(qtbot, panel, parcels, context):
    page = panel.topic_pages["vacancy"]
    panel.select_topic("vacancy")
    type_into(qtbot, page, "total_floor_area_m2", "1000")
    type_into(qtbot, page, "vacant_floor_area_m2", "1500")
    qtbot.waitUntil(lambda: "groter dan het totale" in message(page, "vacant_floor_area_m2"))
    assert not page.save_button.isEnabled()
    assert panel.save_current() is False

    condition = panel.topic_pages["condition"]
    panel.select_topic("condition")
    # A score is a choice of named classes: 7 cannot even be typed.
    combo = condition.form.editors["overall"].focus_widget
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "", "1 uitstekend", "2 goed", "3 redelijk", "4 matig", "5 slecht", "6 zeer slecht"]
    type_into(qtbot, condition, "overall", "7")
    assert condition.form.texts()["overall"] == ""
    assert not condition.save_button.isEnabled()
    assert panel.save_current() is False

    survey = SurveyService(context)
    assert survey.history(parcels[1], "vacancy") == []
    assert survey.history(parcels[1], "condition") == []
    assert condition.history.history.rowCount() == 0


def test_untouched_required_fields_show_no_messages(panel):
    page = panel.topic_pages["vacancy"]
    assert all(message(page, name) == "" for name in page.form.messages)
    assert not page.save_button.isEnabled()


def test_good_values_are_saved_with_author_and_time(qtbot, panel, parcels, context):
    page = panel.topic_pages["vacancy"]
    panel.select_topic("vacancy")
    type_into(qtbot, page, "total_floor_area_m2", "1.250,5")  # Dutch grouping and comma
    type_into(qtbot, page, "vacant_floor_area_m2", "12,5")
    type_into(qtbot, page, "vacant_since", "1-3-2024")
    assert panel.has_unsaved_changes()
    qtbot.waitUntil(page.save_button.isEnabled)

    with qtbot.waitSignal(panel.observationSaved) as saved:
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [parcels[1], "vacancy"]

    [obs] = SurveyService(context).history(parcels[1], "vacancy")
    assert obs.values == {"total_floor_area_m2": 1250.5, "vacant_floor_area_m2": 12.5,
                          "vacant_since": "2024-03-01"}
    assert obs.author == "Test Gebruiker"
    model = page.history.history
    assert model.rowCount() == 1
    when_who = model.index(0, 0).data()
    assert "Test Gebruiker" in when_who
    assert obs.observed_at.astimezone().strftime("%H:%M") in when_who
    assert "1.250,5 m²" in model.index(0, 1).data()
    assert not panel.has_unsaved_changes()
    assert not page.save_button.isEnabled()  # unchanged now
    assert "Saved" in page.status.text()
    assert SurveyService(context).drafts() == []
    assert panel.facts.text("vacancy").startswith("1,0 %")


def test_a_second_save_supersedes_the_first(qtbot, panel, parcels, context):
    page = panel.topic_pages["condition"]
    panel.select_topic("condition")
    type_into(qtbot, page, "overall", "4")
    assert panel.save_current()
    type_into(qtbot, page, "overall", "2")
    assert panel.save_current()

    survey = SurveyService(context)
    history = survey.history(parcels[1], "condition")
    heads = survey.heads(parcels[1])["condition"]
    assert len(history) == 2 and len(heads) == 1
    assert heads[0].values == {"overall": 2} and heads[0].supersedes == (history[1].id,)
    model = page.history.history
    assert model.rowCount() == 2
    assert "replaces 1" in model.index(0, 0).data()
    assert model.is_current(0) and not model.is_current(1)
    assert model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsEditable == Qt.ItemFlag(0)


def test_unchanged_values_are_not_saved_again(qtbot, panel, parcels, context):
    record(context, parcels[1], "condition", {"overall": 3})
    panel.show_parcel(parcels[1])
    page = panel.topic_pages["condition"]
    panel.select_topic("condition")
    assert page.form.texts()["overall"] == "3"
    assert page.history.history.rowCount() == 1  # read when the topic is shown
    assert not page.save_button.isEnabled()
    assert panel.save_current() is False
    type_into(qtbot, page, "overall", "3")  # the same class picked again
    assert not panel.has_unsaved_changes()
    assert len(SurveyService(context).history(parcels[1], "condition")) == 1


def test_save_all_saves_every_changed_topic_and_shows_the_invalid_one(qtbot, panel, parcels,
                                                                     context):
    type_into(qtbot, panel.topic_pages["condition"], "overall", "2")
    type_into(qtbot, panel.topic_pages["note"], "text", "Bel eigenaar")
    type_into(qtbot, panel.topic_pages["profile_fit"], "current_activity", "x" * 201)
    assert panel.save_all() is False
    heads = SurveyService(context).heads(parcels[1])
    assert heads["condition"][0].values == {"overall": 2}
    assert heads["note"][0].values == {"text": "Bel eigenaar"}
    assert "profile_fit" not in heads
    assert panel.current_page() is panel.topic_pages["profile_fit"]
    assert "hoogstens 200" in message(panel.topic_pages["profile_fit"], "current_activity")


def test_conflict_is_shown_and_resolved_by_saving(qtbot, panel, parcels, context):
    add_conflicting_heads(context, parcels[1])
    panel.show_parcel(parcels[1])
    page = panel.topic_pages["vacancy"]
    panel.select_topic("vacancy")
    assert page.conflict_banner.isVisibleTo(page)
    banner = page.conflict_banner.text()
    view = page.conflict_view
    versions = " ".join(view.horizontalHeaderItem(c).text() for c in range(view.columnCount()))
    assert "Piet" in versions and "Marloes" in versions
    assert "Conflict" in banner
    assert page.form.texts()["vacant_floor_area_m2"] == "300"  # newest head
    assert not page.save_button.isEnabled()  # opening alone does not resolve (issue 8)
    assert page.tab_chain()[:2] == page._conflict_buttons  # reachable before the fields
    assert "conflict" in panel.chooser.item(panel.chooser.row_of("vacancy")).toolTip()

    qtbot.mouseClick(page._conflict_buttons[1], Qt.MouseButton.LeftButton)  # Piet's version
    assert page.form.texts()["vacant_floor_area_m2"] == "100"
    with qtbot.waitSignal(panel.observationSaved):
        assert panel.save_current()

    survey = SurveyService(context)
    heads = survey.heads(parcels[1])["vacancy"]
    assert len(heads) == 1 and len(heads[0].supersedes) == 2
    assert heads[0].values["vacant_floor_area_m2"] == 100
    assert not page.conflict_banner.isVisibleTo(page)
    assert len(survey.history(parcels[1], "vacancy")) == 3


# Drafts


def test_draft_survives_a_crash_and_is_offered_back(qtbot, context, parcels):
    first = ParcelPanel(context)
    first.show_parcel(parcels[2])
    first.select_topic("vacancy")
    page = first.topic_pages["vacancy"]
    type_into(qtbot, page, "total_floor_area_m2", "1200")
    type_into(qtbot, page, "vacant_floor_area_m2", "80")
    survey = SurveyService(context)
    qtbot.waitUntil(lambda: survey.drafts() != [] and
                    survey.drafts()[0][2].get("vacant_floor_area_m2") == "80", timeout=4000)
    # Crash: the panel goes away without saving or flushing anything.
    first.deleteLater()
    QApplication.processEvents()

    second = ParcelPanel(context)
    qtbot.addWidget(second)
    second.show_parcel(parcels[2])
    restored = second.topic_pages["vacancy"]
    assert second.current_page() is restored  # the topic with the draft is shown
    assert restored.form.texts()["total_floor_area_m2"] == "1200"
    assert restored.form.texts()["vacant_floor_area_m2"] == "80"
    assert restored.draft_banner.isVisibleTo(restored)
    assert "restored" in restored.draft_banner.text()
    assert second.has_unsaved_changes()
    assert second.chooser.shows_unsaved("vacancy")
    assert not second.chooser.shows_unsaved("condition")
    assert survey.history(parcels[2], "vacancy") == []

    assert second.save_current()
    assert survey.drafts() == []
    assert not restored.draft_banner.isVisibleTo(restored)
    assert survey.heads(parcels[2])["vacancy"][0].values["vacant_floor_area_m2"] == 80


def test_discarding_a_restored_draft_removes_it(qtbot, context, parcels):
    survey = SurveyService(context)
    survey.save_draft(parcels[0], "condition", {"overall": "5"})
    panel = ParcelPanel(context)
    qtbot.addWidget(panel)
    panel.show_parcel(parcels[0])
    page = panel.topic_pages["condition"]
    assert page.form.texts()["overall"] == "5"
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.form.texts()["overall"] == ""
    assert survey.drafts() == []
    assert not panel.has_unsaved_changes()


def test_switching_parcel_keeps_the_draft_without_asking(qtbot, panel, parcels, context):
    page = panel.topic_pages["condition"]
    panel.select_topic("condition")
    type_into(qtbot, page, "overall", "2")
    panel.show_parcel(parcels[0])  # before the debounce fired
    assert page.form.texts()["overall"] == ""
    assert [(d[0], d[1], d[2]["overall"]) for d in SurveyService(context).drafts()] == [
        (parcels[1], "condition", "2")]
    panel.show_parcel(parcels[1])
    assert page.form.texts()["overall"] == "2"
    assert page.draft_banner.isVisibleTo(page)


def test_editing_back_to_the_saved_value_drops_the_draft(qtbot, panel, parcels, context):
    page = panel.topic_pages["condition"]
    panel.select_topic("condition")
    type_into(qtbot, page, "overall", "2")
    page.flush_draft()
    assert len(SurveyService(context).drafts()) == 1
    type_into(qtbot, page, "overall", "")
    page.flush_draft()
    assert SurveyService(context).drafts() == []


# Photos


def jpeg(path: Path, size: tuple[int, int], colour: str, taken: str | None = None) -> Path:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    if taken:
        exif.get_ifd(0x8769)[36867] = taken
    image.save(path, "JPEG", exif=exif.tobytes() if taken else b"")
    return path


def test_photos_are_added_and_shown_in_the_strip(qtbot, panel, parcels, context, tmp_path,
                                                 synchronous_tasks):
    big = jpeg(tmp_path / "gevel.jpg", (4000, 3000), "steelblue", taken="2025:06:01 12:00:00")
    small = jpeg(tmp_path / "dak.jpg", (800, 600), "orange")
    with qtbot.waitSignal(panel.photos.photosAdded) as added:
        panel.photos.add_files([big, small])
    assert added.args == [parcels[1], 2]

    model = panel.photos.model
    assert model.rowCount() == 2
    assert all(model.has_thumbnail(row) for row in range(2))
    dated = next(p for p in model.photos if p.date_from_exif)
    assert max(dated.width, dated.height) <= 2048
    assert dated.taken_at.astimezone().date() == dt.date(2025, 6, 1)
    tips = [model.index(row).data(Qt.ItemDataRole.ToolTipRole) for row in range(2)]
    assert any("date from EXIF" in t for t in tips) and any("date added" in t for t in tips)
    assert "Photos (2)" in panel.photos.title.text()

    panel.photos.add_files([small])  # the same picture again
    assert model.rowCount() == 2
    assert panel.photos.notice.isVisibleTo(panel.photos)


def test_a_non_image_gives_the_dutch_error_and_stores_nothing(qtbot, panel, parcels, context,
                                                              tmp_path, synchronous_tasks):
    text = tmp_path / "verslag.txt"
    text.write_text("geen foto", encoding="utf-8")
    panel.photos.add_files([jpeg(tmp_path / "a.jpg", (100, 100), "red"), text])
    assert panel.photos.message.isVisibleTo(panel.photos)
    assert "'verslag.txt' is geen foto" in panel.photos.message.text()
    assert panel.photos.model.rowCount() == 0
    assert PhotoService(context).photos(parcels[1]) == []
    assert panel.photos.add_button.isEnabled()


def test_dropping_files_on_the_panel_adds_them(qtbot, panel, parcels, tmp_path,
                                               synchronous_tasks):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(jpeg(tmp_path / "drop.jpg", (300, 200), "green")))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(event)
    assert event.isAccepted()
    assert panel.photos.model.rowCount() == 1


def test_viewer_browses_and_edits_the_caption(qtbot, panel, parcels, context, tmp_path,
                                              synchronous_tasks):
    panel.photos.add_files([jpeg(tmp_path / f"{c}.jpg", (640, 480), c)
                            for c in ("red", "blue")])
    view = panel.photos.view
    panel.photos.open_viewer(panel.photos.model.index(0))
    viewer = panel.photos.viewer
    assert viewer is not None and viewer.index == 0
    qtbot.keyClick(viewer.image, Qt.Key.Key_Right)
    assert viewer.index == 1
    viewer.caption.setText("Laadperron")
    qtbot.keyClick(viewer.image, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    captions = {p.id: p.caption for p in PhotoService(context).photos(parcels[1])}
    assert sorted(captions.values()) == ["", "Laadperron"]
    assert "Laadperron" in [view.model().index(r).data() for r in range(2)]


# Keyboard


def test_a_survey_can_be_done_with_the_keyboard_only(qtbot, panel, parcels, context):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.chooser.setFocus()
    qtbot.waitUntil(panel.chooser.hasFocus)

    qtbot.keyClick(panel.chooser, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert focused is panel.topic_pages["vacancy"].form.editors["total_floor_area_m2"].line
    qtbot.keyClicks(focused, "2000")
    qtbot.keyClick(focused, Qt.Key.Key_Return)  # Enter goes on to the next field
    focused = QApplication.focusWidget()
    qtbot.keyClicks(focused, "150")
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    qtbot.keyClicks(QApplication.focusWidget(), "15-01-2025")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    combo = QApplication.focusWidget()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert SurveyService(context).history(parcels[1], "vacancy") == []  # Enter did not save
    with qtbot.waitSignal(panel.observationSaved):
        qtbot.keyClick(combo, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [obs] = SurveyService(context).history(parcels[1], "vacancy")
    assert obs.values == {"total_floor_area_m2": 2000, "vacant_floor_area_m2": 150,
                          "vacant_since": "2025-01-15", "offered": "huur"}

    # Next topic with Ctrl+Tab lands in its first field; a mnemonic reaches a field directly.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ControlModifier)
    condition = panel.topic_pages["condition"]
    assert panel.current_page() is condition
    assert QApplication.focusWidget() is condition.form.editors["overall"].focus_widget
    qtbot.keyClicks(QApplication.focusWidget(), "3")
    label = condition.form.labels["facade"].text()
    letter = label[label.index("&") + 1]
    qtbot.keyClick(QApplication.focusWidget(), letter, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is condition.form.editors["facade"].focus_widget
    qtbot.keyClicks(QApplication.focusWidget(), "5")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert SurveyService(context).heads(parcels[1])["condition"][0].values == {
        "overall": 3, "facade": 5}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_PageUp,
                   Qt.KeyboardModifier.ControlModifier)
    assert panel.current_page() is panel.topic_pages["vacancy"]
    qtbot.keyClick(QApplication.focusWidget(), "9", Qt.KeyboardModifier.AltModifier)
    assert panel.current_page() is panel.topic_pages["note"]


def test_a_note_is_written_and_saved_from_the_keyboard(qtbot, panel, parcels, context):
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    panel.chooser.setFocus()
    qtbot.waitUntil(panel.chooser.hasFocus)
    qtbot.keyClick(panel.chooser, "9", Qt.KeyboardModifier.AltModifier)
    note = panel.topic_pages["note"]
    editor = note.form.editors["text"].focus_widget
    assert panel.current_page() is note and QApplication.focusWidget() is editor
    qtbot.keyClicks(editor, "Eigenaar belt terug")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # a new line, not a save
    qtbot.keyClicks(editor, "na de zomer")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # Tab leaves the note
    assert QApplication.focusWidget() is note.save_button
    qtbot.keyClick(note.save_button, Qt.Key.Key_Return)  # Enter on Save saves
    [obs] = SurveyService(context).history(parcels[1], "note")
    assert obs.values == {"text": "Eigenaar belt terug\nna de zomer"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ControlModifier)
    assert panel.current_page() is panel.topic_pages["vacancy"]  # wraps around


def test_enter_does_not_save_and_focus_moves_on(qtbot, panel, parcels, context):
    page = panel.topic_pages["condition"]
    panel.select_topic("condition")
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    overall = page.form.editors["overall"].focus_widget
    overall.setFocus()
    qtbot.waitUntil(overall.hasFocus)
    qtbot.keyClicks(overall, "2")
    qtbot.waitUntil(page.save_button.isEnabled)  # valid: Enter could have saved, but doesn't
    qtbot.keyClick(overall, Qt.Key.Key_Return)
    assert SurveyService(context).history(parcels[1], "condition") == []
    assert QApplication.focusWidget() is page.form.editors["roof"].focus_widget


def test_mnemonics_are_unique_within_a_form(panel):
    for page in panel.topic_pages.values():
        letters = [label.text()[label.text().index("&") + 1].lower()
                   for label in page.form.labels.values() if "&" in label.text()]
        assert len(letters) == len(set(letters))
        assert "s" not in letters  # Alt+S belongs to the Save button
        assert all(label.buddy() is page.form.editors[name].focus_widget
                   for name, label in page.form.labels.items())


def test_bool_and_choice_fields_can_be_unknown(panel):
    climate = panel.topic_pages["climate_adaptation"]
    green_roof = climate.form.editors["green_roof"]
    assert isinstance(green_roof, ComboEditor)
    assert green_roof.text() == ""
    green_roof.set_text("ja")
    assert climate.form.raw()["green_roof"] == "ja"
    green_roof.set_text("")
    assert climate.form.raw()["green_roof"] == ""


# Reading numbers and dates


@pytest.mark.parametrize(("text", "expected"), [
    ("12,5", 12.5), ("12.5", 12.5), ("1.234", 1234.0), ("1.234,5", 1234.5),
    ("1,234.5", 1234.5), ("0.250", 0.25), (" 7 ", 7.0), ("-3", -3.0),
    ("", None), ("abc", None), ("1,2,3", None), ("12 m²", None),
])
def test_parse_number_dutch(text, expected):
    assert parse_number(text) == expected


def test_parse_number_english_locale():
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    assert parse_number("1,234", english) == 1234.0
    assert parse_number("12,5", english) == 12.5
    assert parse_number("1.234", english) == 1.234


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-01", dt.date(2024, 3, 1)), ("1-3-2024", dt.date(2024, 3, 1)),
    ("01/03/2024", dt.date(2024, 3, 1)), ("1.3.24", dt.date(2024, 3, 1)),
    ("31-02-2024", None), ("gisteren", None),
])
def test_parse_date_day_first(text, expected):
    assert parse_date(text) == expected


def test_history_query_is_in_observation_table(context, parcels):
    """Sanity check of the helper used above: conflicting heads are real heads."""
    add_conflicting_heads(context, parcels[0])
    with context.database.session() as session:
        assert len(session.scalars(select(Observation)).all()) == 2
    assert len(SurveyService(context).heads(parcels[0])["vacancy"]) == 2


def test_old_category_reads_as_unknown_subcategory_and_fit_is_indicative(qtbot, context,
                                                                        parcels):
    from otb_desktop.persistence.models import Observation

    with context.database.session() as s:  # saved before the VNG subcategories existed
        s.add(Observation(parcel_id=parcels[0], topic="profile_fit",
                          values={"current_activity": "Machinebouw",
                                  "environmental_category": 4},
                          observed_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
                          created_by="t", device_id="d"))
    widget = ParcelPanel(context)
    qtbot.addWidget(widget)
    widget.show_parcel(parcels[0])
    text = widget.facts.text("profile_fit")
    assert "4, subcategorie onbekend" in text and "indicative" in text
    page = widget.topic_pages["profile_fit"]
    combo = page.form.editors["environmental_category"].focus_widget
    assert combo.currentText() == "4, subcategorie onbekend"  # shown, not guessed
