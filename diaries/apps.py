from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "diaries"
    verbose_name = _("Diaries")
