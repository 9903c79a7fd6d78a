from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from billing.enums import ConsentChannel, ConsentKind


class SubscriptionConsent(models.Model):
    """A subscriber's explicit "yes" to a charge that is new or higher (전자상거래법 §13⑥):
    a trial turning paid, a price rise, a promotional price ending.

    It names what was agreed to (the date, the old and the new amount, the payment method),
    when, through which channel, and which wording (``text_version`` + the text shown). It is
    given separately from sign-up, within the 30 days before ``effective_at``; without one
    the subscription ends at ``effective_at`` and nothing is charged.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_consents"
    )
    subscription = models.ForeignKey(
        "billing.Subscription", on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("for"), max_length=20, choices=ConsentKind.choices)
    effective_at = models.DateTimeField(_("change takes effect"))
    old_amount = models.PositiveIntegerField(_("amount before"))
    new_amount = models.PositiveIntegerField(_("amount after"))
    currency = models.CharField(_("currency"), max_length=3, default="KRW")
    payment_method = models.ForeignKey(
        "billing.PaymentMethod", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment_method_label = models.CharField(_("payment method"), max_length=100, blank=True)
    text_version = models.CharField(_("wording version"), max_length=40)
    text = models.TextField(_("wording shown"))
    channel = models.CharField(_("channel"), max_length=10, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given at"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-given_at",)
        verbose_name = _("price consent")
        verbose_name_plural = _("price consents")
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "effective_at", "new_amount"],
                name="billing_one_consent_per_change",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.old_amount} -> {self.new_amount}"
