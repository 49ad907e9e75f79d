"""The shipped OTB catalogue loads, matches the programme text, and broken files are refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from otb_desktop.domain.catalogue import CATALOGUE_FILE, load_catalogue
from otb_desktop.paths import resources_dir


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def _raw() -> dict:
    return json.loads((resources_dir() / CATALOGUE_FILE).read_text(encoding="utf-8"))


def _write(tmp_path: Path, raw: dict) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    return path


def test_seven_themes_in_programme_order(catalogue):
    assert [t.title for t in catalogue.themes] == [
        "Profilering", "Optimaliseren ruimtegebruik", "Energietransitie", "Kwaliteitsimpuls",
        "Mobiliteit", "Circulair", "Klimaatbestendig"]
    assert [t.section for t in catalogue.themes] == [f"4.{n}" for n in range(2, 9)]
    assert all(t.ambition.strip() for t in catalogue.themes)


def test_cross_theme_activities_of_4_1(catalogue):
    # The chapter intro says four, but appendix 1 records that a communication activity was
    # added to 4.1 after the participation meeting: the text lists five.
    groups = [(a.group, a.letter) for a in catalogue.cross_theme_activities]
    assert groups == [("Organiserend vermogen vergroten", "A"),
                      ("Organiserend vermogen vergroten", "B"),
                      ("Organiserend vermogen vergroten", "C"),
                      ("Financiering Toekomstbestendige Bedrijventerreinen", "A"),
                      ("Financiering Toekomstbestendige Bedrijventerreinen", "B")]
    assert "bekendheid" in catalogue.activity("organiserend_vermogen.C").title
    assert "subsidieregeling" in catalogue.activity("financiering.A").title
    assert all(a.is_cross_theme for a in catalogue.cross_theme_activities)


def test_redevelopment_activities_3d_3e_3f(catalogue):
    theme = catalogue.theme("ruimtegebruik")
    d, e, f = (catalogue.activity(c, theme="ruimtegebruik") for c in ("3D", "3E", "3F"))
    assert catalogue.theme_of(d) is theme
    assert {d, e, f} <= set(catalogue.vraagstuk("ruimtegebruik.3").activities)
    assert "inventariseren" in d.title and "prioriteren" in d.title
    assert "herontwikkelingslocaties" in d.title
    assert "(her)ontwikkelen" in e.title
    assert "aanpak" in e.description and "rol" in e.description
    assert "architectenpool" in f.title
    assert (d.local_code, e.local_code, f.local_code) == ("3D", "3E", "3F")
    assert catalogue.activity("ruimtegebruik.3F") is f


def test_bare_short_code_is_ambiguous(catalogue):
    # 3D also exists under Energietransitie and Circulair.
    with pytest.raises(KeyError, match="ambiguous") as info:
        catalogue.activity("3D")
    assert "ruimtegebruik.3D" in str(info.value) and "circulair.3D" in str(info.value)
    with pytest.raises(KeyError, match="unknown"):
        catalogue.activity("ruimtegebruik.9Z")


def test_codes_unique_and_every_vraagstuk_has_activities(catalogue):
    codes = [a.code for a in catalogue.all_activities()]
    codes += [t.code for t in catalogue.themes]
    codes += [v.code for t in catalogue.themes for v in t.vraagstukken]
    assert len(codes) == len(set(codes))
    for theme in catalogue.themes:
        assert theme.vraagstukken
        for vraagstuk in theme.vraagstukken:
            assert vraagstuk.activities, vraagstuk.code
            assert vraagstuk.description.strip(), vraagstuk.code


def test_text_is_cleaned_of_pdf_artefacts(catalogue):
    texts = [catalogue.source]
    for theme in catalogue.themes:
        texts += [theme.title, theme.ambition]
        for v in theme.vraagstukken:
            texts += [v.title, v.description]
    texts += [f"{a.title} {a.description}" for a in catalogue.all_activities()]
    for text in texts:
        assert "\n" not in text and "\t" not in text and "•" not in text and "\ufffd" not in text
        # A hyphen before a space is only Dutch shorthand ("bodem- en watersystemen").
        assert not re.search(r"\w- (?!en |of )", text), text


def test_roles_and_issue_selection_options(catalogue):
    assert [r.code for r in catalogue.roles] == [
        "realiserend", "samenwerkend", "regulerend", "ondersteunend"]
    assert catalogue.role("regulerend").description.endswith("via het Omgevingsplan.")
    options = catalogue.issue_selection_options
    assert [o.title for o in options] == [
        "Randvoorwaarde", "Actief meenemen", "Neveneffect", "Wel relevant, maar niet meenemen",
        "Niet relevant"]
    assert [o.code for o in options if o.requires_motivation] == ["wel_relevant_niet_meenemen"]


def test_duplicate_code_is_refused(tmp_path):
    raw = _raw()
    activities = raw["themes"][1]["vraagstukken"][2]["activities"]
    activities[1]["code"] = activities[0]["code"]
    with pytest.raises(ValueError, match="duplicate code 'ruimtegebruik.3C'"):
        load_catalogue(_write(tmp_path, raw))


def test_vraagstuk_without_activities_is_refused(tmp_path):
    raw = _raw()
    raw["themes"][0]["vraagstukken"][1]["activities"] = []
    with pytest.raises(ValueError, match="'profilering.2' has no activities"):
        load_catalogue(_write(tmp_path, raw))


def test_theme_without_vraagstukken_is_refused(tmp_path):
    raw = _raw()
    raw["themes"][6]["vraagstukken"] = []
    with pytest.raises(ValueError, match="'klimaatbestendig' has no vraagstukken"):
        load_catalogue(_write(tmp_path, raw))


def test_code_that_disagrees_with_letter_is_refused(tmp_path):
    raw = _raw()
    raw["themes"][1]["vraagstukken"][2]["activities"][1]["code"] = "ruimtegebruik.3X"
    with pytest.raises(ValueError, match="'ruimtegebruik.3X' should be 'ruimtegebruik.3D'"):
        load_catalogue(_write(tmp_path, raw))


def test_missing_field_is_refused(tmp_path):
    raw = _raw()
    del raw["themes"][2]["vraagstukken"][0]["title"]
    with pytest.raises(ValueError, match="malformed entry"):
        load_catalogue(_write(tmp_path, raw))
