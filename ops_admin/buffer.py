"""Redis lists that take records on the request path and hand them to a batch writer.

``push`` is one RPUSH (pipelined for several records); ``drain`` takes up to ``limit`` records
atomically (LRANGE + LTRIM in MULTI), so two flushers never write a record twice. A failed
database write puts the batch back (``requeue``). If Redis is down, ``push`` drops the records
and says so once in a while: logs and analytics are best effort and must never break a
request. The lists are capped (``MAX_BUFFERED``) so a stopped flusher cannot fill Redis.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable
from typing import Any

logger = logging.getLogger("haru.ops_admin.buffer")

ANALYTICS = "ops:buffer:analytics"
API_LOGS = "ops:buffer:api_logs"
ERRORS = "ops:buffer:errors"
MAX_BUFFERED = 500_000
_last_warning = {"at": 0.0}


def _client_and_key(name: str) -> tuple[Any, str]:
    from django.core.cache import cache

    key = cache.make_and_validate_key(name)  # the cache's prefix: tests never share lists
    return cache._cache.get_client(key, write=True), key  # type: ignore[attr-defined]


def push(name: str, records: Iterable[dict[str, Any]]) -> bool:
    payload = [json.dumps(record, default=str, separators=(",", ":")) for record in records]
    if not payload:
        return True
    try:
        client, key = _client_and_key(name)
        pipe = client.pipeline(transaction=False)
        pipe.rpush(key, *payload)
        pipe.ltrim(key, -MAX_BUFFERED, -1)
        pipe.execute()
        return True
    except Exception as exc:
        now = time.monotonic()
        if now - _last_warning["at"] > 10:
            _last_warning["at"] = now
            logger.warning("buffer %s unavailable, records dropped: %s", name, type(exc).__name__)
        return False


def drain(name: str, limit: int) -> list[dict[str, Any]]:
    client, key = _client_and_key(name)
    pipe = client.pipeline(transaction=True)
    pipe.lrange(key, 0, limit - 1)
    pipe.ltrim(key, limit, -1)
    raw, _trimmed = pipe.execute()
    return [json.loads(item) for item in raw]


def requeue(name: str, records: list[dict[str, Any]]) -> None:
    payload = [json.dumps(record, default=str, separators=(",", ":")) for record in records]
    if payload:
        client, key = _client_and_key(name)
        client.lpush(key, *reversed(payload))


def length(name: str) -> int:
    client, key = _client_and_key(name)
    return int(client.llen(key))
