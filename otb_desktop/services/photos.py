"""Photos of parcels: shrunk, stored by content (sha256) beside the database, linked per parcel.

Storage: ``<photo_dir>/<sha[:2]>/<sha>.jpg`` (long side at most 2048 px, JPEG quality 85,
EXIF orientation applied, metadata not kept) with a 256 px thumbnail ``<sha>.thumb.jpg``
beside it. The sha256 is taken over the stored bytes, so the same picture added twice is kept
once on disk; each parcel it belongs to gets its own Photo row. Adding the same picture to the
same parcel again is ignored (it is left out of the returned list).

Dates: ``taken_at`` is EXIF DateTimeOriginal (or DateTimeDigitized) when the file has it, else
None; the UI then shows the moment the photo was added (``created_at``) and says so.

Photos are records that sync. The Photo row never changes; what can change is kept in the
revision family ``photo_revision`` (subject = photo id, body ``{caption, withdrawn,
parcel_id}``): a new caption, a withdrawal (a wrongly attached photo stops showing and stops
being exported, yet nothing is deleted, so the withdrawal syncs) or a move to another parcel.
Any laptop may write a revision; two concurrent ones are heads and the newest is shown.

HEIC/HEIF photos from phones are opened through the pillow-heif plugin.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from otb_desktop.domain.errors import OtbError
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.survey import UnknownParcelError

if TYPE_CHECKING:
    from PIL import Image
    from sqlalchemy.orm import Session

    from otb_desktop.persistence.models import Photo

MAX_SIDE_PX = 2048
THUMB_SIDE_PX = 256
JPEG_QUALITY = 85
THUMB_QUALITY = 80
MAX_CAPTION = 500

# HEIC from phones; without the plugin such a file is refused with a message. Pillow and
# the plugin load when a photo is first read (_pillow), not with the window.
HEIC_SUPPORTED = importlib.util.find_spec("pillow_heif") is not None
_heif_registered = False


def _pillow() -> None:
    """Before Pillow opens a file: the HEIC opener registered (once)."""
    global _heif_registered
    if HEIC_SUPPORTED and not _heif_registered:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _heif_registered = True

_EXIF_IFD = 0x8769
_DATE_TIME_ORIGINAL = 36867
_DATE_TIME_DIGITIZED = 36868
_OFFSET_TIME_ORIGINAL = 36881


class PhotoError(OtbError):
    """A file that cannot be added as a photo; the message names the file."""


@dataclass(frozen=True)
class PhotoView:
    id: str
    parcel_id: str
    sha256: str
    caption: str
    taken_at: dt.datetime | None
    created_at: dt.datetime
    author: str
    width: int
    height: int
    path: Path
    thumbnail_path: Path

    @property
    def date(self) -> dt.datetime:
        """When the photo was taken (EXIF) or, without EXIF, when it was added."""
        return self.taken_at or self.created_at

    @property
    def date_from_exif(self) -> bool:
        return self.taken_at is not None


@dataclass(frozen=True)
class PhotoEvent:
    """One line of a parcel's photo history."""

    when: dt.datetime
    author: str
    kind: str  # added | caption | withdrawn | moved_in | moved_out
    photo_id: str
    caption: str
    sha256: str


@dataclass(frozen=True)
class _Prepared:
    source: Path
    data: bytes
    sha256: str
    width: int
    height: int
    taken_at: dt.datetime | None
    thumbnail: bytes


def photo_path(photo_dir: Path, sha256: str) -> Path:
    return photo_dir / sha256[:2] / f"{sha256}.jpg"


def thumbnail_path(photo_dir: Path, sha256: str) -> Path:
    return photo_dir / sha256[:2] / f"{sha256}.thumb.jpg"


class PhotoService:
    def __init__(self, context: AppContext):
        self.context = context

    @property
    def photo_dir(self) -> Path:
        return self.context.photo_dir

    def add_photos(self, parcel_id: str, paths: Sequence[Path | str], caption: str = "",
                   progress: Progress = no_progress) -> list[PhotoView]:
        """Add image files to a parcel; all or nothing.

        Every file is read and shrunk first; a file that is not a readable image raises
        PhotoError naming it, and nothing is stored. Returns the newly linked photos in the
        order given; a picture the parcel already has is skipped.
        """
        from otb_desktop.persistence.models import Parcel, Photo

        caption = _clean_caption(caption)
        files = [Path(p) for p in paths]
        total = len(files) + 1
        prepared = []
        for i, path in enumerate(files):
            progress(i, total, f"{path.name} verkleinen")
            prepared.append(_prepare(path))
        progress(len(files), total, "Foto's opslaan")
        with self.context.database.session() as session:
            if session.get(Parcel, parcel_id) is None:
                raise UnknownParcelError(
                    f"Perceel {parcel_id} bestaat niet (meer) in deze database.")
        # Files first, outside the write transaction (they are content-addressed, so a file
        # whose row never gets written is harmless and reused by the next attempt).
        try:
            for item in {p.sha256: p for p in prepared}.values():
                self._store(item)
        except OSError as exc:
            raise PhotoError(
                f"De foto's kunnen niet worden opgeslagen in {self.photo_dir} "
                f"({exc.strerror or exc}). Controleer of de schijf vol is en of de map "
                "beschreven mag worden; er is niets toegevoegd.") from exc
        views: list[PhotoView] = []
        with self.context.database.session() as session:
            present = {v.sha256 for v in self._current(session, parcel_id)}
            for item in prepared:
                if item.sha256 in present:
                    continue
                present.add(item.sha256)
                photo = Photo(parcel_id=parcel_id, sha256=item.sha256, caption=caption,
                              taken_at=item.taken_at, width=item.width, height=item.height,
                              created_by=self.context.author, device_id=self.context.device_id)
                session.add(photo)
                session.flush()
                views.append(self._view(photo))
        progress(total, total, "Foto's opgeslagen")
        return views

    def photos(self, parcel_id: str) -> list[PhotoView]:
        """The parcel's photos (not withdrawn, moved ones where they are now), oldest first
        by the date shown (taken, else added)."""
        with self.context.database.session() as session:
            views = self._current(session, parcel_id)
        return sorted(views, key=lambda v: (v.date, v.id))

    def _current(self, session: Session, parcel_id: str) -> list[PhotoView]:
        from sqlalchemy import or_, select

        from otb_desktop.persistence.models import Photo, PhotoRevision

        moved_here = select(PhotoRevision.subject_id).where(
            PhotoRevision.body["parcel_id"].as_string() == parcel_id)
        rows = session.scalars(select(Photo).where(or_(
            Photo.parcel_id == parcel_id, Photo.id.in_(moved_here)))).all()
        states = self._states(session, [p.id for p in rows])
        views = []
        for photo in rows:
            state = states.get(photo.id, _initial_state(photo))
            if state["parcel_id"] == parcel_id and not state["withdrawn"]:
                views.append(self._view(photo, state))
        return views

    @staticmethod
    def _states(session: Session, photo_ids: list[str]) -> dict[str, dict]:
        """Current body per photo that has revisions (the newest of its heads)."""
        from otb_desktop.persistence.models import PhotoRevision, PhotoRevisionEdge
        from otb_desktop.persistence.revisions import distinct_heads, head_revisions

        heads = head_revisions(session, PhotoRevision, PhotoRevisionEdge, photo_ids)
        return {pid: dict(distinct_heads(revs)[0].body) for pid, revs in heads.items()}

    def set_caption(self, photo_id: str, caption: str) -> PhotoView:
        """A new caption, as a photo revision (any laptop may write one)."""
        clean = _clean_caption(caption)
        return self._revise(photo_id, lambda state: state | {"caption": clean})

    def withdraw(self, photo_id: str) -> PhotoView:
        """Withdraw a wrongly attached photo: it stops showing and being exported; the
        withdrawal is a revision, so it syncs and the record stays."""
        return self._revise(photo_id, lambda state: state | {"withdrawn": True})

    def move(self, photo_id: str, parcel_id: str) -> PhotoView:
        """Attach the photo to another parcel (a revision; the Photo row keeps its origin)."""
        from otb_desktop.persistence.models import Parcel

        with self.context.database.session() as session:
            if session.get(Parcel, parcel_id) is None:
                raise UnknownParcelError(
                    f"Perceel {parcel_id} bestaat niet (meer) in deze database.")
        return self._revise(photo_id, lambda state: state | {"parcel_id": parcel_id})

    def _revise(self, photo_id: str, change) -> PhotoView:
        from otb_desktop.persistence.models import Photo, PhotoRevision, PhotoRevisionEdge
        from otb_desktop.persistence.revisions import append_revision

        with self.context.database.session() as session:
            photo = session.get(Photo, photo_id)
            if photo is None:
                raise PhotoError("Deze foto bestaat niet meer in de database.")
            state = self._states(session, [photo_id]).get(photo_id, _initial_state(photo))
            body = change(dict(state))
            append_revision(session, PhotoRevision, PhotoRevisionEdge, photo_id, body,
                            self.context.author, self.context.device_id)
            return self._view(photo, body)

    def events(self, parcel_id: str) -> list[PhotoEvent]:
        """What happened to the parcel's photos, for its timeline: added, caption changed,
        withdrawn, moved here or moved away; oldest first."""
        from sqlalchemy import or_, select

        from otb_desktop.persistence.models import Photo, PhotoRevision

        with self.context.database.session() as session:
            moved = select(PhotoRevision.subject_id).where(
                PhotoRevision.body["parcel_id"].as_string() == parcel_id)
            photos = {p.id: p for p in session.scalars(select(Photo).where(or_(
                Photo.parcel_id == parcel_id, Photo.id.in_(moved))))}
            revisions = session.scalars(
                select(PhotoRevision).where(PhotoRevision.subject_id.in_(list(photos)))
                .order_by(PhotoRevision.created_at, PhotoRevision.id)).all()
            events: list[PhotoEvent] = []
            for photo in photos.values():
                if photo.parcel_id == parcel_id:
                    events.append(PhotoEvent(photo.created_at, photo.created_by, "added",
                                             photo.id, photo.caption, photo.sha256))
            previous = {pid: _initial_state(p) for pid, p in photos.items()}
            for rev in revisions:
                before, after = previous[rev.subject_id], dict(rev.body)
                previous[rev.subject_id] = after
                photo = photos[rev.subject_id]
                kind = None
                if after.get("withdrawn") and not before.get("withdrawn"):
                    kind = "withdrawn"
                elif after.get("parcel_id") != before.get("parcel_id"):
                    kind = "moved_in" if after.get("parcel_id") == parcel_id else "moved_out"
                elif after.get("caption") != before.get("caption"):
                    kind = "caption"
                if kind is None or (kind not in ("moved_in", "moved_out")
                                    and after.get("parcel_id") != parcel_id):
                    continue
                events.append(PhotoEvent(rev.created_at, rev.created_by, kind, photo.id,
                                         after.get("caption", ""), photo.sha256))
        return sorted(events, key=lambda e: e.when)

    def ensure_thumbnail(self, view: PhotoView) -> Path | None:
        """The thumbnail file, made from the stored photo when missing (photos that came in
        through sync); None while the photo file itself is not here."""
        from PIL import Image

        if view.thumbnail_path.exists():
            return view.thumbnail_path
        if not view.path.exists():
            return None
        _pillow()
        with Image.open(view.path) as image:
            atomic_write(view.thumbnail_path, _thumbnail_bytes(image.convert("RGB")))
        return view.thumbnail_path

    def _store(self, item: _Prepared) -> None:
        target = photo_path(self.photo_dir, item.sha256)
        if not target.exists():
            atomic_write(target, item.data)
        thumb = thumbnail_path(self.photo_dir, item.sha256)
        if not thumb.exists():
            atomic_write(thumb, item.thumbnail)

    def _view(self, photo: Photo, state: dict | None = None) -> PhotoView:
        state = state or _initial_state(photo)
        return PhotoView(photo.id, state["parcel_id"], photo.sha256, state["caption"],
                         photo.taken_at, photo.created_at, photo.created_by, photo.width,
                         photo.height, photo_path(self.photo_dir, photo.sha256),
                         thumbnail_path(self.photo_dir, photo.sha256))


def _initial_state(photo: Photo) -> dict:
    """The body a photo without revisions stands for."""
    return {"caption": photo.caption or "", "withdrawn": False, "parcel_id": photo.parcel_id}


def _clean_caption(caption: str) -> str:
    caption = " ".join(caption.split())
    if len(caption) > MAX_CAPTION:
        raise PhotoError(f"Het bijschrift is {len(caption)} tekens lang; toegestaan is "
                         f"hoogstens {MAX_CAPTION}.")
    return caption


def _prepare(path: Path) -> _Prepared:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        _pillow()
        with Image.open(path) as image:
            image.draft("RGB", (MAX_SIDE_PX, MAX_SIDE_PX))  # JPEG: decode at reduced scale
            taken_at = exif_taken_at(image)
            image = ImageOps.exif_transpose(image)
            image = _to_rgb(image)
            image.thumbnail((MAX_SIDE_PX, MAX_SIDE_PX), Image.Resampling.LANCZOS)
    except FileNotFoundError as exc:
        raise PhotoError(f"'{path.name}' is niet gevonden ({path.parent}); kies het bestand "
                         "opnieuw.") from exc
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError,
            ValueError) as exc:
        heic = path.suffix.lower() in (".heic", ".heif")
        hint = ("Dit HEIC-bestand kan niet worden gelezen; exporteer de foto op de telefoon "
                "als JPEG (Instellingen > Camera > Formaten > Meest compatibel)" if heic else
                "Kies een JPEG-, PNG-, TIFF-, WebP- of HEIC-bestand")
        raise PhotoError(f"'{path.name}' is geen foto die OTB Desktop kan lezen. {hint}. "
                         "Er is niets toegevoegd.") from exc
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    data = buffer.getvalue()
    return _Prepared(path, data, hashlib.sha256(data).hexdigest(), image.width, image.height,
                     taken_at, _thumbnail_bytes(image))


def _to_rgb(image: Image.Image) -> Image.Image:
    from PIL import Image

    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _thumbnail_bytes(image: Image.Image) -> bytes:
    from PIL import Image

    thumb = image.copy()
    thumb.thumbnail((THUMB_SIDE_PX, THUMB_SIDE_PX), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    thumb.save(buffer, "JPEG", quality=THUMB_QUALITY)
    return buffer.getvalue()


def exif_taken_at(image: Image.Image) -> dt.datetime | None:
    """EXIF DateTimeOriginal (else DateTimeDigitized) as aware UTC; None when absent or bad.

    EXIF times are the camera's local time; OffsetTimeOriginal is used when present, else the
    computer's time zone (the photos are taken in Hengelo).
    """
    try:
        exif = image.getexif().get_ifd(_EXIF_IFD)
    except Exception:  # noqa: BLE001 - a damaged EXIF block must not refuse the photo
        return None
    text = exif.get(_DATE_TIME_ORIGINAL) or exif.get(_DATE_TIME_DIGITIZED)
    if not isinstance(text, str):
        return None
    try:
        local = dt.datetime.strptime(text.strip().rstrip("\x00"), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    offset = exif.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            tz = dt.datetime.strptime(offset.strip().rstrip("\x00"), "%z").tzinfo
            return local.replace(tzinfo=tz).astimezone(dt.UTC)
        except ValueError:
            pass
    return local.astimezone().astimezone(dt.UTC)


def atomic_write(target: Path, data: bytes) -> None:
    """Write beside the target, flush it to disk and rename, so a crash never leaves half a
    photo (taken, imported or downloaded by a sync)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)
