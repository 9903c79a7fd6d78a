"""Workers that die, bounded database connections: settings and re-run safety."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone


def test_broker_visibility_timeout_fits_the_longest_task():
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert timeout > settings.CELERY_TASK_TIME_LIMIT  # a slow task is never handed out twice
    assert timeout <= 30 * 60  # a killed worker's task comes back within minutes, not an hour
    assert settings.CELERY_TASK_ACKS_LATE


def test_every_process_uses_a_bounded_connection_pool():
    database = settings.DATABASES["default"]
    assert database["CONN_MAX_AGE"] == 0
    pool = database["OPTIONS"]["pool"]
    assert 1 <= pool["min_size"] <= pool["max_size"] <= 20
    assert pool["timeout"] > 0


def test_production_settings_bound_connections_too(monkeypatch):
    import importlib
    import sys

    for name, value in {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "haru.example.com",
        "DATABASE_URL": "postgres://u:p@db.invalid:5432/haru",
        "REDIS_URL": "redis://redis.invalid:6379",
        "FIELD_ENCRYPTION_KEYS": "k1:ZGV2LW9ubHkta2V5LWZvci1sb2NhbC1oYXJ1LTAwMDE=",
    }.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("config.settings.production", None)
    production = importlib.import_module("config.settings.production")
    try:
        database = production.DATABASES["default"]
        assert database["OPTIONS"]["pool"]["max_size"] == 10
        assert database["CONN_MAX_AGE"] == 0
        assert production.CACHES["default"]["BACKEND"] == "core.cache.DegradingRedisCache"
    finally:
        sys.modules.pop("config.settings.production", None)


@pytest.mark.django_db
def test_an_export_whose_worker_died_is_built_when_the_task_comes_back(alice, settings, tmp_path):
    from accounts.enums import ExportStatus
    from accounts.models import DataExport
    from accounts.services import data_export_build

    settings.MEDIA_ROOT = tmp_path / "media"
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    export = DataExport.objects.create(user=alice, status=ExportStatus.RUNNING, started_at=long_ago)

    data_export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.status == ExportStatus.READY


@pytest.mark.django_db
def test_an_export_another_worker_is_building_is_left_alone(alice):
    from accounts.enums import ExportStatus
    from accounts.models import DataExport
    from accounts.services import data_export_build

    export = DataExport.objects.create(
        user=alice, status=ExportStatus.RUNNING, started_at=timezone.now()
    )

    data_export_build(export_id=export.pk)

    export.refresh_from_db()
    assert export.status == ExportStatus.RUNNING
