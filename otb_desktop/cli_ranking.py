"""Command line for the ranking (3D) and the sites (3E): ``rank`` and ``sites``.

    otb-desktop [--db PATH] rank [--profile NAME] [--top N] [--min-completeness X]
                                 [--sites|--parcels] [--format table|csv|json] [--out FILE]
    otb-desktop [--db PATH] sites

Registered from ``cli.py``; errors the user can cause raise OtbError (Dutch, exit code 1).
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.ranking.criteria import CRITERIA, FLAGS
from otb_desktop.domain.ranking.sensitivity import TRIALS
from otb_desktop.domain.sites import STAGE_LABELS, Stage
from otb_desktop.progress import Progress

COMMANDS = ("rank", "sites")


class UnknownProfileError(OtbError):
    pass


def add_parsers(commands) -> None:
    rank = commands.add_parser("rank", help="rangschik locaties of percelen (3D)")
    kind = rank.add_mutually_exclusive_group()
    kind.add_argument("--sites", dest="units", action="store_const", const="sites",
                      help="rangschik locaties (standaard)")
    kind.add_argument("--parcels", dest="units", action="store_const", const="parcels",
                      help="rangschik percelen")
    rank.set_defaults(units="sites")
    rank.add_argument("--profile", help="naam van het gewichtenprofiel (standaard: het "
                                        "actieve)")
    rank.add_argument("--top", type=int, default=None, metavar="N",
                      help="alleen de eerste N (en de stabiliteit in de top N)")
    rank.add_argument("--min-completeness", type=_fraction, default=None, metavar="X",
                      help="minimale volledigheid 0–1 (of 0–100 %%)")
    rank.add_argument("--format", choices=["table", "csv", "json"], default="table")
    rank.add_argument("--out", type=Path, help="schrijf naar een bestand (.csv of .xlsx, met "
                                               "gewichten, formules en volledigheid)")
    rank.add_argument("--seed", type=int, default=2026, help="seed van de gevoeligheid")
    commands.add_parser("sites", help="locaties met fase en ontbrekende stappen (hfst. 5)")


def _fraction(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is geen getal") from None
    if value > 1:
        value /= 100
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("kies een waarde van 0 tot 1 (of 0 tot 100 %)")
    return value


def dispatch(args: argparse.Namespace, context, progress: Progress) -> list[str]:
    if args.command == "sites":
        return sites_lines(context)
    return rank_lines(args, context, progress)


def sites_lines(context) -> list[str]:
    from otb_desktop.services.sites import SiteService

    views = SiteService(context).list()
    if not views:
        return ["Geen locaties in deze database."]
    lines = [f"{'Locatie':32} {'Fase':24} {'Percelen':>8}  Ontbreekt (hoofdstuk 5)"]
    for view in views:
        missing = [f"stap {step}" for step, issues in sorted(view.missing.items()) if issues]
        extra = " · CONFLICT" if view.conflict else ""
        extra += " · buiten scope" if any("buiten de tien" in w for w in view.warnings) else ""
        lines.append(f"{view.name[:32]:32} {view.stage_label:24} {len(view.parcel_ids):>8}  "
                     f"{', '.join(missing) or 'niets'}{extra}")
    return lines


def rank_lines(args: argparse.Namespace, context, progress: Progress) -> list[str]:
    from otb_desktop.services.ranking import (
        RankingService,
        rank_units,
        ranked_rows,
        sensitivity_of,
    )
    from otb_desktop.services.weight_profiles import WeightProfileService

    profiles = WeightProfileService(context)
    if args.profile:
        views = profiles.profiles()
        view = next((v for v in views if v.profile.name.casefold()
                     == args.profile.casefold()), None)
        if view is None:
            raise UnknownProfileError(
                f"Onbekend gewichtenprofiel '{args.profile}'; kies uit: "
                + ", ".join(v.profile.name for v in views) + ".")
    else:
        view = profiles.active()
    profile = view.profile
    data = RankingService(context).load(progress)
    units = data.units(args.units)
    priorities = profiles.park_priorities()
    ranking = rank_units(units, profile, priorities, args.min_completeness)
    top = args.top or 10
    stability = sensitivity_of(units, profile, ranking, top_n=top, seed=args.seed,
                               priorities=priorities) if len(units) else None
    rows = ranked_rows(units, ranking, stability)
    if args.top:
        rows = [r for r in rows if r.rank and r.rank <= args.top]
    if args.out:
        from otb_desktop.exporting.ranking import export_ranking_csv, export_ranking_xlsx

        writer = export_ranking_xlsx if args.out.suffix.lower() == ".xlsx" \
            else export_ranking_csv
        return writer(rows, profile, args.out).summary_lines()
    if args.format == "json":
        return [json.dumps({
            "profile": profile.to_body(), "units": args.units, "top_n": top,
            "rows": [{"rank": r.rank, "id": r.id, "name": r.name, "park": r.park,
                      "stage": r.stage, "score": r.score, "urgentie": r.urgentie,
                      "kansrijkheid": r.kansrijkheid, "completeness": r.completeness,
                      "share_in_top": r.share_in_top, "unstable": r.unstable,
                      "indicative": r.indicative, "flags": list(r.flags),
                      "conflicts": list(r.conflicts),
                      "subscores": {c.key: v for c, v in zip(CRITERIA, r.subscores,
                                                               strict=True)}}
                     for r in rows]}, ensure_ascii=False, indent=1)]
    if args.format == "csv":
        from otb_desktop.exporting.ranking import write_csv_rows

        out = io.StringIO()
        write_csv_rows(out, rows, lineterminator="\n")
        return out.getvalue().rstrip("\n").split("\n")
    return _table(rows, profile.name, top)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _table(rows, profile_name: str, top: int) -> list[str]:
    lines = [f"Profiel: {profile_name}   (— = geen gegevens; * = indicatief; "
             f"stabiliteit = aandeel van {TRIALS} proeven in de top {top})",
             f"{'Rang':>4}  {'Naam':30} {'Fase':22} {'Score':>5} {'Urg.':>5} {'Kans':>5} "
             f"{'Vol.':>5} {'Stab.':>5}  Vlaggen"]
    for r in rows:
        flags = ", ".join(FLAGS[f].split(" (")[0] for f in r.flags)
        if r.conflicts:
            flags = (flags + "; " if flags else "") + "conflict: " + ", ".join(r.conflicts)
        rank = str(r.rank) if r.rank else "–"
        star = "*" if r.indicative else " "
        stability = "—" if r.share_in_top is None else f"{r.share_in_top:.0%}"
        if r.unstable:
            stability += "!"
        stage = STAGE_LABELS[Stage(r.stage)] if r.stage else ""
        lines.append(f"{rank:>4}  {r.name[:30]:30} {stage[:22]:22} {_pct(r.score):>5}{star}"
                     f"{_pct(r.urgentie):>5} {_pct(r.kansrijkheid):>5} "
                     f"{r.completeness:>5.0%} {stability:>5}  {flags}")
    return lines
