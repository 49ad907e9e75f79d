"""Sites as revisions: create, save, stage history, the chapter-5 gate, conflicts, migration."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import replace

import pytest
from shapely.geometry import box
from sqlalchemy import select

from otb_desktop.demo.site_records import CONSIDERATIONS, SELECTION, _plan, full_selection
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.site_record import (
    Evaluation,
    Origin,
    Roles,
    SiteRecord,
)
from otb_desktop.persistence import migrations
from otb_desktop.persistence.database import make_engine, open_database
from otb_desktop.persistence.models import Parcel, SiteRevision, SiteRevisionEdge
from otb_desktop.persistence.revisions import append_revision
from otb_desktop.services.context import AppContext
from otb_desktop.services.parks import ensure_parks
from otb_desktop.services.sites import SiteService, StaleSiteError, UnknownSiteError


def _parcel(session, designation, geometry, park=None):
    parcel = Parcel(designation=designation, area_m2=geometry.area, park_id=park,
                    addresses=[f"Havenweg {designation[-1]}"], created_by="t", device_id="d")
    parcel.set_geometry(geometry)
    session.add(parcel)
    session.flush()
    return parcel.id


@pytest.fixture
def parcels(context):
    with context.database.session() as s:
        parks = ensure_parks(s, context)
        inside = parks["Twentekanaal Noord 1 & 2"].id if "Twentekanaal Noord 1 & 2" in parks \
            else next(p.id for p in parks.values() if p.in_scope)
        outside = next(p.id for p in parks.values() if not p.in_scope)
        return {
            "a": _parcel(s, "HGL00 A 1", box(0, 0, 50, 50), inside),
            "b": _parcel(s, "HGL00 A 2", box(50, 0, 100, 50), inside),
            "far": _parcel(s, "HGL00 A 3", box(500, 0, 550, 50), inside),
            "out": _parcel(s, "HGL00 A 4", box(100, 0, 150, 50), outside),
        }


@pytest.fixture
def service(context):
    return SiteService(context)


def _ready_for_redevelopment(record: SiteRecord) -> SiteRecord:
    selection = full_selection(record, dt.date(2026, 6, 1))
    return replace(record, origin=Origin("uitvoeringsagenda", "ruimtegebruik.3E", "",
                                         "Herontwikkeling van de kavel."),
                   selection=selection, considerations=dict(CONSIDERATIONS),
                   plan=_plan(dt.date(2026, 6, 1), 0))


def test_create_keeps_parcels_prefills_and_who_when(service, parcels, context):
    site = service.create([parcels["b"], parcels["a"]])
    assert site.parcel_ids == tuple(sorted([parcels["a"], parcels["b"]]))
    assert site.stage == "inventoried" and not site.conflict
    assert site.record.selection["klimaatbestendig.1"].option == "randvoorwaarde"
    assert "klimaatbestendig.1C" in site.record.selection["klimaatbestendig.1"].activities
    assert site.record.gas_free is True
    assert site.updated_by == "Test Gebruiker" and site.device_id == context.device_id
    assert [m.designation for m in site.members] == ["HGL00 A 1", "HGL00 A 2"]
    assert site.warnings == ()
    assert service.list()[0].id == site.id


def test_create_refuses_parcels_that_do_not_touch_and_unknown_ones(service, parcels):
    with pytest.raises(ValidationError, match="grenzen"):
        service.create([parcels["a"], parcels["far"]])
    with pytest.raises(UnknownSiteError):
        service.create(["no-such-parcel"])
    assert service.list() == []


def test_site_outside_the_ten_parks_carries_a_warning(service, parcels):
    site = service.create([parcels["b"], parcels["out"]])
    assert any("buiten de tien" in w and "HGL00 A 4" in w for w in site.warnings)


def test_each_save_is_a_revision_and_the_id_stays(service, parcels):
    site = service.create([parcels["a"]])
    renamed = service.update(site.id, name="Havenweg 1 (nieuw)")
    assert renamed.id == site.id and renamed.name == "Havenweg 1 (nieuw)"
    history = service.history(site.id)
    assert [h.record.name for h in history] == ["Havenweg 1 (nieuw)", history[1].record.name]
    assert history[0].supersedes == (history[1].id,)
    with pytest.raises(StaleSiteError):  # the form was opened before the rename
        service.save(site.id, replace(site.record, note="x"), site.head_ids)


def test_stage_history_and_accelerated_start_needs_motivation(service, parcels):
    site = service.create([parcels["a"]])
    with pytest.raises(ValidationError, match="versneld"):
        service.set_stage(site.id, "approach_chosen")
    service.set_stage(site.id, "approach_chosen", motivation="Eigenaar wil nu bouwen.")
    history = service.stage_history(site.id)
    assert [h.stage for h in history] == ["inventoried", "approach_chosen"]
    assert history[-1].accelerated and history[-1].motivation == "Eigenaar wil nu bouwen."


def test_gate_to_redevelopment_names_what_is_missing(service, parcels):
    site = service.create([parcels["a"]])
    service.set_stage(site.id, "prioritised")
    site = service.set_stage(site.id, "approach_chosen")
    with pytest.raises(ValidationError) as info:
        service.set_stage(site.id, "in_redevelopment")
    text = str(info.value)
    assert "Stap 1" in text and "22 van de 24 vraagstukken" in text and "Stap 3" in text
    assert "ambtelijk" in text and "bestuurlijk" in text
    ready = _ready_for_redevelopment(site.record)
    without_bestuurlijk = replace(ready, plan=replace(ready.plan, bestuurlijk=replace(
        ready.plan.bestuurlijk, by="")))
    service.save(site.id, without_bestuurlijk, site.head_ids)
    with pytest.raises(ValidationError, match="bestuurlijk") as info:
        service.set_stage(site.id, "in_redevelopment")
    assert "ambtelijk opdrachtgever" not in str(info.value)
    site = service.get(site.id)
    service.save(site.id, replace(ready, stage="in_redevelopment"), site.head_ids)
    assert service.get(site.id).stage == "in_redevelopment"
    with pytest.raises(ValidationError, match="leerpunt"):
        service.set_stage(site.id, "done")
    site = service.get(site.id)
    service.save(site.id, replace(site.record, stage="done", evaluation=Evaluation(
        "2026-10-01", "Goed verlopen.", ("Netbeheerder vroeg betrekken",))), site.head_ids)
    assert [h.stage for h in service.stage_history(site.id)][-2:] == [
        "in_redevelopment", "done"]


def test_roles_only_after_the_approach_and_with_a_rationale(service, parcels):
    site = service.create([parcels["a"]])
    with pytest.raises(ValidationError, match="na de aanpak"):
        service.update(site.id, roles=Roles(("samenwerkend",), "Samen met de eigenaar."))
    service.set_stage(site.id, "prioritised")
    service.set_stage(site.id, "approach_chosen")
    with pytest.raises(ValidationError, match="Onderbouw"):
        service.update(site.id, roles=Roles(("samenwerkend",)))
    site = service.update(site.id, roles=Roles(("samenwerkend",), "Samen met de eigenaar."))
    assert site.record.roles.codes == ("samenwerkend",)


def test_gas_free_exception_and_left_out_need_a_motivation(service, parcels):
    site = service.create([parcels["a"]])
    with pytest.raises(ValidationError, match="aardgasvrij|Aardgasvrij"):
        service.update(site.id, gas_free=False)
    service.update(site.id, gas_free=False, gas_free_exception="Netcongestie: tijdelijk gas.")
    selection = dict(service.get(site.id).record.selection)
    selection["circulair.3"] = replace(SELECTION["circulair.3"], motivation="",
                                       revisit_on="2027-01-01")
    with pytest.raises(ValidationError, match="onderbouwing"):
        service.update(site.id, selection=selection)
    selection["circulair.3"] = replace(SELECTION["circulair.3"], revisit_on="")
    with pytest.raises(ValidationError, match="passief volgen"):
        service.update(site.id, selection=selection)


def test_two_devices_editing_the_same_site_give_a_conflict_until_resolved(service, parcels,
                                                                           context):
    site = service.create([parcels["a"]])
    base = site.head_ids[0]
    service.update(site.id, name="Naam van laptop 1")
    other = replace(site.record, name="Naam van laptop 2").to_body()
    with context.database.session() as s:  # as sync would bring it in from another laptop
        append_revision(s, SiteRevision, SiteRevisionEdge, site.id, other, "Bea",
                        "device-2", [base])
    site = service.get(site.id)
    assert site.conflict and len(site.head_ids) == 2
    assert {site.name, site.conflicting[0].name} == {"Naam van laptop 1", "Naam van laptop 2"}
    assert any("conflict" in w for w in site.warnings)
    with pytest.raises(StaleSiteError):
        service.update(site.id, note="x")
    resolved = service.resolve(site.id, replace(site.record, name="Samen gekozen"))
    assert not resolved.conflict and resolved.name == "Samen gekozen"


def test_migration_turns_old_site_rows_into_first_revisions(tmp_path):
    path = tmp_path / "old.sqlite"
    engine = make_engine(path)
    migrations.upgrade(engine, path, revision="0002")
    engine.dispose()
    with sqlite3.connect(path) as c:
        for n, x in ((1, 0), (2, 50)):
            c.execute(
                "INSERT INTO parcel (id, designation, area_m2, addresses, updated_at, geometry,"
                " min_x, min_y, max_x, max_y, created_at, created_by, device_id) VALUES "
                "(?, ?, 2500, '[]', '2026-01-01T00:00:00+00:00', ?, ?, 0, ?, 50, "
                "'2026-01-01T00:00:00+00:00', 't', 'd')",
                (f"p{n}", f"X {n}", box(x, 0, x + 50, 50).wkb, x, x + 50))
        c.execute("INSERT INTO site (id, name, stage, approach, roles, issue_selection, "
                  "intake_status, created_at, created_by, device_id) VALUES ('s1', 'Oud', "
                  "'approach_chosen', 'Renovatie', ?, ?, 'none', "
                  "'2026-02-01T10:00:00.000000+00:00', 'Anna', 'dev-1')",
                  (json.dumps(["samenwerkend"]), json.dumps(
                      {"circulair.3": {"option": "niet_relevant", "motivation": ""}})))
        c.executemany("INSERT INTO site_parcel VALUES ('s1', ?)", [("p1",), ("p2",)])
    database = open_database(path)
    try:
        assert migrations.current_revision(database.engine) == migrations.head_revision()
        with database.session() as s:
            rows = s.scalars(select(SiteRevision)).all()
        assert len(rows) == 1 and rows[0].subject_id == "s1"
        assert rows[0].created_by == "Anna" and rows[0].device_id == "dev-1"
        site = SiteService(AppContext(database)).get("s1")
        assert site.name == "Oud" and site.stage == "approach_chosen"
        assert site.parcel_ids == ("p1", "p2") and site.record.approach == "Renovatie"
        assert site.record.roles.codes == ("samenwerkend",)
        assert site.record.selection["circulair.3"].option == "niet_relevant"
        with sqlite3.connect(path) as c:
            tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master")}
        assert "site" not in tables and "site_parcel" not in tables
    finally:
        database.close()
