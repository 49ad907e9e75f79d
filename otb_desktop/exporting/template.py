"""The empty survey spreadsheet account managers fill in and hand back for bulk import.

One row per parcel and topic: ``perceel``, ``onderwerp``, ``datum``, ``naam``, then a column for
every field of every topic, headed as the export and the import name it
(``Leegstand: Totaal vloeroppervlak (m²)``). Excel's data validation, built from the same
FieldSpecs that validate a form, catches most mistakes while typing (drop-down lists for
choices, ranges for numbers, no dates in the future); the import checks everything again, as
pasted values bypass Excel's validation. A second sheet, ``Toelichting``, explains the allowed
values per field.
"""

from __future__ import annotations

from pathlib import Path

from otb_desktop.domain.topics import TOPICS, FieldSpec, Kind
from otb_desktop.exporting import atomic_output, check_suffix
from otb_desktop.services.parcel_table import field_header, field_key

SHEET_TITLE = "Waarnemingen"
NOTES_TITLE = "Toelichting"
ROLE_HEADERS = ("perceel", "onderwerp", "datum", "naam")
TEMPLATE_ROWS = 2000
MAX_AUTHOR_LENGTH = 100
_PROMPT_LIMIT = 250  # Excel refuses input messages longer than 255 characters

INSTRUCTIONS = (
    "Vul op het blad 'Waarnemingen' één rij in per perceel en onderwerp.",
    "perceel: de kadastrale aanduiding, bijvoorbeeld OTL02 B 2298 (sectie en nummer, B 2298, "
    "is genoeg als dat in de database maar één perceel aanwijst).",
    "onderwerp: kies uit de lijst; vul daarna alleen de kolommen van dat onderwerp in.",
    "datum: de dag van de waarneming (JJJJ-MM-DD); leeg betekent vandaag. Niet in de "
    "toekomst, en niet vóór de laatste waarneming van hetzelfde onderwerp.",
    "naam: wie de waarneming deed; leeg betekent de gebruiker die importeert.",
    "Importeren: 'otb-desktop import observations BESTAND.xlsx'. Een foute rij houdt de hele "
    "import tegen en wordt met rijnummer en reden gemeld; met --skip-bad-rows worden de goede "
    "rijen wel geïmporteerd.",
)


def write_observation_template(path: Path) -> Path:
    """Write the template to ``path`` (replacing it only once complete); return the path."""
    from openpyxl import Workbook

    check_suffix(path, "xlsx")
    workbook = Workbook()
    _fill_entry_sheet(workbook.active)
    _fill_notes_sheet(workbook.create_sheet(NOTES_TITLE))
    with atomic_output(path) as temporary:
        workbook.save(temporary)
    return Path(path)


def _fill_entry_sheet(sheet) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.title = SHEET_TITLE
    fields = [(spec, fs) for spec in TOPICS.values() for fs in spec.fields]
    headers = [*ROLE_HEADERS, *(field_header(spec, fs) for spec, fs in fields)]
    sheet.append(headers)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[1].height = 45
    sheet.freeze_panes = "C2"
    for index, header in enumerate(headers, start=1):
        width = 22 if index <= len(ROLE_HEADERS) else min(max(len(header) * 0.6, 14), 30)
        sheet.column_dimensions[get_column_letter(index)].width = width

    topic_list = ",".join(spec.label for spec in TOPICS.values())
    _validate(sheet, 1, _prompt_only("Perceel", "Kadastrale aanduiding, bijvoorbeeld "
                                     "OTL02 B 2298."))
    _validate(sheet, 2, _list(topic_list, "Onderwerp", "Kies een onderwerp uit de lijst."))
    _validate(sheet, 3, _date_rule("Datum", "Dag van de waarneming; leeg is vandaag, niet in "
                                   "de toekomst.", not_in_future=True))
    _validate(sheet, 4, _length_rule("Naam", MAX_AUTHOR_LENGTH))
    for offset, (spec, fs) in enumerate(fields, start=len(ROLE_HEADERS) + 1):
        _validate(sheet, offset, field_rule(fs, f"{spec.label}: {fs.label}"))


def field_rule(fs: FieldSpec, title: str):
    """The Excel data validation that matches a FieldSpec."""
    from openpyxl.worksheet.datavalidation import DataValidation

    match fs.kind:
        case Kind.CHOICE:
            return _list(",".join(key for key, _ in fs.choices), title, fs.allowed())
        case Kind.BOOL:
            return _list("ja,nee", title, fs.allowed())
        case Kind.DATE:
            return _date_rule(title, fs.allowed(), fs.not_in_future)
        case Kind.TEXT:
            return _length_rule(title, fs.max_length)
        case Kind.MULTI:
            return _prompt_only(title[:32], fs.allowed()[:_PROMPT_LIMIT])
    kind = "whole" if fs.kind is Kind.INT else "decimal"
    if fs.minimum is not None and fs.maximum is not None:
        rule = DataValidation(type=kind, operator="between", formula1=_number(fs.minimum),
                              formula2=_number(fs.maximum))
    elif fs.minimum is not None:
        rule = DataValidation(type=kind, operator="greaterThanOrEqual",
                              formula1=_number(fs.minimum))
    else:
        rule = DataValidation(type=kind, operator="between", formula1="-1E+300",
                              formula2="1E+300")
    return _messages(rule, title, fs.allowed())


def _prompt_only(title: str, message: str):
    """No restriction, only the message shown when the cell is selected."""
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(showInputMessage=True, promptTitle=title, prompt=message,
                          allow_blank=True)
    return rule


def _list(values: str, title: str, message: str):
    from openpyxl.worksheet.datavalidation import DataValidation

    return _messages(DataValidation(type="list", formula1=f'"{values}"'), title, message)


def _date_rule(title: str, message: str, not_in_future: bool):
    from openpyxl.worksheet.datavalidation import DataValidation

    if not_in_future:
        rule = DataValidation(type="date", operator="lessThanOrEqual", formula1="TODAY()")
    else:
        rule = DataValidation(type="date", operator="greaterThan", formula1="1")
    return _messages(rule, title, message)


def _length_rule(title: str, maximum: int):
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="textLength", operator="lessThanOrEqual",
                          formula1=str(maximum))
    return _messages(rule, title, f"tekst van hoogstens {maximum} tekens")


def _messages(rule, title: str, allowed: str):
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = "Ongeldige waarde"
    rule.error = f"{title}: toegestaan is {allowed}."[:_PROMPT_LIMIT]
    rule.showInputMessage = True
    rule.promptTitle = title[:32]  # Excel's limit for titles
    rule.prompt = allowed[:_PROMPT_LIMIT]
    return rule


def _validate(sheet, column: int, rule) -> None:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(rule)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _fill_notes_sheet(sheet) -> None:
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.append(["Zo vult u dit bestand in"])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in INSTRUCTIONS:
        sheet.append([line])
    sheet.append([])
    header_row = sheet.max_row + 1
    sheet.append(["Onderwerp", "Kolom", "Sleutel (CSV)", "Verplicht", "Toegestaan",
                  "Betekenis"])
    for cell in sheet[header_row]:
        cell.font = bold
    for spec in TOPICS.values():
        for fs in spec.fields:
            meaning = "; ".join(f"{key} = {label}" for key, label in fs.choices
                                if key != label)
            sheet.append([spec.label, field_header(spec, fs), field_key(spec.topic, fs.name),
                          "ja" if fs.required else "nee", fs.allowed(), meaning or None])
    for letter, width in zip("ABCDEF", (28, 48, 36, 10, 60, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header_row + 1}"
