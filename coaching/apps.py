from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coaching"
    verbose_name = _("AI coaching")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from billing.usage import register_usage_probe as usage_probe
        from coaching import receivers  # noqa: F401 - welcome credits on sign-up
        from coaching.exports import ANONYMISED_MODELS, anonymise_user, export_user
        from coaching.services.flags import register_coaching_outputs
        from coaching.usage import coaching_used
        from core.navigation import register_main

        register_coaching_outputs()
        register_exporter("coaching", export_user)
        register_anonymiser("coaching", anonymise_user, models=ANONYMISED_MODELS)
        register_main("coaching:inbox", _("Coaching"), order=30)
        register_main("coaching:services", _("AI readings"), order=40)
        usage_probe("coaching", coaching_used)  # billing.usage: the 7-day withdrawal
