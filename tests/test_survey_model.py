"""What the survey records (issue 6 items 1–4): named scales, chapter 4.3 willingness, VNG
milieucategorie, energy and mobility; old observations stay readable."""

import csv
import datetime as dt

import pytest
from shapely.geometry import box

from otb_desktop.cli import main
from otb_desktop.domain import topics
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.parks import profile_fits
from otb_desktop.domain.topics import Kind, Topic, display_value, topic_spec
from otb_desktop.persistence.models import Observation, Parcel
from otb_desktop.services.parcel_table import columns, field_header
from otb_desktop.services.survey import SurveyService


def issues(topic, raw):
    with pytest.raises(ValidationError) as exc:
        topics.validate(topic, raw)
    return {i.field: i.message for i in exc.value.issues}


def test_every_scored_field_has_named_classes_and_a_direction():
    scored = [(spec, f) for spec in topics.TOPICS.values() for f in spec.fields if f.classes]
    names = {f.name for _, f in scored}
    assert {"overall", "roof", "facade", "installations", "grounds", "owner_willingness",
            "user_willingness", "market_willingness"} <= names
    for spec, f in scored:
        assert f.direction and all(name in f.allowed() for _, name in f.classes)
        assert f.classes[0][1] in field_header(spec, f)  # the export header names the ends
    condition = topic_spec(Topic.CONDITION).field("overall")
    assert "indicatief, schaal NEN 2767" in condition.label
    assert dict(condition.classes) == {1: "uitstekend", 2: "goed", 3: "redelijk", 4: "matig",
                                       5: "slecht", 6: "zeer slecht"}
    assert display_value(condition, 4) == "4 matig"
    willing = topic_spec(Topic.INVESTMENT).field("owner_willingness")
    assert display_value(willing, 5) == "5 zeer bereid" and "5 is meest bereid" in willing.direction
    assert topics.validate(Topic.CONDITION, {"overall": "matig", "roof": "6 zeer slecht"}) == {
        "overall": 4, "roof": 6}


def test_overall_condition_that_differs_from_the_elements_is_remarked_not_refused():
    values = topics.validate(Topic.CONDITION, {"overall": 2, "roof": 5, "facade": 5})
    [hint] = topics.hints(Topic.CONDITION, values)
    assert hint.field == "overall" and "5 slecht" in hint.message
    assert topics.hints(Topic.CONDITION, {"overall": 5, "roof": 5, "facade": 4}) == []
    assert topics.hints(Topic.CONDITION, {"overall": 2}) == []


def test_willingness_of_owner_user_and_market_as_chapter_4_3_names_them():
    values = topics.validate(Topic.INVESTMENT, {
        "owner_type": "belegger", "owner_willingness": 2, "user_willingness": 4,
        "market_willingness": 3, "assessed_by": "makelaar",
        "opportunities": "kavelruil; uitbreiden", "bottlenecks": ["netcongestie"],
        "bottlenecks_text": "wachtrij netbeheerder", "interest_land_swap": "ja",
        "interest_relocation": "nee", "interest_collective_maintenance": True,
        "wish": "uitbreiden", "wish_space_m2": "1.500,5".replace(".", ""),
        "wish_environmental_category": "4.1"})
    assert values["opportunities"] == ["kavelruil", "uitbreiden"]  # sorted keys
    assert values["interest_land_swap"] is True and values["wish_space_m2"] == 1500.5
    found = issues(Topic.INVESTMENT, {"owner_type": "eigenaar_gebruiker",
                                      "owner_willingness": 4, "owner_is_user": True,
                                      "user_willingness": 2})
    assert "geldt voor beide" in found["user_willingness"]
    assert "ongeldig" in issues(Topic.INVESTMENT, {"owner_type": "belegger",
                                                   "owner_willingness": 3,
                                                   "opportunities": "goud"})["opportunities"]


def test_vng_categories_with_guide_distances_and_old_whole_numbers_read_as_such():
    spec = topic_spec(Topic.PROFILE_FIT)
    field = spec.field("environmental_category")
    assert [k for k, _ in field.choices] == ["1", "2", "3.1", "3.2", "4.1", "4.2", "5.1",
                                             "5.2", "5.3", "6"]
    assert topics.VNG_GUIDE_DISTANCE_M["3.2"] == 100
    for typed in ("3.2", "3,2", 3.2):
        assert topics.validate(Topic.PROFILE_FIT, {"current_activity": "x",
                                                   "environmental_category": typed,
                                                   "permitted_category": "4.2"}) == {
            "current_activity": "x", "environmental_category": "3.2",
            "permitted_category": "4.2"}
    assert "environmental_category" in issues(Topic.PROFILE_FIT, {
        "current_activity": "x", "environmental_category": "3"})  # no guessing a subcategory
    assert display_value(field, 3) == "3, subcategorie onbekend"
    assert display_value(field, 2) == "2" and display_value(field, "5.3") == "5.3"
    assert profile_fits("hightech", 3) and profile_fits("hightech", "3.2")
    assert not profile_fits("hightech", "4.1")


def test_energy_mobility_and_climate_facts_of_chapter_4():
    energy = topics.validate(Topic.ENERGY, {
        "roof_pv": "nee", "no_pv_reason": "netcongestie", "grid_connection": "grootverbruik",
        "grid_congestion": "wachtrij", "gas_use_m3": "12000", "gas_alternative": "warmtepomp",
        "transformer_space": "ja"})
    assert energy["no_pv_reason"] == "netcongestie" and energy["transformer_space"] is True
    assert "leeg" in issues(Topic.ENERGY, {"roof_pv": True, "no_pv_reason": "overig"})[
        "no_pv_reason"]
    assert topics.validate(Topic.MOBILITY, {"parking_places": 40, "parking_shareable": "ja",
                                            "loading_bays": 3, "logistics_charging": "nee"}
                           )["loading_bays"] == 3
    climate = topics.validate(Topic.CLIMATE, {
        "paved_pct": 50, "green_pct": 20, "drought_exposure": "hoog", "process_water_need": "ja",
        "green_facade": "nee", "soil_contamination": "vermoed"})
    assert climate["soil_contamination"] == "vermoed" and climate["process_water_need"]
    planning = topics.validate(Topic.PLANNING, {
        "max_height_m": 15, "max_coverage_pct": 70, "main_green_structure": "ja",
        "water_storage_claim": "nee", "competing_claims": "ondergronds;transformatorruimte"})
    assert planning["competing_claims"] == ["ondergronds", "transformatorruimte"]
    assert any(f.kind is Kind.MULTI for f in topic_spec(Topic.PLANNING).fields)


def test_old_observations_stay_readable(context):
    """An observation saved under the old rules (whole milieucategorie) is kept as it was."""
    with context.database.session() as s:
        parcel = Parcel(designation="HGL01 K 1", area_m2=100, created_by="t", device_id="d")
        parcel.set_geometry(box(0, 0, 10, 10))
        s.add(parcel)
        s.flush()
        s.add(Observation(parcel_id=parcel.id, topic="profile_fit",
                          values={"current_activity": "Machinebouw",
                                  "environmental_category": 4},
                          observed_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
                          created_by="t", device_id="d"))
        pid = parcel.id
    [head] = SurveyService(context).heads(pid)["profile_fit"]
    assert head.values["environmental_category"] == 4
    field = topic_spec(Topic.PROFILE_FIT).field("environmental_category")
    assert display_value(field, head.values["environmental_category"]) == \
        "4, subcategorie onbekend"


def test_cli_imports_category_3_2_and_the_export_shows_3_2(tmp_path):
    from otb_desktop.persistence.database import open_database

    db = tmp_path / "x.sqlite"
    database = open_database(db)
    with database.session() as s:
        parcel = Parcel(designation="HGL01 K 7", area_m2=100, created_by="t", device_id="d")
        parcel.set_geometry(box(0, 0, 10, 10))
        s.add(parcel)
    database.close()
    source = tmp_path / "in.csv"
    header = field_header(topic_spec(Topic.PROFILE_FIT),
                          topic_spec(Topic.PROFILE_FIT).field("environmental_category"))
    source.write_text("perceel;onderwerp;Profielpassing: Huidige activiteit;" + header
                      + "\nHGL01 K 7;profielpassing;Drukkerij;3.2\n", encoding="utf-8-sig")
    assert main(["--db", str(db), "import", "observations", str(source)]) == 0
    out = tmp_path / "out.csv"
    assert main(["--db", str(db), "export", "csv", str(out)]) == 0
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    key = next(c.header for c in columns() if c.field == "environmental_category")
    assert rows[1][rows[0].index(key)] == "3.2"


def test_the_map_legend_names_every_class_of_a_scale():
    import re

    from otb_desktop.domain.colouring import standard_colourings

    by_key = {c.key: c for c in standard_colourings()}
    for key in ("condition", "owner_willingness"):
        labels = [k.label for k in by_key[key].classes]
        assert all(re.search(r"[a-z]", label) for label in labels), (key, labels)
    assert "6 is worst" in by_key["condition"].label
    assert "indicative" in by_key["profile_fit"].label
