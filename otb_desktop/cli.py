"""Command line: ``otb-desktop [--db PATH] [command]``; without a command the window opens.

Every error the user can cause ends with exit code 1 and one Dutch line saying what to do.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from otb_desktop import __version__, cli_intake
from otb_desktop.central import cli as central_cli
from otb_desktop.cli_dutch import DutchArgumentParser
from otb_desktop.domain.errors import OtbError
from otb_desktop.domain.wording import number
from otb_desktop.paths import default_database_path, user_files_follow
from otb_desktop.progress import Progress

log = logging.getLogger(__name__)

# Kept in step with demo.generator.DEFAULT_PARCELS by tests/test_cli.py; importing the
# generator here would load SQLAlchemy and Shapely for every --help.
DEMO_DEFAULT_PARCELS = 1_700
# Commands that may create the database file; the others refuse a path that does not exist.
CREATING_COMMANDS = {"demo", "import"}
# Commands that only read: a database in a read-only folder is opened read-only for them.
READING_COMMANDS = {"export"}
# Commands that write: their write units start with BEGIN IMMEDIATE, so while the window's
# writer (or another command) holds the lock they wait for the busy timeout, not fail.
WRITING_COMMANDS = {"demo", "import", "db"}


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="otb-desktop",
        description="OTB Desktop: inventarisatie en herontwikkeling van de Hengelose "
                    "bedrijventerreinen. Zonder opdracht opent het venster.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}",
                        help="toon het versienummer en stop")
    db_help = "lokaal databasebestand (standaard: $OTB_DB of de gebruikersmap)"
    parser.add_argument("--db", type=Path, default=None, metavar="BESTAND", help=db_help)
    # --db also after the command (``otb-desktop demo --db x.sqlite``); SUPPRESS keeps a
    # value given before the command when it is not repeated after it.
    db_after = DutchArgumentParser(add_help=False)
    db_after.add_argument("--db", type=Path, default=argparse.SUPPRESS, metavar="BESTAND",
                          help=db_help)
    commands = parser.add_subparsers(dest="command", metavar="OPDRACHT",
                                     title="opdrachten")

    demo = commands.add_parser("demo", help="vul de database met de synthetische demodata",
                               parents=[db_after])
    demo.add_argument("--parcels", type=int, default=None, metavar="AANTAL",
                      help=f"aantal percelen (standaard {number(DEMO_DEFAULT_PARCELS)}; voor "
                           "benchmarks 20000, 100000 of 200000)")
    demo.add_argument("--seed", type=int, default=2026, metavar="GETAL",
                      help="startwaarde van het toeval")

    imp = commands.add_parser("import", help="importeer een bestand", parents=[db_after])
    what = imp.add_subparsers(dest="what", metavar="SOORT", required=True, title="soorten")
    for kind, text in (("parks", "grenzen van bedrijventerreinen"),
                       ("parcels", "kadastrale percelen (BRK, GeoPackage, GML, GeoJSON)"),
                       ("buildings", "panden (BAG, GeoPackage, GML, GeoJSON)"),
                       ("verblijfsobjecten", "BAG-verblijfsobjecten: vloeroppervlak en "
                                             "gebruiksdoel (woonfunctie)")):
        sub = what.add_parser(kind, help=text, parents=[db_after])
        sub.add_argument("file", type=Path, metavar="BESTAND")
        sub.add_argument("--layer", help="laagnaam in het bestand")
        sub.add_argument("--mapping", type=Path, help="koppelbestand (JSON) voor de attributen")
        if kind == "parcels":
            sub.add_argument("--inside-parks-only", action="store_true",
                             help="alleen percelen binnen een bedrijventerrein importeren")
            sub.add_argument("--allow-slivers", action="store_true",
                             help="splinters (kleiner dan 1 m² of vrijwel zonder breedte) "
                                  "toch importeren")
    obs = what.add_parser("observations", help="waarnemingen uit CSV of XLSX",
                          parents=[db_after])
    obs.add_argument("file", type=Path, metavar="BESTAND")
    obs.add_argument("--skip-bad-rows", action="store_true",
                     help="foute rijen overslaan en de rest wel importeren")

    template = commands.add_parser("template", help="maak een leeg invulbestand",
                                   parents=[db_after])
    template.add_argument("what", choices=["observations"])
    template.add_argument("out", type=Path, metavar="UIT.xlsx")

    export = commands.add_parser("export", help="exporteer percelen met hun waarden",
                                 parents=[db_after])
    export.add_argument("format", choices=["gpkg", "csv", "xlsx"])
    export.add_argument("out", type=Path, metavar="UIT")
    export.add_argument("--per-terrein", action="store_true", dest="per_park",
                        help="csv: één rij per bedrijventerrein (leegstand tegenover ≈ 5 %%, "
                             "parkgegevens) in plaats van per perceel; xlsx heeft die altijd "
                             "op het blad Bedrijventerreinen")

    dbcmd = commands.add_parser("db", help="databasebeheer", parents=[db_after])
    dbcmd.add_argument("action", choices=["upgrade"])
    from otb_desktop import cli_ranking

    cli_ranking.add_parsers(commands)  # rank, sites (3D/3E)
    cli_intake.add_commands(commands)  # print, intakes (architect pool, 3F)
    central_cli.add_parsers(commands, [db_after])   # central …, sync, conflicts
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
    chosen = args.db is not None or bool(os.environ.get("OTB_DB"))
    database_path = args.db or default_database_path()
    if args.command is None:
        from otb_desktop.ui.app import run

        return run(database_path, chosen=chosen)
    from otb_desktop.logging_setup import setup_logging

    log_path = setup_logging(user_files_follow(database_path, chosen).logs)
    command = " ".join(str(a) for a in (sys.argv[1:] if argv is None else argv))
    log.info("otb-desktop %s: %s", __version__, command)
    try:
        return _run_command(args, database_path)
    except OtbError as exc:
        log.warning("command failed: %s: %s", command, exc)
        print(f"otb-desktop: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        log.warning("command interrupted: %s", command)
        print("otb-desktop: afgebroken; er is niets gewijzigd.", file=sys.stderr)
        return 130
    except Exception as exc:
        log.exception("command crashed: %s", command)
        print(f"otb-desktop: onverwachte fout ({type(exc).__name__}); de details staan in "
              f"{log_path}. Stuur dat bestand naar de beheerder.", file=sys.stderr)
        return 1


def _run_command(args: argparse.Namespace, database_path: Path) -> int:
    from contextlib import nullcontext

    from otb_desktop.persistence.database import immediate_transactions

    writing = immediate_transactions() if args.command in WRITING_COMMANDS else nullcontext()
    with writing:
        return _run_opened(args, database_path)


def _run_opened(args: argparse.Namespace, database_path: Path) -> int:
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
    if args.command == "export":
        from otb_desktop.exporting import ExportFileError, check_suffix

        check_suffix(args.out, args.format)  # before opening: a typo costs nothing
        if args.per_park and args.format != "csv":
            raise ExportFileError(
                "--per-terrein is er alleen voor csv; een xlsx-export heeft de terreinen al "
                "op het blad Bedrijventerreinen. Er is niets geschreven.")
    database = open_database(database_path, create=args.command in CREATING_COMMANDS,
                             read_only=args.command in READING_COMMANDS)
    if database.notice:
        print(database.notice, file=sys.stderr)
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
    from otb_desktop import cli_ranking

    if args.command in cli_ranking.COMMANDS:
        return cli_ranking.dispatch(args, context, progress)
    if args.command == "db":
        if context.database.migrated_from is None:
            return [f"Database {context.database.path} was al bijgewerkt; er is niets "
                    "gewijzigd."]
        return [f"Database {context.database.path} is bijgewerkt van revisie "
                f"{context.database.migrated_from} naar {context.database.migrated_to}."]
    lines = cli_intake.dispatch(args, context, progress)
    if lines is not None:
        return lines
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
                                      allow_slivers=args.allow_slivers,
                                      progress=progress).summary_lines()
        if args.what == "verblijfsobjecten":
            from otb_desktop.importing.verblijfsobjecten import import_verblijfsobjecten

            return import_verblijfsobjecten(context, args.file, layer=args.layer,
                                            mapping=args.mapping,
                                            progress=progress).summary_lines()
        importer = gis.import_parks if args.what == "parks" else gis.import_buildings
        return importer(context, args.file, layer=args.layer, mapping=args.mapping,
                        progress=progress).summary_lines()
    if args.command == "export":
        from otb_desktop.exporting import parcels as export

        writer = {"gpkg": export.export_gpkg, "csv": export.export_csv,
                  "xlsx": export.export_xlsx}[args.format]
        if args.per_park:
            writer = export.export_parks_csv
        return writer(context, args.out, progress=progress).summary_lines()
    raise AssertionError(f"unhandled command {args.command}")
