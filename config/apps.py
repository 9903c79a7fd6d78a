"""Third-party apps under Haru's own names, so the operator console reads naturally in Korean.

pghistory's ``events`` and allauth's ``Authenticator`` carry plain English labels (not marked
for translation), and the apps' section names are English too. These subclasses keep each
app's label and behaviour, and give the sections and models translatable names.
"""

from __future__ import annotations

from allauth.mfa.apps import MFAConfig
from django.utils.translation import gettext_lazy as _
from pghistory.apps import PGHistoryConfig


class AuditHistoryConfig(PGHistoryConfig):
    verbose_name = _("Audit history")

    def ready(self) -> None:
        super().ready()
        from pghistory.models import Events, MiddlewareEvents

        Events._meta.verbose_name = _("audit event")
        Events._meta.verbose_name_plural = _("audit events")
        MiddlewareEvents._meta.verbose_name = _("audit event of a request")
        MiddlewareEvents._meta.verbose_name_plural = _("audit events of requests")


class TwoFactorConfig(MFAConfig):
    verbose_name = _("Two-factor authentication")

    def ready(self) -> None:
        super().ready()
        from allauth.mfa.models import Authenticator

        Authenticator._meta.verbose_name = _("authenticator")
        Authenticator._meta.verbose_name_plural = _("authenticators")
