"""A real TLS PostgreSQL server for the sslmode/CA tests: a throwaway cluster of its own.

The machine's test server runs without TLS, so this fixture makes a certificate authority and
a server certificate for ``localhost`` (``openssl``), runs ``initdb`` and starts a separate
cluster with ``ssl = on`` on a free port in a temporary folder (as the ``postgres`` OS user
when the tests run as root: PostgreSQL refuses to run as root), and stops and removes it
afterwards. It accepts TLS connections only. A second, unrelated CA is the "wrong" one.
Under CI=true missing binaries fail the run; elsewhere the tests skip and say why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from central_support import _unavailable

HOST = "localhost"  # the name in the server certificate


@dataclass(frozen=True)
class TlsServer:
    port: int
    ca: Path  # the CA that signed the server certificate
    wrong_ca: Path  # a CA that signed nothing of this server
    folder: Path

    def url(self, database: str = "postgres", host: str = HOST) -> str:
        return f"postgresql://postgres@{host}:{self.port}/{database}"


def _bin_dir() -> Path | None:
    configured = os.environ.get("OTB_TEST_PG_BIN")
    candidates = (
        [configured] if configured else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    )  # newest major first
    for folder in candidates:
        if folder and (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _certificates(folder: Path) -> None:
    """ca.crt + server.crt/server.key (SAN DNS:localhost), and an unrelated wrong-ca.crt."""
    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for name in ("ca", "wrong-ca"):
        _openssl(
            "req",
            "-x509",
            *key,
            "-keyout",
            f"{name}.key",
            "-out",
            f"{name}.crt",
            "-days",
            "2",
            "-subj",
            f"/CN=OTB test {name}",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            cwd=folder,
        )
    _openssl(
        "req",
        *key,
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
        "-subj",
        f"/CN={HOST}",
        cwd=folder,
    )
    (folder / "san.ext").write_text(f"subjectAltName=DNS:{HOST}\n", encoding="ascii")
    _openssl(
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.crt",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.crt",
        "-days",
        "2",
        "-extfile",
        "san.ext",
        cwd=folder,
    )


def _as_server_user(command: list[str], folder: Path) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the postgres OS user then."""
    if os.geteuid() != 0:
        return command
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        _unavailable("running as root and there is no 'postgres' OS user to run a cluster")
    shutil.chown(folder, user.pw_uid, user.pw_gid)
    for path in folder.rglob("*"):
        shutil.chown(path, user.pw_uid, user.pw_gid)
    return ["runuser", "-u", "postgres", "--", *command]


def _run(command: list[str], folder: Path, what: str) -> None:
    done = subprocess.run(
        _as_server_user(command, folder), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        log = folder / "server.log"
        raise RuntimeError(
            f"{what} failed ({done.returncode}): {done.stderr.strip()}\n"
            + (log.read_text(errors="replace") if log.exists() else "")
        )


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    binaries = _bin_dir()
    if binaries is None:
        _unavailable(
            "no PostgreSQL server binaries (initdb, pg_ctl) under "
            "/usr/lib/postgresql/*/bin for the TLS test server "
            "(apt-get install postgresql-15, or set OTB_TEST_PG_BIN)"
        )
    if shutil.which("openssl") is None:
        _unavailable(
            "no openssl command to make the TLS test certificates (apt-get install openssl)"
        )
    # As root the cluster runs as postgres, who must reach the folder: /tmp, not $TMPDIR.
    root = os.geteuid() == 0 and Path("/tmp").is_dir()
    folder = Path(tempfile.mkdtemp(prefix="otb-tls-pg-", dir="/tmp" if root else None))
    data = folder / "data"
    started = False
    try:
        _certificates(folder)
        for name in ("server.crt", "server.key"):
            (folder / name).chmod(0o600)
        _run(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            folder,
            "initdb",
        )
        port = _free_port()
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"\nport = {port}\nlisten_addresses = '{HOST}'\n"
                f"unix_socket_directories = '{folder}'\nssl = on\n"
                f"ssl_cert_file = '{folder / 'server.crt'}'\n"
                f"ssl_key_file = '{folder / 'server.key'}'\n"
                "fsync = off\nshared_buffers = 16MB\nmax_connections = 20\n"
            )
        # TLS only: a plain connection is rejected, so a test that gets in used TLS.
        (data / "pg_hba.conf").write_text(
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n"
            "hostssl all all ::1/128 trust\nhostnossl all all all reject\n",
            encoding="utf-8",
        )
        _run(
            [
                str(binaries / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "server.log"),
                "-w",
                "-t",
                "30",
                "start",
            ],
            folder,
            "pg_ctl start",
        )
        started = True
        yield TlsServer(port, folder / "ca.crt", folder / "wrong-ca.crt", folder)
    finally:
        if started:
            _run(
                [str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
                folder,
                "pg_ctl stop",
            )
        shutil.rmtree(folder, ignore_errors=True)
