"""Request-wide behaviour owned by accounts: language, staff MFA, audit context."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from pghistory.middleware import HistoryMiddleware

from accounts.enums import Language


class UserLanguageMiddleware:
    """Signed-in users see Haru in the language saved on their profile; the header's
    language switch saves the new choice to the profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in and user.language in Language.values:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        response = self.get_response(request)
        if (
            signed_in
            and request.method == "POST"
            and request.path == reverse("set_language")
            and request.POST.get("language") in Language.values
            and request.POST["language"] != user.language
        ):
            from accounts.services import user_update_profile

            user_update_profile(user=user, language=request.POST["language"])
        return response


class StaffMFARequiredMiddleware:
    """With ACCOUNTS_STAFF_MFA_REQUIRED (production), staff must set up TOTP before the
    operator console opens."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.ACCOUNTS_STAFF_MFA_REQUIRED and request.path.startswith(
            "/" + settings.ADMIN_URL
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_staff:
                from accounts.selectors import user_has_mfa

                if not user_has_mfa(user=user):
                    messages.warning(
                        request,
                        _("Set up two-factor authentication before opening the operator console."),
                    )
                    return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


class AuditContextMiddleware(HistoryMiddleware):
    """pghistory context for writes: the acting user, the URL and the request id."""

    def get_context(self, request):
        context = super().get_context(request)
        context["request_id"] = getattr(request, "request_id", None)
        return context
