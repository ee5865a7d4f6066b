"""A throwaway PostgreSQL server for ``pytest --postgresql`` (or CENTRE_TEST_PG=1).

``initdb`` makes a cluster in a temporary folder, ``pg_ctl`` starts it on 127.0.0.1 on a free port
(trust authentication, no fsync: the data dies with the test session), and every test gets a fresh
database copied from a migrated, seeded template (``CREATE DATABASE … TEMPLATE``: a few tens of
milliseconds). PostgreSQL refuses to run as root: as root the cluster belongs to ``nobody``.
CENTRE_TEST_PG_URL=postgresql://user@host:port/postgres uses an existing server instead (the user
must be allowed to create databases).
"""

from __future__ import annotations

import collections
import contextlib
import glob
import itertools
import os
import pwd
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import psycopg

SUPERUSER = "centre"
DROP_LAG = 4  # finished tests whose database is kept a little longer


def _bindir() -> Path:
    found = os.environ.get("CENTRE_PG_BIN")
    if found:
        return Path(found)
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise RuntimeError("PostgreSQL introuvable : installez le paquet postgresql (initdb, pg_ctl)")
    return Path(candidates[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """A running server: ``url(name)`` is the SQLAlchemy/CLI URL of one of its databases."""

    def __init__(self) -> None:
        self.base = os.environ.get("CENTRE_TEST_PG_URL", "").rstrip("/")
        self.folder: Path | None = None
        self._names = itertools.count(1)
        if not self.base:
            self._start()
        self._conn = psycopg.connect(self.url("postgres"), autocommit=True)
        self._fast_copy = " STRATEGY FILE_COPY" if self._conn.info.server_version >= 150000 else ""
        # A housekeeping thread with a connection of its own drops the databases of finished tests (DROP waits
        # for their server processes to exit) and keeps one copy of each *frozen* template ready (the shared
        # template, never written after it is made): both overlap with the tests that run meanwhile.
        self._tasks: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self._finished: collections.deque[str] = collections.deque()
        self._ready: dict[str, queue.Queue[str | BaseException]] = {}
        self._keeper = threading.Thread(target=self._housekeeping, name="pg-housekeeping", daemon=True)
        self._keeper.start()

    def _as_owner(self, *cmd: str) -> list[str]:
        if os.geteuid() != 0:
            return list(cmd)
        return ["runuser", "-u", "nobody", "--", *cmd]

    def _start(self) -> None:
        bindir = _bindir()
        self.folder = Path(tempfile.mkdtemp(prefix="centre-pg-"))
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        data = self.folder / "data"
        subprocess.run(
            self._as_owner(str(bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                           "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"),
            check=True, capture_output=True, cwd=self.folder,
        )  # fmt: skip
        port = _free_port()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {port} -k {self.folder} -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off"
        )
        subprocess.run(
            self._as_owner(str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                           str(self.folder / "server.log"), "-w", "-t", "60", "start"),
            check=True, capture_output=True, cwd=self.folder,
        )  # fmt: skip
        self.bindir = bindir
        self.base = f"postgresql://{SUPERUSER}@127.0.0.1:{port}"

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def _new_name(self) -> str:
        return f"t_{os.getpid()}_{next(self._names)}"

    def _make(self, conn: psycopg.Connection, template: str | None) -> str:
        name = self._new_name()
        conn.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}{self._fast_copy}" if template else ""))
        return name

    def create(self, template: str | None = None, *, frozen: bool = False) -> str:
        """A new database (empty, or a copy of the database named ``template``); returns its URL.

        ``frozen``: the template is never written again, so copies of it may be made ahead of time.
        """
        if not (frozen and template):
            return self.url(self._make(self._conn, template))
        ready = self._ready.get(template)
        if ready is None:
            ready = self._ready[template] = queue.Queue()
            self._tasks.put(("make", template))
        self._tasks.put(("make", template))  # the copy for the next test
        made = ready.get(timeout=300)
        if isinstance(made, BaseException):
            raise made
        return self.url(made)

    def drop(self, url: str) -> None:
        """Drop the database of ``url`` a few tests later, in the background: a widget of a finished test may
        still have a timer to fire (a search typed ahead), as it would find its SQLite file still there."""
        self._finished.append(database_name(url))
        while len(self._finished) > DROP_LAG:
            self._tasks.put(("drop", self._finished.popleft()))

    def _housekeeping(self) -> None:
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            while (task := self._tasks.get()) is not None:
                action, name = task
                if action == "drop":
                    with contextlib.suppress(psycopg.Error):
                        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
                    continue
                try:
                    self._ready[name].put(self._make(conn, name))
                except psycopg.Error as error:  # handed to the test that waits for it
                    self._ready[name].put(error)

    def stop(self) -> None:
        if self.folder is not None:  # the whole cluster goes: no need to drop what is left one by one
            with contextlib.suppress(queue.Empty):
                while True:
                    self._tasks.get_nowait()
        self._tasks.put(None)
        self._keeper.join(timeout=120)
        self._conn.close()
        if self.folder is None:
            return
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            subprocess.run(
                self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                               "-w", "stop"),
                check=False, capture_output=True, cwd=self.folder, timeout=60,
            )  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1]
