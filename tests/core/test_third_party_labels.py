"""The operator console names pghistory's and allauth MFA's sections and models in Korean."""

from django.apps import apps
from django.utils import translation


def test_audit_history_and_two_factor_labels_are_korean():
    from allauth.mfa.models import Authenticator
    from pghistory.models import Events

    with translation.override("ko"):
        assert str(apps.get_app_config("pghistory").verbose_name) == "변경 이력"
        assert str(Events._meta.verbose_name_plural) == "변경 기록"
        assert str(apps.get_app_config("mfa").verbose_name) == "2단계 인증"
        assert str(Authenticator._meta.verbose_name_plural) == "인증 수단"
    with translation.override("en"):
        assert str(Authenticator._meta.verbose_name_plural) == "authenticators"
