"""The one resolver every AI feature uses: ``policy_get(name, user)``.

Resolution, for policy ``name`` and ``user``:

1. the user's own active pointer (scope ``user``) if there is one, else the global pointer;
2. that version's ``rules``, copied;
3. unexpired overrides applied on top: global ones first, then the user's own, oldest first,
   each setting one dotted key (``"tone"``, ``"slip.duration_hours"``).

``scope`` in the answer is ``"user"`` when anything user-specific (pointer or override) shaped
it, else ``"global"``. ``None`` when no version is active for the name.

The models (``PolicyVersion``, ``PolicyActive``, ``PolicyOverride``) live in
``coaching.models``; switching a pointer and adding an override are services in
``coaching.services.policies``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils import timezone

from coaching.enums import PolicyName, PolicyScope
from coaching.models import PolicyActive, PolicyOverride, PolicyVersion

if TYPE_CHECKING:
    from accounts.models import User

POLICY_NAMES = tuple(PolicyName.values)

__all__ = [
    "POLICY_NAMES",
    "ActivePolicy",
    "PolicyActive",
    "PolicyOverride",
    "PolicyVersion",
    "apply_key",
    "policy_get",
    "policy_versions_for",
]


@dataclass(frozen=True)
class ActivePolicy:
    name: str
    version: int
    rules: dict[str, Any] = field(default_factory=dict)
    scope: str = PolicyScope.GLOBAL
    overrides: tuple[int, ...] = ()


def apply_key(rules: dict[str, Any], key: str, value: Any) -> None:
    """Set ``rules[a][b] = value`` for ``key="a.b"``, creating the dicts on the way."""
    parts = [part for part in key.split(".") if part]
    if not parts:
        return
    target = rules
    for part in parts[:-1]:
        nxt = target.get(part)
        if not isinstance(nxt, dict):
            nxt = {}
            target[part] = nxt
        target = nxt
    target[parts[-1]] = copy.deepcopy(value)


def _user_id(user: User | None) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def policy_get(name: str, user: User | None, *, at: datetime | None = None) -> ActivePolicy | None:
    """The policy ``name`` as it applies to ``user`` now (see the module docstring)."""
    at = at or timezone.now()
    user_id = _user_id(user)
    pointer_filter = Q(user__isnull=True)
    if user_id is not None:
        pointer_filter |= Q(user_id=user_id)
    pointers = list(
        PolicyActive.objects.filter(pointer_filter, name=name).select_related("version")
    )
    pointer = next((p for p in pointers if p.user_id is not None), None) or next(
        (p for p in pointers if p.user_id is None), None
    )
    if pointer is None:
        return None
    scope = PolicyScope.USER if pointer.user_id is not None else PolicyScope.GLOBAL
    rules = copy.deepcopy(pointer.version.rules or {})

    override_filter = Q(user__isnull=True)
    if user_id is not None:
        override_filter |= Q(user_id=user_id)
    overrides = (
        PolicyOverride.objects.filter(override_filter, name=name)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))
        .order_by("created_at", "pk")
    )
    applied: list[int] = []
    ordered = sorted(overrides, key=lambda o: (o.user_id is not None, o.created_at, o.pk))
    for override in ordered:
        apply_key(rules, override.key, override.value)
        applied.append(override.pk)
        if override.user_id is not None:
            scope = PolicyScope.USER
    return ActivePolicy(
        name=name,
        version=pointer.version.version,
        rules=rules,
        scope=str(scope),
        overrides=tuple(applied),
    )


def policy_versions_for(user: User | None, names: tuple[str, ...] = POLICY_NAMES) -> dict:
    """``{name: version}`` of every active policy for ``user`` (for analysis metadata)."""
    result: dict[str, int] = {}
    for name in names:
        policy = policy_get(name, user)
        if policy is not None:
            result[name] = policy.version
    return result
