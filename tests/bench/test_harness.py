"""A tiny run of the benchmark harness end to end (the real one is `make bench`)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.load import Client, Result

BASE_DIR = Path(__file__).resolve().parents[2]


def test_percentiles_are_nearest_rank():
    result = Result(
        name="x",
        requests=100,
        errors=0,
        seconds=2.0,
        latencies_ms=[float(n) for n in range(1, 101)],
        statuses={200: 100},
    )
    assert (result.percentile(50), result.percentile(95), result.percentile(99)) == (50, 95, 99)
    assert result.rps == 50


def test_the_client_refuses_non_loopback_addresses():
    with pytest.raises(ValueError, match="loopback"):
        Client(("10.0.0.1", 80), [])


@pytest.mark.slow
def test_small_benchmark_runs_end_to_end_and_cleans_up(tmp_path):
    command = [
        sys.executable,
        "-m",
        "bench",
        "--users",
        "20",
        "--logs",
        "400",
        "--database",
        "haru_bench_smoke",
        "--sessions",
        "8",
        "--concurrency",
        "2",
        "--requests",
        "25",
        "--duration",
        "10",
        "--warmup",
        "3",
        "--workers",
        "1",
        "--threads",
        "2",
        "--library-items",
        "50",
        "--out",
        str(tmp_path),
    ]
    completed = subprocess.run(  # noqa: S603 - fixed argv
        command,
        cwd=BASE_DIR,
        env={**os.environ, "PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    report = json.loads((tmp_path / "latest.json").read_text())
    assert report["dataset"]["spec"].startswith("users=20;logs=400;")
    assert report["dataset"]["habit_logs_in_database"] >= 400  # plus earlier runs' check-ins
    names = [row["name"] for row in report["results"]]
    assert names == [
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
    assert all(row["requests"] == 25 and row["errors"] == 0 for row in report["results"])
    assert "p95" in report["results"][0]["latency_ms"]
    assert "p99" in report["results"][0]["latency_ms"]
    assert report["client"]["rounds"] == 3
    # the server is gone: nothing listens on its port any more
    port = int(completed.stdout.split("127.0.0.1:")[1].split()[0])
    import socket

    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0


def test_rounds_of_one_scenario_merge_into_one_result():
    first = Result("ping", 2, 0, 1.0, [10.0, 30.0], {200: 2})
    second = Result("ping", 2, 1, 2.0, [20.0, 40.0], {200: 1, 500: 1})

    merged = first.merged(second)

    assert merged.requests == 4
    assert merged.errors == 1
    assert merged.seconds == 3.0
    assert merged.statuses == {200: 3, 500: 1}
    assert merged.percentile(50) == 20.0
    assert merged.percentile(99) == 40.0
