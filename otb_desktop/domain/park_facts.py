"""Facts per business park that chapters 4.1 and 4.5 of the programme ask about.

Recorded per park with who and when, append-only (revision family ``park_fact_revision``);
validated by the same field rules as the survey topics, so messages read alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from otb_desktop.domain.topics import FieldSpec, Kind, Topic, TopicSpec, validate_fields

STAGE = (("geen", "geen"), ("in_voorbereiding", "in voorbereiding"),
         ("actief", "actief / vastgesteld"))

PARK_FACTS = TopicSpec(
    Topic.NOTE,  # not a survey topic: the spec only carries the fields
    "Parkgegevens",
    (
        FieldSpec("business_association", "Ondernemersvereniging", Kind.CHOICE, choices=STAGE),
        FieldSpec("park_management", "Parkmanagement", Kind.CHOICE, choices=STAGE),
        FieldSpec("kvo", "Keurmerk Veilig Ondernemen (KVO-B)", Kind.CHOICE, choices=(
            ("geen", "geen"), ("in_voorbereiding", "in voorbereiding"),
            ("gecertificeerd", "gecertificeerd"))),
        FieldSpec("collective_maintenance", "Collectief onderhoud", Kind.CHOICE,
                  choices=STAGE),
        FieldSpec("business_fund", "Ondernemersfonds", Kind.CHOICE, choices=STAGE),
        FieldSpec("development_framework", "Ontwikkelkader", Kind.CHOICE, choices=(
            ("geen", "geen"), ("in_voorbereiding", "in voorbereiding"),
            ("vastgesteld", "vastgesteld"))),
        FieldSpec("source", "Bron", Kind.TEXT, max_length=200),
        FieldSpec("note", "Toelichting", Kind.TEXT, max_length=2000),
    ),
)


def validate_park_facts(raw: Mapping[str, Any], today: dt.date | None = None
                        ) -> dict[str, Any]:
    """Cleaned park facts or ValidationError; an absent fact is unknown, never "geen"."""
    return validate_fields(PARK_FACTS, raw, today)
