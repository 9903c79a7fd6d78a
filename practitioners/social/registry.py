"""Registrations of the social half, called from ``PractitionersConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    from accounts.exports import register_anonymiser, register_exporter
    from core.navigation import register_user_menu
    from practitioners.social import admin, tasks  # noqa: F401 - registers admin and tasks
    from practitioners.social.exports import ANONYMISED_MODELS, anonymise_user, export_user

    register_exporter("practitioners-social", export_user)
    register_anonymiser("practitioners-social", anonymise_user, models=ANONYMISED_MODELS)
    register_user_menu("practitioners:messages", _("Messages"), order=25)
    register_user_menu("practitioners:records", _("My health records"), order=26)
