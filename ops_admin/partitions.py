"""Monthly range partitions for the append-only tables (analytics events, API logs).

Each table is ``PARTITION BY RANGE (<column>)`` with partitions ``<table>_pYYYY_MM`` covering
``[first of month, first of next month)`` in UTC, and ``<table>_default`` for rows outside
every partition (late or far-future timestamps), so an insert never fails for lack of one.
``ensure_partitions`` creates the coming months ahead of time; if the default partition
already holds rows of a month being created, they are moved into it in the same transaction.
Retention drops whole partitions (``drop_partitions_before``) - cheap, no vacuum debt.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, transaction

UTC = dt.UTC


@dataclass(frozen=True)
class PartitionedTable:
    table: str
    column: str


ANALYTICS_EVENTS = PartitionedTable("ops_admin_analytics_event", "occurred_at")
API_LOGS = PartitionedTable("ops_admin_api_log", "created_at")
TABLES = (ANALYTICS_EVENTS, API_LOGS)

_NAME = re.compile(r"_p(\d{4})_(\d{2})$")


def month_start(day: dt.date | dt.datetime) -> dt.date:
    return dt.date(day.year, day.month, 1)


def add_months(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def partition_name(spec: PartitionedTable, first: dt.date) -> str:
    return f"{spec.table}_p{first:%Y_%m}"


def _bound(day: dt.date) -> str:
    return dt.datetime(day.year, day.month, day.day, tzinfo=UTC).isoformat()


def list_partitions(spec: PartitionedTable) -> dict[str, dt.date]:
    """The monthly partitions that exist: name -> first day of its month."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT child.relname FROM pg_inherits
            JOIN pg_class parent ON parent.oid = pg_inherits.inhparent
            JOIN pg_class child ON child.oid = pg_inherits.inhrelid
            WHERE parent.relname = %s
            """,
            [spec.table],
        )
        names = [row[0] for row in cursor.fetchall()]
    found = {}
    for name in names:
        if match := _NAME.search(name):
            found[name] = dt.date(int(match[1]), int(match[2]), 1)
    return found


def create_partition(spec: PartitionedTable, first: dt.date) -> bool:
    """Create the partition of the month starting ``first``; False if it already exists."""
    first = month_start(first)
    name = partition_name(spec, first)
    if name in list_partitions(spec):
        return False
    low, high = _bound(first), _bound(add_months(first, 1))
    column = spec.column
    with transaction.atomic(), connection.cursor() as cursor:
        # Same lock order as inserts routed through the parent; serialises concurrent creators.
        cursor.execute(f"LOCK TABLE {spec.table} IN SHARE ROW EXCLUSIVE MODE")
        if name in list_partitions(spec):
            return False
        cursor.execute(
            f"CREATE TABLE {name} (LIKE {spec.table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        )
        # Rows the default partition caught for this month move with it (else ATTACH fails).
        move = (
            f"WITH moved AS (DELETE FROM {spec.table}_default "  # noqa: S608 - our constants
            f"WHERE {column} >= %s AND {column} < %s RETURNING *) "
            f"INSERT INTO {name} SELECT * FROM moved"
        )
        cursor.execute(move, [low, high])
        cursor.execute(
            f"ALTER TABLE {spec.table} ATTACH PARTITION {name} FOR VALUES FROM (%s) TO (%s)",
            [low, high],
        )
    return True


def ensure_partitions(
    *, today: dt.date | None = None, months_ahead: int = 2, months_back: int = 0
) -> list[str]:
    """Create this month's partition and the next ``months_ahead`` ones for every table."""
    today = today or dt.datetime.now(UTC).date()
    created = []
    for spec in TABLES:
        for offset in range(-months_back, months_ahead + 1):
            first = add_months(month_start(today), offset)
            if create_partition(spec, first):
                created.append(partition_name(spec, first))
    return created


def drop_partitions_before(spec: PartitionedTable, cutoff: dt.datetime) -> tuple[list[str], int]:
    """Drop every partition whose whole month ends on or before ``cutoff``, then delete the
    older-than-cutoff rows left in the default partition and in the month straddling it.
    Returns (dropped partition names, rows deleted)."""
    dropped = []
    for name, first in sorted(list_partitions(spec).items(), key=lambda item: item[1]):
        end = add_months(first, 1)
        if dt.datetime(end.year, end.month, 1, tzinfo=UTC) <= cutoff:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {name}")
            dropped.append(name)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {spec.table} WHERE {spec.column} < %s",  # noqa: S608 - our constants
            [cutoff],
        )
        deleted = cursor.rowcount
    return dropped, deleted


def create_table_sql(spec: PartitionedTable, columns: str, indexes: list[str]) -> str:
    """The DDL of a partitioned parent with its default partition (used by the migration)."""
    statements = [
        f"CREATE TABLE {spec.table} ({columns}, PRIMARY KEY (id, {spec.column})) "
        f"PARTITION BY RANGE ({spec.column})",
        f"CREATE TABLE {spec.table}_default PARTITION OF {spec.table} DEFAULT",
        *indexes,
    ]
    return ";\n".join(statements) + ";"
