from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Layer 0 beside ``config``: shared plumbing every app may use (encryption, API, pages)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Platform")
