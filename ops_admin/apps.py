from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsAdminConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ops_admin"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from ops_admin.queues import register_builtin_queues

        register_builtin_queues()
