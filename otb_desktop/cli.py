"""Command line: ``otb-desktop [--db PATH] [command]``; without a command the window opens.

Every error the user can cause ends with exit code 1 and one Dutch line saying what to do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from otb_desktop import __version__
from otb_desktop.central import cli as central_cli
from otb_desktop.domain.errors import OtbError
from otb_desktop.paths import default_database_path
from otb_desktop.progress import Progress


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otb-desktop",
        description="OTB Desktop: inventarisatie en herontwikkeling van de Hengelose "
                    "bedrijventerreinen. Zonder opdracht opent het venster.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--db", type=Path, default=None,
                        help="lokaal databasebestand (standaard: $OTB_DB of de gebruikersmap)")
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT")

    demo = commands.add_parser("demo", help="vul de database met de synthetische demodata")
    demo.add_argument("--parcels", type=int, default=None,
                      help="aantal percelen (standaard ongeveer 1 600; voor benchmarks "
                           "20000, 100000 of 200000)")
    demo.add_argument("--seed", type=int, default=2026, help="startwaarde van het toeval")

    imp = commands.add_parser("import", help="importeer een bestand")
    what = imp.add_subparsers(dest="what", metavar="SOORT", required=True)
    for kind, text in (("parks", "grenzen van bedrijventerreinen"),
                       ("parcels", "kadastrale percelen (BRK, GeoPackage, GML, GeoJSON)"),
                       ("buildings", "panden (BAG, GeoPackage, GML, GeoJSON)")):
        sub = what.add_parser(kind, help=text)
        sub.add_argument("file", type=Path, metavar="BESTAND")
        sub.add_argument("--layer", help="laagnaam in het bestand")
        sub.add_argument("--mapping", type=Path, help="koppelbestand (JSON) voor de attributen")
        if kind == "parcels":
            sub.add_argument("--inside-parks-only", action="store_true",
                             help="alleen percelen binnen een bedrijventerrein importeren")
    obs = what.add_parser("observations", help="waarnemingen uit CSV of XLSX")
    obs.add_argument("file", type=Path, metavar="BESTAND")
    obs.add_argument("--skip-bad-rows", action="store_true",
                     help="foute rijen overslaan en de rest wel importeren")

    template = commands.add_parser("template", help="maak een leeg invulbestand")
    template.add_argument("what", choices=["observations"])
    template.add_argument("out", type=Path, metavar="UIT.xlsx")

    export = commands.add_parser("export", help="exporteer percelen met hun waarden")
    export.add_argument("format", choices=["gpkg", "csv", "xlsx"])
    export.add_argument("out", type=Path, metavar="UIT")

    dbcmd = commands.add_parser("db", help="databasebeheer")
    dbcmd.add_argument("action", choices=["upgrade"])
    central_cli.add_parsers(commands)   # central …, sync, conflicts
    return parser


def terminal_progress() -> tuple[Progress, Callable[[], None]]:
    """A tqdm bar on a terminal, silence when the output is piped."""
    from tqdm import tqdm

    bar = tqdm(total=0, disable=not sys.stderr.isatty(), unit=" ", leave=False)

    def report(done: int, total: int, message: str) -> None:
        if total and bar.total != total:
            bar.reset(total=total)
        bar.set_description(message, refresh=False)
        bar.n = done
        bar.refresh()

    return report, bar.close


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    database_path = args.db or default_database_path()
    if args.command is None:
        from otb_desktop.ui.app import run

        return run(database_path)
    try:
        return _run_command(args, database_path)
    except OtbError as exc:
        print(f"otb-desktop: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("otb-desktop: afgebroken; er is niets gewijzigd.", file=sys.stderr)
        return 130


def _run_command(args: argparse.Namespace, database_path: Path) -> int:
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    if args.command in central_cli.COMMANDS:
        progress, done = terminal_progress()
        try:
            lines = central_cli.run(args, database_path, progress)
        finally:
            done()
        print("\n".join(lines))
        return 0

    if args.command == "template":
        from otb_desktop.exporting.template import write_observation_template

        write_observation_template(args.out)
        print(f"Invulbestand geschreven: {args.out}")
        return 0
    database = open_database(database_path)
    context = AppContext(database)
    progress, done = terminal_progress()
    try:
        lines = _dispatch(args, context, progress)
    finally:
        done()
        database.close()
    for line in lines:
        print(line)
    return 0


def _dispatch(args: argparse.Namespace, context, progress: Progress) -> list[str]:
    if args.command == "db":
        return [f"Database {context.database.path} is bijgewerkt."]
    if args.command == "demo":
        from otb_desktop.demo.generator import generate

        return generate(context, parcels=args.parcels, seed=args.seed,
                        progress=progress).summary_lines()
    if args.command == "import":
        from otb_desktop.importing import gis, observations

        if args.what == "observations":
            return observations.import_observations(
                context, args.file, skip_bad_rows=args.skip_bad_rows,
                progress=progress).summary_lines()
        if args.what == "parcels":
            return gis.import_parcels(context, args.file, layer=args.layer,
                                      mapping=args.mapping,
                                      inside_parks_only=args.inside_parks_only,
                                      progress=progress).summary_lines()
        importer = gis.import_parks if args.what == "parks" else gis.import_buildings
        return importer(context, args.file, layer=args.layer, mapping=args.mapping,
                        progress=progress).summary_lines()
    if args.command == "export":
        from otb_desktop.exporting import parcels as export

        writer = {"gpkg": export.export_gpkg, "csv": export.export_csv,
                  "xlsx": export.export_xlsx}[args.format]
        return writer(context, args.out, progress=progress).summary_lines()
    raise AssertionError(f"unhandled command {args.command}")
