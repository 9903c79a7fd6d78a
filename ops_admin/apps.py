from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsAdminConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ops_admin"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.exports import register_anonymiser, register_exporter
        from core.navigation import register_user_menu
        from ops_admin.queues import register_builtin_queues
        from ops_admin.roles import sync_roles_after_migrate
        from ops_admin.support_data import ANONYMISED_MODELS, erase_support, support_for_user

        register_builtin_queues()
        register_exporter("support", support_for_user)
        register_user_menu("support:list", _("Help and inquiries"), order=90)
        register_anonymiser("support", erase_support, models=ANONYMISED_MODELS)
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="ops_sync_roles")
