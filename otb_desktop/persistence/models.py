"""Tables of the local database.

Every record that travels between laptops and the central database has a UUIDv7 text id made
on the device, and says who made it, when and on which device. Observations are append-only;
an edit is a new observation that supersedes earlier ones (table ``observation_supersedes``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from shapely.geometry.base import BaseGeometry
from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.revisions import Revision, RevisionEdge
from otb_desktop.persistence.types import Geometry, UtcDateTime, utcnow

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _id() -> Mapped[str]:
    return mapped_column(String(36), primary_key=True, default=new_id)


class Provenance:
    """Who made a record, when, and on which device."""

    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[str] = mapped_column(String(36))


class Setting(Base):
    """Device-local key/value facts (device id, user name); never synchronised."""

    __tablename__ = "local_setting"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class BusinessPark(Provenance, Base):
    __tablename__ = "business_park"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(100), unique=True)
    in_scope: Mapped[bool] = mapped_column(Boolean)
    profile: Mapped[str] = mapped_column(String(30))
    geometry: Mapped[BaseGeometry | None] = mapped_column(Geometry)


class Bounded:
    """Geometry with its bounding box as plain columns, for viewport queries in SQL."""

    geometry: Mapped[BaseGeometry] = mapped_column(Geometry)
    min_x: Mapped[float] = mapped_column(Float)
    min_y: Mapped[float] = mapped_column(Float)
    max_x: Mapped[float] = mapped_column(Float)
    max_y: Mapped[float] = mapped_column(Float)

    def set_geometry(self, geometry: BaseGeometry) -> None:
        self.geometry = geometry
        self.min_x, self.min_y, self.max_x, self.max_y = geometry.bounds


class Parcel(Bounded, Provenance, Base):
    __tablename__ = "parcel"
    id: Mapped[str] = _id()
    designation: Mapped[str] = mapped_column(String(40), unique=True)
    akr_code: Mapped[str | None] = mapped_column(String(10))
    section: Mapped[str | None] = mapped_column(String(4))
    number: Mapped[int | None] = mapped_column(Integer)
    short_key: Mapped[str | None] = mapped_column(String(12), index=True)
    area_m2: Mapped[float] = mapped_column(Float)
    registered_area_m2: Mapped[float | None] = mapped_column(Float)
    park_id: Mapped[str | None] = mapped_column(ForeignKey("business_park.id"), index=True)
    addresses: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(200))
    source_id: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                    onupdate=utcnow)
    park: Mapped[BusinessPark | None] = relationship()


class Building(Bounded, Provenance, Base):
    __tablename__ = "building"
    id: Mapped[str] = _id()
    bag_id: Mapped[str] = mapped_column(String(40), unique=True)
    height_m: Mapped[float | None] = mapped_column(Float)
    storeys: Mapped[int | None] = mapped_column(Integer)
    year_built: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str | None] = mapped_column(String(80))
    source: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                    onupdate=utcnow)


class Verblijfsobject(Provenance, Base):
    """A BAG verblijfsobject (a unit of use inside a pand): its point, floor area and uses.

    Reference data, matched on its BAG id like a pand. The floor areas summed per parcel
    replace the storeys-based estimate; those with gebruiksdoel woonfunctie are the sensitive
    objects the milieuruimte distance is measured to. A point, so x/y instead of a bbox.
    """

    __tablename__ = "verblijfsobject"
    id: Mapped[str] = _id()
    bag_id: Mapped[str] = mapped_column(String(40), unique=True)
    pand_bag_id: Mapped[str | None] = mapped_column(String(40), index=True)
    floor_area_m2: Mapped[float | None] = mapped_column(Float)
    uses: Mapped[list[str]] = mapped_column(JSON, default=list)
    residential: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    status: Mapped[str | None] = mapped_column(String(80))
    x: Mapped[float] = mapped_column(Float, index=True)   # narrows "near the parcels"
    y: Mapped[float] = mapped_column(Float)
    source: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                    onupdate=utcnow)


# Bounding boxes of parcels and buildings are indexed by SQLite R*Trees (parcel_rtree,
# building_rtree; migration 0005, kept in step by triggers): persistence/spatial_index.py.


class Observation(Provenance, Base):
    """One survey record of one topic for one parcel. Never updated, never deleted."""

    __tablename__ = "observation"
    id: Mapped[str] = _id()
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcel.id"))
    topic: Mapped[str] = mapped_column(String(30))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    observed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    supersedes: Mapped[list[ObservationSupersedes]] = relationship(
        cascade="all", lazy="selectin")

    __table_args__ = (Index("ix_observation_parcel_topic", "parcel_id", "topic"),)


class ObservationSupersedes(Base):
    """Edge of the supersedes graph; the superseded id may arrive later through sync."""

    __tablename__ = "observation_supersedes"
    observation_id: Mapped[str] = mapped_column(ForeignKey("observation.id"),
                                                primary_key=True)
    superseded_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)


class Photo(Provenance, Base):
    __tablename__ = "photo"
    id: Mapped[str] = _id()
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcel.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    caption: Mapped[str] = mapped_column(Text, default="")
    taken_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)


class PhotoRevision(Revision, Base):
    """A photo's current state (revision family ``photo_revision``, subject = photo id):
    body ``{caption, withdrawn, parcel_id}``. Captions, withdrawals and moves to another
    parcel are new revisions, so they sync; the Photo row itself never changes."""

    __tablename__ = "photo_revision"


class PhotoRevisionEdge(RevisionEdge, Base):
    __tablename__ = "photo_revision_supersedes"


class SiteRevision(Revision, Base):
    """One saved state of a redevelopment site (body: ``domain.site_record.SiteRecord``)."""

    __tablename__ = "site_revision"


class SiteRevisionEdge(RevisionEdge, Base):
    __tablename__ = "site_revision_supersedes"


class WeightProfileRevision(Revision, Base):
    """One saved state of a weight profile or of a park's priorities (``domain.weights``)."""

    __tablename__ = "weight_profile_revision"


class WeightProfileRevisionEdge(RevisionEdge, Base):
    __tablename__ = "weight_profile_revision_supersedes"


class Draft(Base):
    """Unsaved form input, kept so that a crash loses nothing; device-local, never synced."""

    __tablename__ = "draft"
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcel.id"), primary_key=True)
    topic: Mapped[str] = mapped_column(String(30), primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow,
                                                    onupdate=utcnow)


class ParkFactRevision(Revision, Base):
    """Facts about one business park (chapter 4.1, 4.5): ondernemersvereniging,
    parkmanagement, KVO, collective maintenance, ondernemersfonds, ontwikkelkader. The subject
    is the park id; every save is a new revision (who, when, device), never an update."""

    __tablename__ = "park_fact_revision"


class ParkFactRevisionEdge(RevisionEdge, Base):
    __tablename__ = "park_fact_revision_supersedes"


class IntakeRevision(Revision, Base):
    """One saved state of an architect-pool intake (3F); body: domain.intakes.body_of."""

    __tablename__ = "intake_revision"


class IntakeRevisionEdge(RevisionEdge, Base):
    __tablename__ = "intake_revision_supersedes"


class ParcelFigures(Base):
    """A parcel's derived figures (domain.figures.STORED_FIGURES), kept up to date in the
    same write unit as their inputs (persistence/figure_store.py). Local only, never synced:
    every laptop derives them from the same inputs."""

    __tablename__ = "parcel_figures"
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcel.id", ondelete="CASCADE"),
                                           primary_key=True)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON)


class ParcelHeads(Base):
    """A parcel's current survey state, kept up to date like its figures (migration 0012,
    persistence/figure_store.py): per topic the values and observation time of the newest
    head, the topics whose heads differ (conflicts; log topics excepted), and summaries the
    list and the map read without decoding the JSON. Local only, never synced."""

    __tablename__ = "parcel_heads"
    parcel_id: Mapped[str] = mapped_column(ForeignKey("parcel.id", ondelete="CASCADE"),
                                           primary_key=True)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    observed_at: Mapped[dict[str, str]] = mapped_column(JSON)
    conflicts: Mapped[list[str]] = mapped_column(JSON)
    surveyed: Mapped[int] = mapped_column(Integer)  # survey topics with a current value
    first_observed: Mapped[str | None] = mapped_column(String(32))  # ISO UTC, survey topics
    last_observed: Mapped[str | None] = mapped_column(String(32))


class ParcelFiguresStale(Base):
    """Parcels whose figure inputs changed in the open write unit; filled by SQLite triggers
    (migrations 0011, 0012 and 0014) and emptied before the unit commits
    (figure_store.refresh). ``geometry_stale`` 0: only the parcel's observations changed, so
    its geometry-derived areas are still the ones its stored figures hold."""

    __tablename__ = "parcel_figures_stale"
    parcel_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    geometry_stale: Mapped[int] = mapped_column(Integer, server_default=text("1"))


class ParcelRowChange(Base):
    """A change to what a parcel row is read from (parcel, its figures, its heads; a park:
    ``parcel_id`` None, every row), logged by SQLite triggers (migration 0013) with a random
    tag; what says a start snapshot of the rows is current (services/start_snapshot.py).
    Local only, never synced."""

    __tablename__ = "parcel_row_change"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    parcel_id: Mapped[str | None] = mapped_column(String(36))
    tag: Mapped[bytes] = mapped_column(LargeBinary)


class SyncOutbox(Base):
    """A local record the central server has not confirmed yet: the outbox (migration 0015).
    SQLite triggers add every record inserted into a synced table, whatever code path makes
    it; a pull stores its rows without them, and a push's confirmation (after the server
    committed) deletes the entry (sync/carriers.py). Device-local."""

    __tablename__ = "sync_outbox"
    __table_args__ = {"sqlite_with_rowid": False}
    kind: Mapped[str] = mapped_column(String(60), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)


class SyncCursor(Base):
    """How far this laptop has pulled one kind of record: the server's (txid, id) of the
    last row applied. Written in the same local transaction as the rows; device-local."""

    __tablename__ = "sync_cursor"
    kind: Mapped[str] = mapped_column(String(60), primary_key=True)
    txid: Mapped[int] = mapped_column(Integer)
    last_id: Mapped[str] = mapped_column(String(36))


class RedactionRevision(Revision, Base):
    """A coordinator blanks a personal-data value (AVG): ``subject_id`` is the record,
    ``body`` says which (``record``: "observation", ``field``) and why (``reason``); who and
    when are the revision's own. Synced like any family; applied on every laptop and on the
    server, the record keeps its id and its place in the supersedes chain."""

    __tablename__ = "redaction_revision"


class RedactionRevisionEdge(RevisionEdge, Base):
    __tablename__ = "redaction_revision_supersedes"
