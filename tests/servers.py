"""Real servers for the server-mode tests: a Chroma server (`chroma run`, from the venv) and a
PostgreSQL cluster (Debian's initdb + pg_ctl) in temporary folders on 127.0.0.1, each on a free
port, stopped by their own process id when the session ends. PostgreSQL refuses to run as root,
so as root the cluster belongs to the `postgres` user (runuser). Without PostgreSQL installed the
tests that need it are skipped with a message saying so (scripts/setup.sh --servers installs it)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import warnings
from pathlib import Path

PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(check, what: str, log: Path, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start within {timeout:.0f} s; its log ({log}):\n{log.read_text()[-3000:]}")


class ChromaServer:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="assistant-chroma-"))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        chroma = Path(sys.executable).with_name("chroma")
        self.log = self.dir / "server.log"
        env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
        self.proc = subprocess.Popen(
            [str(chroma), "run", "--host", "127.0.0.1", "--port", str(self.port), "--path", str(self.dir / "data")],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, env=env, start_new_session=True)
        _wait(self._alive, "chroma run", self.log)

    def _alive(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"chroma run exited with {self.proc.returncode}: {self.log.read_text()[-3000:]}")
        try:
            return urllib.request.urlopen(f"{self.url}/api/v2/heartbeat", timeout=1).status == 200
        except OSError:
            return False

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)  # its own session: the server and nothing else
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.dir, ignore_errors=True)


class PostgresServer:
    """A throwaway cluster; `database()` makes a fresh empty database and returns its URL."""

    def __init__(self):
        if not PG_BINS:
            raise FileNotFoundError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin missing): "
                                    "run scripts/setup.sh --servers, or apt-get install postgresql")
        self.bin = PG_BINS[0]
        self.dir = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
        self.port = free_port()
        self.data, self.log = self.dir / "data", self.dir / "server.log"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start", "-o",
                  f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off")
        self.admin = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
        self._n = 0

    def _run(self, tool: str, *args: str) -> None:
        out = subprocess.run([*self.as_user, str(self.bin / tool), *args], capture_output=True, text=True,
                             cwd=self.dir)
        if out.returncode:
            raise RuntimeError(f"{tool} failed ({out.returncode}): {out.stderr or out.stdout}")

    def database(self) -> str:
        import psycopg

        self._n += 1
        name = f"assistant_{self._n}"
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def start_postgres():
    """A running cluster, or None with a loud warning when PostgreSQL is not installed."""
    try:
        return PostgresServer()
    except FileNotFoundError as e:
        warnings.warn(str(e), stacklevel=2)
        return None
