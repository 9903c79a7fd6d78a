"""allauth hooks: sign-in logging, lockout alerts, suspended/resigned refusals, social data."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from accounts.enums import LoginMethod, LoginOutcome, UserState
from accounts.models import User

logger = logging.getLogger(__name__)

REFUSED_STATES = {
    UserState.SUSPENDED: ("account_suspended", LoginOutcome.SUSPENDED),
    UserState.RESIGNED: ("account_resigned", LoginOutcome.RESIGNED),
}


def _identifier(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "").strip().lower()


def _user_for(identifier: str) -> User | None:
    if not identifier:
        return None
    return User.objects.annotate(email_lower=Lower("email")).filter(email_lower=identifier).first()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_suspended": _(
            "This account is suspended. Contact support if you think this is a mistake."
        ),
        "account_resigned": _("This account was closed at the owner's request."),
    }

    def get_login_redirect_url(self, request) -> str:
        """After sign-in (without a ``next``), land on the page an app registered as "home"
        (today's dashboard), not the marketing page; LOGIN_REDIRECT_URL when none is."""
        from core.navigation import special_url

        return special_url("home") or super().get_login_redirect_url(request)

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNTS_SIGNUP_OPEN", True)

    def pre_authenticate(self, request, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            from accounts.services import login_lockout_alert, login_log_record

            identifier = _identifier(credentials)
            user = _user_for(identifier)
            login_log_record(
                request=request,
                user=user,
                success=False,
                reason=LoginOutcome.LOCKED_OUT,
                identifier=identifier,
            )
            if user is not None and user.has_access:
                login_lockout_alert(user=user, request=request)
            raise

    def authenticate(self, request, **credentials: Any):
        user = super().authenticate(request, **credentials)
        if user is not None and user.state in REFUSED_STATES:
            from accounts.services import login_log_record

            code, outcome = REFUSED_STATES[user.state]
            login_log_record(
                request=request,
                user=user,
                success=False,
                reason=outcome,
                identifier=_identifier(credentials),
            )
            raise self.validation_error(code)
        return user

    def authentication_failed(self, request, **credentials: Any) -> None:
        from accounts.services import login_log_record

        identifier = _identifier(credentials)
        user = _user_for(identifier)
        login_log_record(
            request=request,
            user=user,
            success=False,
            reason=LoginOutcome.WRONG_PASSWORD if user else LoginOutcome.UNKNOWN_ACCOUNT,
            identifier=identifier,
        )

    def respond_user_inactive(self, request, user):
        """Social sign-in (or any path past the password form) reached a refused account."""
        from allauth.core.internal.httpkit import is_headless_request

        from accounts.services import login_log_record

        code, outcome = REFUSED_STATES.get(
            user.state, ("account_suspended", LoginOutcome.SUSPENDED)
        )
        login_log_record(
            request=request,
            user=user,
            success=False,
            reason=outcome,
            method=LoginMethod.SOCIAL,
        )
        if is_headless_request(request):
            return super().respond_user_inactive(request, user)
        return render(
            request,
            "account/account_inactive.html",
            {"refusal_code": code, "refusal_message": self.error_messages[code]},
            status=403,
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        extra = sociallogin.account.extra_data or {}
        nickname = (
            (extra.get("properties") or {}).get("nickname")  # Kakao
            or (extra.get("kakao_account", {}).get("profile") or {}).get("nickname")
            or extra.get("nickname")  # Naver
            or data.get("first_name")
            or extra.get("name")
            or ""
        )
        if isinstance(nickname, str):
            user.nickname = nickname[:50]
        if not user.email:
            user.email = None  # social-only users may have no email; unique only when present
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        from accounts.services import login_log_record

        login_log_record(
            request=request,
            user=None,
            success=False,
            reason=LoginOutcome.SOCIAL_FAILED,
            method=LoginMethod.SOCIAL,
            provider=getattr(provider, "id", str(provider or "")),
        )
        super().on_authentication_error(request, provider, error, exception, extra_context)
