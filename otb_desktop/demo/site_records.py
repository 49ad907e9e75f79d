"""Demo sites as revision chains: each site walks from 3D geïnventariseerd to its stage.

Every stage a site passed is one revision (weeks apart), so the demo shows a stage history.
The chapter-5 steps are filled in as far as the stage requires: from "3E aanpak bepaald" on
step 1 and the full selection over the 24 vraagstukken (with the four considerations), from
"in herontwikkeling" on the plan van aanpak agreed by both opdrachtgevers, and for
"afgerond" the evaluation with leerpunten. One approach-chosen site started 3E "versneld".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from otb_desktop.demo.sites import DemoSite
from otb_desktop.domain.site_record import (
    LEFT_OUT,
    NOT_RELEVANT,
    SIDE_EFFECT,
    Agreement,
    Evaluation,
    Origin,
    Plan,
    Roles,
    SelectionEntry,
    SiteRecord,
    new_site,
)
from otb_desktop.domain.sites import Stage

PATH = (Stage.INVENTORIED, Stage.PRIORITISED, Stage.APPROACH_CHOSEN, Stage.IN_REDEVELOPMENT,
        Stage.DONE)

# A realistic step-2 selection for the redevelopment of a business plot.
_R, _A, _N, _W, _X = ("randvoorwaarde", "actief_meenemen", SIDE_EFFECT, LEFT_OUT,
                      NOT_RELEVANT)
SELECTION = {
    "profilering.1": SelectionEntry(_R, ("afhankelijk",), activities=("profilering.1B",),
                                    motivation="Het gewenste profiel bepaalt welke bedrijven "
                                               "er mogen komen."),
    "profilering.2": SelectionEntry(_A, ("ruimtelijke_concurrentie",),
                                    activities=("profilering.2D",)),
    "profilering.3": SelectionEntry(_N, ("toekomstbestendiger",), effect="positief"),
    "ruimtegebruik.1": SelectionEntry(_A, ("meervoudig_ruimtegebruik",),
                                      activities=("ruimtegebruik.1A",)),
    "ruimtegebruik.2": SelectionEntry(_X),
    "ruimtegebruik.3": SelectionEntry(_R, ("afhankelijk",), activities=("ruimtegebruik.3E",)),
    "energietransitie.1": SelectionEntry(_A, ("toekomstbestendiger",)),
    "energietransitie.2": SelectionEntry(_A, ("meervoudig_ruimtegebruik",),
                                         activities=("energietransitie.2C",)),
    "energietransitie.3": SelectionEntry(_R, ("afhankelijk",),
                                         activities=("energietransitie.3D",),
                                         motivation="Zonder ruimte op het net geen "
                                                    "uitbreiding; collectieve oplossing nodig."),
    "kwaliteitsimpuls.1": SelectionEntry(_N, ("toekomstbestendiger",), effect="positief"),
    "kwaliteitsimpuls.2": SelectionEntry(_X),
    "kwaliteitsimpuls.3": SelectionEntry(_W, ("toekomstbestendiger",), passive_follow_up=True,
                                         motivation="Afspraken over collectief onderhoud "
                                                    "lopen via de ondernemersvereniging (3C); "
                                                    "volgen en later aansluiten."),
    "kwaliteitsimpuls.4": SelectionEntry(_A, ("toekomstbestendiger",),
                                         activities=("kwaliteitsimpuls.4D",)),
    "mobiliteit.1": SelectionEntry(_N, ("ruimtelijke_concurrentie",), effect="negatief",
                                   motivation="Meer arbeidsplaatsen geven meer parkeerdruk."),
    "mobiliteit.2": SelectionEntry(_X),
    "mobiliteit.3": SelectionEntry(_W, ("meervoudig_ruimtegebruik",),
                                   motivation="Laadplein voor logistiek past niet op de kavel; "
                                              "kijken naar een collectief laadplein."),
    "circulair.1": SelectionEntry(_X),
    "circulair.2": SelectionEntry(_N, ("meervoudig_ruimtegebruik",), effect="positief"),
    "circulair.3": SelectionEntry(_W, ("toekomstbestendiger",), passive_follow_up=True,
                                  motivation="Circulair bouwen vraagt extra budget dat de "
                                             "eigenaar nu niet heeft; subsidie onderzoeken."),
    "circulair.4": SelectionEntry(_X),
    "klimaatbestendig.2": SelectionEntry(_A, ("meervoudig_ruimtegebruik",),
                                         activities=("klimaatbestendig.2D",)),
    "klimaatbestendig.3": SelectionEntry(_A, ("toekomstbestendiger",),
                                         activities=("klimaatbestendig.3H",)),
}
CONSIDERATIONS = {
    "korte_lange_termijn": "Tijdelijk extra parkeren op eigen terrein met afbouw zodra de "
                           "collectieve mobiliteitshub er is.",
    "afwenteling": "Waterberging blijft op de kavel: groen dak en wadi in plaats van "
                   "afvoer naar de buren.",
    "uitvoerbaarheid": "Circulair bouwen gefaseerd; eerst de casco, installaties later.",
    "latere_betrokkenheid": "Onderhoud en logistiek worden passief gevolgd en bij de "
                            "herinrichting van de straat actief betrokken.",
}
ORIGINS = (
    Origin("uitvoeringsagenda", "ruimtegebruik.3E", "",
           "Kansrijke locatie uit de prioritering (3D) tot herontwikkeling brengen."),
    Origin("initiatief_derden", "", "Ondernemersvereniging en eigenaar samen",
           "Eigenaar en buurbedrijf willen samen uitbreiden en vragen de gemeente mee "
           "te werken."),
)
OPDRACHTGEVERS = (("Afdelingshoofd Economie", "Wethouder Economie"),
                  ("Programmamanager OTB", "Wethouder Ruimte"))


# One park with priorities from its (pilot) ontwikkelkader, activity 1A: optional context.
PRIORITY_PARK = "Twentekanaal Noord 1 & 2"
PRIORITY_THEMES = {"ruimtegebruik": "hoog", "energietransitie": "hoog",
                   "klimaatbestendig": "normaal", "kwaliteitsimpuls": "laag"}
PRIORITY_VRAAGSTUKKEN = {"energietransitie.3": "hoog", "ruimtegebruik.3": "hoog"}
PRIORITY_SOURCE = "Ontwikkelkader pilot (concept, demo)"


@dataclass(frozen=True)
class DemoRevision:
    site: int  # position in the site list
    body: dict
    at: dt.datetime
    author: str


def _revisit(today: dt.date) -> str:
    return (today + dt.timedelta(days=180)).isoformat()


def full_selection(record: SiteRecord, today: dt.date) -> dict[str, SelectionEntry]:
    """The pre-filled rows plus the demo's choice for the other 22 vraagstukken."""
    selection = dict(record.selection)
    for code, entry in SELECTION.items():
        if entry.passive_follow_up:
            entry = replace(entry, revisit_on=_revisit(today))
        selection[code] = entry
    return selection


def _approach_state(record: SiteRecord, site: DemoSite, index: int, today: dt.date,
                    rng: np.random.Generator) -> SiteRecord:
    selection = full_selection(record, today)
    roles = site.roles or ("samenwerkend",)
    return replace(
        record, origin=ORIGINS[index % 2], selection=selection,
        considerations=dict(CONSIDERATIONS), approach=site.approach,
        roles=Roles(tuple(roles),
                    rationale="Eigenaar neemt het initiatief; de gemeente werkt samen waar "
                              "openbare ruimte en netcongestie raken aan het doel.",
                    maintenance="Eigenaar onderhoudt kavel en groen dak; gemeente de "
                                "openbare ruimte.",
                    public_value="Extra bedrijfsruimte binnen de bestaande grenzen en minder "
                                 "wateroverlast.",
                    public_cost=f"Circa {int(rng.integers(2, 9)) * 10} uur begeleiding en "
                                "een bijdrage uit de subsidieregeling."))


def _plan(today: dt.date, index: int) -> Plan:
    ambtelijk, bestuurlijk = OPDRACHTGEVERS[index % 2]
    on = (today - dt.timedelta(days=7)).isoformat()
    return Plan(summary="Plan van aanpak met de eigenaar, de buren en parkmanagement.",
                participation="Twee keukentafelgesprekken en een buurtsessie met de "
                              "ondernemersvereniging.",
                monitoring="Kwartaalrapportage aan de ambtelijk opdrachtgever op de gekozen "
                           "vraagstukken.",
                examples="Revitalisering Hassinkweg (3C); collectief laadplein elders in "
                         "Twente.",
                ambtelijk=Agreement(ambtelijk, on), bestuurlijk=Agreement(bestuurlijk, on))


def site_revisions(sites: list[DemoSite], parcel_ids: list[str], today: dt.date,
                   rng: np.random.Generator) -> list[DemoRevision]:
    """Per site one revision per stage it passed; oldest first per site."""
    revisions = []
    accelerated_done = False
    for k, site in enumerate(sites):
        record = new_site(site.name, tuple(parcel_ids[p] for p in site.parcels))
        stage = Stage(site.stage)
        path = list(PATH[:PATH.index(stage) + 1]) if stage is not Stage.DROPPED \
            else [Stage.INVENTORIED, Stage.DROPPED]
        accelerate = stage is Stage.APPROACH_CHOSEN and not accelerated_done
        if accelerate:
            path.remove(Stage.PRIORITISED)
            accelerated_done = True
        start = dt.datetime.combine(today - dt.timedelta(days=400 - 3 * k), dt.time(9),
                                    tzinfo=dt.UTC)
        for step, at_stage in enumerate(path):
            at = start + dt.timedelta(days=45 * step)
            record = replace(record, stage=at_stage.value)
            if at_stage is Stage.APPROACH_CHOSEN:
                record = _approach_state(record, site, k, today, rng)
                if accelerate:
                    record = replace(record, accelerated=True, accelerated_motivation=(
                        "Eigenaar wil dit jaar bouwen; kans die niet op de afronding van 3D "
                        "kan wachten."))
            elif at_stage is Stage.IN_REDEVELOPMENT:
                record = replace(record, plan=_plan(at.date(), k))
            elif at_stage is Stage.DONE:
                record = replace(record, evaluation=Evaluation(
                    at.date().isoformat(),
                    "Herontwikkeling opgeleverd; integrale aanpak goed toegepast.",
                    ("Netbeheerder eerder aan tafel", "Waterberging vroeg in het ontwerp")))
            elif at_stage is Stage.DROPPED:
                record = replace(record, approach=site.approach, note=site.approach)
            revisions.append(DemoRevision(k, record.to_body(), at,
                                          "Demo: programmacoördinator"))
    return revisions
