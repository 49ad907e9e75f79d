"""The administrator's command line: central init/upgrade/add-user/import/demo, and a laptop's
sync that brings what was imported centrally, with the same ids a local import gives."""

from __future__ import annotations

import json
import secrets
import sqlite3
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from otb_desktop.cli import main
from otb_desktop.domain.ids import reference_id
from otb_desktop.importing import gis
from otb_desktop.importing.errors import CentralReferenceDataError
from otb_desktop.sync.connection import known_server_versions

REAL = Path(__file__).parent / "fixtures" / "real"


def test_init_creates_the_database_and_upgrade_is_idempotent(central_server, capsys):
    base = central_server.admin.url.rsplit("/", 1)[0]
    name = f"otb_cli_{secrets.token_hex(3)}"
    url = f"{base}/{name}"
    try:
        assert main(["central", "init", "--server", url]) == 0
        assert "aangemaakt" in capsys.readouterr().out
        assert main(["central", "upgrade", "--server", url]) == 0
        head = known_server_versions()[1]
        assert f"{head} → {head}" in capsys.readouterr().out
        with psycopg.connect(url) as connection:
            assert connection.execute("SELECT postgis_version()").fetchone()[0]
            kinds = dict(connection.execute(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                "WHERE a.attrelid = 'parcel'::regclass AND a.attnum > 0").fetchall())
        assert kinds["geometry"] == "geometry(Geometry,28992)"
        assert kinds["created_at"] == "timestamp with time zone"
        assert kinds["addresses"] == "jsonb"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)))


def test_central_import_then_sync_gives_the_ids_of_a_local_import(central, laptops, capsys):
    url = central.admin.url
    assert main(["central", "import", "parcels", str(REAL / "brk-dkk-v5-perceel.gml"),
                 "--server", url]) == 0
    assert main(["central", "import", "buildings", str(REAL / "brk-dkk-v5-pand.gml"),
                 "--server", url]) == 0
    out = capsys.readouterr().out
    assert "Centraal opgeslagen" in out
    assert out.count("Startpakket") == 2      # each import ends with a fresh package
    user = central.user("veld")
    assert main(["central", "add-user", user, "--role", "field", "--server", url]) == 0
    laptop = laptops("a", user)
    path = laptop.database.path
    assert main(["--db", str(path), "sync", "--server", url, "--user", user]) == 0
    with sqlite3.connect(path) as connection:
        pulled = dict(connection.execute("SELECT designation, id FROM parcel").fetchall())
        buildings = connection.execute("SELECT count(*) FROM building").fetchone()[0]
    assert len(pulled) == 11 and buildings > 5
    assert all(i == reference_id("parcel", d) for d, i in pulled.items())
    local = laptops("offline")                       # a laptop without a server
    gis.import_parcels(local, REAL / "brk-dkk-v5-perceel.gml")
    with sqlite3.connect(local.database.path) as connection:
        assert dict(connection.execute("SELECT designation, id FROM parcel")) == pulled
    # The synced laptop refuses a local import of reference data, in Dutch.
    with pytest.raises(CentralReferenceDataError, match="central import"):
        gis.import_parcels(laptop, REAL / "brk-dkk-v5-perceel.gml")
    assert main(["--db", str(path), "import", "buildings",
                 str(REAL / "bag-extract-pand.xml")]) == 1
    assert "centrale server" in capsys.readouterr().err
    with pytest.raises(CentralReferenceDataError, match="grenzen"):
        gis.import_parks(laptop, REAL / "brk-dkk-v5-perceel.gml")
    # Sync again without --server: the laptop remembers its server and user.
    assert main(["--db", str(path), "sync"]) == 0
    assert "0 records verstuurd, 0 ontvangen" in capsys.readouterr().out


def test_central_import_of_parks_assigns_the_central_parcels(central, laptops, capsys):
    url = central.admin.url
    main(["central", "import", "parcels", str(REAL / "brk-dkk-v5-perceel.gml"), "--server",
          url])
    with psycopg.connect(url) as connection:
        hull = connection.execute("SELECT ST_AsGeoJSON(ST_Buffer(ST_Union(geometry), 5)) "
                                  "FROM parcel").fetchone()[0]
    boundary = Path(laptops("scratch").database.path.parent / "park.geojson")
    boundary.write_text(json.dumps({"type": "FeatureCollection", "crs": {
        "type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}},
        "features": [{"type": "Feature", "properties": {"naam": "Westermaat Campus"},
                      "geometry": json.loads(hull)}]}), encoding="utf-8")
    assert main(["central", "import", "parks", str(boundary), "--server", url]) == 0
    with psycopg.connect(url) as connection:
        parks = connection.execute("SELECT count(*), count(geometry) FROM business_park"
                                   ).fetchone()
        assigned = connection.execute("SELECT DISTINCT park_id FROM parcel").fetchall()
    assert parks == (14, 1)
    assert assigned == [("1289fa55-31ca-566a-a23a-37984383776a",)]   # Westermaat Campus


def test_central_demo_is_what_a_new_laptop_gets(central, laptops, capsys):
    url = central.admin.url
    assert main(["central", "demo", "--parcels", "60", "--seed", "4", "--server", url]) == 0
    laptop = laptops("new")
    capsys.readouterr()
    assert main(["--db", str(laptop.database.path), "sync", "--server", url]) == 0
    assert "startpakket" in capsys.readouterr().out      # the demo ended by building one
    local = laptops("local-demo")
    assert main(["--db", str(local.database.path), "demo", "--parcels", "60", "--seed",
                 "4"]) == 0
    query = ('SELECT id, parcel_id, topic, "values", created_by FROM observation ORDER BY id')
    with sqlite3.connect(laptop.database.path) as a, sqlite3.connect(
            local.database.path) as b:
        # Same records; JSON compared as values (jsonb orders keys its own way).
        mine, theirs = ([(*r[:3], json.loads(r[3]), r[4]) for r in c.execute(query)]
                        for c in (a, b))
        assert mine == theirs and len(mine) > 60
        parcels = "SELECT id, designation, park_id FROM parcel ORDER BY id"
        assert a.execute(parcels).fetchall() == b.execute(parcels).fetchall()
