"""The command line of the architect pool: print sheets, list intakes with the budget."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from otb_desktop.cli import main
from otb_desktop.demo.generator import generate
from otb_desktop.persistence.database import open_database
from otb_desktop.services import site_store
from otb_desktop.services.context import AppContext
from otb_desktop.services.intakes import IntakeService


def demo_db(tmp_path):
    path = tmp_path / "demo.sqlite"
    database = open_database(path)
    context = AppContext(database)
    generate(context, parcels=300, today=dt.date(2026, 11, 30))
    sites = site_store.list_sites(context)
    service = IntakeService(context)
    intake = service.start(site_id=sites[0].id, plan_kind="verbouwing",
                           requested_on=dt.date(2026, 2, 3), applicant="Geheime Aanvrager")
    service.update(intake.id, hours=10, cost_eur=61_000)
    database.close()
    return path, sites


def test_print_by_id_and_name_into_one_pdf_and_per_site(tmp_path, capsys):
    path, sites = demo_db(tmp_path)
    out = tmp_path / "bladen.pdf"
    assert main(["--db", str(path), "print", "--site", sites[0].id, sites[1].name.upper(),
                 "--out", str(out)]) == 0
    reader = PdfReader(out)
    assert len(reader.pages) == 4
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "VARIANT EXTERN" in text and "Geheime Aanvrager" not in text
    assert main(["--db", str(path), "print", "--site", sites[0].id, "--out",
                 str(tmp_path / "los"), "--per-site", "--variant", "intern"]) == 0
    files = list((tmp_path / "los").glob("*.pdf"))
    assert len(files) == 1 and "intern" in files[0].name
    assert "Geheime Aanvrager" in " ".join(p.extract_text() for p in PdfReader(files[0]).pages)
    printed = capsys.readouterr().out
    assert str(files[0]) in printed
    assert "2 intakebladen, variant extern, in 1 bestand:" in printed
    assert "1 intakeblad, variant intern, in 1 bestand:" in printed


def test_unknown_site_and_bad_top_give_dutch_messages(tmp_path, capsys):
    path, _sites = demo_db(tmp_path)
    assert main(["--db", str(path), "print", "--site", "bestaat-niet", "--out",
                 str(tmp_path / "x.pdf")]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
    assert main(["--db", str(path), "print", "--top", "0", "--out",
                 str(tmp_path / "x.pdf")]) == 1
    assert "1 of meer" in capsys.readouterr().err


def test_print_top_n_takes_the_best_ranked_sites_in_rank_order(tmp_path, capsys):
    path, _sites = demo_db(tmp_path)
    database = open_database(path)
    try:
        context = AppContext(database)
        ranked = [s for s, r in site_store.site_ranking(context) if r.rank]
        names = {s.id: s.name for s in site_store.list_sites(context)}
    finally:
        database.close()
    assert len(ranked) >= 2
    out = tmp_path / "top.pdf"
    assert main(["--db", str(path), "print", "--top", "2", "--out", str(out),
                 "--variant", "intern"]) == 0
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) == 4
    assert names[ranked[0]] in pages[0] and names[ranked[1]] in pages[2]
    assert "Rang (3D) 1 van" in " ".join(pages[1].split())
    assert "Rang (3D) 2 van" in " ".join(pages[3].split())


def test_intakes_lists_the_register_and_spending_against_the_budget(tmp_path, capsys):
    path, sites = demo_db(tmp_path)
    assert main(["--db", str(path), "intakes", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "1 intake" in out and "intake(s)" not in out
    assert sites[0].name in out and "verbouwing" in out
    assert "besteed € 61.000; budget € 50.000, resteert € -11.000 (OVERSCHREDEN)" in out
    assert "Geheime Aanvrager" not in out  # the register listing shows no personal data
    assert main(["--db", str(path), "intakes", "--year", "2025"]) == 0
    assert "0 intakes" in capsys.readouterr().out
