"""Sign-in bookkeeping: a LoginLog row per attempt, login counts, lockout alerts."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import requestinfo
from accounts.enums import LoginMethod, LoginOutcome
from accounts.models import LoginLog, User

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)


def login_log_record(
    *,
    request: HttpRequest | None,
    user: User | None,
    success: bool,
    reason: str,
    method: str = LoginMethod.PASSWORD,
    identifier: str = "",
    provider: str = "",
) -> LoginLog:
    """Write one sign-in attempt (user when known, IP, device, user agent, outcome)."""
    agent = requestinfo.user_agent(request)
    return LoginLog.objects.create(
        user=user,
        identifier=(identifier or (user.email if user else "") or "").lower()[:255],
        method=method,
        provider=provider[:32],
        client=requestinfo.client_kind(request),
        success=success,
        reason=LoginOutcome.SUCCESS if success else reason,
        ip=requestinfo.client_ip(request),
        device=requestinfo.describe_device(agent),
        user_agent=agent,
        request_id=requestinfo.request_id(request),
    )


def login_record_success(
    *, request: HttpRequest | None, user: User, method: str, provider: str = ""
) -> LoginLog:
    """A completed sign-in: count it, wake a dormant account, and log it."""
    from accounts.services.users import user_reactivate_dormant

    User.objects.filter(pk=user.pk).update(login_count=F("login_count") + 1)
    user_reactivate_dormant(user=user)
    return login_log_record(
        request=request, user=user, success=True, reason="", method=method, provider=provider
    )


def login_lockout_alert(*, user: User, request: HttpRequest | None) -> None:
    """Tell the account owner (once per hour) that sign-ins were blocked after failures."""
    from accounts.services.notifications import notify

    now = timezone.now()
    notify(
        user=user,
        type="security_alert",
        title=_("Sign-ins to your account were paused"),
        body=_(
            "Someone entered a wrong password for your account several times, so signing in "
            "is paused for 15 minutes. If this was not you, change your password."
        ),
        data={"url": "/accounts/security/"},
        channels=("in_app", "email"),
        priority="urgent",
        dedupe_key=f"lockout:{now:%Y%m%d%H}",
    )
