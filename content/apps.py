from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "content"
    verbose_name = _("Content")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from billing.enums import PaymentPurpose
        from billing.fulfilment import register_fulfiller
        from billing.messages import register_message
        from billing.usage import register_usage_probe as usage_probe
        from content.usage import content_used
        from core.analytics import event_recorded
        from core.navigation import register_main

        from .exports import ANONYMISED_MODELS, content_for_user, erase_content
        from .permissions import ensure_groups
        from .receivers import on_event_recorded
        from .services.courses import course_payment_succeeded

        register_exporter("content", content_for_user)
        register_anonymiser("content", erase_content, models=ANONYMISED_MODELS)
        register_main("content:library", _("Library"), order=40, public=True)
        register_main("content:events", _("Events"), order=45)
        register_message("content.event_reward", _("Event reward: %(event)s"))
        register_message("content.course", _course_title)
        register_fulfiller(PaymentPurpose.COURSE, course_payment_succeeded)
        usage_probe("content", content_used)  # billing.usage: the 7-day withdrawal
        event_recorded.connect(on_event_recorded, dispatch_uid="content.on_event_recorded")
        post_migrate.connect(ensure_groups, sender=self, dispatch_uid="content.ensure_groups")


def _course_title(params: dict) -> str:
    """A bought course's payment line, with the course's title in the reader's language."""
    from django.utils.translation import get_language, gettext

    english = (get_language() or "ko").startswith("en")
    title = (params.get("course_en") if english else "") or params.get("course") or ""
    return gettext("Course: %(course)s") % {"course": title}
