"""Bulk import of survey observations from a spreadsheet (CSV or XLSX).

Two layouts are read, recognised by their header row (row 1):

- the template (exporting.template): one row per parcel and topic, columns ``perceel``,
  ``onderwerp``, ``datum``, ``naam`` and one column per field of every topic; only the
  columns of the row's topic may be filled in;
- the parcel export (exporting.parcels): one row per parcel, the fields of every topic and per
  topic its ``<topic>.observed_at``; every topic with a value becomes an observation, but a
  topic whose values and date equal a current observation is left alone, so importing an
  unchanged export adds nothing (and leaves a conflict for a person to resolve).

Headers match loosely (case, spacing, ``m2`` for ``m²``) on the Dutch headings as well as the
column keys of the export. Every row is checked before anything is written: by default one
bad row stops the whole import, so a file is never half imported; with ``skip_bad_rows`` the
good rows go in and the bad ones are reported. Row numbers are the ones Excel shows (the
header is row 1). All observations go into one transaction, per parcel and topic in date
order, each superseding the current value; a row older than the current value is refused,
because it would silently replace newer information.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from otb_desktop.domain import designation as designations
from otb_desktop.domain.errors import OtbError, ValidationError
from otb_desktop.domain.ids import new_id
from otb_desktop.domain.topics import TOPICS, Topic, parse_date, validate
from otb_desktop.domain.wording import count, number
from otb_desktop.persistence.bulk import Same, insert_columns
from otb_desktop.persistence.models import Draft, Observation, ObservationSupersedes, Parcel
from otb_desktop.persistence.types import utcnow
from otb_desktop.progress import Progress, no_progress
from otb_desktop.services.context import AppContext
from otb_desktop.services.parcel_table import (
    OBSERVED_AT,
    columns,
    field_header,
    field_key,
    observed_at_header,
    observed_date,
)
from otb_desktop.services.survey import head_filter

PARCEL_HEADERS = ("perceel", "kadastrale aanduiding", "aanduiding", "designation")
TOPIC_HEADERS = ("onderwerp", "topic")
DATE_HEADERS = ("datum", "waarneemdatum", "observed_at", "date")
AUTHOR_HEADERS = ("naam", "auteur", "author")
MAX_AUTHOR_LENGTH = 100
MAX_LISTED_BAD_ROWS = 20
CSV_SUFFIXES = {".csv", ".txt"}
MAX_CSV_FIELD = 128 * 1024  # csv.field_size_limit() default, set again where read
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


class ObservationImportError(OtbError):
    """The file cannot be imported; nothing was written."""


class BadRowsError(ObservationImportError):
    """Some rows are wrong; nothing was written. ``bad_rows`` lists them all."""

    def __init__(self, message: str, bad_rows: tuple[BadRow, ...], total_rows: int = 0):
        super().__init__(message)
        self.bad_rows = bad_rows
        self.total_rows = total_rows  # data rows in the file (0: unknown)


@dataclass(frozen=True)
class BadRow:
    row: int
    reason: str


@dataclass(frozen=True)
class ObservationImportReport:
    path: Path
    rows: int
    imported: int
    unchanged: int
    conflicts_resolved: int
    bad_rows: tuple[BadRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    def summary_lines(self) -> list[str]:
        lines = [f"{count(self.imported, 'waarneming', 'waarnemingen')} geïmporteerd uit "
                 f"{self.path.name} ({count(self.rows, 'rij', 'rijen')} gelezen)."]
        if self.unchanged:
            lines.append(f"{count(self.unchanged, 'waarneming', 'waarnemingen')} "
                         "overgeslagen: gelijk aan de huidige waarde met dezelfde datum.")
        if self.conflicts_resolved:
            lines.append(f"{count(self.conflicts_resolved, 'conflict', 'conflicten')} "
                         "opgelost: de geïmporteerde waarde vervangt alle gelijktijdige versies.")
        if self.bad_rows:
            lines.append(f"{count(len(self.bad_rows), 'foute rij', 'foute rijen')} "
                         "overgeslagen:")
            lines += _listed(self.bad_rows)
        if self.ignored_columns:
            lines.append("Kolommen die niet zijn gelezen: " + ", ".join(self.ignored_columns))
        return lines


@dataclass(frozen=True)
class _Target:
    """What a column holds: a role (parcel, topic, date, author) or a topic's field."""

    role: str
    topic: Topic | None = None
    field: str | None = None


@dataclass
class _Item:
    """One observation to append, from one row."""

    row: int
    parcel_id: str
    topic: Topic
    values: dict[str, Any]
    day: dt.date | None
    author: str


@dataclass
class _Layout:
    parcel: int
    topic: int | None
    date: int | None
    author: int | None
    fields: dict[tuple[Topic, str], int] = field(default_factory=dict)
    topic_dates: dict[Topic, int] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    ignored: tuple[str, ...] = ()


def import_observations(context: AppContext, path: Path, skip_bad_rows: bool = False,
                        progress: Progress = no_progress) -> ObservationImportReport:
    path = Path(path)
    progress(0, 0, f"{path.name} lezen")
    table = list(_read_table(path))
    if not table or not any(_text(c) for c in table[0][1]):
        raise ObservationImportError(
            f"{path.name} is leeg: de eerste rij moet de kolomkoppen bevatten. Begin met het "
            "invulbestand ('otb-desktop template observations UIT.xlsx').")
    layout = _layout(table[0][1], path)
    data = [(number, cells) for number, cells in table[1:] if any(_text(c) for c in cells)]
    if path.suffix.lower() in CSV_SUFFIXES:  # the CSV export guards formulas with an apostrophe
        data = [(number, [unescape_formula(c) for c in cells]) for number, cells in data]
    if not data:
        raise ObservationImportError(
            f"{path.name} bevat geen ingevulde rijen onder de kolomkoppen; er is niets "
            "geïmporteerd.")
    today = dt.date.today()
    author = context.author  # a settings read: once, not per row
    with context.database.session() as session:
        parcels = _ParcelIndex(session)
        items: list[_Item] = []
        bad: list[BadRow] = []
        for i, (number, cells) in enumerate(data):
            try:
                items += _row_items(number, cells, layout, parcels, today, author)
            except _RowError as exc:
                bad.append(BadRow(number, str(exc)))
            if i % 500 == 0:
                progress(i, len(data), "Rijen controleren")
        duplicates = _duplicates(items)
        recorded = _recorded(session, {i.parcel_id for i in items})
        items, unchanged, older = _against_recorded(items, recorded, today,
                                                    echoes=bool(layout.topic_dates))
        bad = _merged(bad + duplicates + older)
        bad_rows = {b.row for b in bad}
        if bad and not skip_bad_rows:
            raise BadRowsError(_bad_rows_message(path, bad, len(data)), tuple(bad), len(data))
        items = [i for i in items if i.row not in bad_rows]
        unchanged_count = sum(1 for i in unchanged if i.row not in bad_rows)
        resolved = _append(session, context, items, recorded, progress)
    return ObservationImportReport(path, len(data), len(items), unchanged_count, resolved,
                                   tuple(bad), layout.ignored)


# Reading the file.

def _read_table(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number as the spreadsheet shows it, cells) for every row, header first."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ObservationImportError(f"{path} bestaat niet. Controleer de naam en de map.")
    if suffix in CSV_SUFFIXES:
        yield from enumerate(_read_csv(path), start=1)
    elif suffix in XLSX_SUFFIXES:
        yield from _read_xlsx(path)
    elif suffix == ".xls":
        raise ObservationImportError(
            f"{path.name} is een oud Excel-bestand (.xls). Open het in Excel en sla het op als "
            "Excel-werkmap (.xlsx) of als CSV.")
    else:
        raise ObservationImportError(
            f"{path.name} heeft een onbekend bestandstype ('{path.suffix}'). Importeer een "
            "Excel-werkmap (.xlsx) of een CSV-bestand (.csv).")


def _read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV (gescheiden door ...)"
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ObservationImportError(
            f"{path.name} bevat NUL-tekens (eerst op regel {line}): het is geen gewoon "
            "tekstbestand, of het is beschadigd. Open het in Excel en sla het op als 'CSV "
            "UTF-8'; er is niets geïmporteerd.")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    csv.field_size_limit(MAX_CSV_FIELD)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # csv's field limit is 128 KiB: far above any survey value, and what a quote without
        # its closing partner swallows (the rest of the file becomes one cell).
        return list(reader)
    except csv.Error as exc:
        raise ObservationImportError(
            f"{path.name}, regel {reader.line_num}: een cel is langer dan "
            f"{MAX_CSV_FIELD // 1024} KiB of het bestand is geen geldige CSV. Vaak ontbreekt "
            "een afsluitend aanhalingsteken (\"); controleer die regel. Er is niets "
            "geïmporteerd.") from exc


def _read_xlsx(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile/KeyError/... for broken files
        raise ObservationImportError(
            f"{path.name} kan niet als Excel-werkmap worden gelezen ({exc}). Sla het bestand "
            "opnieuw op als .xlsx.") from exc
    try:
        # The data sheet: the first whose first row has a 'perceel' column (someone may have
        # moved the Toelichting sheet to the front).
        sheet = next((ws for ws in workbook.worksheets if _has_parcel_header(ws)),
                     workbook.worksheets[0])
        sheet.reset_dimensions()  # some writers store a wrong size; read what is there
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(cells)
    finally:
        workbook.close()


def _has_parcel_header(sheet) -> bool:
    first = next(sheet.iter_rows(max_row=1, values_only=True), ())
    return any(normalise(cell) == "perceel" for cell in first)


# Understanding the header row.

def normalise(header: Any) -> str:
    """Loose form of a header: case, spacing and ``m²``/``m2`` do not matter."""
    text = unicodedata.normalize("NFKC", _text(header)).casefold()
    return re.sub(r"\s+", " ", text).strip()


def _header_targets() -> dict[str, _Target]:
    targets: dict[str, _Target] = {}
    for role, names in (("parcel", PARCEL_HEADERS), ("topic", TOPIC_HEADERS),
                        ("date", DATE_HEADERS), ("author", AUTHOR_HEADERS)):
        targets.update({normalise(n): _Target(role) for n in names})
    for spec in TOPICS.values():
        for fs in spec.fields:
            target = _Target("field", spec.topic, fs.name)
            for name in (field_key(spec.topic, fs.name), field_header(spec, fs),
                         f"{spec.label}: {fs.label}",
                         *(f"{spec.label}: {old}" for old in fs.old_labels)):
                targets[normalise(name)] = target
        target = _Target("topic_date", spec.topic, OBSERVED_AT)
        targets[normalise(field_key(spec.topic, OBSERVED_AT))] = target
        targets[normalise(observed_at_header(spec))] = target
    return targets


def _layout(header: list[Any], path: Path) -> _Layout:
    targets = _header_targets()
    figures = {normalise(n) for c in columns() if c.topic is None for n in (c.key, c.header)}
    seen: dict[_Target, str] = {}
    positions: dict[_Target, int] = {}
    ignored = []
    headers = [_text(h) for h in header]
    for index, text in enumerate(headers):
        if not text:
            continue
        target = targets.get(normalise(text))
        if target is None:
            if normalise(text) not in figures:  # the export's figures are read-only
                ignored.append(text)
            continue
        if target in seen:
            raise ObservationImportError(
                f"In {path.name} staan de kolommen '{seen[target]}' en '{text}' voor hetzelfde "
                "gegeven. Verwijder een van beide.")
        seen[target] = text
        positions[target] = index
    parcel = positions.get(_Target("parcel"))
    if parcel is None:
        raise ObservationImportError(
            f"In {path.name} ontbreekt de kolom 'perceel' (de kadastrale aanduiding) in de "
            "eerste rij. Gebruik het invulbestand of een export van OTB Desktop.")
    fields = {(t.topic, t.field): i for t, i in positions.items() if t.role == "field"}
    if not fields:
        raise ObservationImportError(
            f"In {path.name} staat geen enkele kolom van een onderwerp (zoals 'Leegstand: "
            "Totaal vloeroppervlak (m²)')"
            + (f"; niet herkend: {', '.join(repr(i) for i in ignored[:8])}" if ignored else "")
            + ". Gebruik de kolomkoppen van het invulbestand (otb-desktop template "
            "observations) of van een export van OTB Desktop.")
    return _Layout(parcel, positions.get(_Target("topic")), positions.get(_Target("date")),
                   positions.get(_Target("author")), fields,
                   {t.topic: i for t, i in positions.items() if t.role == "topic_date"},
                   headers, tuple(ignored))


# Checking one row.

class _RowError(Exception):
    pass


def _row_items(number: int, cells: list[Any], layout: _Layout, parcels: _ParcelIndex,
               today: dt.date, default_author: str) -> list[_Item]:
    def cell(index: int | None) -> Any:
        return cells[index] if index is not None and index < len(cells) else None

    problems: list[str] = []
    parcel_id = None
    try:
        parcel_id = parcels.find(_text(cell(layout.parcel)))
    except _RowError as exc:
        problems.append(str(exc))
    author = _text(cell(layout.author)) or default_author
    if len(author) > MAX_AUTHOR_LENGTH:
        problems.append(f"naam is {len(author)} tekens lang; toegestaan is hoogstens "
                        f"{MAX_AUTHOR_LENGTH}.")
    row_day = _day(cell(layout.date), "datum", today, problems)
    if layout.topic is not None:
        topics = _row_topic(cell(layout.topic), cells, layout, problems)
    else:
        topics = [t for t in TOPICS if any(
            _filled(cell(i)) for (topic, _), i in layout.fields.items() if topic is t)]
    items = []
    for topic in topics:
        raw = {name: cell(i) for (t, name), i in layout.fields.items() if t is topic}
        try:
            values = validate(topic, raw, today)
        except ValidationError as exc:
            problems += [f"{TOPICS[topic].label}: {i.message}" for i in exc.issues]
            continue
        day = row_day
        if topic in layout.topic_dates:
            day = _day(cell(layout.topic_dates[topic]),
                       layout.headers[layout.topic_dates[topic]], today, problems) or row_day
        items.append(_Item(number, parcel_id or "", topic, values, day, author))
    if problems:
        raise _RowError(" ".join(problems))
    return items


def _row_topic(value: Any, cells: list[Any], layout: _Layout, problems: list[str]
               ) -> list[Topic]:
    text = normalise(value)
    if not text:
        problems.append("onderwerp ontbreekt; kies een van: "
                        + ", ".join(s.label for s in TOPICS.values()) + ".")
        return []
    topic = next((s.topic for s in TOPICS.values()
                  if text in (normalise(s.topic), normalise(s.label))), None)
    if topic is None:
        problems.append(f"onderwerp '{_text(value)}' is onbekend; kies een van: "
                        + ", ".join(s.label for s in TOPICS.values()) + ".")
        return []
    stray = [layout.headers[i] for (t, _), i in layout.fields.items()
             if t is not topic and i < len(cells) and _filled(cells[i])]
    if stray:
        columns = "kolom" if len(stray) == 1 else "kolommen"
        problems.append(f"{columns} {', '.join(repr(s) for s in stray)} "
                        f"{'hoort' if len(stray) == 1 else 'horen'} niet bij "
                        f"onderwerp {TOPICS[topic].label}; zet die in een eigen rij met het "
                        "juiste onderwerp.")
    return [topic]


def _day(value: Any, column: str, today: dt.date, problems: list[str]) -> dt.date | None:
    """The observation day of a cell: the same formats as every date field (parse_date)."""
    if not _filled(value):
        return None
    try:
        day = parse_date(value if isinstance(value, dt.date) else _text(value))
    except ValueError as exc:
        problems.append(f"{column}: {exc}")
        return None
    if day > today:
        problems.append(f"{column} {day.isoformat()} ligt in de toekomst; een waarneming kan "
                        "niet later zijn dan vandaag.")
        return None
    return day


# Parcels by designation.

class _ParcelIndex:
    """Parcels by full designation, by section and number, and by their literal text."""

    def __init__(self, session: Session):
        self.full: dict[str, list[tuple[str, str]]] = {}
        self.short: dict[str, list[tuple[str, str]]] = {}
        for pid, text in session.execute(select(Parcel.id, Parcel.designation)):
            parsed = designations.parse(text)
            key = str(parsed) if parsed else normalise(text)
            self.full.setdefault(key, []).append((pid, text))
            if parsed:
                short = f"{parsed.section} {parsed.number}"
                self.short.setdefault(short, []).append((pid, text))

    def find(self, text: str) -> str:
        if not text:
            raise _RowError("perceel ontbreekt; vul de kadastrale aanduiding in, bijvoorbeeld "
                            "'OTL02 B 2298'.")
        key = designations.search_key(text)
        if key and designations.parse(text):
            hits = self.full.get(key, [])
        elif key:
            hits = self.short.get(key, [])
        else:
            hits = self.full.get(normalise(text), [])
        if not hits:
            raise _RowError(f"perceel '{text}' staat niet in de database; controleer de "
                            "kadastrale aanduiding.")
        if len(hits) > 1:
            names = ", ".join(sorted(d for _, d in hits)[:5])
            raise _RowError(f"perceel '{text}' past bij meerdere percelen ({names}); vul de "
                            "volledige aanduiding in.")
        return hits[0][0]


# Against each other and against the database.

def _duplicates(items: list[_Item]) -> list[BadRow]:
    """A parcel's topic twice for the same day is ambiguous: which one is right?"""
    first: dict[tuple[str, Topic, dt.date | None], int] = {}
    bad = []
    for item in items:
        key = (item.parcel_id, item.topic, item.day)
        if key in first and first[key] != item.row:
            when = item.day.isoformat() if item.day else "vandaag"
            bad.append(BadRow(item.row, f"{TOPICS[item.topic].label} van dit perceel voor "
                                        f"{when} staat ook in rij {first[key]}; laat één van "
                                        "beide rijen staan."))
        else:
            first.setdefault(key, item.row)
    return bad


@dataclass(frozen=True)
class _Recorded:
    values: dict[str, Any]
    observed_at: dt.datetime
    head: bool
    id: str = ""


def _recorded(session: Session, parcel_ids: set[str]
              ) -> dict[tuple[str, str], list[_Recorded]]:
    """Every observation of the parcels by (parcel, topic), marked whether it is a head."""
    recorded: dict[tuple[str, str], list[_Recorded]] = {}
    ids = sorted(parcel_ids)
    for start in range(0, len(ids), 500):
        query = select(Observation.parcel_id, Observation.topic, Observation.values,
                       Observation.observed_at, head_filter(), Observation.id).where(
            Observation.parcel_id.in_(ids[start:start + 500]))
        for pid, topic, values, observed_at, head, obs_id in session.execute(query):
            recorded.setdefault((pid, topic), []).append(
                _Recorded(dict(values), observed_at, bool(head), obs_id))
    return recorded


def _against_recorded(items: list[_Item], recorded: Mapping[tuple[str, str], list[_Recorded]],
                      today: dt.date, echoes: bool
                      ) -> tuple[list[_Item], list[_Item], list[BadRow]]:
    """(to append, unchanged, older than the current value).

    Unchanged: equal (values and day) to a current observation, or, in an export read back
    (``echoes``), to any recorded one: an old export re-imported must not revert anything.
    """
    append, unchanged, older = [], [], []
    for item in items:
        known = recorded.get((item.parcel_id, str(item.topic)), [])
        day = item.day or today
        same = [r for r in known if r.values == item.values
                and observed_date(r.observed_at) == day]
        latest = max((observed_date(r.observed_at) for r in known if r.head), default=None)
        if any(r.head or echoes for r in same):
            unchanged.append(item)  # a conflict stays a conflict: a person resolves it
        elif latest and day < latest:
            older.append(BadRow(item.row, f"{TOPICS[item.topic].label}: de datum "
                                          f"{day.isoformat()} ligt vóór de huidige waarneming "
                                          f"van {latest.isoformat()}; een oudere waarneming "
                                          "kan de huidige niet vervangen."))
        else:
            append.append(item)
    return append, unchanged, older


def _append(session: Session, context: AppContext, items: list[_Item],
            recorded: Mapping[tuple[str, str], list[_Recorded]], progress: Progress) -> int:
    """Append in date order; each observation supersedes the heads before it.

    One bulk insert for the observations and one for their edges (as the demo writer does),
    instead of one ORM append per row: thousands of rows take a fraction of a second.
    """
    now = utcnow()
    latest: dict[tuple[str, str], dt.datetime] = {
        key: max(r.observed_at for r in known) for key, known in recorded.items()}
    heads = {key: [r.id for r in known if r.head] for key, known in recorded.items()}
    resolved = {key for key, ids in heads.items() if len(ids) > 1}
    ordered = sorted(items, key=lambda i: (i.day or dt.date.max, i.row))
    columns: dict[str, list[Any]] = {name: [] for name in (
        "id", "parcel_id", "topic", "values", "observed_at", "created_by")}
    edges: list[tuple[str, str]] = []
    touched: set[tuple[str, str]] = set()
    for item in ordered:
        key = (item.parcel_id, str(item.topic))
        when = _moment(item.day, now)
        if key in latest and when <= latest[key]:
            when = latest[key] + dt.timedelta(seconds=1)
        latest[key] = when
        obs_id = new_id()
        edges += [(obs_id, head) for head in heads.get(key, ())]
        heads[key] = [obs_id]
        touched.add(key)
        for name, value in (("id", obs_id), ("parcel_id", item.parcel_id),
                            ("topic", str(item.topic)), ("values", item.values),
                            ("observed_at", when), ("created_by", item.author)):
            columns[name].append(value)
    count = len(ordered)
    progress(0, count, "Waarnemingen opslaan")
    insert_columns(session, Observation, count,
                   {**columns, "device_id": Same(context.device_id), "created_at": Same(now)},
                   lambda done: progress(done, count, "Waarnemingen opslaan"))
    insert_columns(session, ObservationSupersedes, len(edges),
                   {"observation_id": [a for a, _ in edges],
                    "superseded_id": [b for _, b in edges]})
    by_topic: dict[str, list[str]] = {}
    for parcel_id, topic in touched:
        by_topic.setdefault(topic, []).append(parcel_id)
    for topic, parcel_ids in by_topic.items():  # saved now: their drafts are done
        for start in range(0, len(parcel_ids), 500):
            session.execute(delete(Draft).where(
                Draft.topic == topic, Draft.parcel_id.in_(parcel_ids[start:start + 500])))
    progress(count, count, "Waarnemingen opgeslagen")
    return len(resolved & touched)


def _moment(day: dt.date | None, now: dt.datetime) -> dt.datetime:
    """Today or no date: now. An earlier day: noon local time, so the day survives time zones."""
    if day is None or day >= now.astimezone().date():
        return now
    return dt.datetime.combine(day, dt.time(12)).astimezone().astimezone(dt.UTC)


# Small things.

def unescape_formula(value: Any) -> Any:
    """Undo the CSV export's guard: "'=…" was written for "=…" (exporting.escape_formula)."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in "=+-@'":
        return value[1:]
    return value


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _filled(value: Any) -> bool:
    return value is not None and _text(value) != ""


def _merged(bad: list[BadRow]) -> list[BadRow]:
    """One entry per row, in row order, however many things are wrong with it."""
    reasons: dict[int, list[str]] = {}
    for b in bad:
        reasons.setdefault(b.row, []).append(b.reason)
    return [BadRow(row, " ".join(reasons[row])) for row in sorted(reasons)]


def _bad_rows_message(path: Path, bad: list[BadRow], total: int) -> str:
    return "\n".join([
        f"{number(len(bad))} van de {number(total)} rijen in {path.name} "
        f"{'is' if len(bad) == 1 else 'zijn'} "
        "afgekeurd; er is niets geïmporteerd. Verbeter deze rijen, of importeer met "
        "--skip-bad-rows ('foute rijen overslaan') alleen de goede rijen:", *_listed(bad)])


def _listed(bad: Sequence[BadRow]) -> list[str]:
    """The first bad rows, one per line, and how many more there are."""
    lines = [f"  rij {b.row}: {b.reason}" for b in bad[:MAX_LISTED_BAD_ROWS]]
    more = len(bad) - MAX_LISTED_BAD_ROWS
    if more > 0:
        lines.append(f"  … en nog {count(more, 'foute rij', 'foute rijen')}.")
    return lines
