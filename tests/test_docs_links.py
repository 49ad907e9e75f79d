"""README and ARCHITECTURE links work in a plain clone: nothing points outside the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ["README.md", "ARCHITECTURE.md", "docs/DESIGN.md", "docs/STYLE.md"]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


@pytest.mark.parametrize("name", DOCS)
def test_links_resolve_inside_the_repository(name):
    path = ROOT / name
    text = path.read_text(encoding="utf-8")
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+://", target):
            continue
        resolved = (path.parent / target).resolve()
        if not resolved.exists() or ROOT not in resolved.parents:
            broken.append(target)
    assert broken == []
    assert "../shared" not in text and "/work/" not in text
