"""Celery tasks: thin, call a service, safe to run twice."""

from __future__ import annotations

import datetime as dt

from celery import shared_task


@shared_task(name="ops_admin.flush_analytics_events", ignore_result=True)
def flush_analytics_events() -> int:
    from ops_admin.services.analytics import events_flush

    return events_flush()


@shared_task(name="ops_admin.flush_api_logs", ignore_result=True)
def flush_api_logs() -> int:
    from ops_admin.services.logs import api_logs_flush

    return api_logs_flush()


@shared_task(name="ops_admin.flush_error_logs", ignore_result=True)
def flush_error_logs() -> int:
    from ops_admin.services.logs import error_logs_flush

    return error_logs_flush()


@shared_task(name="ops_admin.rollup_today", ignore_result=True)
def rollup_today() -> int:
    """Every 15 minutes: today's KPIs so far (the home shows "today")."""
    from ops_admin.kpis import rollup_day
    from ops_admin.services.analytics import platform_today

    return rollup_day(platform_today())


@shared_task(name="ops_admin.nightly_rollups", ignore_result=True)
def nightly_rollups(day: str | None = None) -> dict[str, int]:
    """After midnight (Seoul): yesterday's final KPIs, per-user rollups, cohorts."""
    from ops_admin.kpis import rollup_day
    from ops_admin.services.analytics import (
        cohorts_refresh_all,
        platform_today,
        user_daily_rollup,
    )

    target = dt.date.fromisoformat(day) if day else platform_today() - dt.timedelta(days=1)
    return {
        "kpis": rollup_day(target),
        "users": user_daily_rollup(day=target),
        "cohort_members": cohorts_refresh_all(),
    }


@shared_task(name="ops_admin.maintain_partitions", ignore_result=True)
def maintain_partitions() -> list[str]:
    from ops_admin.partitions import ensure_partitions

    return ensure_partitions(months_ahead=2)


@shared_task(name="ops_admin.run_retention", ignore_result=True)
def run_retention() -> dict[str, int | None]:
    from ops_admin.retention import run_all

    return run_all()
