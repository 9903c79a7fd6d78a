from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import receivers  # noqa: F401 - connects the signal receivers
        from accounts.api import schema  # noqa: F401 - OpenAPI extension for X-Session-Token
        from accounts.exporters import register_accounts_exporters

        register_accounts_exporters()
