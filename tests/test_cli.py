"""Command line: exit codes, one-line Dutch reasons, database selection."""

import subprocess
import sys

from otb_desktop import __version__
from otb_desktop.cli import main


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "otb_desktop", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_db_upgrade_creates_database_at_given_path(tmp_path, capsys):
    path = tmp_path / "sub" / "x.sqlite"
    assert main(["--db", str(path), "db", "upgrade"]) == 0
    assert path.exists()
    assert "bijgewerkt" in capsys.readouterr().out


def test_otb_db_environment_variable(tmp_path):
    import os

    path = tmp_path / "env.sqlite"
    result = run_cli("db", "upgrade", env={**os.environ, "OTB_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_error_is_one_dutch_line_and_nonzero_exit(tmp_path):
    bad = tmp_path / "bad.sqlite"
    bad.write_text("geen database" * 200)
    result = run_cli("--db", str(bad), "db", "upgrade")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "kan niet worden geopend" in lines[0]
    assert "Traceback" not in result.stderr


def test_usage_error_exits_nonzero():
    result = run_cli("export", "shp", "x.shp")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr or "ongeldige" in result.stderr


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
