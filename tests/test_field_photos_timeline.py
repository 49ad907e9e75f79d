"""Items 7 and 8 of issue 8: photos withdrawn or moved as revisions (and HEIC read), the
parcel timeline, notes as a log and "restore this value" in a topic's history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QStandardPaths
from sqlalchemy import select
from ui_factories import make_parcels, record

from otb_desktop.persistence.models import Photo, PhotoRevision
from otb_desktop.services.parcels import ParcelService
from otb_desktop.services.photos import PhotoError, PhotoService
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui import workers
from otb_desktop.ui.panel import ParcelPanel, photo_strip

pytestmark = pytest.mark.usefixtures("dutch_locale", "sync_workers")


@pytest.fixture
def parcels(context):
    return make_parcels(context, 3)


@pytest.fixture
def panel(qtbot, context, parcels):
    widget = ParcelPanel(context)
    qtbot.addWidget(widget)
    widget.resize(420, 800)
    widget.show()
    widget.show_parcel(parcels[0])
    return widget


def jpeg(path: Path, colour: str = "red") -> Path:
    Image.new("RGB", (60, 40), colour).save(path, "JPEG")
    return path


# Photos


def test_withdrawn_photo_stops_showing_but_its_record_stays(context, parcels, tmp_path):
    service = PhotoService(context)
    kept, wrong = service.add_photos(parcels[0], [jpeg(tmp_path / "a.jpg"),
                                                  jpeg(tmp_path / "b.jpg", "green")])
    service.withdraw(wrong.id)
    assert [p.id for p in service.photos(parcels[0])] == [kept.id]
    with context.database.session() as session:
        assert session.get(Photo, wrong.id) is not None  # not deleted: it syncs
        [revision] = session.scalars(select(PhotoRevision)).all()
        assert revision.subject_id == wrong.id
        assert revision.body == {"caption": "", "withdrawn": True, "parcel_id": parcels[0]}
    # the same picture can be attached again afterwards
    assert len(service.add_photos(parcels[0], [jpeg(tmp_path / "b.jpg", "green")])) == 1


def test_moved_photo_shows_at_the_other_parcel(context, parcels, tmp_path):
    service = PhotoService(context)
    [photo] = service.add_photos(parcels[0], [jpeg(tmp_path / "a.jpg")], caption="Gevel")
    moved = service.move(photo.id, parcels[2])
    assert moved.parcel_id == parcels[2]
    assert service.photos(parcels[0]) == []
    assert [(p.id, p.caption) for p in service.photos(parcels[2])] == [(photo.id, "Gevel")]
    kinds_here = [e.kind for e in service.events(parcels[0])]
    kinds_there = [e.kind for e in service.events(parcels[2])]
    assert kinds_here == ["added", "moved_out"] and kinds_there == ["moved_in"]


def test_heic_is_read_or_refused_with_a_message(context, parcels, tmp_path):
    import pillow_heif  # a dependency (pyproject): never skipped
    path = tmp_path / "IMG_0001.HEIC"
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), "orange")).save(path, quality=80)
    [photo] = PhotoService(context).add_photos(parcels[0], [path])
    assert (photo.width, photo.height) == (64, 48)
    broken = tmp_path / "kapot.heic"
    broken.write_bytes(b"not a heic file")
    with pytest.raises(PhotoError, match="HEIC"):
        PhotoService(context).add_photos(parcels[0], [broken])


def test_viewer_withdraws_and_moves_and_the_history_shows_it(qtbot, panel, parcels, context,
                                                             tmp_path):
    service = PhotoService(context)
    service.add_photos(parcels[0], [jpeg(tmp_path / "a.jpg"), jpeg(tmp_path / "b.jpg", "blue")])
    panel.show_parcel(parcels[0])
    assert panel.photos.model.rowCount() == 2
    panel.photos.open_viewer(panel.photos.model.index(0))
    viewer = panel.photos.viewer
    assert viewer.withdraw_current(confirmed=True)
    assert panel.photos.model.rowCount() == 1
    assert viewer.move_current(parcels[1])
    assert panel.photos.model.rowCount() == 0
    assert len(service.photos(parcels[1])) == 1
    dialog = panel.show_timeline()
    whats = [dialog.model.what(e) for e in dialog.model.entries]
    assert "Photo withdrawn" in whats and "Photo moved to another parcel" in whats
    assert whats.count("Photo added") == 2


def test_photo_dialog_starts_in_pictures_then_the_last_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(photo_strip, "_last_folder", [])
    pictures = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
    assert photo_strip.start_folder() in (pictures, str(Path.home()))
    photo_strip.remember_folder(tmp_path)
    assert photo_strip.start_folder() == str(tmp_path)


# Timeline, notes, restore


def test_timeline_lists_topics_notes_and_photos_newest_first(qtbot, panel, parcels, context,
                                                              tmp_path):
    day = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    record(context, parcels[0], "condition", {"overall": 3}, observed_at=day)
    record(context, parcels[0], "note", {"text": "Eigenaar belt terug"},
           observed_at=day + dt.timedelta(days=1))
    record(context, parcels[0], "condition", {"overall": 4},
           observed_at=day + dt.timedelta(days=2))
    PhotoService(context).add_photos(parcels[0], [jpeg(tmp_path / "a.jpg")])
    panel.show_parcel(parcels[0])
    dialog = panel.show_timeline()
    assert dialog.isVisible()
    entries = dialog.model.entries
    assert [e.kind for e in entries] == ["photo_added", "observation", "note", "observation"]
    assert [e.current for e in entries if e.kind == "observation"] == [True, False]
    assert "Eigenaar belt terug" in dialog.model.details(entries[2])
    assert "2026" in dialog.model.data(dialog.model.index(3, 0))
    # a save shows at once in the open timeline
    page = panel.topic_pages["note"]
    panel.select_topic("note")
    page.form.editors["text"].edit.setPlainText("Tweede notitie")
    page.save()
    assert dialog.model.entries[0].kind == "note"


def test_notes_are_a_log_not_one_replaced_text(qtbot, panel, parcels, context):
    panel.select_topic("note")
    page = panel.current_page()
    for text in ("Eerste bezoek", "Tweede bezoek"):
        page.form.editors["text"].edit.setPlainText(text)
        assert page.save()
        assert page.form.texts()["text"] == ""  # a fresh entry for the next note
    heads = SurveyService(context).heads(parcels[0])["note"]
    assert sorted(h.values["text"] for h in heads) == ["Eerste bezoek", "Tweede bezoek"]
    assert all(not h.supersedes for h in heads)
    assert not page.in_conflict()
    assert ParcelService(context).rows([parcels[0]])[0].conflicts == frozenset()
    assert page.history.history.rowCount() == 2


def test_restore_this_value_writes_a_new_observation(qtbot, panel, parcels, context):
    day = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    record(context, parcels[0], "condition", {"overall": 2, "roof": 3}, observed_at=day)
    record(context, parcels[0], "condition", {"overall": 5},
           observed_at=day + dt.timedelta(hours=1))
    panel.show_parcel(parcels[0])
    panel.select_topic("condition")
    page = panel.current_page()
    assert not page.restore_button.isEnabled()
    page.history.selectRow(0)  # the current one: nothing to restore
    assert not page.restore_button.isEnabled()
    page.history.selectRow(1)
    assert page.restore_button.isEnabled()
    with qtbot.waitSignal(panel.observationSaved):
        page.restore_button.click()
    survey = SurveyService(context)
    [head] = survey.heads(parcels[0])["condition"]
    assert head.values == {"overall": 2, "roof": 3}
    assert len(survey.history(parcels[0], "condition")) == 3  # nothing removed
    assert page.form.texts()["overall"] == "2"


def test_restore_runs_off_the_gui_thread(qtbot, panel, parcels, context):
    day = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    record(context, parcels[0], "condition", {"overall": 2}, observed_at=day)
    record(context, parcels[0], "condition", {"overall": 5},
           observed_at=day + dt.timedelta(hours=1))
    panel.show_parcel(parcels[0])
    panel.select_topic("condition")
    page = panel.current_page()
    page.history.selectRow(1)
    from otb_desktop.ui import operations

    workers.set_synchronous(False)
    operations.set_blocking(False)
    try:
        with qtbot.waitSignal(panel.observationSaved, timeout=10_000):
            assert page.restore_selected()
    finally:
        operations.operations().wait_for_all()
        operations.set_blocking(True)
        workers.set_synchronous(True)
    [head] = SurveyService(context).heads(parcels[0])["condition"]
    assert head.values == {"overall": 2}
