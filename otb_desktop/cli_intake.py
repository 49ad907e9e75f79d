"""Command line of the architect pool (3F): ``print`` intake sheets, list ``intakes``.

    otb-desktop [--db PATH] print (--site ID ... | --top N) --out PATH [--per-site]
                [--variant extern|intern]
    otb-desktop [--db PATH] intakes [--year Y]

Registered from cli.py with two calls (``add_commands``, ``dispatch``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.wording import count, number
from otb_desktop.progress import Progress
from otb_desktop.services.context import AppContext


class SiteNotFoundError(OtbError):
    pass


def add_commands(commands) -> None:
    printer = commands.add_parser(
        "print", help="intakebladen (3F) als PDF",
        description="Intakebladen voor de architectenpool: A4, twee pagina's per locatie. "
                    "Standaard de externe variant zonder persoonsgegevens (AVG).")
    which = printer.add_mutually_exclusive_group(required=True)
    which.add_argument("--site", nargs="+", action="extend", metavar="ID",
                       help="locatie-id of exacte naam (meer dan één mag)")
    which.add_argument("--top", type=int, metavar="N",
                       help="de N hoogst gerangschikte locaties (3D)")
    printer.add_argument("--out", type=Path, required=True, metavar="PAD",
                         help="PDF-bestand, of map met --per-site")
    printer.add_argument("--per-site", action="store_true", help="één bestand per locatie")
    printer.add_argument("--variant", choices=["extern", "intern"], default="extern",
                         help="extern (standaard, voor de architect) of intern (gemeente)")
    intakes = commands.add_parser("intakes", help="intakeregister en besteding per jaar")
    intakes.add_argument("--year", type=int, metavar="JAAR", help="alleen aanvragen uit dit jaar")


def dispatch(args: argparse.Namespace, context: AppContext, progress: Progress
             ) -> list[str] | None:
    """The output lines of our commands; None for a command that is not ours."""
    if args.command == "print":
        return _print(args, context, progress)
    if args.command == "intakes":
        return intake_lines(context, args.year)
    return None


def _print(args: argparse.Namespace, context: AppContext, progress: Progress) -> list[str]:
    from otb_desktop.exporting.sheets.batch import print_sheets
    from otb_desktop.services import site_store

    if args.top is not None:
        if args.top < 1:
            raise SiteNotFoundError("--top vraagt een aantal van 1 of meer.")
        site_ids = site_store.top_site_ids(context, args.top)
    else:
        site_ids = resolve_sites(context, args.site)
    return print_sheets(context, site_ids, args.out, per_site=args.per_site,
                        variant=args.variant, progress=progress).summary_lines()


def resolve_sites(context: AppContext, wanted: list[str]) -> list[str]:
    """Site ids from ids or exact names (case-insensitive)."""
    from otb_desktop.services import site_store

    sites = site_store.list_sites(context)
    by_id = {s.id: s.id for s in sites}
    by_name: dict[str, list[str]] = {}
    for s in sites:
        by_name.setdefault(s.name.casefold(), []).append(s.id)
    result = []
    for item in wanted:
        if item in by_id:
            result.append(item)
            continue
        named = by_name.get(item.casefold(), [])
        if len(named) == 1:
            result.append(named[0])
        elif len(named) > 1:
            raise SiteNotFoundError(f"Er zijn {len(named)} locaties met de naam '{item}'; "
                                    f"gebruik het id: {', '.join(named)}.")
        else:
            known = "; ".join(f"{s.name} ({s.id})" for s in sites[:8])
            more = f" en nog {len(sites) - 8}" if len(sites) > 8 else ""
            raise SiteNotFoundError(
                f"Locatie '{item}' bestaat niet in deze database. Geef een id of de exacte "
                f"naam, bijvoorbeeld: {known or 'er zijn nog geen locaties'}{more}.")
    return list(dict.fromkeys(result))


def _eur(value: float | None) -> str:
    if value is None:
        return "–"
    return "€ " + f"{value:,.0f}".replace(",", ".")


def intake_lines(context: AppContext, year: int | None) -> list[str]:
    from otb_desktop.services import site_store
    from otb_desktop.services.intakes import IntakeService

    service = IntakeService(context)
    names = {s.id: s.name for s in site_store.list_sites(context)}
    intakes = service.intakes(year=year)
    lines = [f"Intakeregister architectenpool (3F){f' {year}' if year else ''}: "
             f"{count(len(intakes), 'intake', 'intakes')}"]
    for i in intakes:
        hours = "–" if i.hours is None else f"{i.hours:g} u"
        conflict = " [CONFLICT: twee versies]" if i.conflict else ""
        lines.append(f"{i.requested_on:%d-%m-%Y}  {names.get(i.site_id, i.site_id)[:40]:<40}  "
                     f"{i.plan_kind_label:<17} {i.status_label} ({i.steps[-1].date:%d-%m-%Y})"
                     f"  architect: {i.architect or '–'}  {hours}  {_eur(i.cost_eur)}"
                     f"{conflict}")
    lines.append("Besteding per jaar (budget hoofdstuk 7: € 50.000 per jaar, 2026 en 2027):")
    for row in service.spending():
        if year is not None and row.year != year:
            continue
        budget = ("geen 3F-budget vastgesteld" if row.budget_eur is None else
                  f"budget {_eur(row.budget_eur)}, resteert {_eur(row.remaining_eur)}"
                  + (" (OVERSCHREDEN)" if row.over_budget else ""))
        missing = (f", {row.without_cost} met architect maar nog zonder kosten"
                   if row.without_cost else "")
        missing += (f", {row.without_hours} met architect maar nog zonder uren"
                    if row.without_hours else "")
        lines.append(f"{row.year}: {count(row.intakes, 'intake', 'intakes')}, "
                     f"{number(row.hours, 1).removesuffix(',0')} uur, besteed "
                     f"{_eur(row.spent_eur)}; {budget}{missing}")
    return lines
