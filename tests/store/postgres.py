"""A throwaway PostgreSQL cluster for the store tests: initdb and pg_ctl on a free loopback port.

Debian puts the server binaries in ``/usr/lib/postgresql/<version>/bin`` (not on PATH). PostgreSQL
refuses to run as root, so as root the cluster runs as the ``postgres`` user in a folder it owns.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_USER = "postgres"


def find_bindir() -> Path | None:
    """The newest installed PostgreSQL's bin folder, or None when there is none."""
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3].split(".")[0])
    )
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *command] if os.geteuid() == 0 else command


@contextmanager
def throwaway_cluster(bindir: Path) -> Iterator[str]:
    """Starts a fresh cluster with trust authentication on 127.0.0.1; yields its URL; removes it after."""
    root = Path(tempfile.mkdtemp(prefix="supportcheck-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam(SERVER_USER)
        os.chown(root, account.pw_uid, account.pw_gid)
    data, log, port = root / "data", root / "server.log", _free_port()

    def run(*command: str) -> None:
        subprocess.run(_as_server_user(list(command)), check=True, capture_output=True, cwd=root)

    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        # fsync off: a test cluster that loses data on a power cut loses nothing of value, and runs faster.
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
        finally:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    except subprocess.CalledProcessError as error:
        server_log = log.read_text(errors="replace")[-2000:] if log.is_file() else ""
        raise RuntimeError(
            f"could not run the test PostgreSQL: {' '.join(error.cmd)}: "
            f"{error.stderr.decode(errors='replace')[-2000:]}\n{server_log}"
        ) from error
    finally:
        shutil.rmtree(root, ignore_errors=True)
