"""Park facts (chapter 4.1/4.5): per park, with who and when, append-only."""

import pytest

from otb_desktop.domain.errors import ValidationError
from otb_desktop.persistence import migrations
from otb_desktop.persistence.models import ParkFactRevision
from otb_desktop.services.park_facts import ParkFactService, UnknownParkError
from otb_desktop.services.parks import ensure_parks


@pytest.fixture
def park_id(context):
    with context.database.session() as session:
        return ensure_parks(session, context)["Twentekanaal Zuid 1 & 2"].id


def test_facts_are_revisions_with_author_and_history(context, park_id):
    service = ParkFactService(context)
    first = service.record(park_id, {"business_association": "actief", "kvo": "geen"})
    second = service.record(park_id, {"business_association": "actief",
                                      "kvo": "gecertificeerd", "source": "gesprek OV"})
    assert first.author == "Test Gebruiker" and first.device_id == context.device_id
    [head] = service.current()[park_id]
    assert head.id == second.id and head.values["kvo"] == "gecertificeerd"
    assert "park_management" not in head.values  # unknown stays unknown, not "geen"
    assert [r.id for r in service.history(park_id)] == [second.id, first.id]
    with context.database.session() as session:  # nothing updated in place
        assert session.get(ParkFactRevision, first.id).body["kvo"] == "geen"


def test_bad_facts_and_unknown_parks_are_refused_in_dutch(context, park_id):
    service = ParkFactService(context)
    with pytest.raises(ValidationError, match="Ontwikkelkader"):
        service.record(park_id, {"development_framework": "misschien"})
    with pytest.raises(UnknownParkError, match="bestaat niet"):
        service.record("geen-park", {"kvo": "geen"})
    assert service.history(park_id) == []


def test_the_migration_head_has_the_park_fact_tables(database):
    from sqlalchemy import inspect

    names = set(inspect(database.engine).get_table_names())
    assert {"park_fact_revision", "park_fact_revision_supersedes"} <= names
    assert migrations.head_revision()
