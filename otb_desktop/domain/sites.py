"""Redevelopment sites (herontwikkelingslocaties, OTB 3D/3E): stages, roles, issue selection.

A site is one or more adjacent parcels considered together. It moves through the stages of
activity 3D (inventoried → prioritised) and 3E (approach chosen → in redevelopment → done),
or is dropped. The municipal roles (chapter 6) and the issue-selection options (chapter 5)
come from the OTB catalogue (resources/catalogue/otb_catalogue.json).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

import shapely
from shapely.geometry.base import BaseGeometry

from otb_desktop.domain.catalogue import Catalogue
from otb_desktop.domain.errors import ValidationError, ValidationIssue

ADJACENT_WITHIN_M = 0.5  # parcels count as adjacent within this gap (survey rounding)


class Stage(StrEnum):
    INVENTORIED = "inventoried"
    PRIORITISED = "prioritised"
    APPROACH_CHOSEN = "approach_chosen"
    IN_REDEVELOPMENT = "in_redevelopment"
    DONE = "done"
    DROPPED = "dropped"


STAGE_LABELS = {
    Stage.INVENTORIED: "3D geïnventariseerd",
    Stage.PRIORITISED: "3D geprioriteerd",
    Stage.APPROACH_CHOSEN: "3E aanpak bepaald",
    Stage.IN_REDEVELOPMENT: "3E in herontwikkeling",
    Stage.DONE: "afgerond",
    Stage.DROPPED: "afgevallen",
}

# Which stage may follow which: forward one step, or dropped from any open stage; a dropped
# site can be taken up again as inventoried.
NEXT_STAGES = {
    Stage.INVENTORIED: {Stage.PRIORITISED, Stage.DROPPED},
    Stage.PRIORITISED: {Stage.APPROACH_CHOSEN, Stage.INVENTORIED, Stage.DROPPED},
    Stage.APPROACH_CHOSEN: {Stage.IN_REDEVELOPMENT, Stage.PRIORITISED, Stage.DROPPED},
    Stage.IN_REDEVELOPMENT: {Stage.DONE, Stage.DROPPED},
    Stage.DONE: set(),
    Stage.DROPPED: {Stage.INVENTORIED},
}


def check_transition(current: Stage | str, new: Stage | str) -> None:
    current, new = Stage(current), Stage(new)
    if new not in NEXT_STAGES[current]:
        allowed = ", ".join(STAGE_LABELS[s] for s in sorted(NEXT_STAGES[current])) or "geen"
        raise ValidationError([ValidationIssue(
            "stage", f"Van '{STAGE_LABELS[current]}' kan een locatie niet naar "
                     f"'{STAGE_LABELS[new]}'; mogelijk is: {allowed}.")])


def check_adjacent(parcels: Sequence[BaseGeometry]) -> None:
    """A site's parcels form one connected group (each within 0.5 m of another)."""
    if not parcels:
        raise ValidationError([ValidationIssue(
            "parcels", "Een locatie bestaat uit minstens één perceel; kies een perceel.")])
    tree = shapely.STRtree(list(parcels))
    reached, todo = {0}, [0]
    while todo:
        hits = tree.query(parcels[todo.pop()], predicate="dwithin", distance=ADJACENT_WITHIN_M)
        for hit in map(int, hits):
            if hit not in reached:
                reached.add(hit)
                todo.append(hit)
    if len(reached) != len(parcels):
        raise ValidationError([ValidationIssue(
            "parcels", f"{len(parcels) - len(reached)} van de {len(parcels)} percelen grenzen "
                       "niet aan de rest van de locatie; een locatie bestaat uit aangrenzende "
                       "percelen. Maak er een aparte locatie van.")])


@dataclass(frozen=True)
class IssueChoice:
    """The chapter-5 choice for one vraagstuk of the catalogue."""

    option: str
    motivation: str = ""


def check_issue_selection(selection: Mapping[str, IssueChoice], catalogue: Catalogue) -> None:
    """Every key a vraagstuk code, every option known; 'wel relevant maar niet meenemen'
    needs a motivation (chapter 5.2)."""
    options = {o.code: o for o in catalogue.issue_selection_options}
    issues = []
    for code, choice in selection.items():
        try:
            catalogue.vraagstuk(code)
        except KeyError:
            issues.append(ValidationIssue(code, f"Onbekend vraagstuk '{code}'."))
            continue
        option = options.get(choice.option)
        if option is None:
            issues.append(ValidationIssue(
                code, f"Onbekende keuze '{choice.option}'; kies een van: "
                      f"{', '.join(options)}."))
        elif option.requires_motivation and not choice.motivation.strip():
            issues.append(ValidationIssue(
                code, f"'{option.title}' vraagt om een onderbouwing; vul de motivatie in."))
    if issues:
        raise ValidationError(issues)


def check_roles(roles: Sequence[str], catalogue: Catalogue) -> None:
    known = {r.code for r in catalogue.roles}
    unknown = [r for r in roles if r not in known]
    if unknown:
        raise ValidationError([ValidationIssue(
            "roles", f"Onbekende rol {', '.join(unknown)}; kies uit: {', '.join(sorted(known))}.")])
