"""``python -m bench``: load the data set (once), start gunicorn, measure, report, clean up."""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import os
import platform
import signal
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench.content import DESCRIPTIONS as LIBRARY_DESCRIPTIONS  # noqa: E402
from bench.practitioners import DESCRIPTIONS as PRACTITIONER_DESCRIPTIONS  # noqa: E402

SCENARIOS = [
    "ping_drf",
    "dashboard_page",
    "dashboard_api",
    "checkin_api",
    "checkin_page",
    "diary_create_api",
    "diary_search_api",
    "diary_search_page",
    "library_home_page",
    "library_search_api",
    "library_search_page",
    "directory_search_api",
    "directory_search_page",
    "slots_60_days_api",
    "booking_create_api",
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument(
        "--database",
        default="haru_bench",
        help="dedicated database (created on the same PostgreSQL server)",
    )
    parser.add_argument(
        "--sessions", type=int, default=2000, help="signed-in users the clients act as"
    )
    parser.add_argument("--concurrency", type=int, default=8, help="client threads")
    parser.add_argument("--requests", type=int, default=3000, help="per scenario, at most")
    parser.add_argument(
        "--duration", type=float, default=25.0, help="seconds per scenario, at most"
    )
    parser.add_argument("--warmup", type=int, default=150, help="uncounted requests first")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="measure every scenario in this many interleaved rounds (each gets its share of "
        "--requests and --duration), so a busy machine's slow minutes hit the yardstick too",
    )
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument(
        "--diary-entries", type=int, default=5000, help="entries of the one diary writer"
    )
    parser.add_argument(
        "--library-items", type=int, default=2000, help="published library items (ko + en)"
    )
    parser.add_argument(
        "--practitioners", type=int, default=1000, help="practitioners in the directory"
    )
    parser.add_argument("--out", type=Path, default=BASE_DIR / "var" / "bench")
    return parser.parse_args(argv)


def _database_urls(name: str) -> tuple[str, str | None, dict]:
    """The bench database URL, the Redis socket, and how to reach the server's admin DB."""
    from config import devservices

    os.environ.setdefault("HARU_QUIET_SERVICES", "1")
    if url := os.environ.get("DATABASE_URL"):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(url)
        admin = {"conninfo": urlunsplit(parts._replace(path="/postgres"))}
        bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    else:
        socket_dir = devservices.start_postgres()
        admin = {"host": socket_dir, "user": "postgres", "dbname": "postgres"}
        bench_url = f"postgres://postgres@/{name}?host={quote(socket_dir)}"
    redis_socket = None if os.environ.get("REDIS_URL") else devservices.start_redis()
    return bench_url, redis_socket, admin


def _ensure_database(name: str, admin: dict) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**admin, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _request_makers(diary_session: dict | None = None, practitioner_makers: dict | None = None):
    import json as _json

    from bench.load import Request

    def pick(client, rng):
        session = rng.choice(client.sessions)
        return session, rng.choice(session["habits"])

    def ping(client, rng):
        return Request("GET", "/bench/ping/", session=rng.choice(client.sessions))

    def dashboard_page(client, rng):
        return Request("GET", "/habits/", session=rng.choice(client.sessions))

    def dashboard_api(client, rng):
        return Request("GET", "/api/v1/habits-dashboard/", session=rng.choice(client.sessions))

    def checkin_api(client, rng):
        session, habit = pick(client, rng)
        body = _json.dumps({"mood": rng.randint(1, 10), "energy": rng.randint(1, 10)}).encode()
        return Request(
            "POST",
            f"/api/v1/habits/{habit}/check-in/",
            session=session,
            body=body,
            headers={"Content-Type": "application/json"},
        )

    def checkin_page(client, rng):
        session, habit = pick(client, rng)
        body = f"mood={rng.randint(1, 10)}".encode()
        return Request(
            "POST",
            f"/habits/h/{habit}/check-in/",
            session=session,
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"},
        )

    search_terms = ["명상", "산책을", "회의", "coffee", "친구와 산책", "river walk"]

    def diary_create_api(client, rng):
        body = _json.dumps(
            {
                "body": "오늘은 "
                + " ".join(rng.choice(["조용한", "바쁜", "따뜻한"]) for _ in range(40))
            }
        ).encode()
        return Request(
            "POST",
            "/api/v1/diary-entries/",
            session=diary_session,
            body=body,
            headers={"Content-Type": "application/json"},
        )

    def diary_search_api(client, rng):
        q = quote(rng.choice(search_terms))
        return Request("GET", f"/api/v1/diary-entries/search/?q={q}", session=diary_session)

    def diary_search_page(client, rng):
        q = quote(rng.choice(search_terms))
        return Request("GET", f"/diaries/search/?q={q}", session=diary_session)

    return {
        "diary_create_api": diary_create_api,
        "diary_search_api": diary_search_api,
        "diary_search_page": diary_search_page,
        "ping_drf": ping,
        "dashboard_page": dashboard_page,
        "dashboard_api": dashboard_api,
        "checkin_api": checkin_api,
        "checkin_page": checkin_page,
        **(practitioner_makers or {}),
    }


DESCRIPTIONS = {
    "ping_drf": "GET  /bench/ping/  (trivial DRF view, baseline)",
    "dashboard_page": "GET  /habits/  (today page, HTML + SVG)",
    "dashboard_api": "GET  /api/v1/habits-dashboard/",
    "checkin_api": "POST /api/v1/habits/{id}/check-in/",
    "checkin_page": "POST /habits/h/{id}/check-in/  (htmx)",
    "diary_create_api": "POST /api/v1/diary-entries/  (encrypt+index)",
    "diary_search_api": "GET  /api/v1/diary-entries/search/ (5k)",
    "diary_search_page": "GET  /diaries/search/  (5k entries)",
    **PRACTITIONER_DESCRIPTIONS,
}
DESCRIPTIONS.update(LIBRARY_DESCRIPTIONS)


def print_table(results: list[dict], stream=sys.stdout) -> None:
    header = (
        f"{'scenario':<46} {'req':>6} {'err':>4} {'req/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    )
    print(header, file=stream)
    print("-" * len(header), file=stream)
    for row in results:
        latency = row["latency_ms"]
        print(
            f"{DESCRIPTIONS.get(row['name'], row['name']):<46} {row['requests']:>6} "
            f"{row['errors']:>4} {row['requests_per_second']:>8.1f} {latency['p50']:>8.1f} "
            f"{latency['p95']:>8.1f} {latency['p99']:>8.1f}",
            file=stream,
        )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wanted = [name.strip() for name in args.scenarios.split(",") if name.strip()]
    unknown = set(wanted) - set(SCENARIOS)
    if unknown:
        raise SystemExit(f"unknown scenarios: {sorted(unknown)}")

    def interrupted(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    started_at = dt.datetime.now(dt.UTC)
    print(
        f"Haru benchmark · {args.users:,} users · {args.logs:,} habit logs · "
        f"database {args.database}"
    )
    bench_url, redis_socket, admin = _database_urls(args.database)
    _ensure_database(args.database, admin)
    os.environ["BENCH_DATABASE_URL"] = bench_url
    if redis_socket:
        os.environ["BENCH_REDIS_SOCKET"] = redis_socket
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

    import django

    django.setup()
    from django.db import connection

    from bench import dataset
    from bench.load import Client, run
    from bench.server import Server

    spec = dataset.Spec(users=args.users, logs=args.logs)
    t0 = time.perf_counter()
    dataset.migrate()
    migrate_seconds = time.perf_counter() - t0
    if dataset.loaded(spec):
        print("  data set already loaded: reusing it")
        load_info = {"reused": True}
    else:
        load_info = dataset.load(spec)
        print(
            f"  loaded in {load_info['total_seconds']:.1f}s "
            f"(logs via COPY: {load_info['logs_seconds']:.1f}s)"
        )
    from django.contrib.auth import get_user_model

    from habits.models import Habit, HabitLog

    counts = {
        "users": get_user_model().objects.filter(email__endswith="@bench.haru.local").count(),
        "habits": Habit.objects.count(),
        "habit_logs_in_database": HabitLog.objects.count(),
    }
    sessions = dataset.sessions_for(args.sessions)
    t0 = time.perf_counter()
    warmed = dataset.warm_stats(sessions)
    if warmed:
        print(f"  folded the statistics of {warmed:,} habits in {time.perf_counter() - t0:.1f}s")
    t0 = time.perf_counter()
    earned = 0
    if not dataset.step_done("achievements-v1"):  # once: later check-ins unlock the rest
        earned = dataset.warm_achievements(sessions)
        dataset.mark_step_done("achievements-v1")
    if earned:
        print(
            f"  recorded {earned:,} achievements earned by the loaded history in "
            f"{time.perf_counter() - t0:.1f}s"
        )
    from bench import diaries as diary_bench

    diary_info = diary_bench.load(entries=args.diary_entries)
    print(f"  diary writer: {diary_info}")
    diary_session = diary_bench.session()
    from bench import practitioners as practitioner_bench

    practitioner_info = practitioner_bench.load(count=args.practitioners)
    print(f"  practitioners: {practitioner_info}")
    counts["practitioners"] = practitioner_info["practitioners"]
    counts["diary_entries_of_one_user"] = diary_info["entries"]
    from bench import content as content_bench

    library_info = content_bench.load(items=args.library_items)
    print(f"  library: {library_info}")
    counts["library_items"] = library_info["items"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres_version = cursor.fetchone()[0]
    connection.close()

    env = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": bench_url,
        "HARU_QUIET_SERVICES": "1",
        **({"BENCH_REDIS_SOCKET": redis_socket} if redis_socket else {}),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = started_at.strftime("%Y%m%d-%H%M%S")
    server = Server(
        env=env,
        workers=args.workers,
        threads=args.threads,
        log_path=args.out / f"gunicorn-{stamp}.log",
    )
    atexit.register(server.stop)
    makers = _request_makers(diary_session, practitioner_bench.request_makers(quote))
    makers.update(content_bench.request_makers())
    results = []
    try:
        with server:
            print(
                f"  gunicorn on 127.0.0.1:{server.port} · {args.workers} workers x "
                f"{args.threads} threads · {args.concurrency} client threads · "
                f"{len(sessions)} signed-in users"
            )
            per_client = [sessions[i :: args.concurrency] for i in range(args.concurrency)]
            clients = [Client(server.address, chunk) for chunk in per_client if chunk]
            for client in clients:  # a CSRF cookie for the POSTs
                client.send(makers["dashboard_page"](client, __import__("random").Random(0)))
            merged: dict = {}
            rounds = max(args.rounds, 1)
            for round_number in range(rounds):
                for name in wanted:
                    result = run(
                        name,
                        clients=clients,
                        make_request=makers[name],
                        requests=args.requests // rounds
                        + (1 if round_number < args.requests % rounds else 0),
                        duration=args.duration / rounds,
                        warmup=args.warmup if round_number == 0 else 0,
                    )
                    merged[name] = merged[name].merged(result) if name in merged else result
            for name in wanted:
                results.append(merged[name].as_dict())
                row = results[-1]
                print(
                    f"  {name:<16} {row['requests']:>6} requests  "
                    f"{row['requests_per_second']:>7.1f} req/s  p50 {row['latency_ms']['p50']} ms"
                    f"  p99 {row['latency_ms']['p99']} ms"
                )
            for client in clients:
                client.close()
    except KeyboardInterrupt:
        print("interrupted: stopping the server", file=sys.stderr)
        return 130
    finally:
        server.stop()

    report = {
        "started_at": started_at.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "postgresql": postgres_version,
        },
        "dataset": {
            "spec": spec.key,
            **counts,
            "load": load_info,
            "migrate_seconds": round(migrate_seconds, 2),
        },
        "server": {
            "gunicorn_workers": args.workers,
            "threads_per_worker": args.threads,
            "worker_class": "gthread",
            "settings": "bench.settings (DEBUG off)",
        },
        "client": {
            "threads": args.concurrency,
            "signed_in_users": len(sessions),
            "max_requests_per_scenario": args.requests,
            "max_seconds_per_scenario": args.duration,
            "warmup_requests": args.warmup,
            "rounds": args.rounds,
            "address": "127.0.0.1 (loopback only)",
        },
        "results": results,
    }
    path = args.out / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2))
    (args.out / "latest.json").write_text(json.dumps(report, indent=2))
    print()
    print(
        f"data: {counts['users']:,} users, {counts['habits']:,} habits, "
        f"{counts['habit_logs_in_database']:,} habit logs"
    )
    print_table(results)
    print(f"\nJSON: {path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}")
    failed = [row["name"] for row in results if row["errors"]]
    if failed:
        print(f"errors in: {', '.join(failed)} (see {server.log_path})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
