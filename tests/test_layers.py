"""The layers stay apart, for every package and top-level module of otb_desktop.

domain → persistence → services → (importing | exporting | demo) → ui, with cli.py on top.
A new package without a rule fails here, so nobody adds one that the check silently skips.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "otb_desktop"

QT = "PySide6"
UP_FROM_SERVICES = ("otb_desktop.importing", "otb_desktop.exporting", "otb_desktop.demo",
                    "otb_desktop.sync", "otb_desktop.central", "otb_desktop.ui",
                    "otb_desktop.cli")
BESIDE = ("otb_desktop.sync", "otb_desktop.central")
FORBIDDEN = {
    "domain": (QT, "sqlalchemy", "alembic", "reportlab", "otb_desktop.persistence",
               "otb_desktop.services", *UP_FROM_SERVICES),
    "persistence": (QT, "otb_desktop.services", *UP_FROM_SERVICES),
    "services": (QT, *UP_FROM_SERVICES),
    # Beside each other: none of them imports another (shared code goes to services/domain).
    "importing": (QT, "otb_desktop.exporting", "otb_desktop.demo", "otb_desktop.ui",
                  "otb_desktop.cli", *BESIDE),
    "exporting": (QT, "otb_desktop.importing", "otb_desktop.demo", "otb_desktop.ui",
                  "otb_desktop.cli", *BESIDE),
    "demo": (QT, "otb_desktop.importing", "otb_desktop.exporting", "otb_desktop.ui",
             "otb_desktop.cli", *BESIDE),
    # Sync (laptop side, no Qt) sits beside them; the administrator's central package uses
    # the laptop's readers and demo generator (same ids) and sync's carriers.
    "sync": (QT, "otb_desktop.importing", "otb_desktop.exporting", "otb_desktop.demo",
             "otb_desktop.central", "otb_desktop.ui", "otb_desktop.cli"),
    "central": (QT, "otb_desktop.exporting", "otb_desktop.ui", "otb_desktop.cli"),
    "ui": ("sqlalchemy", "alembic", "reportlab", "otb_desktop.persistence",
           "otb_desktop.cli"),
}
# Top-level modules: small helpers everyone may use, and the command line on top.
TOP_LEVEL = {
    "__init__": (QT, "sqlalchemy", "otb_desktop."),
    "__main__": (QT, "sqlalchemy"),
    "cli": (QT, "sqlalchemy", "alembic"),   # the window is imported lazily, by name
    "cli_dutch": (QT, "sqlalchemy", "otb_desktop."),
    # print / intakes (3F): services, exporting inside functions; no window, no database layer
    "cli_intake": (QT, "sqlalchemy", "alembic", "otb_desktop.ui", "otb_desktop.persistence"),
    # rank, sites (3D/3E): services and exporting inside functions
    "cli_ranking": (QT, "sqlalchemy", "alembic", "otb_desktop.ui", "otb_desktop.persistence"),
    # pausing cyclic garbage collection around bulk work (pull, export, load): stdlib only
    "gc_pause": (QT, "sqlalchemy", "otb_desktop."),
    "logging_setup": (QT, "sqlalchemy", "otb_desktop.persistence", "otb_desktop.services",
                      "otb_desktop.ui"),
    "paths": (QT, "sqlalchemy", "otb_desktop."),
    "progress": (QT, "sqlalchemy", "otb_desktop."),
}
# cli.py may open the window and run commands: it imports these only inside functions.
LAZY_ALLOWED = {"cli_ranking": ("otb_desktop.services", "otb_desktop.exporting"),
                "cli": ("otb_desktop.ui", "otb_desktop.persistence", "otb_desktop.services",
                        "otb_desktop.importing", "otb_desktop.exporting", "otb_desktop.demo")}


def module_name(path: Path) -> str:
    root = next(p for p in path.parents if p.name == "otb_desktop").parent
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, top_level_only: bool = False) -> set[str]:
    """Every module a file imports; ``from a import b`` counts as ``a`` and ``a.b`` (b may
    be a module: ``from otb_desktop import ui``), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def offenders(files: list[Path], forbidden: tuple[str, ...], lazy_ok: tuple[str, ...] = ()
              ) -> list[str]:
    found = []
    for path in files:
        top = imported_modules(path, top_level_only=True)
        for name in sorted(imported_modules(path)):
            banned = any(name == f or name.startswith(f if f.endswith(".") else f + ".")
                         for f in forbidden)
            lazy = name not in top and any(name == a or name.startswith(a + ".")
                                           for a in lazy_ok)
            if banned and not lazy:
                found.append(f"{path.parent.name}/{path.name} imports {name}")
    return found


def test_every_package_and_module_has_a_rule():
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert packages == set(FORBIDDEN), "give the new package a rule in FORBIDDEN"
    assert modules == set(TOP_LEVEL), "give the new module a rule in TOP_LEVEL"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"layer {layer} has no modules"
    assert offenders(files, FORBIDDEN[layer]) == []


@pytest.mark.parametrize("module", sorted(TOP_LEVEL))
def test_top_level_module_imports(module):
    path = PACKAGE / f"{module}.py"
    assert offenders([path], TOP_LEVEL[module], LAZY_ALLOWED.get(module, ())) == []


@pytest.mark.parametrize(("layer", "source"), [
    ("domain", "from otb_desktop import ui\n"),
    ("domain", "from .. import persistence\n"),
    ("services", "from otb_desktop.ui.workers import Task\n"),
    ("importing", "from otb_desktop.exporting import parcels\n"),
    ("exporting", "from otb_desktop import importing\n"),
    ("demo", "import PySide6.QtCore\n"),
    ("ui", "def f():\n    from sqlalchemy import select\n"),
])
def test_the_check_catches_forbidden_imports(tmp_path, layer, source):
    probe = tmp_path / "otb_desktop" / layer / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(source, encoding="utf-8")
    assert offenders([probe], FORBIDDEN[layer]) != []
