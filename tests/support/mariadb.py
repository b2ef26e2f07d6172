"""A throwaway MariaDB server for the test suite and the benchmarks.

`throwaway_mariadb()` initialises a fresh datadir in a temp dir, starts `mariadbd` on a free
loopback port, creates the `anju` user and a utf8mb4 database, and on exit stops the server
and deletes everything. Nothing outside the temp dir is read or written: no /etc/mysql, no
system service, no shared socket, so it runs the same on a laptop and on CI.

As a command it wraps another one (usually pytest) with `TEST_DATABASE_URL` set:

    python -m tests.support.mariadb [--config PATH | --no-config] -- CMD ARGS...
    python -m tests.support.mariadb --check

Exit codes: CMD's own; 3 when no server binary is installed (CMD is not run); 70 when the
server does not start; 2 for bad usage; 127 when CMD is not found; 128+N when stopped by signal N.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pymysql

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = REPO_ROOT / "deploy" / "mariadb-test.cnf"

EXIT_NO_SERVER = 3
EXIT_START_FAILED = 70  # EX_SOFTWARE; kept clear of pytest's own codes 1-5.

# Debian/Ubuntu put mariadbd in /usr/sbin, which is not on a normal user's PATH; RHEL uses
# /usr/libexec; the upstream tarball uses /usr/local/mysql/bin.
_EXTRA_DIRS = ("/usr/sbin", "/usr/libexec", "/usr/local/mysql/bin", "/usr/local/mysql/scripts")
_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 30.0
_USER = "anju"
_DB_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")


class MariaDBError(RuntimeError):
    """The throwaway server could not be set up; the message carries the relevant log tail."""


@dataclass(frozen=True)
class Server:
    url: str
    port: int
    socket: Path
    datadir: Path
    version: str
    _password: str = field(repr=False)

    def create_database(self, name: str) -> str:
        """Create (if missing) another utf8mb4 database, e.g. one per xdist worker; return its URL."""
        if not _DB_NAME.match(name):
            raise ValueError(f"database name must match {_DB_NAME.pattern}, got {name!r}")
        with _root_connection(self.socket) as conn, conn.cursor() as cur:
            cur.execute(f"CREATE DATABASE IF NOT EXISTS `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        return _url(self._password, self.port, name)


def _which(*names: str) -> str | None:
    path = os.pathsep.join([os.environ.get("PATH", os.defpath), *_EXTRA_DIRS])
    for name in names:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


def find_server_binary() -> str | None:
    return _which("mariadbd", "mysqld")


def find_install_db() -> str | None:
    return _which("mariadb-install-db", "mysql_install_db")


def _url(password: str, port: int, database: str) -> str:
    return f"mysql+pymysql://{_USER}:{password}@127.0.0.1:{port}/{database}?charset=utf8mb4"


def _root_connection(sock: Path, timeout: int = 5) -> pymysql.connections.Connection:
    # install-db's "normal" root needs no password over the socket; the socket lives in our temp dir.
    return pymysql.connect(unix_socket=str(sock), user="root", password="", connect_timeout=timeout, autocommit=True)


def _free_port() -> int:
    # The port is free now, not reserved: another process can take it before mariadbd binds, so
    # `_start` retries with a new port when the log says the address is in use.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {path})"


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: if the Python process dies without cleaning up
    # (SIGKILL, OOM killer, crash), the kernel kills mariadbd too instead of leaving it running.
    # Tied to the forking thread, so enter throwaway_mariadb() from a thread that outlives it.
    if sys.platform == "linux":
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG


def _root_args() -> list[str]:
    # mariadbd and install-db refuse to run as root unless told to; CI and this machine are root.
    return ["--user=root"] if os.geteuid() == 0 else []


def _install(install_db: str, datadir: Path, log: Path) -> None:
    help_text = subprocess.run([install_db, "--help"], check=False, capture_output=True, text=True).stdout
    cmd = [install_db, "--no-defaults", "--auth-root-authentication-method=normal", f"--datadir={datadir}"]
    cmd += _root_args()
    if "--skip-test-db" in help_text:  # saves a little time and an open-to-all `test` database
        cmd.append("--skip-test-db")
    with log.open("w") as out:
        # Own process group: install-db is a shell script running `mariadbd --bootstrap`. If we are
        # interrupted, killing only the script would leave that mariadbd writing into the datadir
        # while we delete it.
        proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
        try:
            code = proc.wait()
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise
    if code != 0:
        raise MariaDBError(f"{' '.join(cmd)} failed with {code}:\n{_log_tail(log)}")


def _start(server_bin: str, config: Path | None, tmp: Path, procs: list[subprocess.Popen[bytes]]) -> int:
    """Start mariadbd and wait until root can connect over the socket; return the port."""
    datadir, sock, log = tmp / "data", tmp / "mysql.sock", tmp / "error.log"
    for _attempt in range(3):
        port = _free_port()
        # --defaults-file must be the first option; the instance options after it win over the file.
        cmd = [server_bin, f"--defaults-file={config}" if config else "--no-defaults"]
        cmd += [
            f"--datadir={datadir}",
            f"--socket={sock}",
            f"--port={port}",
            "--bind-address=127.0.0.1",
            f"--pid-file={tmp / 'mariadbd.pid'}",
            f"--log-error={log}",
            *_root_args(),
        ]
        # Own session: a Ctrl-C in the terminal must not reach mariadbd before the command using
        # it has finished; we stop it ourselves, in order. Its stdout/stderr (warnings printed
        # before --log-error is opened) go to the same log, not into the test output.
        with log.open("ab") as out:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,  # only prctl(): safe between fork and exec
            )
        procs.append(proc)
        deadline = time.monotonic() + _START_TIMEOUT
        while proc.poll() is None and time.monotonic() < deadline:
            try:
                _root_connection(sock, timeout=1).close()
                return port
            except pymysql.err.OperationalError:
                time.sleep(0.1)
        tail = _log_tail(log)
        if proc.poll() is not None and "already in use" in tail:
            log.unlink(missing_ok=True)
            continue  # lost the port race; try another
        state = (
            f"exited with {proc.returncode}" if proc.poll() is not None else f"not ready after {_START_TIMEOUT:.0f}s"
        )
        raise MariaDBError(f"mariadbd {state}; last lines of {log}:\n{tail}")
    raise MariaDBError(f"mariadbd could not bind a free port in 3 attempts; last lines of {log}:\n{_log_tail(log)}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM, wait, then SIGKILL: used for mariadbd and for the wrapped command."""
    if proc.poll() is not None:
        return
    proc.terminate()  # SIGTERM is mariadbd's normal shutdown
    try:
        proc.wait(timeout=_STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()  # throwaway data: losing it is fine, leaving a server behind is not
        proc.wait()


@contextmanager
def _signals_deferred() -> Iterator[None]:
    # A second Ctrl-C or SIGTERM during clean-up would otherwise abort it half-way and leave a
    # server behind; blocked signals are delivered when clean-up is done.
    sigs = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


@contextmanager
def throwaway_mariadb(config: Path | None = None, database: str = "anju_test") -> Iterator[Server]:
    """Run a private MariaDB for the duration of the block; see the module docstring."""
    server_bin, install_db = find_server_binary(), find_install_db()
    if not server_bin or not install_db:
        raise MariaDBError("no mariadbd/mysqld or mariadb-install-db found; install mariadb-server")
    if config is not None and not config.is_file():
        raise MariaDBError(f"config file {config} does not exist")
    if not _DB_NAME.match(database):
        raise ValueError(f"database name must match {_DB_NAME.pattern}, got {database!r}")
    # A short base path: unix socket paths are limited to 107 bytes and TMPDIR can be long (macOS).
    tmp = Path(tempfile.mkdtemp(prefix="anju-mariadb-"))
    procs: list[subprocess.Popen[bytes]] = []
    try:
        _install(install_db, tmp / "data", tmp / "install.log")
        port = _start(server_bin, config.resolve() if config else None, tmp, procs)
        password = secrets.token_hex(16)  # hex: nothing to escape in a URL
        with _root_connection(tmp / "mysql.sock") as conn, conn.cursor() as cur:
            # Both hosts: over the socket an anonymous ''@localhost would otherwise outrank anju@'%'.
            for host in ("%", "localhost"):
                cur.execute("CREATE USER %s@%s IDENTIFIED BY %s", (_USER, host, password))
                # Everything on *.*: xdist workers create their own databases; the server is throwaway.
                cur.execute("GRANT ALL ON *.* TO %s@%s WITH GRANT OPTION", (_USER, host))
            cur.execute("SELECT VERSION()")
            version = str(cur.fetchone()[0])
        server = Server(_url(password, port, database), port, tmp / "mysql.sock", tmp / "data", version, password)
        server.create_database(database)
        yield server
    finally:
        with _signals_deferred():
            for proc in procs:
                _stop(proc)
            shutil.rmtree(tmp, ignore_errors=True)


class _Terminated(BaseException):
    """Raised by the CLI's SIGTERM/SIGHUP handler so `finally` blocks stop the server."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, _frame: object) -> None:
    raise _Terminated(signum)


def _warn_missing() -> None:
    bar = "!" * 78
    print(
        f"\n{bar}\n!!! NO MariaDB/MySQL SERVER BINARY FOUND — the MariaDB run is SKIPPED;\n"
        "!!! install mariadb-server (apt-get install mariadb-server) to run it.\n"
        f"!!! looked for mariadbd/mysqld and mariadb-install-db on PATH and in {', '.join(_EXTRA_DIRS)}\n{bar}\n",
        file=sys.stderr,
        flush=True,
    )


def _run(cmd: list[str], env: dict[str, str]) -> int:
    proc = subprocess.Popen(cmd, env=env)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # The terminal's Ctrl-C reached CMD too: let pytest print its summary before we insist.
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _stop(proc)
        raise
    except BaseException:
        _stop(proc)  # SIGTERM/SIGHUP went to us alone: pass it on
        raise


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    own, cmd = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="python -m tests.support.mariadb", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, help=f"mariadbd option file (default: {DEFAULT_CONFIG} if present)")
    parser.add_argument("--no-config", action="store_true", help="start mariadbd with --no-defaults")
    parser.add_argument("--check", action="store_true", help="exit 0 if a server binary is installed, 3 if not")
    args = parser.parse_args(own)
    if not args.check and not cmd:
        parser.error("give the command to run after --")

    if not find_server_binary() or not find_install_db():
        _warn_missing()
        return EXIT_NO_SERVER
    if args.check:
        return 0

    config = None if args.no_config else args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    started = time.monotonic()
    try:
        with throwaway_mariadb(config) as server:
            elapsed = time.monotonic() - started
            print(
                f"=== MariaDB {server.version} started on 127.0.0.1:{server.port} (throwaway, datadir {server.datadir})"
                f" in {elapsed:.1f}s, config {config or 'none'} ===",
                file=sys.stderr,
                flush=True,
            )
            try:
                code = _run(cmd, {**os.environ, "TEST_DATABASE_URL": server.url})
            except FileNotFoundError:
                print(f"=== command not found: {cmd[0]} ===", file=sys.stderr, flush=True)
                code = 127
        # A command killed by signal N reports -N; shells and CI expect 128+N.
        code = 128 - code if code < 0 else code
        print(
            f"=== MariaDB on 127.0.0.1:{server.port} stopped, datadir removed; command exited {code} ===",
            file=sys.stderr,
            flush=True,
        )
        return code
    except MariaDBError as exc:
        print(f"=== MariaDB FAILED TO START ===\n{exc}", file=sys.stderr, flush=True)
        return EXIT_START_FAILED
    except KeyboardInterrupt:
        print("=== interrupted; MariaDB stopped ===", file=sys.stderr, flush=True)
        return 128 + signal.SIGINT
    except _Terminated as exc:
        print(f"=== got signal {exc.signum}; MariaDB stopped ===", file=sys.stderr, flush=True)
        return 128 + exc.signum


if __name__ == "__main__":
    sys.exit(main())
