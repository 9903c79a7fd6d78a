from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PractitionersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practitioners"
    verbose_name = _("Practitioners")

    def ready(self) -> None:
        from practitioners.social.registry import register as register_social

        register_social()
