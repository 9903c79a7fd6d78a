from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiariesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "diaries"
    verbose_name = _("Diaries")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from billing.usage import register_usage_probe as usage_probe
        from coaching.services.flags import register_flaggable_output
        from core.navigation import register_main
        from diaries.flags import DIARY_READING, diary_reading_for_owner
        from diaries.usage import diaries_used

        from .exports import ANONYMISED_MODELS, diary_for_user, erase_diary

        register_exporter("diaries", diary_for_user)
        register_anonymiser("diaries", erase_diary, models=ANONYMISED_MODELS)
        register_main("diaries:list", _("Diary"), order=20)
        usage_probe("diaries", diaries_used)  # billing.usage: the 7-day withdrawal
        # coaching's report queue
        register_flaggable_output(DIARY_READING, diary_reading_for_owner, label=_("Diary reading"))
