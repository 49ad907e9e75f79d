"""Intake sheets (3F) read back: contents, A4, two pages, fonts, privacy, batch, layout."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import warnings
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from otb_desktop.exporting.sheets.batch import print_sheets
from otb_desktop.exporting.sheets.document import write_sheets
from otb_desktop.exporting.sheets.site_map import scale_bar_length
from otb_desktop.progress import Cancelled
from otb_desktop.services import site_store
from otb_desktop.services.intakes import IntakeService
from otb_desktop.services.sheet_data import RANK_MISSING, Variant, gather_sheet
from tests.sheet_factories import APPLICANT, CONTACT, INTAKE_NOTE, NOTE, TODAY, build_scene

REFERENCE = Path(__file__).parent / "reference" / "sheet_demo_page1.png"
A4 = (595.28, 841.89)
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture(scope="module")
def scene(tmp_path_factory):
    scene = build_scene(tmp_path_factory.mktemp("scene"))
    yield scene
    scene.context.database.close()


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing; .ci/run installs it")
        pytest.skip(f"{name} is not installed (apt-get install {name})")
    return path


def write(scene, tmp_path: Path, variant: str, site_id: str | None = None) -> Path:
    out = tmp_path / f"{variant}.pdf"
    print_sheets(scene.context, [site_id or scene.site_id], out, variant=variant,
                 printed_on=TODAY)
    return out


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_extern_sheet_shows_the_site_and_its_figures_on_two_a4_pages(scene, tmp_path):
    path = write(scene, tmp_path, "extern")
    reader = PdfReader(path)
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == \
            pytest.approx(A4, abs=0.5)
    pages = [flat(t) for t in text_of(path)]
    whole = " ".join(pages)
    data = gather_sheet(scene.context, scene.site_id, "extern", TODAY)
    for k, page in enumerate(pages, 1):
        assert f"pagina {k} van 2" in page
        assert "VARIANT EXTERN" in page and data.sheet_id in page
        assert f"Gegevens per {data.as_of:%d-%m-%Y}" in page
        assert f"afgedrukt {TODAY:%d-%m-%Y}" in page
    assert data.site_name in whole and data.park_name in whole
    for parcel in data.parcels:
        assert parcel.designation in whole
        assert all(a in whole for a in parcel.addresses)
    area = f"{data.figures.area_m2:,.0f}".replace(",", ".")
    assert f"{area} m²" in whole
    assert f"{data.figures.built_footprint_m2:,.0f}".replace(",", ".") in whole
    for word in ("voorlopig", "indicatief", "Meervoudig ruimtegebruik", "De hoogte benutten",
                 "Mobiliteitstransitie", "Circulair bouwen", "Aardgasvrij", "RD New",
                 "efficiënter benutten", "uitbreiding"):
        assert word in whole
    for building in data.figures.buildings:
        assert building.bag_id in whole and str(building.year_built) in whole


def test_extern_sheet_holds_nothing_private_that_the_database_holds(scene, tmp_path):
    whole = flat(" ".join(text_of(write(scene, tmp_path, "extern"))))
    rank, axes = site_store.rank_texts(scene.context)
    for secret in (APPLICANT, CONTACT, NOTE, INTAKE_NOTE, "Grolleman", "van 5",
                   "Investeringsbereidheid", "Rang", RANK_MISSING, "Alleen intern",
                   "urgentie", "kansrijkheid", flat(rank[scene.site_id]),
                   flat(axes[scene.site_id])):
        assert secret not in whole
    # only the photo the business agreed to share, without the caption a colleague wrote
    # under it (free text that may name a person); its date stays
    assert "Voorgevel aan de straat" not in whole and "Achterterrein" not in whole
    assert len(PdfReader(write(scene, tmp_path, "extern")).pages[1].images) == 1
    (photo,) = gather_sheet(scene.context, scene.site_id, Variant.EXTERN, TODAY).photos
    assert photo.caption == "" and f"{photo.date:%d-%m-%Y}" in whole


def test_intern_sheet_adds_rank_willingness_applicant_and_notes(scene, tmp_path):
    whole = flat(" ".join(text_of(write(scene, tmp_path, "intern"))))
    rank, axes = site_store.rank_texts(scene.context)
    assert "van" in rank[scene.site_id] and "urgentie" in axes[scene.site_id]
    for fact in (APPLICANT, CONTACT, NOTE, INTAKE_NOTE, "eigenaar 2 van 5", "markt 4 van 5",
                 flat(rank[scene.site_id]), flat(axes[scene.site_id]), "VARIANT INTERN",
                 "Voorgevel aan de straat", "Achterterrein met opslag"):
        assert fact in whole
    assert len(PdfReader(write(scene, tmp_path, "intern")).pages[1].images) == 2


def test_fonts_are_embedded_and_the_file_passes_qpdf(scene, tmp_path):
    path = write(scene, tmp_path, "intern")
    fonts = subprocess.run([tool("pdffonts"), str(path)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        assert "DejaVuSans" in line and " yes yes " in line, line
    check = subprocess.run([tool("qpdf"), "--check", str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_same_data_gives_the_same_bytes(scene, tmp_path):
    data = gather_sheet(scene.context, scene.site_id, "extern", TODAY)
    write_sheets([data], tmp_path / "a.pdf")
    write_sheets([data], tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_photos_are_embedded_from_downscaled_copies(scene, tmp_path):
    reader = PdfReader(write(scene, tmp_path, "intern"))
    for image in reader.pages[1].images:
        assert max(image.image.size) <= 900  # the originals are 2048 px after shrinking


def test_site_without_observations_or_photos_and_with_a_long_diacritic_name(scene, tmp_path):
    context = scene.context
    bare = gather_sheet(context, scene.bare_site_id, "extern", TODAY)
    long_name = ("Herontwikkeling café-terrein Ëlsinkweg ï " + "bijzonder lange naam " * 9
                 ).strip()
    from dataclasses import replace

    from otb_desktop.services.sheet_data import SheetFigures

    empty_figures = SheetFigures(bare.figures.area_m2, 0, 0, None, None, None, (), None,
                                 None, 0, None, None, None, ())
    odd = replace(bare, site_name=long_name, figures=empty_figures, photos=(),
                  photo_note="Van deze locatie zijn nog geen foto's gemaakt.")
    write_sheets([odd], tmp_path / "odd.pdf")
    pages = [flat(t) for t in text_of(tmp_path / "odd.pdf")]
    assert len(pages) == 2
    whole = " ".join(pages)
    assert "café-terrein Ëlsinkweg ï" in whole
    assert "onbekend" in whole and "niet opgenomen" in whole and "max. niet vastgelegd" in whole
    assert "nog geen foto's" in whole
    assert " 0 m² van" not in whole  # missing vacancy is not printed as zero


def test_many_parcels_and_long_notes_still_fit_on_two_pages(scene, tmp_path):
    from dataclasses import replace

    data = gather_sheet(scene.context, scene.site_id, "intern", TODAY)
    crowded = replace(data, parcels=data.parcels * 25, intern=replace(
        data.intern, notes=("lange notitie " * 200,) * 6))
    write_sheets([crowded], tmp_path / "crowded.pdf")
    assert len(PdfReader(tmp_path / "crowded.pdf").pages) == 2


def test_batch_one_pdf_or_one_file_per_site_with_progress(scene, tmp_path):
    ids = [s.id for s in site_store.list_sites(scene.context)]
    seen = []
    result = print_sheets(scene.context, ids, tmp_path / "all.pdf", printed_on=TODAY,
                          progress=lambda done, total, msg: seen.append((done, total)))
    assert len(PdfReader(result.files[0]).pages) == 2 * len(ids)
    texts = [flat(t) for t in text_of(result.files[0])]
    assert all("van 2" in t for t in texts)  # page x of y counts per site
    assert seen[-1] == (2 * len(ids), 2 * len(ids))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    per_site = print_sheets(scene.context, ids, tmp_path / "los", per_site=True,
                            printed_on=TODAY)
    assert len(per_site.files) == len(ids)
    assert all(len(PdfReader(f).pages) == 2 for f in per_site.files)


def test_cancelled_batch_leaves_no_files(scene, tmp_path):
    ids = [s.id for s in site_store.list_sites(scene.context)]

    def cancel_late(done: int, total: int, _msg: str) -> None:
        if done > len(ids) + 1:
            raise Cancelled()

    with pytest.raises(Cancelled):
        print_sheets(scene.context, ids, tmp_path / "los", per_site=True, progress=cancel_late)
    assert list((tmp_path / "los").glob("*")) == []
    with pytest.raises(Cancelled):
        print_sheets(scene.context, ids, tmp_path / "one.pdf", progress=cancel_late)
    assert list(tmp_path.glob("one.pdf*")) == []


def test_scale_bar_takes_a_round_length():
    assert scale_bar_length(300) == 50
    assert scale_bar_length(90) == 20
    assert scale_bar_length(30) == 10


def test_intake_plan_kind_is_on_the_sheet_of_the_site(scene):
    data = gather_sheet(scene.context, scene.site_id, Variant.EXTERN, TODAY)
    intake = IntakeService(scene.context).intake(scene.intake_id)
    assert data.plan_kind == intake.plan_kind_label
    assert data.intern is None  # extern never even reads the private facts


def test_layout_of_the_demo_sheet_matches_the_reference_rendering(scene, tmp_path):
    """Warns (does not fail) when page 1 of a demo sheet renders differently from the
    committed reference: look at the new rendering, then update the reference on purpose:
    pdftoppm -png -r 40 -gray -f 1 -l 1 -singlefile extern.pdf tests/reference/sheet_demo_page1
    """
    path = write(scene, tmp_path, "extern", scene.bare_site_id)
    subprocess.run([tool("pdftoppm"), "-png", "-r", "40", "-gray", "-f", "1", "-l", "1",
                    "-singlefile", str(path), str(tmp_path / "page1")], check=True)
    new = Image.open(tmp_path / "page1.png").convert("L")
    reference = Image.open(REFERENCE).convert("L")
    assert new.size == reference.size  # A4 at 40 dpi either way
    difference = ImageStat.Stat(ImageChops.difference(new, reference)).mean[0]
    assert ImageStat.Stat(new).mean[0] < 250  # not a blank page
    if difference > 1.0:
        warnings.warn(f"Intakeblad page 1 differs from tests/reference (mean difference "
                      f"{difference:.2f} grey levels); look at {tmp_path / 'page1.png'}",
                      UserWarning, stacklevel=1)


def test_print_date_defaults_to_today(scene):
    assert gather_sheet(scene.context, scene.site_id).printed_on == \
        dt.datetime.now(dt.UTC).date()


def test_chapter_5_selection_is_on_the_sheet_with_its_motivation(scene, tmp_path):
    from dataclasses import replace

    from otb_desktop.services.sheet_data import SheetIssue, _issues

    issues = _issues({
        "energietransitie.4": {"option": "randvoorwaarde", "motivation": ""},
        "klimaatbestendig.2": {"option": "wel_relevant_niet_meenemen",
                               "motivation": "Geen ruimte op de kavel; groen in de straat"},
        "onbekend.9": {"option": "neveneffect"},  # not in the catalogue: left out
        "mobiliteit.1": {"option": "niet_relevant"},  # counted, not listed
    })
    assert [i.option for i in issues] == ["Randvoorwaarde", "Wel relevant, maar niet meenemen"]
    assert issues[0].theme == "4.4 Energietransitie"
    assert issues[0].vraagstuk == "Het gebruik van aardgas uitfaseren"
    data = replace(gather_sheet(scene.context, scene.site_id, "extern", TODAY), issues=issues,
                   not_relevant=1)
    write_sheets([data], tmp_path / "issues.pdf")
    whole = flat(" ".join(text_of(tmp_path / "issues.pdf")))
    assert "Wel relevant, maar niet meenemen" in whole and "groen in de straat" in whole
    assert "Nog niet gemaakt" not in whole and "Niet relevant voor deze locatie: 1" in whole
    assert isinstance(issues[1], SheetIssue)


def test_real_site_of_a_parcel_without_any_observation(scene, tmp_path):
    from otb_desktop.services.parcels import ParcelService

    bare = next(r for r in ParcelService(scene.context).rows() if not r.values)
    intake = IntakeService(scene.context).start(parcel_ids=[bare.id], plan_kind="verbouwing")
    path = write(scene, tmp_path, "extern", intake.site_id)
    pages = [flat(t) for t in text_of(path)]
    assert len(pages) == 2
    whole = " ".join(pages)
    assert bare.designation in whole
    assert "Leegstand onbekend niet opgenomen" in whole
    assert "Onbenutte bebouwing onbekend" in whole and "max. niet vastgelegd" in whole
    assert "Vloerpotentieel onbekend" in whole and "Profiel terrein" in whole


def test_gas_free_exception_is_shown_and_the_site_note_only_intern(scene, monkeypatch):
    from dataclasses import replace

    original = site_store.get_site
    monkeypatch.setattr(site_store, "get_site", lambda ctx, sid: replace(
        original(ctx, sid), gas_free=False, gas_free_exception="netcongestie tot 2029",
        note="Interne site-notitie"))
    extern = gather_sheet(scene.context, scene.site_id, "extern", TODAY)
    intern = gather_sheet(scene.context, scene.site_id, "intern", TODAY)
    assert "netcongestie tot 2029" in extern.gas_free and "Uitzondering" in extern.gas_free
    assert extern.intern is None
    assert "Interne site-notitie" in intern.intern.notes


def vacancy_row(vacancy: dict):
    from types import SimpleNamespace

    from otb_desktop.domain.topics import Topic

    return SimpleNamespace(area_m2=1000.0, built_footprint_m2=0.0,
                           values={Topic.VACANCY: vacancy}, value=lambda topic, name: None,
                           unused_coverage_m2=None, unused_floor_area_m2=None)


def test_vacancy_share_needs_the_total_of_every_parcel_whose_vacancy_is_summed():
    from otb_desktop.services.sheet_data import _figures

    partly = _figures([vacancy_row({"vacant_floor_area_m2": 100, "total_floor_area_m2": 400}),
                       vacancy_row({"vacant_floor_area_m2": 300})], [], TODAY)
    assert partly.vacant_m2 == 400 and partly.total_floor_m2 is None  # not 400 of 400
    known = _figures([vacancy_row({"vacant_floor_area_m2": 100, "total_floor_area_m2": 400}),
                      vacancy_row({"vacant_floor_area_m2": 300, "total_floor_area_m2": 600})],
                     [], TODAY)
    assert known.vacant_m2 == 400 and known.total_floor_m2 == 1000
    assert partly.vacancy_parcels == known.vacancy_parcels == 2


def test_vacancy_of_some_parcels_says_over_how_many(scene, tmp_path):
    from dataclasses import replace

    data = gather_sheet(scene.context, scene.site_id, "extern", TODAY)
    many = replace(data, parcels=data.parcels * 3)  # at least three parcels
    figures = replace(data.figures, vacant_m2=250.0, total_floor_m2=None, vacancy_class=None,
                      vacancy_parcels=1)
    write_sheets([replace(many, figures=figures)], tmp_path / "partial.pdf")
    whole = flat(" ".join(text_of(tmp_path / "partial.pdf")))
    assert f"Leegstand 250 m² sinds onbekend (over 1 van {len(many.parcels)} percelen)" in whole
    everywhere = replace(figures, vacancy_parcels=len(many.parcels))
    write_sheets([replace(many, figures=everywhere)], tmp_path / "all.pdf")
    assert "Leegstand 250 m² sinds onbekend Panden" in flat(" ".join(text_of(tmp_path / "all.pdf")))
