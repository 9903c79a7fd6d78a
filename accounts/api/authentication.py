"""DRF authentication by allauth headless session tokens (``X-Session-Token``)."""

from __future__ import annotations

from allauth.headless import app_settings as headless_settings
from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from django.contrib.auth import SESSION_KEY
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.exceptions import AuthenticationFailed

from accounts.adapters import REFUSED_STATES
from accounts.enums import Language
from accounts.models import User


def _use_language_of(user: User, request) -> None:
    """A token-signed-in user gets answers (error messages included) in their profile's
    language, as cookie sessions do through UserLanguageMiddleware; anonymous requests keep
    the language LocaleMiddleware chose from Accept-Language."""
    if user.language in Language.values:
        translation.activate(user.language)
        request._request.LANGUAGE_CODE = user.language


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's X-Session-Token authentication with clear errors: a token for a suspended or
    resigned account answers ``account_suspended`` / ``account_resigned``; an ended or
    unknown token answers ``session_expired``. No header: not this class's business."""

    def authenticate(self, request):
        token = self.get_session_token(request)
        if not token:
            return None
        result = super().authenticate(request)
        if result is not None:
            _use_language_of(result[0], request)
            return result
        session = headless_settings.TOKEN_STRATEGY.lookup_session(token)
        user_id = session.get(SESSION_KEY) if session is not None else None
        if user_id:
            user = User.objects.filter(pk=user_id).only("state").first()
            if user is not None and user.state in REFUSED_STATES:
                code = REFUSED_STATES[user.state][0]
                from allauth.account.adapter import get_adapter

                raise AuthenticationFailed(get_adapter().error_messages[code], code=code)
        raise AuthenticationFailed(
            _("Your session has ended. Please sign in again."), code="session_expired"
        )

    def authenticate_header(self, request) -> str:
        return 'X-Session-Token realm="api"'
