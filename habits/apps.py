from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HabitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "habits"
    verbose_name = _("Habits and health")

    def ready(self) -> None:
        from accounts.exports import register_exporter
        from coaching.context import register_provider
        from core.navigation import register_main

        from .coaching_context import habits_context
        from .exports import habits_for_user

        register_exporter("habits", habits_for_user)
        register_main("habits:dashboard", _("Today"), order=10)
        register_provider("habits", habits_context)
