"""Signal receivers: allauth events become LoginLog rows and product events (sign-up, app open)."""

from __future__ import annotations

from allauth.account.signals import user_logged_in, user_signed_up
from allauth.mfa.signals import authentication_failed as mfa_authentication_failed
from django.db import transaction
from django.dispatch import receiver

from accounts.enums import LoginMethod, LoginOutcome
from core.analytics import APP_OPEN, SIGN_UP, track


def _method(request, user, sociallogin) -> tuple[str, str]:
    if sociallogin is not None:
        return LoginMethod.SOCIAL, sociallogin.account.provider
    try:
        from allauth.account.internal.flows.login import get_authentication_records

        records = get_authentication_records(request, user)
    except Exception:  # no session (e.g. a programmatic login): treat as password
        records = []
    methods = [record.get("method") for record in records]
    if "socialaccount" in methods:
        provider = next(
            r.get("provider", "") for r in records if r.get("method") == "socialaccount"
        )
        return LoginMethod.SOCIAL, provider
    if "code" in methods:
        return LoginMethod.CODE, ""
    return LoginMethod.PASSWORD, ""


@receiver(user_logged_in, dispatch_uid="accounts.login_success")
def on_user_logged_in(sender, request, user, sociallogin=None, **kwargs) -> None:
    from accounts.services import login_record_success

    method, provider = _method(request, user, sociallogin)
    login_record_success(request=request, user=user, method=method, provider=provider)
    transaction.on_commit(
        lambda: track(APP_OPEN, user_id=user.pk, properties={"via": "sign_in", "method": method})
    )


@receiver(user_signed_up, dispatch_uid="accounts.signed_up")
def on_user_signed_up(sender, request, user, sociallogin=None, **kwargs) -> None:
    via = sociallogin.account.provider if sociallogin is not None else "email"
    transaction.on_commit(lambda: track(SIGN_UP, user_id=user.pk, properties={"via": via}))


@receiver(mfa_authentication_failed, dispatch_uid="accounts.mfa_failed")
def on_mfa_failed(sender, request, user, authenticator=None, reauthentication=False, **kwargs):
    if reauthentication:
        return
    from accounts.services import login_log_record

    login_log_record(
        request=request,
        user=user,
        success=False,
        reason=LoginOutcome.MFA_FAILED,
        method=LoginMethod.MFA,
    )
