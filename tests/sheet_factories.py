"""A small demo database with everything a sheet can show, private facts included."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from otb_desktop.demo.generator import generate
from otb_desktop.persistence.database import open_database
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import SurveyService

TODAY = dt.date(2026, 11, 30)
APPLICANT = "Hendrika van Zuijlen-Oosterbroek"
CONTACT = "06-12345678"
NOTE = "Eigenaar twijfelt over verkoop aan buurbedrijf Grolleman"
INTAKE_NOTE = "Gevoelig: lopend geschil met de gemeente over erfgrens"


@dataclass
class SheetScene:
    context: AppContext
    site_id: str  # with intake, photos, notes, willingness
    bare_site_id: str  # another demo site, nothing added
    shared_photo: str
    private_photo: str
    intake_id: str


def make_jpeg(path: Path, colour: str, label: str) -> Path:
    image = Image.new("RGB", (2400, 1600), colour)
    draw = ImageDraw.Draw(image)
    draw.rectangle((200, 300, 2200, 1300), outline="white", width=40)
    draw.text((300, 400), label, fill="white")
    image.save(path, "JPEG", quality=90)
    return path


def build_scene(folder: Path) -> SheetScene:
    database = open_database(folder / "scene.sqlite")
    context = AppContext(database)
    context.set_user_name("Coördinator Test")
    generate(context, parcels=400, today=TODAY)
    sites = site_store.list_sites(context)
    site, bare = sites[0], sites[1]
    parcel = site.parcel_ids[0]
    survey = SurveyService(context)
    survey.record(parcel, "note", {"text": NOTE})
    survey.record(parcel, "willingness_to_invest",
                  {"owner_type": "belegger", "owner_willingness": 2, "market_willingness": 4})
    photos = PhotoService(context)
    added = photos.add_photos(parcel, [make_jpeg(folder / "a.jpg", "navy", "gevel"),
                                       make_jpeg(folder / "b.jpg", "darkgreen", "achter")])
    photos.set_caption(added[0].id, "Voorgevel aan de straat")
    photos.set_caption(added[1].id, "Achterterrein met opslag")
    intakes = IntakeService(context)
    intake = intakes.start(site_id=site.id, plan_kind="uitbreiding",
                           requested_on=dt.date(2026, 3, 2), applicant=APPLICANT,
                           applicant_contact=CONTACT, note=INTAKE_NOTE)
    intakes.update(intake.id, shared_photo_ids=[added[0].id])
    return SheetScene(context, site.id, bare.id, added[0].id, added[1].id, intake.id)
