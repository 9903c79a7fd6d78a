from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from accounts.exports import register_anonymiser, register_exporter
        from billing import checks  # noqa: F401 - registers the deploy check
        from billing.exports import anonymise_user, export_user
        from billing.messages import register_billing_messages
        from core.idempotency import idempotency_records_erase
        from core.navigation import register_main, register_user_menu

        register_billing_messages()
        register_exporter("billing", export_user)
        register_anonymiser(
            "billing",
            anonymise_user,
            models=[
                "billing.Subscription",
                "billing.PaymentMethod",
                "billing.SubscriptionConsent",
                "billing.CouponRedemption",
                "billing.CashReceiptSetting",
            ],
        )
        # core cannot name accounts (a lower layer); billing is the first app to use its keys
        register_anonymiser(
            "idempotency_keys", idempotency_records_erase, models=["core.IdempotencyRecord"]
        )
        register_main("billing:pricing", _("Pricing"), order=90, public=True)
        register_user_menu("billing:settings", _("Subscription"), order=40)
