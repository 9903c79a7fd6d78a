"""PostgreSQL advisory locks: one hashing scheme for every app.

``advisory_xact_lock(namespace="billing", key=user.pk)`` serialises work on something that
has no row to lock (one user's purchases, one user's habit count) until the transaction
ends. The key is the first 8 bytes of SHA-256 over ``"<namespace>:<key>"`` as a signed
64-bit integer, so two apps' keys only meet if their namespaces do.
"""

from __future__ import annotations

import hashlib

from django.db import connection, transaction


def advisory_lock_key(*, namespace: str, key: object) -> int:
    digest = hashlib.sha256(f"{namespace}:{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def advisory_xact_lock(*, namespace: str, key: object) -> None:
    """Wait for, then hold until commit or rollback, the lock on ``(namespace, key)``."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "advisory_xact_lock needs a transaction: it is released when the transaction ends"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [advisory_lock_key(namespace=namespace, key=key)]
        )
