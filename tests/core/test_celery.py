import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django_celery_beat.models import PeriodicTask

from config.celery_app import app
from core.tasks import HEARTBEAT_CACHE_KEY, heartbeat, ping


@pytest.fixture(scope="module")
def celery_worker():
    """A real worker thread consuming from the real (embedded) Redis broker: no eager mode."""
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10
    ):
        yield


def test_celery_is_configured_for_safe_retries():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.task_time_limit > app.conf.task_soft_time_limit > 0
    assert app.conf.task_always_eager is False


@pytest.mark.slow
def test_task_round_trips_through_broker_worker_and_result_backend(celery_worker):
    result = ping.delay("안녕")
    assert result.get(timeout=20) == "안녕"


@pytest.mark.slow
def test_heartbeat_task_runs_on_the_worker_and_records_when(celery_worker):
    cache.delete(HEARTBEAT_CACHE_KEY)
    heartbeat.delay()
    deadline = time.monotonic() + 20
    while cache.get(HEARTBEAT_CACHE_KEY) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert cache.get(HEARTBEAT_CACHE_KEY) is not None


@pytest.mark.django_db
def test_beat_schedules_the_heartbeat_from_the_database():
    task = PeriodicTask.objects.get(name="core.heartbeat")
    assert task.enabled
    assert task.task == "core.heartbeat"
    assert task.interval.every == 60
