"""sslmode and a CA file against a real TLS server (a throwaway cluster, tests/tls_support.py):
verify-full with the right CA connects and syncs; a wrong CA, a host name the certificate
does not name, or a server without TLS are refused in one Dutch line."""

from __future__ import annotations

import pytest

from otb_desktop.cli import main
from otb_desktop.persistence.database import open_database
from otb_desktop.sync.connection import (
    ServerConfig,
    ServerTrustError,
    ServerUnreachableError,
    connect,
)
from otb_desktop.sync.engine import SERVER_KEY


def _tls_in_use(config: ServerConfig) -> bool:
    with connect(config, autocommit=True) as connection:
        return connection.execute(
            "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
        ).fetchone()[0]


def test_verify_full_with_the_right_ca_sets_up_and_syncs(tls_server, tmp_path, capsys):
    url = tls_server.url("otb")
    tls = ["--sslmode", "verify-full", "--ca-file", str(tls_server.ca)]
    assert main(["central", "init", "--server", url, *tls]) == 0
    assert "aangemaakt" in capsys.readouterr().out
    assert _tls_in_use(ServerConfig(url, sslmode="verify-full", sslrootcert=str(tls_server.ca)))
    db = tmp_path / "laptop.sqlite"
    assert main(["--db", str(db), "sync", "--server", url, *tls]) == 0
    assert "Gesynchroniseerd" in capsys.readouterr().out
    # The laptop remembers the TLS settings with the address: the next sync without options
    # still demands verify-full with this CA.
    database = open_database(db)
    try:
        remembered = database.setting(SERVER_KEY)
    finally:
        database.close()
    params = ServerConfig(remembered).params()
    assert params["sslmode"] == "verify-full"
    assert params["sslrootcert"] == str(tls_server.ca)
    assert main(["--db", str(db), "sync"]) == 0
    assert "Gesynchroniseerd" in capsys.readouterr().out


def test_a_wrong_ca_is_refused_in_one_dutch_line(tls_server, tmp_path, capsys):
    config = ServerConfig(
        tls_server.url(), sslmode="verify-full", sslrootcert=str(tls_server.wrong_ca)
    )
    with pytest.raises(ServerTrustError, match="certificate verify failed") as refused:
        connect(config)
    message = str(refused.value)
    assert "\n" not in message and "CA-bestand" in message and "geweigerd" in message
    # The same through the command line: exit code 1, the one line on stderr.
    assert (
        main(
            [
                "--db",
                str(tmp_path / "l.sqlite"),
                "sync",
                "--server",
                tls_server.url(),
                "--sslmode",
                "verify-full",
                "--ca-file",
                str(tls_server.wrong_ca),
            ]
        )
        == 1
    )
    err = capsys.readouterr().err
    assert "TLS-controle" in err and len(err.strip().splitlines()) == 1


def test_verify_full_refuses_a_host_name_the_certificate_does_not_name(tls_server):
    ca = str(tls_server.ca)
    by_address = tls_server.url(host="127.0.0.1")  # the certificate names only localhost
    with pytest.raises(ServerTrustError, match="does not match host name") as refused:
        connect(ServerConfig(by_address, sslmode="verify-full", sslrootcert=ca))
    assert "\n" not in str(refused.value) and "servernaam" in str(refused.value)
    # verify-ca checks the signature only: the same address then connects (over TLS).
    assert _tls_in_use(ServerConfig(by_address, sslmode="verify-ca", sslrootcert=ca))


def test_verify_full_against_a_server_without_tls_is_refused(central_server, tls_server):
    """The machine's test server has no TLS: demanding it is a refusal, not 'offline'."""
    config = ServerConfig(
        central_server.admin.url, sslmode="verify-full", sslrootcert=str(tls_server.ca)
    )
    with pytest.raises(ServerTrustError, match="SSL") as refused:
        connect(config)
    assert "\n" not in str(refused.value)
    assert not isinstance(refused.value, ServerUnreachableError)
