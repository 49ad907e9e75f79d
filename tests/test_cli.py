"""Command line: exit codes, one-line Dutch reasons, database selection."""

import subprocess
import sys

import pytest

from otb_desktop import __version__
from otb_desktop.cli import build_parser, main
from otb_desktop.domain.wording import number
from otb_desktop.exporting import suggested_path
from otb_desktop.persistence import database as database_module
from otb_desktop.persistence import migrations
from otb_desktop.persistence.database import DatabaseBusyError, make_engine, open_database


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "otb_desktop", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_db_upgrade_does_not_create_a_missing_database(tmp_path, capsys):
    path = tmp_path / "sub" / "x.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 1
    assert not path.exists() and not path.parent.exists()
    assert "bestaat niet" in capsys.readouterr().err


def test_db_upgrade_says_when_nothing_changed(tmp_path, capsys):
    path = tmp_path / "x.sqlite"
    engine = make_engine(path)
    migrations.upgrade(engine, path, revision="0001")
    engine.dispose()
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    out = capsys.readouterr().out
    assert "bijgewerkt van revisie 0001 naar" in out and migrations.head_revision() in out
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert "al bijgewerkt; er is niets gewijzigd" in capsys.readouterr().out


def test_otb_db_environment_variable(tmp_path):
    import os

    path = tmp_path / "env.sqlite"
    open_database(path).close()
    result = run_cli("db", "upgrade", env={**os.environ, "OTB_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    assert (tmp_path / "otb-desktop-logs" / "otb-desktop.log").exists()


def test_error_is_one_dutch_line_and_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("geen database" * 200)
    result = run_cli("--db", str(bad), "db", "upgrade")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "kan niet worden geopend" in lines[0]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "dutch"), [
    (["export", "shp", "x.shp"], "ongeldige keuze 'shp'; kies uit 'gpkg', 'csv', 'xlsx'"),
    (["demo", "--parcels", "veel"], "'veel' is geen geldige waarde (een geheel getal)"),
    (["import"], "verplicht maar niet opgegeven: SOORT"),
    (["demo", "--onzin"], "niet herkend: --onzin"),
])
def test_usage_error_is_one_dutch_line_with_exit_code_1(args, dutch, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert dutch in err
    for english in ("invalid", "usage", "error:", "required", "unrecognized"):
        assert english not in err


def test_help_is_dutch_and_states_the_real_demo_count(capsys):
    from otb_desktop.demo.generator import DEFAULT_PARCELS

    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = capsys.readouterr().out
    assert out.startswith("gebruik:") and "opties:" in out
    assert f"standaard {number(DEFAULT_PARCELS)}" in " ".join(out.split())


def test_db_option_after_the_command(tmp_path):
    before, after = tmp_path / "voor.sqlite", tmp_path / "na.sqlite"
    open_database(before).close()
    open_database(after).close()
    assert main(["--db", str(before), "export", "csv", str(tmp_path / "a.csv"), "--db",
                 str(after)]) == 0
    assert main(["import", "parks", str(tmp_path / "geen.gpkg"), "--db", str(after)]) == 1
    parser_args = build_parser().parse_args(["demo", "--db", "x.sqlite"])
    assert str(parser_args.db) == "x.sqlite"
    parser_args = build_parser().parse_args(["--db", "y.sqlite", "demo"])
    assert str(parser_args.db) == "y.sqlite"


def test_export_of_a_missing_database_says_so_and_writes_nothing(tmp_path, capsys):
    missing, out = tmp_path / "tikfout.sqlite", tmp_path / "percelen.csv"
    assert main(["--db", str(missing), "export", "csv", str(out)]) == 1
    err = capsys.readouterr().err
    assert "tikfout.sqlite bestaat niet" in err
    assert not missing.exists() and not out.exists()


def test_a_geopackage_is_refused_untouched_as_database(tmp_path, capsys):
    db, gpkg = tmp_path / "otb.sqlite", tmp_path / "percelen.gpkg"
    open_database(db).close()
    assert main(["--db", str(db), "export", "gpkg", str(gpkg)]) == 0
    before = gpkg.read_bytes()
    for command in (["db", "upgrade"], ["demo"], ["export", "csv", str(tmp_path / "x.csv")]):
        assert main(["--db", str(gpkg), *command]) == 1
        err = capsys.readouterr().err
        assert "is een GeoPackage" in err and "niet gewijzigd" in err
    assert gpkg.read_bytes() == before
    assert not list(tmp_path.glob("percelen.gpkg?*"))  # no -wal, -shm, .bak made


@pytest.mark.parametrize(("args", "suffix"), [
    (["template", "observations"], "t.csv"),
    (["export", "csv"], "out.xlsx"),
    (["export", "gpkg"], "out.csv"),
    (["export", "xlsx"], "out"),
])
def test_mismatched_extension_is_refused(tmp_path, capsys, args, suffix):
    db = tmp_path / "otb.sqlite"
    open_database(db).close()
    out = tmp_path / suffix
    assert main(["--db", str(db), *args, str(out)]) == 1
    err = capsys.readouterr().err
    assert "Er is niets geschreven" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_suggested_export_name_matches_format(tmp_path):
    for fmt in ("gpkg", "csv", "xlsx"):
        assert suggested_path(tmp_path, fmt).suffix == f".{fmt}"


def test_read_only_folder_opens_read_only_for_export_and_names_permissions(
        tmp_path, capsys, monkeypatch):
    db = tmp_path / "otb.sqlite"
    open_database(db).close()
    monkeypatch.setattr(database_module, "writable", lambda path: False)
    out = tmp_path / "uit.csv"
    assert main(["--db", str(db), "export", "csv", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Alleen lezen" in captured.err and "rechten d" in captured.err
    assert out.exists()
    assert main(["--db", str(db), "demo"]) == 1
    err = capsys.readouterr().err
    assert "mag niet worden geschreven (rechten d" in err
    assert "OTB-database" not in err


def test_read_only_database_really_cannot_write(tmp_path, monkeypatch):
    db = tmp_path / "otb.sqlite"
    open_database(db).close()
    monkeypatch.setattr(database_module, "writable", lambda path: False)
    database = open_database(db, read_only=True)
    assert database.read_only
    with pytest.raises(DatabaseBusyError):
        database.set_setting("user_name", "x")
    database.close()


def test_command_failures_are_logged(tmp_path):
    import os

    missing = tmp_path / "weg.sqlite"
    result = run_cli("--db", str(missing), "export", "csv", str(tmp_path / "x.csv"),
                     env={**os.environ})
    assert result.returncode == 1
    log = (tmp_path / "otb-desktop-logs" / "otb-desktop.log").read_text(encoding="utf-8")
    assert "command failed" in log and "weg.sqlite bestaat niet" in log


def test_records_made_before_a_name_was_set_carry_the_login_name(tmp_path, monkeypatch):
    import getpass

    from otb_desktop.services.context import open_context

    monkeypatch.setattr(getpass, "getuser", lambda: "jdevries")
    context = open_context(tmp_path / "n.sqlite")
    assert context.user_name == ""
    assert context.author == "jdevries"
    context.set_user_name("Jan de Vries")
    assert context.author == "Jan de Vries"
    context.database.close()
