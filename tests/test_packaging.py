"""A non-editable install carries its migrations and resources and can create a database."""

import subprocess
import sys
import zipfile

import pytest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), "."], check=True, timeout=300)
    (path,) = out.glob("otb_desktop-*.whl")
    return path


def test_wheel_contains_migrations_and_resources(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "otb_desktop/_shipped/migrations/env.py" in names
    assert any(n.startswith("otb_desktop/_shipped/migrations/versions/0001") for n in names)
    assert "otb_desktop/_shipped/resources/parks.json" in names
    assert not any(n.endswith((".sqlite", ".pyc")) for n in names)


def test_installed_wheel_migrates_a_new_database(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import otb_desktop, otb_desktop.paths as p;"
        "assert otb_desktop.__file__.startswith(sys.argv[1]), otb_desktop.__file__;"
        "assert '_shipped' in str(p.migrations_dir()), p.migrations_dir();"
        "from otb_desktop.persistence.database import open_database;"
        "open_database(sys.argv[2]).close();"  # only creating commands create a database
        "from otb_desktop.cli import main; raise SystemExit(main(['--db', sys.argv[2], 'db', "
        "'upgrade']))"
    )
    result = subprocess.run([sys.executable, "-c", code, str(target),
                             str(tmp_path / "w.sqlite")], capture_output=True, text=True,
                            cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "w.sqlite").exists()
