from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Layer 0 beside ``config``: shared plumbing every app may use (encryption, API, pages)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from core.api.validation import install_default_validators

        install_default_validators()  # every API date/datetime is bounded (year 1/9999)

        from core.sites import site_sync_after_migrate

        # after "sites" created its row: keep it in step with SITE_URL on every migrate
        post_migrate.connect(site_sync_after_migrate, sender=self)
