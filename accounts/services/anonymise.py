"""Anonymising resigned accounts: personal fields go, legally required records stay."""

from __future__ import annotations

import datetime
import logging
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import exports as registry
from accounts.enums import UserState
from accounts.models import (
    DataExport,
    LoginLog,
    Notification,
    NotificationDevice,
    NotificationPreference,
    NotificationReceipt,
    SafetyPause,
    UploadedFile,
    User,
)

if TYPE_CHECKING:
    pass

logger = logging.getLogger(__name__)

ANONYMOUS_NICKNAME = "탈퇴한 회원"


def user_ids_due_for_anonymisation(*, now: datetime.datetime | None = None) -> list:
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.ACCOUNTS_ANONYMISE_AFTER_DAYS
    )
    return list(
        User.objects.filter(
            state=UserState.RESIGNED, anonymised_at__isnull=True, deleted_at__lte=cutoff
        ).values_list("pk", flat=True)
    )


def user_anonymise(*, user_id) -> bool:
    """Remove a resigned user's personal data; returns False when there was nothing to do.

    Cleared: email, names, birth data, gender, phone, bio, avatar and every upload, password,
    consents' marketing part, social accounts, email addresses, MFA authenticators, sessions,
    push devices, notifications, exports, and IP/device details of sign-in logs; the audit
    history rows of the user are deleted too. Other apps' registered anonymisers run in the
    same transaction. The row itself stays (payments and other kept records point at it),
    so the account can never be restored afterwards.
    """
    with transaction.atomic():
        user = (
            User.objects.select_for_update()
            .filter(pk=user_id, state=UserState.RESIGNED, anonymised_at__isnull=True)
            .first()
        )
        if user is None:
            return False
        # "accounts" (below) is one of them: every app's erasure runs the same way.
        for name, anonymiser in registry.anonymisers().items():
            logger.info("anonymising %s: %s", user.pk, name)
            anonymiser(user)

        now = timezone.now()
        user.email = None
        user.nickname = ANONYMOUS_NICKNAME
        user.name = ""
        user.birth_date = None
        user.birth_year = None
        user.gender = ""
        user.phone = ""
        user.phone_verified_at = None
        user.avatar = None
        user.bio = ""
        user.marketing_version = ""
        user.marketing_accepted_at = None
        user.safety_paused_until = None
        user.safety_pause_reason = ""
        user.set_unusable_password()
        user.anonymised_at = now
        with pghistory.context(anonymised=True):
            user.save()
        # The history table holds earlier copies of the personal fields: drop them.
        events = User.pgh_event_model.objects  # type: ignore[attr-defined]  # set by pghistory
        events.filter(pgh_obj_id=user.pk).exclude(pgh_created_at__gte=now).delete()
        UploadedFile.objects.filter(owner=user).delete()  # the avatar, now unreferenced
    logger.info("account %s anonymised", user_id)
    return True


ACCOUNTS_ANONYMISED_MODELS = [
    "accounts.DataExport",
    "accounts.LoginLog",
    "accounts.Notification",
    "accounts.NotificationReceipt",
    "accounts.NotificationDevice",
    "accounts.NotificationPreference",
    "accounts.SafetyPause",
    "accounts.UploadedFile",
    "accounts.UserHistory",
    "account.EmailAddress",
    "socialaccount.SocialAccount",
    "mfa.Authenticator",
    "usersessions.UserSession",
]


def accounts_anonymise_user(user: User) -> None:
    """The accounts app's rows about ``user``: sign-in identities, sessions, devices, the inbox,
    uploads and exports go (their files after commit); sign-in logs keep only the outcome and
    time. ``user_anonymise`` clears the user row itself. Safe to run twice."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.socialaccount.models import SocialAccount
    from allauth.usersessions.models import UserSession

    avatar_id = user.avatar_id
    owned = UploadedFile.objects.filter(owner=user)
    uploads = list(owned.exclude(pk=avatar_id) if avatar_id else owned)
    exports = list(DataExport.objects.filter(user=user))
    avatar = UploadedFile.objects.filter(pk=avatar_id).first() if avatar_id else None
    for session in UserSession.objects.filter(user=user):
        session.end()
    SocialAccount.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    NotificationDevice.objects.filter(user=user).delete()
    NotificationReceipt.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    SafetyPause.objects.filter(user=user).delete()  # reasons name the slip rule
    LoginLog.objects.filter(user=user).update(ip=None, device="", user_agent="", identifier="")
    UploadedFile.objects.filter(pk__in=[item.pk for item in uploads]).delete()
    DataExport.objects.filter(user=user).delete()
    items: list[UploadedFile | DataExport] = [*uploads, *exports, *([avatar] if avatar else [])]
    files = [item.file for item in items]

    def _delete_files() -> None:
        for file in files:
            if file:
                try:
                    file.delete(save=False)
                except OSError:
                    logger.warning("could not delete %s", file.name)

    transaction.on_commit(_delete_files)
