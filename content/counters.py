"""View, like, bookmark and share counts without a database write per event.

A view increments a Redis hash (``HINCRBY``, one round trip). The ``content.flush_counters``
beat task moves each hash aside with ``RENAME`` (atomic: new increments start a fresh hash),
then writes all deltas with one ``UPDATE ... FROM (VALUES ...)`` per batch of items, and only
then deletes the moved hash. A flush that died between the two leaves the moved hash in place;
the next flush finishes it first, so no increment is lost (at worst a batch is applied twice
if the process dies between the commit and the delete, which counters tolerate).
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction

logger = logging.getLogger(__name__)

FIELDS = ("view_count", "like_count", "bookmark_count", "share_count")
BATCH = 500


def _redis() -> Any:
    cache = caches["default"]
    return cache._cache.get_client(None, write=True)  # type: ignore[attr-defined]


def _key(field: str, suffix: str = "") -> str:
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "haru")
    return f"{prefix}:content:counters:{field}{suffix}"


def counter_increment(*, item_id: Any, field: str, by: int = 1) -> None:
    """Count one event for ``item_id``; never raises (a lost view is not worth a 500)."""
    if field not in FIELDS:
        raise ValueError(f"unknown counter {field!r}")
    try:
        _redis().hincrby(_key(field), str(item_id), by)
    except Exception as exc:
        logger.warning("content counter %s not counted: %s", field, type(exc).__name__)


def counters_pending(*, field: str) -> dict[str, int]:
    """Increments not yet written (for tests and the admin)."""
    client = _redis()
    pending: dict[str, int] = {}
    for key in (_key(field, ":flushing"), _key(field)):
        for item_id, delta in client.hgetall(key).items():
            item = item_id.decode() if isinstance(item_id, bytes) else item_id
            pending[item] = pending.get(item, 0) + int(delta)
    return pending


def _apply(field: str, deltas: dict[str, int]) -> int:
    items = [(item_id, delta) for item_id, delta in deltas.items() if delta]
    statements = 0
    for start in range(0, len(items), BATCH):
        chunk = items[start : start + BATCH]
        values = ", ".join(["(%s::uuid, %s::integer)"] * len(chunk))
        params: list[Any] = [value for pair in chunk for value in pair]
        with connection.cursor() as cursor:
            cursor.execute(
                # field comes from FIELDS, never from input
                f"UPDATE content_contentitem AS item "  # noqa: S608
                f"SET {field} = GREATEST(0, item.{field} + d.delta) "
                f"FROM (VALUES {values}) AS d(id, delta) WHERE item.id = d.id",
                params,
            )
        statements += 1
    return statements


def counters_flush() -> dict[str, int]:
    """Write every pending increment; returns the number of UPDATE statements per field."""
    client = _redis()
    written: dict[str, int] = {}
    for field in FIELDS:
        live, moved = _key(field), _key(field, ":flushing")
        if not client.exists(moved):
            try:
                client.rename(live, moved)
            except Exception as exc:
                if "no such key" not in str(exc).lower():
                    raise
                written[field] = 0
                continue
        raw = client.hgetall(moved)
        deltas = {(k.decode() if isinstance(k, bytes) else k): int(v) for k, v in raw.items()}
        with transaction.atomic():
            written[field] = _apply(field, deltas)
        client.delete(moved)
    return written
