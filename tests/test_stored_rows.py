"""``ParcelService.rows`` makes ``StoredRow``s (the columns as read, fields read from them when
asked): they equal ``ParcelRow``s built eagerly from the same database, field by field."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random

from otb_desktop.demo.generator import generate
from otb_desktop.domain.colouring import survey_statuses
from otb_desktop.domain.ids import new_id
from otb_desktop.persistence.models import Observation
from otb_desktop.services import parcels as parcels_module
from otb_desktop.services.parcels import ParcelRow, ParcelService, StoredRow, decode_rows
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui.map.conflicts import conflict_indices
from tests.row_fields import every_field

EAGER = (
    "SELECT p.id, p.designation, p.park_id, b.name, b.in_scope, p.addresses, p.area_m2, "
    'p.registered_area_m2, f.figures, h."values", h.observed_at, h.conflicts '
    "FROM parcel AS p JOIN parcel_figures AS f ON f.parcel_id = p.id "
    "JOIN parcel_heads AS h ON h.parcel_id = p.id "
    "LEFT JOIN business_park AS b ON b.id = p.park_id ORDER BY p.designation"
)


def eager_rows(context) -> list[ParcelRow]:
    """Every parcel as a plain ``ParcelRow``, each field decoded at once; the summaries
    (surveyed topics, first and last observation) computed from the values, not read."""
    with context.database.session() as session:
        found = session.connection().exec_driver_sql(EAGER).all()
    rows = []
    for (pid, designation, park_id, park_name, in_scope, addresses, area, registered,
         figures, values, observed_at, conflicts) in found:
        figures = json.loads(figures)
        rows.append(ParcelRow(
            id=pid, designation=designation, park_id=park_id, park_name=park_name,
            in_scope=None if in_scope is None else bool(in_scope),
            addresses=tuple(json.loads(addresses) or ()), area_m2=area,
            registered_area_m2=registered,
            built_footprint_m2=figures["built_footprint_m2"],
            coverage_pct=figures["coverage_pct"],
            existing_floor_area_m2=figures["existing_floor_area_m2"],
            unused_coverage_m2=figures["unused_coverage_m2"],
            unused_floor_area_m2=figures["unused_floor_area_m2"],
            values=json.loads(values),
            observed_at={t: dt.datetime.fromisoformat(v)
                         for t, v in json.loads(observed_at).items()},
            conflicts=frozenset(json.loads(conflicts)),
            figures=figures,
        ))
    return rows


def _conflict(context, parcel_id: str) -> None:
    """A condition from another laptop that supersedes nothing: a conflict."""
    with context.database.session() as session:
        session.add(Observation(
            id=new_id(), parcel_id=parcel_id, topic="condition", values={"overall": 6},
            observed_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC), created_by="Ander",
            device_id="other-laptop"))


def test_stored_rows_equal_eager_rows_for_every_field(context, monkeypatch):
    monkeypatch.setattr(parcels_module, "ROWS_CHUNK", 7)  # made in several chunks
    generate(context, parcels=80, seed=4)
    rows = ParcelService(context).rows()
    rng = random.Random(3)
    survey = SurveyService(context)
    for row in rng.sample(rows, 5):
        survey.record(row.id, "condition", {"overall": 2})
        _conflict(context, row.id)
    rows = ParcelService(context).rows()
    eager = eager_rows(context)
    assert len(rows) == len(eager) == 80
    assert all(type(r) is StoredRow and isinstance(r, ParcelRow) for r in rows)
    assert sum(bool(r.conflicts) for r in rows) == 5
    assert any(r.park_id is None for r in rows) or any(r.in_scope is False for r in rows) \
        or len({r.park_id for r in rows}) > 1
    for stored, plain in zip(rows, eager, strict=True):
        assert every_field(stored) == every_field(plain), stored.id
        assert stored == plain and plain == stored and (stored != plain) is False
        assert stored.completeness == plain.completeness
        assert stored.value("condition", "overall") == plain.value("condition", "overall")
    # What a load reads of every row in one pass equals what it reads of plain rows.
    for today in (dt.date(2026, 3, 1), dt.date(2027, 6, 1), dt.date(2030, 1, 1)):
        assert survey_statuses(rows, today, 12) == survey_statuses(eager, today, 12)
    assert len(set(survey_statuses(rows, dt.date(2027, 6, 1), 12))) > 1
    index = {r.id: i for i, r in enumerate(reversed(rows))}
    assert conflict_indices(index, rows).tolist() == conflict_indices(index, eager).tolist()
    assert len(conflict_indices(index, rows)) == 5
    decoded = ParcelService(context).rows()
    decode_rows(decoded)
    assert [every_field(r) for r in decoded] == [every_field(r) for r in eager]


def test_a_stored_row_differs_where_a_field_differs(context):
    generate(context, parcels=10, seed=8)
    row = ParcelService(context).rows()[3]
    changed = dataclasses.replace(row, area_m2=row.area_m2 + 1)
    assert type(changed) is ParcelRow and changed.area_m2 == row.area_m2 + 1
    assert changed != row and row != changed and (row == changed) is False
    same = dataclasses.replace(row)
    assert same == row and every_field(same) == every_field(row)
    assert row != ParcelService(context).rows()[4]
    assert repr(row).startswith("StoredRow(id=")
