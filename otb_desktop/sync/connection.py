"""Connecting to the central server: URL, user, password from the keyring, TLS, handshake.

The password is never written to settings or logs: it comes from the operating system's
keyring (``keyring``), stored under the service ``otb-desktop`` and the account
``user@host:port/database``. TLS: ``sslmode`` (e.g. ``verify-full``) and a CA file
(``sslrootcert``) go to libpq as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from otb_desktop.domain.errors import OtbError
from otb_desktop.paths import central_migrations_dir
from otb_desktop.persistence.migrations import scan_revisions

KEYRING_SERVICE = "otb-desktop"
CONNECT_TIMEOUT_S = 5


class ServerUnreachableError(OtbError):
    """The server cannot be reached: normal when working offline, never a dialog."""


class ServerLoginError(OtbError):
    pass


class ServerVersionError(OtbError):
    pass


class ServerTrustError(OtbError):
    """TLS refused: the server's certificate is not signed by the CA given, does not name
    the host in the address, or the server offers no TLS while it is required. Not "offline":
    a setting to correct (or a server that is not the one it claims to be)."""


@dataclass(frozen=True)
class ServerConfig:
    url: str                       # postgresql://host[:port]/database[?sslmode=…]
    user: str | None = None
    sslmode: str | None = None     # disable … verify-full
    sslrootcert: str | None = None  # CA file for verify-ca / verify-full

    def params(self) -> dict[str, str]:
        try:
            params = {k: str(v) for k, v in conninfo_to_dict(self.url).items()}
        except psycopg.ProgrammingError as exc:
            raise ServerLoginError(
                f"'{self.url}' is geen geldig serveradres; gebruik de vorm "
                "postgresql://server:5432/database.") from exc
        for key, value in (("user", self.user), ("sslmode", self.sslmode),
                           ("sslrootcert", self.sslrootcert)):
            if value:
                params[key] = value
        params.pop("password", None)   # never from a URL that may end up in settings
        return params

    @property
    def account(self) -> str:
        p = self.params()
        return (f"{p.get('user', '')}@{p.get('host', 'localhost')}:{p.get('port', '5432')}/"
                f"{p.get('dbname', '')}")

    def safe_label(self) -> str:
        """For messages and logs: no password, ever."""
        p = self.params()
        return f"{p.get('host', 'localhost')}/{p.get('dbname', '')}"


def store_password(config: ServerConfig, password: str) -> None:
    import keyring

    keyring.set_password(KEYRING_SERVICE, config.account, password)


def _password(config: ServerConfig) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, config.account)
    except KeyringError:
        return None   # no keyring on this system: trust/peer/certificate logins still work


def connect(config: ServerConfig, autocommit: bool = False) -> psycopg.Connection:
    params = config.params()
    password = _password(config)
    if password:
        params["password"] = password
    params.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    params.setdefault("application_name", "otb-desktop")
    try:
        return psycopg.connect(make_conninfo(**params), autocommit=autocommit)
    except psycopg.OperationalError as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        text = lines[0] if lines else type(exc).__name__
        # libpq tries every address of a name: the TLS reason may be on a later line.
        tls = next((line for line in lines if _TLS_FAILURE.search(line)), None)
        if tls and params.get("sslmode") not in (None, "disable", "allow", "prefer"):
            raise ServerTrustError(
                f"De verbinding met {config.safe_label()} is geweigerd: de TLS-controle "
                f"(sslmode {params['sslmode']}) slaagt niet ({tls}). Controleer het "
                "CA-bestand (--ca-file / sslrootcert) en of de servernaam in het adres in het "
                "certificaat van de server staat; er is niets verstuurd of ontvangen.") from exc
        if "password" in text or "authentication" in text or "role" in text:
            raise ServerLoginError(
                f"Inloggen op {config.safe_label()} als {params.get('user', '?')} lukt niet "
                f"({text}); controleer gebruikersnaam en wachtwoord.") from exc
        raise ServerUnreachableError(
            f"De server {config.safe_label()} is niet bereikbaar ({text}); je werkt offline "
            "verder, er gaat niets verloren.") from exc


_TLS_FAILURE = re.compile(r"\bSSL\b|certificate", re.IGNORECASE)


def with_tls(url: str, sslmode: str | None = None, sslrootcert: str | None = None) -> str:
    """The server address with its TLS settings in it (a CA file as an absolute path), so
    that a laptop remembers them with the address: the next sync without options checks the
    server as strictly as the first."""
    if not sslmode and not sslrootcert:
        return url
    if "://" not in url:   # key=value form
        return make_conninfo(url, **{k: v for k, v in (
            ("sslmode", sslmode),
            ("sslrootcert", sslrootcert and str(Path(sslrootcert).expanduser().absolute())))
            if v})
    base, _, query = url.partition("?")
    pairs = [p for p in query.split("&") if p and p.split("=", 1)[0] not in
             ({"sslmode"} if sslmode else set()) | ({"sslrootcert"} if sslrootcert else set())]
    if sslmode:
        pairs.append(f"sslmode={quote(sslmode)}")
    if sslrootcert:
        pairs.append(f"sslrootcert={quote(str(Path(sslrootcert).expanduser().absolute()))}")
    return f"{base}?{'&'.join(pairs)}"


def known_server_versions() -> tuple[set[str], str]:
    """The central schema revisions this app knows, and the newest (read from the files)."""
    revisions, heads = scan_revisions(central_migrations_dir())
    if len(heads) != 1:
        raise RuntimeError(f"central migrations have {len(heads)} heads: {sorted(heads)}")
    return revisions, heads.pop()


def server_version(connection: psycopg.Connection) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.alembic_version') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return None
        cursor.execute("SELECT version_num FROM alembic_version")
        row = cursor.fetchone()
    return row[0] if row else None


def handshake(connection: psycopg.Connection, label: str = "de server") -> str:
    """Refuse, in one Dutch line, a server whose schema this app does not understand."""
    version = server_version(connection)
    known, head = known_server_versions()
    if version is None:
        raise ServerVersionError(
            f"{label} is nog geen OTB-server; laat de beheerder eerst 'otb-desktop central "
            "init' uitvoeren.")
    if version not in known:
        raise ServerVersionError(
            f"{label} heeft schemaversie {version}, die deze versie van OTB Desktop niet kent; "
            "installeer de nieuwste versie van de app, er is niets gesynchroniseerd.")
    if version != head:
        raise ServerVersionError(
            f"{label} heeft een oudere schemaversie ({version}); vraag de beheerder "
            "'otb-desktop central upgrade' uit te voeren, er is niets gesynchroniseerd.")
    return version
