"""Writes for AI policies: new versions, atomic activation (logged), overrides with expiry."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coaching.enums import PolicyName, PolicyScope
from coaching.exceptions import PolicyInvalid
from coaching.models import PolicyActivation, PolicyActive, PolicyOverride, PolicyVersion

if TYPE_CHECKING:
    from accounts.models import User


def _check_name(name: str) -> None:
    if name not in PolicyName.values:
        raise PolicyInvalid(_("Unknown policy: %(name)s.") % {"name": name})


def policy_version_create(
    *, name: str, rules: dict[str, Any], description: str = "", actor: User | None = None
) -> PolicyVersion:
    _check_name(name)
    if not isinstance(rules, dict):
        raise PolicyInvalid(_("Policy rules are a JSON object."))
    with transaction.atomic():
        list(PolicyVersion.objects.select_for_update().filter(name=name).only("pk"))
        current = PolicyVersion.objects.filter(name=name).aggregate(v=Max("version"))["v"]
        return PolicyVersion.objects.create(
            name=name,
            version=(current or 0) + 1,
            rules=rules,
            description=description[:300],
            created_by=actor,
        )


def policy_activate(
    *,
    version: PolicyVersion,
    actor: User | None,
    reason: str,
    user: User | None = None,
) -> PolicyActive:
    """Point ``version.name`` (for everyone, or for ``user``) at ``version``, atomically,
    with an activation log row naming who and why."""
    if not reason or not reason.strip():
        raise PolicyInvalid(_("Say why this version is being activated."))
    scope = PolicyScope.USER if user is not None else PolicyScope.GLOBAL
    with transaction.atomic():
        # One activation per policy name at a time (also when no pointer row exists yet).
        list(PolicyVersion.objects.select_for_update().filter(name=version.name).only("pk"))
        pointer = (
            PolicyActive.objects.select_for_update()
            .filter(name=version.name, user=user)
            .select_related("version")
            .first()
        )
        previous = pointer.version.version if pointer is not None else None
        if pointer is None:
            pointer = PolicyActive.objects.create(
                name=version.name, scope=scope, user=user, version=version, activated_by=actor
            )
        else:
            pointer.version = version
            pointer.activated_by = actor
            pointer.save(update_fields=["version", "activated_by", "activated_at"])
        PolicyActivation.objects.create(
            name=version.name,
            scope=scope,
            user=user,
            from_version=previous,
            to_version=version.version,
            actor=actor,
            reason=reason.strip()[:300],
        )
    return pointer


def policy_deactivate_for_user(*, name: str, user: User, actor: User | None, reason: str) -> None:
    """Remove a user's own pointer: the global version applies to them again."""
    with transaction.atomic():
        pointer = PolicyActive.objects.select_for_update().filter(name=name, user=user).first()
        if pointer is None:
            return
        PolicyActivation.objects.create(
            name=name,
            scope=PolicyScope.USER,
            user=user,
            from_version=pointer.version.version,
            to_version=PolicyActive.objects.get(name=name, user__isnull=True).version.version,
            actor=actor,
            reason=(reason or "back to global").strip()[:300],
        )
        pointer.delete()


def policy_override_create(
    *,
    name: str,
    key: str,
    value: Any,
    reason: str,
    actor: User | None,
    user: User | None = None,
    expires_at: datetime | None = None,
) -> PolicyOverride:
    _check_name(name)
    if not key.strip() or not reason.strip():
        raise PolicyInvalid(_("An override needs a rule key and a reason."))
    if expires_at is not None and expires_at <= timezone.now():
        raise PolicyInvalid(_("The expiry must be in the future."))
    return PolicyOverride.objects.create(
        name=name,
        key=key.strip(),
        value=value,
        scope=PolicyScope.USER if user is not None else PolicyScope.GLOBAL,
        user=user,
        reason=reason.strip()[:300],
        expires_at=expires_at,
        created_by=actor,
    )


def policy_overrides_purge_expired(*, now: datetime | None = None) -> int:
    deleted, _counts = PolicyOverride.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
