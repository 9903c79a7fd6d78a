from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def booking_payment_title(params: dict) -> str:
    """A booking payment's name in the reader's language (billing renders it by key)."""
    from django.utils.translation import get_language, gettext

    english = (get_language() or "ko").startswith("en")
    service = (english and params.get("service_en")) or params.get("service", "")
    return gettext("Session: %(service)s with %(practitioner)s") % {
        "service": service,
        "practitioner": params.get("practitioner", ""),
    }


class PractitionersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "practitioners"
    verbose_name = _("Practitioners")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from billing.enums import PaymentPurpose
        from billing.fulfilment import register_fulfiller
        from billing.messages import register_message
        from core.navigation import register_main, register_user_menu

        from .exports import (
            ANONYMISED_MODELS,
            practitioner_anonymise_user,
            practitioner_data_for_user,
        )
        from .services.bookings import booking_payment_succeeded

        register_exporter("practitioners", practitioner_data_for_user)
        register_anonymiser("practitioners", practitioner_anonymise_user, models=ANONYMISED_MODELS)
        register_fulfiller(PaymentPurpose.BOOKING, booking_payment_succeeded)
        register_message("practitioners.booking", _("Session: %(service)s with %(practitioner)s"))
        register_main("practitioners:directory", _("Experts"), order=40, public=True)
        register_user_menu("practitioners:my_sessions", _("My sessions"), order=30)
        register_user_menu("practitioners:dashboard", _("Practitioner desk"), order=35)
