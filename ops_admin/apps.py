from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class OpsAdminConfig(AppConfig):
    default = True
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
        self.ready_data()

    def ready_data(self) -> None:
        """Analytics, logs, KPIs and retention (the console's "data" half)."""
        from celery.signals import task_postrun, task_prerun
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_save

        from accounts.exports import register_anonymiser
        from core.analytics import event_recorded
        from ops_admin import retention
        from ops_admin.kpis import register_builtin_kpis
        from ops_admin.services import analytics

        event_recorded.connect(analytics.event_received, dispatch_uid="ops_admin.analytics")
        post_save.connect(
            analytics.user_saved, sender=get_user_model(), dispatch_uid="ops_admin.opt_out"
        )
        task_prerun.connect(retention.task_started, dispatch_uid="ops_admin.retention_start")
        task_postrun.connect(retention.task_finished, dispatch_uid="ops_admin.retention_end")
        register_builtin_kpis()
        retention.register_builtin_jobs()
        register_anonymiser(
            "ops_admin_analytics",
            analytics.anonymise_user,
            models=["ops_admin.UserDailyAnalytics", "ops_admin.CohortMembership"],
        )


class HaruAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with Haru's console site (``ops_admin.site.HaruAdminSite``)."""

    default = False
    default_site = "ops_admin.site.HaruAdminSite"
