"""Ranking on a real (demo) database: profiles as revisions, re-rank, export, CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from otb_desktop.cli import main
from otb_desktop.demo.generator import generate
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.ranking.criteria import CRITERIA
from otb_desktop.domain.ranking.weights import ParkPriorities
from otb_desktop.exporting.ranking import export_ranking_csv, export_ranking_xlsx
from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import WeightProfileRevision, WeightProfileRevisionEdge
from otb_desktop.persistence.revisions import append_revision
from otb_desktop.services.context import AppContext
from otb_desktop.services.ranking import (
    PARCELS,
    SITES,
    RankingService,
    rank_units,
    ranked_rows,
    sensitivity_of,
)
from otb_desktop.services.weight_profiles import (
    ProfileNameTakenError,
    WeightProfileService,
    shipped_profile_id,
)

TODAY = dt.date(2026, 5, 20)


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("rank") / "demo.sqlite"
    database = open_database(path)
    context = AppContext(database)
    context.set_user_name("Coördinator")
    generate(context, parcels=400, today=TODAY)
    database.close()
    return path


@pytest.fixture
def demo(demo_path):
    database = open_database(demo_path)
    yield AppContext(database)
    database.close()


def test_shipped_profiles_have_fixed_ids_and_an_edit_is_a_revision(context):
    service = WeightProfileService(context)
    names = [v.profile.name for v in service.profiles()]
    assert names[:4] == ["Evenwichtig", "Klimaat", "Kwaliteitsimpuls", "Ruimtewinst"]
    view = next(v for v in service.profiles() if v.profile.name == "Klimaat")
    assert view.id == shipped_profile_id("Klimaat") and view.head_ids == ()
    edited = service.save(view.profile.with_weight("klimaat", 5), view.id, view.head_ids)
    assert edited.id == view.id and edited.profile.weights["klimaat"] == 5
    again = service.save(edited.profile.with_weight("klimaat", 4), view.id, edited.head_ids)
    assert len(again.head_ids) == 1 and again.head_ids != edited.head_ids
    service.set_active(view.id)
    assert service.active().profile.weights["klimaat"] == 4


def test_profile_rules_and_concurrent_edits(context):
    service = WeightProfileService(context)
    base = service.profiles()[0]
    with pytest.raises(ProfileNameTakenError):
        service.save(replace(base.profile, name="klimaat"), None)
    with pytest.raises(ValidationError, match="minstens één"):
        service.save(replace(base.profile, name="Leeg", weights={}), None)
    mine = service.save(base.profile.with_weight("staat", 3), base.id, base.head_ids)
    with context.database.session() as s:  # another laptop edited the same base
        append_revision(s, WeightProfileRevision, WeightProfileRevisionEdge, base.id,
                        base.profile.with_weight("staat", 0.5).to_body(), "Bea", "dev-2", [])
    view = next(v for v in service.profiles() if v.id == base.id)
    assert view.conflict and mine.head_ids[0] in view.head_ids


def test_park_priorities_are_stored_and_read_back(context):
    service = WeightProfileService(context)
    service.save_park_priorities(ParkPriorities("park-1", {"klimaatbestendig": "hoog"},
                                                source="Ontwikkelkader (concept)"))
    service.save_park_priorities(ParkPriorities("park-1", {"klimaatbestendig": "laag"}))
    assert service.park_priorities()["park-1"].themes == {"klimaatbestendig": "laag"}
    with pytest.raises(ValidationError):
        service.save_park_priorities(ParkPriorities("park-1", {"x": "heel hoog"}))


def test_sites_and_parcels_rank_and_weights_change_the_order(demo):
    data = RankingService(demo).load(today=TODAY)
    profiles = {v.profile.name: v.profile for v in WeightProfileService(demo).profiles()}
    assert len(data.sites) >= 4 and len(data.parcels) == 400
    for kind in (SITES, PARCELS):
        units = data.units(kind)
        first = rank_units(units, profiles["Ruimtewinst"], min_completeness=0)
        second = rank_units(units, profiles["Kwaliteitsimpuls"], min_completeness=0)
        assert first.eligible.sum() > 0
        if kind == PARCELS:
            assert first.top(20) != second.top(20)
    units = data.units(SITES)
    ranking = rank_units(units, profiles["Evenwichtig"], min_completeness=0)
    stability = sensitivity_of(units, profiles["Evenwichtig"], ranking, top_n=3, trials=100)
    rows = ranked_rows(units, ranking, stability)
    assert [r.rank for r in rows if r.rank] == list(range(1, sum(1 for r in rows if r.rank) + 1))
    assert all(r.stage for r in rows)
    assert sum(r.share_in_top for r in rows) == pytest.approx(min(3, ranking.eligible.sum()))


def test_export_xlsx_has_weights_formulas_and_completeness(demo, tmp_path):
    data = RankingService(demo).load(today=TODAY)
    profile = WeightProfileService(demo).active().profile
    units = data.units(PARCELS)
    ranking = rank_units(units, profile)
    rows = ranked_rows(units, ranking)
    export_ranking_xlsx(rows, profile, tmp_path / "r.xlsx")
    book = load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["Rangschikking", "Gewichten", "Formules", "Volledigheid"]
    sheet = book["Rangschikking"]
    assert sheet.max_row == len(rows) + 1
    assert sheet.cell(2, 1).value == 1
    weights = {r[0].value: r[2].value for r in book["Gewichten"].iter_rows(min_row=6)}
    assert weights[CRITERIA[0].label] == profile.weights[CRITERIA[0].key]
    formulas = [r[0].value for r in book["Formules"].iter_rows()]
    assert "Score" in formulas and CRITERIA[-1].label in formulas
    states = {c.value for r in book["Volledigheid"].iter_rows(min_row=2) for c in r[2:]}
    assert "ontbreekt" in states and "ja" in states  # missing data shown, not 0
    export_ranking_csv(rows, profile, tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig") as handle:
        lines = list(csv.reader(handle, delimiter=";"))
    assert lines[0][0] == "rank" and len(lines) == len(rows) + 1
    assert (tmp_path / "r.gewichten.csv").exists()


def test_cli_rank_and_sites(demo_path, capsys):
    assert main(["--db", str(demo_path), "rank", "--top", "3", "--format", "json",
                 "--min-completeness", "0"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert [r["rank"] for r in result["rows"]] == [1, 2, 3]
    assert all(r["share_in_top"] is not None for r in result["rows"])
    assert main(["--db", str(demo_path), "rank", "--parcels", "--top", "5"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("Profiel: Evenwichtig") and len(table) == 7
    assert main(["--db", str(demo_path), "rank", "--profile", "bestaat niet"]) == 1
    assert "Onbekend gewichtenprofiel" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "rank", "--format", "csv",
                 "--min-completeness", "80"]) == 0
    assert capsys.readouterr().out.startswith("rank;name;")
    assert main(["--db", str(demo_path), "sites"]) == 0
    out = capsys.readouterr().out
    assert "3E in herontwikkeling" in out and "stap 4" in out
