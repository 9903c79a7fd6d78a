"""Batch writers for the buffered API and error logs, and the numbers the console shows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from ops_admin import buffer

FLUSH_BATCH = 5_000


def _aware(timestamp: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)


def api_logs_write(records: list[dict[str, Any]]) -> int:
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy(
            "COPY ops_admin_api_log (method, endpoint, status_code, latency_ms, user_id, "
            "request_id, weight, created_at) FROM STDIN"
        ) as copy,
    ):
        for r in records:
            copy.write_row(
                (
                    str(r["method"])[:8],
                    str(r["endpoint"])[:200],
                    int(r["status"]),
                    max(0, int(r["latency_ms"])),
                    r.get("user_id"),
                    str(r.get("request_id") or "")[:64],
                    float(r.get("weight") or 1.0),
                    _aware(float(r["at"])),
                )
            )
    return len(records)


def api_logs_flush(*, batch: int = FLUSH_BATCH, max_batches: int = 200) -> int:
    """Drain the API log buffer into the database (beat, every 15 s)."""
    written = 0
    for _ in range(max_batches):
        records = buffer.drain(buffer.API_LOGS, batch)
        if not records:
            break
        try:
            written += api_logs_write(records)
        except Exception:
            buffer.requeue(buffer.API_LOGS, records)
            raise
    return written


def error_logs_write(records: list[dict[str, Any]]) -> int:
    """Upsert one group per stack hash (count, first/last seen) and add the occurrences."""
    from ops_admin.models import ErrorGroup, ErrorOccurrence

    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in records:
        grouped[record["fingerprint"]].append(record)
    with transaction.atomic():
        for fingerprint, items in grouped.items():
            items.sort(key=lambda r: r["at"])
            first, last = items[0], items[-1]
            group, _created = ErrorGroup.objects.select_for_update().get_or_create(
                fingerprint=fingerprint,
                defaults={
                    "service": last["service"],
                    "severity": last["severity"],
                    "logger": last["logger"],
                    "exception_type": last["exception_type"],
                    "message": last["message"],
                    "stack": last["stack"],
                    "count": 0,
                    "first_seen": _aware(first["at"]),
                    "last_seen": _aware(last["at"]),
                },
            )
            ErrorGroup.objects.filter(pk=group.pk).update(
                count=F("count") + len(items),
                last_seen=max(group.last_seen, _aware(last["at"])),
                message=last["message"],
                stack=last["stack"] or group.stack,
                service=last["service"],
                resolved=False,
            )
            ErrorOccurrence.objects.bulk_create(
                ErrorOccurrence(
                    group=group,
                    message=item["message"],
                    request_id=str(item.get("request_id") or "")[:64],
                    occurred_at=_aware(item["at"]),
                )
                for item in items
            )
    return len(records)


def error_logs_flush(*, batch: int = 1_000, max_batches: int = 50) -> int:
    written = 0
    for _ in range(max_batches):
        records = buffer.drain(buffer.ERRORS, batch)
        if not records:
            break
        try:
            written += error_logs_write(records)
        except Exception:
            buffer.requeue(buffer.ERRORS, records)
            raise
    return written


@dataclass(frozen=True)
class EndpointStats:
    method: str
    endpoint: str
    calls: int  # estimated from sampling weights
    p50_ms: float
    p95_ms: float
    error_rate: float  # share of estimated calls answering 5xx
    client_error_rate: float  # 4xx


def endpoint_stats(*, since: dt.datetime, limit: int = 20) -> list[EndpointStats]:
    """Per endpoint: estimated calls, p50/p95 latency of the sampled calls, error rates.
    Percentiles use only the sampled successful and all failed calls (weighted equally), so
    they lean slightly towards failures when failures are slow; good enough to spot outliers."""
    sql = """
        SELECT method, endpoint, sum(weight) AS calls,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) AS p50,
               percentile_cont(0.95) WITHIN GROUP (ORDER BY latency_ms) AS p95,
               sum(weight) FILTER (WHERE status_code >= 500) AS errors,
               sum(weight) FILTER (WHERE status_code >= 400 AND status_code < 500) AS client
        FROM ops_admin_api_log WHERE created_at >= %s
        GROUP BY method, endpoint
        ORDER BY p95 DESC, calls DESC
        LIMIT %s
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [since, limit])
        rows = cursor.fetchall()
    return [
        EndpointStats(
            method=method,
            endpoint=endpoint,
            calls=round(calls or 0),
            p50_ms=float(p50 or 0),
            p95_ms=float(p95 or 0),
            error_rate=float(errors or 0) / calls if calls else 0.0,
            client_error_rate=float(client or 0) / calls if calls else 0.0,
        )
        for method, endpoint, calls, p50, p95, errors, client in rows
    ]


def error_groups_resolve(*, group_ids: list[Any]) -> int:
    """Mark error groups resolved (a new occurrence reopens its group). Returns how many
    changed."""
    from ops_admin.models import ErrorGroup

    return ErrorGroup.objects.filter(pk__in=group_ids, resolved=False).update(resolved=True)
