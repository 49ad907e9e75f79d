"""Models and migrations agree, and migrations stand on their own (no application code)."""

import ast
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from otb_desktop.persistence.database import open_database
from otb_desktop.persistence.models import Base
from otb_desktop.persistence.spatial_index import is_spatial_index_table

MIGRATIONS = Path(__file__).resolve().parents[1] / "db" / "migrations"


def test_models_agree_with_the_database_the_migrations_build(tmp_path):
    database = open_database(tmp_path / "m.sqlite")
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={
                "compare_type": True, "compare_server_default": True,
                "include_name": lambda name, kind, parent: not (
                    kind == "table" and (name == "alembic_version"
                                         or is_spatial_index_table(name)))})
            differences = compare_metadata(context, Base.metadata)
    finally:
        database.close()
    assert differences == []


def test_the_check_sees_a_difference(tmp_path):
    from sqlalchemy import Column, MetaData, String, Table

    database = open_database(tmp_path / "m.sqlite")
    extra = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(extra)
    Table("parcel", extra, Column("colour", String(10)), extend_existing=True)
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, extra)
    finally:
        database.close()
    assert any(d[0] == "add_column" and d[3].name == "colour" for d in differences)


def test_migrations_import_no_application_code():
    offenders = []
    for path in [MIGRATIONS / "env.py", *sorted((MIGRATIONS / "versions").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            offenders += [f"{path.name}: {n}" for n in names if n.startswith("otb_desktop")]
    assert offenders == []
    assert "otb_desktop" not in (MIGRATIONS / "script.py.mako").read_text(encoding="utf-8")


def test_bbox_queries_use_the_rtree_and_find_the_same_rows(tmp_path):
    from shapely.geometry import box
    from sqlalchemy import select, text

    from otb_desktop.persistence.models import Building
    from otb_desktop.persistence.spatial_index import in_bbox

    database = open_database(tmp_path / "r.sqlite")
    try:
        with database.session() as session:
            for i in range(50):
                building = Building(bag_id=f"0164100000{i:06d}", created_by="t", device_id="d")
                building.set_geometry(box(i * 10, (i % 7) * 10, i * 10 + 5, (i % 7) * 10 + 5))
                session.add(building)
        with database.session() as session:
            moved = session.scalars(select(Building).where(
                Building.bag_id == "0164100000000003")).one()
            moved.set_geometry(box(1000, 1000, 1001, 1001))
            session.delete(session.scalars(select(Building).where(
                Building.bag_id == "0164100000000004")).one())
        query = select(Building.bag_id).where(in_bbox(Building, 20, 0, 60, 40))
        with database.engine.connect() as connection:
            plan = " ".join(str(r[-1]) for r in connection.execute(
                text("EXPLAIN QUERY PLAN " + str(query.compile(
                    compile_kwargs={"literal_binds": True})))))
            found = set(connection.execute(query).scalars())
            plain = set(connection.execute(select(Building.bag_id).where(
                Building.max_x >= 20, Building.min_x <= 60, Building.max_y >= 0,
                Building.min_y <= 40)).scalars())
        assert "building_rtree VIRTUAL TABLE INDEX" in plan
        assert found == plain and "0164100000000003" not in found and \
            "0164100000000004" not in found and "0164100000000002" in found
    finally:
        database.close()


def test_a_lost_rtree_is_rebuilt_at_open(tmp_path):
    from sqlalchemy import text

    path = tmp_path / "r.sqlite"
    open_database(path).close()
    database = open_database(path)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER parcel_rtree_insert"))
    database.close()
    database = open_database(path)
    with database.engine.connect() as connection:
        triggers = set(connection.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())
    database.close()
    assert "parcel_rtree_insert" in triggers
