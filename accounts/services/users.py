"""Account lifecycle: profile, consents, state changes (with their log), safety pause,
resignation and the anonymisation that follows it 30 days later."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING, Any

import pghistory
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import STATE_TRANSITIONS, STATES_WITH_ACCESS, ChangeSource, UserState
from accounts.models import SafetyPause, User, UserStatusLog
from core.exceptions import ConflictError, HaruError

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

PROFILE_FIELDS = frozenset(
    {
        "nickname",
        "name",
        "birth_date",
        "birth_year",
        "gender",
        "phone",
        "bio",
        "timezone",
        "language",
        "share_profile_with_practitioners",
        "allow_usage_analytics",
    }
)


def _source_for(*, user: User, actor: User | None) -> str:
    if actor is None:
        return ChangeSource.SYSTEM
    return ChangeSource.USER if actor.pk == user.pk else ChangeSource.OPERATOR


def user_update_profile(*, user: User, **fields: Any) -> User:
    """Change profile fields (see PROFILE_FIELDS). A new phone number is no longer verified;
    a birth date also sets the birth year."""
    unknown = set(fields) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        changed: list[str] = []
        for name, value in fields.items():
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changed.append(name)
        if "phone" in changed:
            locked.phone_verified_at = None
            changed.append("phone_verified_at")
        if locked.birth_date and locked.birth_year != locked.birth_date.year:
            locked.birth_year = locked.birth_date.year
            changed.append("birth_year")
        if changed:
            locked.full_clean(exclude=["password", "email", "avatar"])
            locked.save(update_fields=[*set(changed), "updated_at"])
    for name in [*PROFILE_FIELDS, "phone_verified_at", "updated_at"]:
        setattr(user, name, getattr(locked, name))
    return user


def user_record_consents(
    *,
    user: User,
    terms: bool = False,
    privacy: bool = False,
    marketing: bool | None = None,
    at: datetime.datetime | None = None,
) -> User:
    """Store which versions the user accepted. ``marketing=False`` withdraws that consent;
    ``None`` leaves it as it is. Terms and privacy can only be accepted, never withdrawn
    (withdrawing them means resigning)."""
    at = at or timezone.now()
    update: dict[str, Any] = {}
    if terms:
        update |= {"terms_version": settings.ACCOUNTS_TERMS_VERSION, "terms_accepted_at": at}
    if privacy:
        update |= {"privacy_version": settings.ACCOUNTS_PRIVACY_VERSION, "privacy_accepted_at": at}
    if marketing is True and not user.marketing_accepted_at:
        update |= {
            "marketing_version": settings.ACCOUNTS_MARKETING_VERSION,
            "marketing_accepted_at": at,
        }
    elif marketing is False and user.marketing_accepted_at:
        update |= {"marketing_version": "", "marketing_accepted_at": None}
    if update:
        User.objects.filter(pk=user.pk).update(**update, updated_at=at)
        for name, value in update.items():
            setattr(user, name, value)
    return user


def user_end_sessions(*, user: User, keep_session_key: str | None = None) -> int:
    """End the user's sessions (web sessions and app session tokens alike)."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user=user).exclude(
        session_key=keep_session_key or ""
    ):
        session.end()
        ended += 1
    return ended


def user_change_state(
    *,
    user: User,
    new_state: str,
    actor: User | None = None,
    reason: str = "",
) -> UserStatusLog:
    """The only way an account's state changes.

    Checks the transition (``STATE_TRANSITIONS``), keeps ``is_active`` and ``deleted_at`` in
    step, writes a ``UserStatusLog`` row (source: the user themself, an operator, or the
    system when ``actor`` is None) in the same transaction, and ends every session when the
    user loses access (suspended, resigned).
    """
    if new_state not in UserState.values:
        raise HaruError(_("That is not an account state."), code="invalid_state")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        old_state = locked.state
        if new_state not in STATE_TRANSITIONS[old_state]:
            raise ConflictError(
                _("An account cannot go from %(old)s to %(new)s.")
                % {
                    "old": UserState(old_state).label,
                    "new": UserState(new_state).label,
                },
                code="invalid_transition",
            )
        if old_state == UserState.RESIGNED and locked.anonymised_at is not None:
            raise ConflictError(
                _("This account has been anonymised and cannot be restored."),
                code="account_anonymised",
            )
        now = timezone.now()
        locked.state = new_state
        locked.is_active = new_state in STATES_WITH_ACCESS
        locked.deleted_at = now if new_state == UserState.RESIGNED else None
        with pghistory.context(state_change_reason=reason[:200]):
            locked.save(update_fields=["state", "is_active", "deleted_at", "updated_at"])
        log = UserStatusLog.objects.create(
            user=locked,
            old_state=old_state,
            new_state=new_state,
            source=_source_for(user=locked, actor=actor),
            changed_by=actor if actor is not None and actor.pk != locked.pk else None,
            reason=reason,
        )
        if not locked.is_active:
            user_end_sessions(user=locked)
            if new_state == UserState.RESIGNED:
                locked.notification_devices.update(is_active=False)
    user.state, user.is_active, user.deleted_at = locked.state, locked.is_active, locked.deleted_at
    logger.info("account %s: %s -> %s (%s)", user.pk, old_state, new_state, log.source)
    return log


def user_set_safety_pause(
    *,
    user: User,
    until: datetime.datetime | None,
    reason: str,
    actor: User | None = None,
) -> User:
    """Pause (``until`` in the future) or lift (``until=None``) the user's safety pause.

    Every pause is kept as a ``SafetyPause`` period ``[starts_at, ends_at)``: a new pause
    starts now (or extends/shortens the one running), lifting ends the running one now.
    ``User.safety_paused_until`` mirrors the running pause's end. While paused,
    ``selectors.user_is_safety_paused`` is True, other apps hold back content that could
    hurt, and habits count the paused local days as frozen (streaks neither grow nor break).
    The change is also kept in the audit history with the actor and reason.
    """
    if until is not None and timezone.is_naive(until):
        raise ValueError("until must be timezone-aware")
    now = timezone.now()
    with (
        transaction.atomic(),
        pghistory.context(
            safety_pause_reason=reason[:200], safety_pause_actor=str(actor.pk) if actor else None
        ),
    ):
        User.objects.select_for_update().filter(pk=user.pk).first()
        running = (
            SafetyPause.objects.select_for_update()
            .filter(user_id=user.pk, starts_at__lte=now, ends_at__gt=now)
            .order_by("-starts_at")
            .first()
        )
        if until is None or until <= now:
            if running is not None:
                running.ends_at = now
                running.save(update_fields=["ends_at"])
            until = None
        elif running is not None:
            running.ends_at = until
            running.reason = reason[:200]
            running.save(update_fields=["ends_at", "reason"])
        else:
            SafetyPause.objects.create(
                user_id=user.pk, starts_at=now, ends_at=until, reason=reason[:200], actor=actor
            )
        User.objects.filter(pk=user.pk).update(
            safety_paused_until=until,
            safety_pause_reason=reason[:200] if until else "",
            updated_at=now,
        )
    user.safety_paused_until = until
    user.safety_pause_reason = reason[:200] if until else ""
    return user


def user_resign(*, user: User, reason: str = "", request: HttpRequest | None = None) -> User:
    """The user leaves: state becomes resigned (sessions end at once, push devices stop);
    personal fields are anonymised by the beat job after ACCOUNTS_ANONYMISE_AFTER_DAYS."""
    user_change_state(user=user, new_state=UserState.RESIGNED, actor=user, reason=reason)
    if request is not None:
        from django.contrib.auth import logout

        logout(request)
    return user


def user_reactivate_dormant(*, user: User) -> None:
    """Signing in wakes a dormant (inactive) account; the system writes the log row."""
    if user.state == UserState.INACTIVE:
        user_change_state(
            user=user, new_state=UserState.ACTIVE, actor=None, reason="signed in while dormant"
        )


def user_avatar_set(*, user: User, upload) -> User:
    """Make an uploaded image the profile picture; the previous one is deleted."""
    from accounts.services.uploads import upload_delete

    previous_id = user.avatar_id
    User.objects.filter(pk=user.pk).update(avatar=upload, updated_at=timezone.now())
    user.avatar = upload
    if previous_id and previous_id != upload.pk:
        from accounts.models import UploadedFile

        previous = UploadedFile.objects.filter(pk=previous_id).first()
        if previous is not None:
            upload_delete(upload=previous)
    return user


def user_avatar_remove(*, user: User) -> User:
    from accounts.services.uploads import upload_delete

    upload = user.avatar if user.avatar_id else None
    if upload is not None:
        User.objects.filter(pk=user.pk).update(avatar=None, updated_at=timezone.now())
        user.avatar = None
        upload_delete(upload=upload)
    return user
