"""The site body: a JSON round trip, tolerant reading, chapter-5 steps per step."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

from otb_desktop.demo.site_records import CONSIDERATIONS, _plan, full_selection
from otb_desktop.domain.catalogue import load_catalogue
from otb_desktop.domain.site_record import (
    Origin,
    SiteRecord,
    missing_steps,
    new_site,
)

CATALOGUE = load_catalogue()


def _complete() -> SiteRecord:
    record = new_site("Havenweg 1–3", ["p2", "p1"])
    return replace(record, origin=Origin("initiatief_derden", "", "Ondernemerscollectief",
                                         "Collectief laadplein."),
                   selection=full_selection(record, dt.date(2026, 5, 1)),
                   considerations=dict(CONSIDERATIONS), plan=_plan(dt.date(2026, 5, 1), 1))


def test_body_round_trips_through_json():
    record = _complete()
    body = json.loads(json.dumps(record.to_body()))
    assert SiteRecord.from_body(body) == record
    assert body["parcel_ids"] == ["p1", "p2"]
    assert len(body["selection"]) == 24


def test_absent_keys_take_defaults_and_are_missing_not_zero():
    record = SiteRecord.from_body({"name": "Oud", "parcel_ids": ["p"]})
    assert record.stage == "inventoried" and record.gas_free is True
    steps = missing_steps(record, CATALOGUE)
    assert steps[1] and steps[2] and steps[3] and steps[4]
    assert "24 van de 24" in str(steps[2][0])


def test_a_complete_record_misses_nothing_of_steps_1_to_3():
    steps = missing_steps(_complete(), CATALOGUE)
    assert steps[1] == steps[2] == steps[3] == []
    assert steps[4]  # the evaluation comes at closure


def test_each_consideration_must_be_addressed():
    record = _complete()
    considerations = dict(record.considerations, afwenteling=" ")
    steps = missing_steps(replace(record, considerations=considerations), CATALOGUE)
    assert len(steps[2]) == 1 and "Afwenteling" in str(steps[2][0])


def test_origin_from_the_agenda_needs_a_known_activity():
    record = replace(_complete(), origin=Origin("uitvoeringsagenda", "3E", "", "Opdracht"))
    assert "activiteit" in str(missing_steps(record, CATALOGUE)[1][0])
    record = replace(record, origin=Origin("uitvoeringsagenda", "ruimtegebruik.3E", "", "x"))
    assert missing_steps(record, CATALOGUE)[1] == []


def test_side_effect_needs_its_direction():
    record = _complete()
    selection = dict(record.selection)
    selection["mobiliteit.1"] = replace(selection["mobiliteit.1"], effect="")
    issues = missing_steps(replace(record, selection=selection), CATALOGUE)[2]
    assert any("positief of negatief" in str(i) for i in issues)
