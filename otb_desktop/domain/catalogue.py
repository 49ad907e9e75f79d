"""The OTB catalogue: themes, vraagstukken and activities of chapter 4, roles and selection options.

The programme numbers activities per theme as vraagstuk number + letter ("3D"), so the same short
code occurs in several themes (3D is also in Energietransitie and Circulair). The unique key is
therefore the theme code plus the short code: ``ruimtegebruik.3D``. The data lives in
``resources/catalogue/otb_catalogue.json``; a broken file is a programmer's error and raises
``ValueError`` naming the bad entry.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from otb_desktop.paths import resources_dir

CATALOGUE_FILE = Path("catalogue") / "otb_catalogue.json"


@dataclass(frozen=True)
class Activity:
    code: str  # unique: "ruimtegebruik.3D", or "financiering.A" for a cross-theme activity
    letter: str
    title: str
    description: str
    theme_code: str | None  # None for the cross-theme activities of 4.1
    vraagstuk_number: int | None
    group: str | None = None  # heading in 4.1 for cross-theme activities

    @property
    def local_code(self) -> str:
        """The code as the programme prints it: "3D" (or just the letter in 4.1)."""
        return f"{self.vraagstuk_number}{self.letter}" if self.vraagstuk_number else self.letter

    @property
    def is_cross_theme(self) -> bool:
        return self.theme_code is None


@dataclass(frozen=True)
class Vraagstuk:
    code: str  # "ruimtegebruik.3"
    number: int
    title: str
    description: str
    theme_code: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class Theme:
    code: str
    number: int
    section: str  # "4.3"
    title: str
    ambition: str  # what "In 2040 willen we bereikt hebben dat:" says
    vraagstukken: tuple[Vraagstuk, ...]

    @property
    def activities(self) -> tuple[Activity, ...]:
        return tuple(a for v in self.vraagstukken for a in v.activities)


@dataclass(frozen=True)
class Role:
    code: str
    title: str
    description: str


@dataclass(frozen=True)
class SelectionOption:
    """A category of the chapter-5 issue selection (vraagstukkenselectie)."""

    code: str
    number: int
    title: str
    description: str
    example: str
    requires_motivation: bool


@dataclass(frozen=True)
class Catalogue:
    source: str
    cross_theme_activities: tuple[Activity, ...]
    themes: tuple[Theme, ...]
    roles: tuple[Role, ...]
    issue_selection_options: tuple[SelectionOption, ...]

    def __post_init__(self) -> None:
        _validate(self)

    def all_activities(self) -> Iterator[Activity]:
        """Cross-theme activities first, then each theme's, in programme order."""
        yield from self.cross_theme_activities
        for theme in self.themes:
            yield from theme.activities

    def theme(self, code: str) -> Theme:
        return _find(self.themes, code, "theme")

    def vraagstuk(self, code: str) -> Vraagstuk:
        return _find((v for t in self.themes for v in t.vraagstukken), code, "vraagstuk")

    def activity(self, code: str, theme: str | None = None) -> Activity:
        """By unique code ("ruimtegebruik.3D"), or by the printed code within a theme.

        ``activity("3D", theme="ruimtegebruik")``; a bare "3D" is ambiguous and raises KeyError
        listing the candidates.
        """
        if theme is not None:
            return _find(self.theme(theme).activities, f"{theme}.{code}", "activity")
        for activity in self.all_activities():
            if activity.code == code:
                return activity
        candidates = [a.code for a in self.all_activities() if a.local_code == code]
        if candidates:
            raise KeyError(f"activity {code!r} is ambiguous, pass theme=; "
                           f"candidates: {', '.join(candidates)}")
        raise KeyError(f"unknown activity {code!r}")

    def theme_of(self, activity: Activity) -> Theme | None:
        return None if activity.theme_code is None else self.theme(activity.theme_code)

    def role(self, code: str) -> Role:
        return _find(self.roles, code, "role")

    def selection_option(self, code: str) -> SelectionOption:
        return _find(self.issue_selection_options, code, "issue selection option")


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Read and validate the catalogue; the shipped one unless ``path`` is given."""
    path = path or resources_dir() / CATALOGUE_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    try:
        return _parse(raw)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"catalogue {path}: malformed entry ({exc!r})") from exc


def _find(items: Any, code: str, kind: str) -> Any:
    for item in items:
        if item.code == code:
            return item
    raise KeyError(f"unknown {kind} {code!r}")


def _parse(raw: dict[str, Any]) -> Catalogue:
    cross = tuple(
        Activity(a["code"], a["letter"], a["title"], a["description"], None, None, a["group"])
        for a in raw["cross_theme_activities"])
    themes = tuple(_parse_theme(t) for t in raw["themes"])
    roles = tuple(Role(r["code"], r["title"], r["description"]) for r in raw["roles"])
    options = tuple(
        SelectionOption(o["code"], int(o["number"]), o["title"], o["description"],
                        o.get("example", ""), bool(o["requires_motivation"]))
        for o in raw["issue_selection_options"])
    return Catalogue(raw["source"], cross, themes, roles, options)


def _parse_theme(raw: dict[str, Any]) -> Theme:
    code = raw["code"]
    vraagstukken = tuple(
        Vraagstuk(v["code"], int(v["number"]), v["title"], v["description"], code,
                  tuple(Activity(a["code"], a["letter"], a["title"], a["description"], code,
                                 int(v["number"])) for a in v["activities"]))
        for v in raw["vraagstukken"])
    return Theme(code, int(raw["number"]), raw["section"], raw["title"], raw["ambition"],
                 vraagstukken)


def _validate(catalogue: Catalogue) -> None:
    """Codes unique and consistent, no empty theme or vraagstuk, letters A, B, C... per theme."""
    seen: set[str] = set()

    def claim(code: str, what: str) -> None:
        if not code:
            raise ValueError(f"{what} has no code")
        if code in seen:
            raise ValueError(f"duplicate code {code!r} ({what})")
        seen.add(code)

    for activity in catalogue.cross_theme_activities:
        claim(activity.code, f"cross-theme activity {activity.title!r}")
        _require_title(activity.title, activity.code)
    if not catalogue.themes:
        raise ValueError("catalogue has no themes")
    for theme in catalogue.themes:
        claim(theme.code, f"theme {theme.title!r}")
        _require_title(theme.title, theme.code)
        if not theme.vraagstukken:
            raise ValueError(f"theme {theme.code!r} has no vraagstukken")
        letters = []
        for number, vraagstuk in enumerate(theme.vraagstukken, start=1):
            claim(vraagstuk.code, f"vraagstuk {vraagstuk.title!r}")
            _require_title(vraagstuk.title, vraagstuk.code)
            if vraagstuk.number != number or vraagstuk.code != f"{theme.code}.{number}":
                raise ValueError(f"vraagstuk {vraagstuk.code!r} should be "
                                 f"{theme.code}.{number} (numbered 1, 2, ... per theme)")
            if not vraagstuk.activities:
                raise ValueError(f"vraagstuk {vraagstuk.code!r} has no activities")
            for activity in vraagstuk.activities:
                claim(activity.code, f"activity {activity.title!r}")
                _require_title(activity.title, activity.code)
                expected = f"{theme.code}.{number}{activity.letter}"
                if activity.code != expected:
                    raise ValueError(f"activity {activity.code!r} should be {expected!r}")
                letters.append(activity.letter)
        # The programme letters a theme's activities A, B, C... across its vraagstukken.
        expected_letters = [chr(ord("A") + i) for i in range(len(letters))]
        if letters != expected_letters:
            raise ValueError(f"theme {theme.code!r} activity letters {''.join(letters)} "
                             f"should run {''.join(expected_letters)}")
    for role in catalogue.roles:
        claim(role.code, f"role {role.title!r}")
    for option in catalogue.issue_selection_options:
        claim(option.code, f"issue selection option {option.title!r}")


def _require_title(title: str, code: str) -> None:
    if not title.strip():
        raise ValueError(f"entry {code!r} has no title")
