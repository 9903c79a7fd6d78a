"""``python -m bench.profile``: one request per habit scenario, in process, against the loaded
bench data set: its SQL (count and time of each query) and, with ``--cprofile``, where the
Python time goes. Run ``python -m bench`` once first (it loads the data set).

This answers "what does one request cost" without the noise of a loaded machine; the ratio to
the yardstick under load is still measured by ``python -m bench``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import random
import sys
import time
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

SCENARIOS = ["ping_drf", "dashboard_page", "dashboard_api", "checkin_api", "checkin_page"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--database", default="haru_bench")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per scenario")
    parser.add_argument("--sessions", type=int, default=2000, help="as python -m bench")
    parser.add_argument("--cprofile", action="store_true", help="print the top functions")
    parser.add_argument("--sql", action="store_true", help="print every query of one request")
    args = parser.parse_args(argv)

    from bench.__main__ import _database_urls

    bench_url, redis_socket, _admin = _database_urls(args.database)
    os.environ["BENCH_DATABASE_URL"] = bench_url
    if redis_socket:
        os.environ["BENCH_REDIS_SOCKET"] = redis_socket
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench import dataset

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Django empties the query log when a request starts; keep it for the capture.
    from django.core.signals import request_started
    from django.db import reset_queries

    request_started.disconnect(reset_queries)
    # The users `python -m bench` acts as (same seed and count), so a profile sees the state
    # its runs left (their check-ins, their unlocked achievements).
    sessions = dataset.sessions_for(args.sessions)[:60]
    rng = random.Random(3)  # noqa: S311 - not for security

    def request(client: Client, name: str, session: dict):
        habit = rng.choice(session["habits"])
        if name == "ping_drf":
            return client.get("/bench/ping/")
        if name == "dashboard_page":
            return client.get("/habits/")
        if name == "dashboard_api":
            return client.get("/api/v1/habits-dashboard/")
        if name == "checkin_api":
            return client.post(
                f"/api/v1/habits/{habit}/check-in/",
                data=json.dumps({"mood": rng.randint(1, 10), "energy": rng.randint(1, 10)}),
                content_type="application/json",
            )
        return client.post(
            f"/habits/h/{habit}/check-in/",
            data={"mood": rng.randint(1, 10)},
            HTTP_HX_REQUEST="true",
        )

    clients = []
    for session in sessions:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = session["session"]
        clients.append((client, session))
    for name in [n.strip() for n in args.scenarios.split(",") if n.strip()]:
        for client, session in clients[:5]:  # warm caches and connections
            request(client, name, session)
        client, session = clients[5]
        with CaptureQueriesContext(connection) as captured:
            response = request(client, name, session)
        if response.status_code >= 400:
            print(f"{name}: HTTP {response.status_code}: {response.content[:300]!r}")
        queries = captured.captured_queries
        sql_ms = sum(float(q["time"]) for q in queries) * 1000
        profiler = cProfile.Profile() if args.cprofile else None
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as repeated:
            for index in range(args.repeat):
                client, session = clients[6 + index % (len(clients) - 6)]
                if profiler:
                    profiler.enable()
                request(client, name, session)
                if profiler:
                    profiler.disable()
        per_request = (time.perf_counter() - started) * 1000 / args.repeat
        all_queries = repeated.captured_queries
        print(f"{name}: {len(all_queries) / args.repeat:.1f} queries per request on average")
        if args.sql:
            tables = Counter(" ".join(q["sql"].split()[:4])[:90] for q in all_queries)
            for text, count in tables.most_common(25):
                print(f"    {count:>5}  {text}")
        print(
            f"{name:<16} {len(queries):>3} queries ({sql_ms:6.1f} ms SQL)  "
            f"{per_request:6.1f} ms per request (in process, serial)"
        )
        if args.sql:
            for query in queries:
                print(f"    {float(query['time']) * 1000:6.2f} ms  {query['sql'][:220]}")
        if profiler:
            pstats.Stats(profiler).sort_stats(
                os.environ.get("BENCH_PROFILE_SORT", "cumulative")
            ).print_stats(45)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
