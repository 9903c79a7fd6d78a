"""Feature flags: django-waffle with a sticky per-user rollout and plan targeting.

Waffle's percentage rollout draws at random and remembers the draw in a cookie, so the same
member could see a feature on the phone and not on the web. For signed-in users Haru
decides from a hash of (flag name, user id) instead: deterministic, the same on every device
and every call, and raising the percentage only adds users (a user in at 10 % stays in at
30 %). Guests keep waffle's cookie.

Use the usual waffle API everywhere: ``waffle.flag_is_active(request, "new_home")``, the
``{% flag %}`` template tag, ``@waffle_flag``. Outside a request (Celery, services) use
``flag_is_active_for_user(name, user)``.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

BUCKETS = 10_000  # 0.01 % steps, as fine as waffle's percent field (0.0 to 99.9)


def rollout_bucket(flag_name: str, user_id: Any) -> int:
    """A stable number in [0, BUCKETS) for this flag and user (independent across flags)."""
    digest = hashlib.sha256(f"{flag_name}:{user_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def in_rollout(flag_name: str, user_id: Any, percent: Decimal | float | int) -> bool:
    return rollout_bucket(flag_name, user_id) < Decimal(str(percent)) * BUCKETS / 100


def flag_is_active_for_user(name: str, user: Any) -> bool:
    """The flag's answer for ``user`` without a request (jobs, services)."""
    from waffle import get_waffle_flag_model

    flag = get_waffle_flag_model().get(name)
    if not flag.pk:
        return False
    if flag.everyone is not None:
        return bool(flag.everyone)
    if flag.is_active_for_user(user):
        return True
    return bool(flag.percent and in_rollout(name, user.pk, flag.percent))
