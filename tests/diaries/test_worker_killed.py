"""A real worker process is killed in the middle of an analysis; nothing is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection, connections, transaction

from config.celery_app import app
from diaries.models import Analysis

ROOT = Path(__file__).resolve().parents[2]


def _start_worker(db_name: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.diaries.worker_settings",
        "HARU_WORKER_TEST_DB": db_name,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config.celery_app",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


def _worker_waits_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND query ILIKE %s",
            ["%diaries_analysis%"],
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_analysis_survives_a_worker_killed_mid_task(alice, write):
    app.control.purge()
    db_name = connection.settings_dict["NAME"]
    # given: an entry whose analysis message is in the broker
    saved = write(alice, body="아침에 명상을 했다. 마음이 조금 가벼워졌다.")
    analysis = Analysis.objects.get(entry=saved.entry)
    # and a lock that holds the worker inside the task (it waits on the analysis row)
    locked, release, done = threading.Event(), threading.Event(), threading.Event()

    def hold_lock():
        conn = connections.create_connection("default")
        try:
            with conn.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    "SELECT id FROM diaries_analysis WHERE id = %s FOR UPDATE", [analysis.pk]
                )
                locked.set()
                release.wait(120)
                cursor.execute("COMMIT")
        finally:
            conn.close()
            done.set()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert locked.wait(10)
    first = _start_worker(db_name)
    second = None
    try:
        # when: the worker has taken the message and is mid-task, it is killed (-9)
        assert _wait(_worker_waits_on_lock, 90), "worker never reached the analysis"
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(10)
        release.set()
        done.wait(10)
        analysis.refresh_from_db()
        assert analysis.status == "pending"  # nothing half-written
        # then: a new worker gets the unacknowledged message back and finishes the analysis
        second = _start_worker(db_name)
        assert _wait(lambda: Analysis.objects.get(pk=analysis.pk).status == "done", 120)
    finally:
        release.set()
        holder.join(10)
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
    analysis.refresh_from_db()
    assert analysis.summary_ct.startswith("d1$")
    assert Analysis.objects.filter(entry=saved.entry).count() == 1
    transaction.get_connection().close()
