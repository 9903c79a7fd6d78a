from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HabitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "habits"
    verbose_name = _("Habits and health")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from coaching.context import register_provider
        from core.navigation import register_main, register_special

        from .caching import connect_signals
        from .coaching_context import habits_context
        from .exports import ANONYMISED_MODELS, habits_anonymise_user, habits_for_user

        register_exporter("habits", habits_for_user)
        register_anonymiser("habits", habits_anonymise_user, models=ANONYMISED_MODELS)
        register_main("habits:dashboard", _("Today"), order=10)
        register_special("home", "habits:dashboard")  # where a signed-in user lands
        register_provider("habits", habits_context)
        connect_signals()
