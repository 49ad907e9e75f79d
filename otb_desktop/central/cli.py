"""Command-line part for the central database and sync, registered by ``cli.py``:

``central init|upgrade|add-user|import|demo|package`` (the administrator), ``sync`` and
``conflicts`` (every laptop).

``demo`` and ``import`` end by building the starter package (``central.package``): after
loading data the administrator expects a new laptop to get it quickly, and a package from
before the load would make every new laptop pull the whole load row by row after it.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

COMMANDS = ("central", "sync", "conflicts")


def _server_options(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--server", required=required, metavar="URL",
                        help="postgresql://server:5432/database")
    parser.add_argument("--user", help="gebruikersnaam op de server")
    parser.add_argument("--sslmode", choices=["disable", "allow", "prefer", "require",
                                              "verify-ca", "verify-full"],
                        help="TLS-controle (verify-full: certificaat en servernaam)")
    parser.add_argument("--ca-file", help="CA-certificaat van de server (voor verify-full)")


def add_parsers(commands, parents: list[argparse.ArgumentParser] = ()) -> None:
    """``parents``: the options every command takes after its name (``--db``)."""
    central = commands.add_parser("central", help="beheer van de centrale database")
    action = central.add_subparsers(dest="central_action", metavar="ACTIE", required=True)
    for name, text in (("init", "maak de centrale database en zijn schema"),
                       ("upgrade", "werk het schema van de centrale database bij")):
        _server_options(action.add_parser(name, help=text))
    user = action.add_parser("add-user", help="voeg een gebruiker toe (of wijzig zijn rol)")
    _server_options(user)
    user.add_argument("name", metavar="NAAM")
    user.add_argument("--role", required=True, choices=["field", "coordinator", "admin"])
    user.add_argument("--password-stdin", action="store_true",
                      help="lees het wachtwoord van de nieuwe gebruiker van stdin")
    imp = action.add_parser("import", help="importeer referentiedata centraal")
    _server_options(imp)
    imp.add_argument("what", choices=["parcels", "buildings", "verblijfsobjecten", "parks"])
    imp.add_argument("file", type=Path, metavar="BESTAND")
    imp.add_argument("--layer", help="laagnaam in het bestand")
    imp.add_argument("--mapping", type=Path, help="koppelbestand (JSON) voor de attributen")
    demo = action.add_parser("demo", help="laad de demodata in de centrale database")
    _server_options(demo)
    demo.add_argument("--parcels", type=int, default=None, help="aantal percelen")
    demo.add_argument("--seed", type=int, default=2026, help="startwaarde van het toeval")
    _server_options(action.add_parser(
        "package", help="zet een startpakket voor nieuwe laptops op de server (hun eerste "
                        "synchronisatie in één keer)"))

    sync = commands.add_parser("sync", help="synchroniseer met de centrale database",
                               parents=list(parents))
    _server_options(sync, required=False)
    sync.add_argument("--save-password", action="store_true",
                      help="vraag het wachtwoord en bewaar het in de sleutelbos van het "
                           "besturingssysteem")
    commands.add_parser("conflicts", help="toon onderwerpen met tegenstrijdige waarden",
                        parents=list(parents))


def _config(args: argparse.Namespace):
    from otb_desktop.sync.connection import ServerConfig

    return ServerConfig(args.server, user=args.user, sslmode=args.sslmode,
                        sslrootcert=args.ca_file)


def run(args: argparse.Namespace, database_path: Path, progress) -> list[str]:
    if args.command == "central":
        return _central(args, progress)
    from otb_desktop.persistence.database import open_database
    from otb_desktop.services.context import AppContext

    # A first sync makes the laptop's database; listing conflicts needs one that exists.
    context = AppContext(open_database(database_path, create=args.command == "sync"))
    try:
        if args.command == "sync":
            return _sync(args, context, progress)
        from otb_desktop.services.conflicts import conflict_lines

        return conflict_lines(context)
    finally:
        context.database.close()


def _central(args: argparse.Namespace, progress) -> list[str]:
    from otb_desktop.central import loading, package, schema

    config = _config(args)
    action = args.central_action
    if action == "init":
        return schema.init(config)
    if action == "upgrade":
        before, after = schema.upgrade(config)
        return [f"Schema van {config.safe_label()}: {before or 'leeg'} → {after}."]
    if action == "add-user":
        password = sys.stdin.readline().rstrip("\n") if args.password_stdin else None
        return schema.add_user(config, args.name, args.role, password)
    if action == "import":
        return [*loading.import_reference(config, args.what, args.file, layer=args.layer,
                                          mapping=args.mapping, progress=progress),
                *package.build(config, progress)]
    if action == "demo":
        return [*loading.load_demo(config, parcels=args.parcels, seed=args.seed,
                                   progress=progress),
                *package.build(config, progress)]
    if action == "package":
        return package.build(config, progress)
    raise AssertionError(action)


def _sync(args: argparse.Namespace, context, progress) -> list[str]:
    from otb_desktop.sync.connection import ServerConfig, store_password, with_tls
    from otb_desktop.sync.engine import SERVER_KEY, USER_KEY, SyncError, sync

    url = args.server or context.database.setting(SERVER_KEY)
    if not url:
        raise SyncError("Geen server bekend; geef er een met --server "
                        "postgresql://server:5432/database.")
    user = args.user or context.database.setting(USER_KEY)
    # TLS settings become part of the remembered address: later syncs check as strictly.
    config = ServerConfig(with_tls(url, args.sslmode, args.ca_file), user=user)
    if args.save_password:
        store_password(config, getpass.getpass(f"Wachtwoord voor {config.account}: "))
    if user:
        context.set_user_name(user)   # on a syncing laptop the author is the server account
    return sync(context, config, progress=progress).summary_lines()
