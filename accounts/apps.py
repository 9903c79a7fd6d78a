from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Members")

    def ready(self) -> None:
        from accounts import (
            audit,
            receivers,  # noqa: F401 - connects the signal receivers
        )
        from accounts.api import schema  # noqa: F401 - OpenAPI extension for X-Session-Token
        from accounts.exporters import register_accounts_exporters
        from accounts.exports import register_anonymiser
        from accounts.services.anonymise import (
            ACCOUNTS_ANONYMISED_MODELS,
            accounts_anonymise_user,
        )
        from core.navigation import register_special, register_user_menu

        audit.install()  # every admin action, save and delete writes the audit trail
        register_accounts_exporters()
        register_anonymiser("accounts", accounts_anonymise_user, models=ACCOUNTS_ANONYMISED_MODELS)
        register_user_menu("accounts:profile", _("Profile"), order=10)
        register_user_menu("accounts:notifications", _("Notifications"), order=20)
        register_user_menu("accounts:security", _("Security"), order=30)
        register_special("inbox", "accounts:notifications")
        register_special("inbox_badge", "accounts:unread_badge")
        register_special("login", "account_login")
        register_special("logout", "account_logout")
        register_special("signup", "account_signup")
