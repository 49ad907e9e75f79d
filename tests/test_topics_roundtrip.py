"""Property: random valid values of every topic survive form → validation → store → export →
import unchanged (issue 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from otb_desktop.domain import topics
from otb_desktop.domain.errors import ValidationError
from otb_desktop.domain.topics import TOPICS, FieldSpec, Kind
from otb_desktop.exporting.parcels import export_csv, export_xlsx
from otb_desktop.importing.observations import import_observations
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui.panel.topic_form import TopicForm
from tests.ui_factories import make_parcels

TEXT = st.text(alphabet=st.sampled_from(list("abcXYZ09 .,;:'\"=+-@/()é€&")), min_size=1,
               max_size=40).map(str.strip).filter(bool)


def field_values(fs: FieldSpec) -> st.SearchStrategy:
    match fs.kind:
        case Kind.INT:
            return st.integers(int(fs.minimum or 0), int(fs.maximum or 10_000))
        case Kind.FLOAT:
            top = int((fs.maximum if fs.maximum is not None else 10_000) * 100)
            return st.integers(int((fs.minimum or 0) * 100), top).map(lambda n: n / 100)
        case Kind.DATE:
            return st.dates(dt.date(1901, 1, 1), dt.date.today()).map(dt.date.isoformat)
        case Kind.BOOL:
            return st.booleans()
        case Kind.CHOICE:
            return st.sampled_from([key for key, _ in fs.choices])
        case Kind.MULTI:
            return st.lists(st.sampled_from([k for k, _ in fs.choices]), min_size=1,
                            unique=True).map(sorted)
        case Kind.TEXT:
            return TEXT
    raise AssertionError(fs.kind)


@st.composite
def topic_values(draw, topic):
    values = {}
    for fs in TOPICS[topic].fields:
        if fs.required or draw(st.booleans()):
            values[fs.name] = draw(field_values(fs))
    return values


@pytest.mark.parametrize("topic", list(TOPICS))
@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_topic_survives_form_store_export_import(qtbot, context, tmp_path, topic, data):
    values = data.draw(topic_values(topic))
    try:
        cleaned = topics.validate(topic, values)
    except ValidationError:
        assume(False)  # cross-field rules (vacant ≤ total…): not a valid combination
    assert cleaned == values
    # form: the texts the form shows for the values read back to the same values
    form = TopicForm(TOPICS[topic])
    qtbot.addWidget(form)
    form.set_texts(form.texts_of(values))
    assert topics.validate(topic, form.raw()) == values
    # store, export (CSV and XLSX) and import: the import finds nothing changed
    [parcel] = make_parcels(context, 1)
    SurveyService(context).record(parcel, topic, values)
    for name, export in (("p.csv", export_csv), ("p.xlsx", export_xlsx)):
        path = export(context, tmp_path / name).path
        report = import_observations(context, path)
        assert report.imported == 0 and not report.bad_rows, (name, values)
    [head] = SurveyService(context).heads(parcel)[str(topic)]
    assert head.values == values
