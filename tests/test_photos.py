"""PhotoService: shrinking, content-addressed storage, EXIF dates, all-or-nothing adding."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from PIL import Image
from shapely.geometry import box
from sqlalchemy import func, select

from otb_desktop.persistence.models import Parcel, Photo
from otb_desktop.services.context import AppContext
from otb_desktop.services.photos import (
    MAX_SIDE_PX,
    THUMB_SIDE_PX,
    PhotoError,
    PhotoService,
    exif_taken_at,
)


def make_parcel(context: AppContext, designation: str = "HGL00 A 1", x: float = 0) -> str:
    with context.database.session() as session:
        parcel = Parcel(designation=designation, area_m2=100.0, created_by="test",
                        device_id=context.device_id)
        parcel.set_geometry(box(x, 0, x + 10, 10))
        session.add(parcel)
        session.flush()
        return parcel.id


def make_jpeg(path: Path, size: tuple[int, int], colour: str = "red",
              taken: str | None = None, offset: str | None = None) -> Path:
    image = Image.new("RGB", size, colour)
    # Some structure so the JPEG encoder has real work and resampling is visible.
    for x in range(0, size[0], max(1, size[0] // 10)):
        image.paste("blue", (x, 0, x + 3, size[1]))
    exif = Image.Exif()
    if taken:
        ifd = exif.get_ifd(0x8769)
        ifd[36867] = taken
        if offset:
            ifd[36881] = offset
    image.save(path, "JPEG", exif=exif.tobytes() if taken else b"")
    return path


def photo_count(context: AppContext) -> int:
    with context.database.session() as session:
        return session.scalar(select(func.count()).select_from(Photo))


def stored_files(context: AppContext) -> list[Path]:
    return sorted(p for p in context.photo_dir.rglob("*.jpg") if ".thumb" not in p.name)


def test_large_photo_is_shrunk_and_stored_by_content(context, tmp_path):
    parcel = make_parcel(context)
    source = make_jpeg(tmp_path / "groot.jpg", (4000, 3000))
    [view] = PhotoService(context).add_photos(parcel, [source], caption="Voorgevel")

    assert max(view.width, view.height) == MAX_SIDE_PX
    assert view.path.exists() and view.path.parent.name == view.sha256[:2]
    assert hashlib.sha256(view.path.read_bytes()).hexdigest() == view.sha256
    with Image.open(view.path) as stored:
        assert stored.size == (2048, 1536)
    with Image.open(view.thumbnail_path) as thumb:
        assert max(thumb.size) == THUMB_SIDE_PX
    assert view.caption == "Voorgevel"
    assert view.author == "Test Gebruiker"


def test_same_picture_is_stored_once(context, tmp_path):
    first, second = make_parcel(context, "HGL00 A 1"), make_parcel(context, "HGL00 A 2", 20)
    source = make_jpeg(tmp_path / "a.jpg", (800, 600))
    copy = tmp_path / "kopie.jpg"
    copy.write_bytes(source.read_bytes())
    service = PhotoService(context)

    added = service.add_photos(first, [source, copy])
    again = service.add_photos(first, [source])
    other = service.add_photos(second, [copy])

    assert len(added) == 1 and again == []  # same parcel: linked once
    assert len(other) == 1 and other[0].sha256 == added[0].sha256
    assert photo_count(context) == 2
    assert len(stored_files(context)) == 1


def test_exif_date_is_used_and_missing_exif_falls_back_to_added(context, tmp_path):
    parcel = make_parcel(context)
    with_exif = make_jpeg(tmp_path / "exif.jpg", (640, 480), "green",
                          taken="2024:05:17 10:30:00", offset="+02:00")
    without = make_jpeg(tmp_path / "geen.jpg", (640, 480), "yellow")
    before = dt.datetime.now(dt.UTC)
    views = PhotoService(context).add_photos(parcel, [with_exif, without])

    dated = next(v for v in views if v.date_from_exif)
    plain = next(v for v in views if not v.date_from_exif)
    assert dated.taken_at == dt.datetime(2024, 5, 17, 8, 30, tzinfo=dt.UTC)
    assert plain.taken_at is None and plain.date >= before - dt.timedelta(seconds=1)
    assert [v.id for v in PhotoService(context).photos(parcel)] == [dated.id, plain.id]


def test_exif_orientation_is_applied(context, tmp_path):
    parcel = make_parcel(context)
    image = Image.new("RGB", (600, 300), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    path = tmp_path / "gedraaid.jpg"
    image.save(path, "JPEG", exif=exif.tobytes())
    [view] = PhotoService(context).add_photos(parcel, [path])
    assert (view.width, view.height) == (300, 600)


def test_png_with_transparency_is_accepted(context, tmp_path):
    parcel = make_parcel(context)
    path = tmp_path / "plan.png"
    Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(path)
    [view] = PhotoService(context).add_photos(parcel, [path])
    with Image.open(view.path) as stored:
        assert stored.mode == "RGB" and stored.getpixel((10, 10)) >= (250, 250, 250)


def test_non_image_is_refused_with_dutch_message_and_nothing_stored(context, tmp_path):
    parcel = make_parcel(context)
    good = make_jpeg(tmp_path / "goed.jpg", (640, 480))
    bad = tmp_path / "notities.txt"
    bad.write_text("geen foto", encoding="utf-8")

    with pytest.raises(PhotoError, match="'notities.txt' is geen foto"):
        PhotoService(context).add_photos(parcel, [good, bad])
    assert photo_count(context) == 0
    assert stored_files(context) == []


def test_missing_file_is_named(context, tmp_path):
    parcel = make_parcel(context)
    with pytest.raises(PhotoError, match="'weg.jpg' is niet gevonden"):
        PhotoService(context).add_photos(parcel, [tmp_path / "weg.jpg"])


def test_caption_is_the_only_edit(context, tmp_path):
    parcel = make_parcel(context)
    [view] = PhotoService(context).add_photos(parcel, [make_jpeg(tmp_path / "a.jpg", (64, 64))])
    edited = PhotoService(context).set_caption(view.id, "  Laadperron   achterzijde ")
    assert edited.caption == "Laadperron achterzijde"
    assert (edited.sha256, edited.taken_at, edited.created_at) == (
        view.sha256, view.taken_at, view.created_at)
    with pytest.raises(PhotoError, match="hoogstens"):
        PhotoService(context).set_caption(view.id, "x" * 501)


def test_thumbnail_is_made_when_missing(context, tmp_path):
    parcel = make_parcel(context)
    [view] = PhotoService(context).add_photos(parcel, [make_jpeg(tmp_path / "a.jpg", (900, 300))])
    view.thumbnail_path.unlink()
    path = PhotoService(context).ensure_thumbnail(view)
    assert path == view.thumbnail_path
    with Image.open(path) as thumb:
        assert thumb.size == (256, 85)


def test_bad_exif_date_is_ignored(tmp_path):
    path = make_jpeg(tmp_path / "x.jpg", (32, 32), taken="0000:00:00 00:00:00")
    with Image.open(path) as image:
        assert exif_taken_at(image) is None


def test_caption_changes_are_revisions_any_device_may_write(context, tmp_path):
    """Captions are no longer changed in place (one writer); each change is a revision of
    the photo_revision family, so edits from two laptops sync as heads."""
    from otb_desktop.persistence.models import Photo, PhotoRevision

    parcel_id = make_parcel(context)
    service = PhotoService(context)
    (mine,) = service.add_photos(parcel_id, [make_jpeg(tmp_path / "p.jpg", (40, 30))],
                                 caption="eerst")
    assert service.set_caption(mine.id, "daarna").caption == "daarna"
    with context.database.session() as s:  # as if it came from another laptop through sync
        s.get(Photo, mine.id).device_id = "another-device"
    (theirs,) = service.photos(parcel_id)
    assert service.set_caption(theirs.id, "aangevuld").caption == "aangevuld"
    assert service.photos(parcel_id)[0].caption == "aangevuld"
    with context.database.session() as s:
        assert s.get(Photo, mine.id).caption == "eerst"  # the row itself never changes
        bodies = [r.body["caption"] for r in s.query(PhotoRevision).order_by(
            PhotoRevision.created_at)]
    assert bodies == ["daarna", "aangevuld"]


def test_photo_folder_that_cannot_be_written_gives_dutch_message(context, tmp_path,
                                                                  monkeypatch):
    from otb_desktop.services import photos as photo_module

    parcel_id = make_parcel(context)

    def disk_full(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(photo_module, "atomic_write", disk_full)
    service = PhotoService(context)
    with pytest.raises(PhotoError, match="niets toegevoegd"):
        service.add_photos(parcel_id, [make_jpeg(tmp_path / "q.jpg", (40, 30))])
    assert service.photos(parcel_id) == []
