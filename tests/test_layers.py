"""The layers stay apart: domain without Qt/SQLAlchemy, UI without SQLAlchemy/Alembic/ReportLab."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "otb_desktop"

FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "reportlab", "otb_desktop.persistence",
               "otb_desktop.services", "otb_desktop.ui"),
    "persistence": ("PySide6", "otb_desktop.services", "otb_desktop.ui"),
    "services": ("PySide6", "otb_desktop.ui"),
    "ui": ("sqlalchemy", "alembic", "reportlab", "otb_desktop.persistence"),
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports(layer):
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"layer {layer} has no modules"
    offenders = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in files for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer])
    ]
    assert offenders == []
