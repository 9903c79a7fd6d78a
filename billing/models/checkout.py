from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.enums import CheckoutPurpose, CheckoutStatus, PayMethodKind, Provider
from core.fields import EncryptedTextField


class Checkout(models.Model):
    """A purchase in progress: what the user chose, at the server's price, with which provider.

    A subscription checkout registers a card (billing key) and then charges it (or starts
    the trial); a credit checkout takes one payment whose amount must equal ``amount``; a
    card checkout registers a new card for ``subscription``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_checkouts"
    )
    purpose = models.CharField(max_length=16, choices=CheckoutPurpose.choices)
    provider = models.CharField(max_length=10, choices=Provider.choices)
    plan = models.ForeignKey(
        "billing.Plan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    credit_pack = models.ForeignKey(
        "billing.CreditPack", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # the way to pay the user picked (card, KakaoPay, NaverPay, TossPay, bank account):
    # which provider window opens; ``provider`` follows it
    method_kind = models.CharField(
        _("way to pay"), max_length=12, choices=PayMethodKind.choices, default=PayMethodKind.CARD
    )
    order_id = models.CharField(max_length=64, unique=True)
    order_name = models.CharField(max_length=100)
    amount = models.PositiveIntegerField(_("amount due now"))
    # a promotion code applied at checkout; ``discount_amount`` is off the first charge
    coupon = models.ForeignKey(
        "billing.Coupon", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    discount_amount = models.PositiveIntegerField(_("discount"), default=0)
    currency = models.CharField(max_length=3, default="KRW")
    trial_days = models.PositiveSmallIntegerField(default=0)
    customer_key = EncryptedTextField(blank=True)
    status = models.CharField(
        max_length=12, choices=CheckoutStatus.choices, default=CheckoutStatus.OPEN
    )
    payment = models.ForeignKey(
        "billing.Payment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subscription = models.ForeignKey(
        "billing.Subscription", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # a booking checkout: the booking's id (an upper app's row, so no foreign key), the split
    # between platform and practitioner, the payment's reader-facing name and where to go after
    booking_id = models.UUIDField(null=True, blank=True)
    practitioner_id = models.UUIDField(null=True, blank=True)
    # a one-off product of an upper app (a course): its id, no foreign key for the same reason
    product_id = models.UUIDField(null=True, blank=True)
    platform_fee = models.PositiveIntegerField(default=0)
    practitioner_amount = models.PositiveIntegerField(default=0)
    description_key = models.CharField(max_length=100, blank=True)
    description_params = models.JSONField(default=dict, blank=True)
    return_url = models.CharField(max_length=300, blank=True)
    failure_code = models.CharField(max_length=64, blank=True)
    failure_message = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("checkout")
        verbose_name_plural = _("checkouts")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(purpose=CheckoutPurpose.SUBSCRIPTION, plan__isnull=False)
                    | Q(purpose=CheckoutPurpose.CREDITS, credit_pack__isnull=False)
                    | Q(purpose=CheckoutPurpose.CARD, subscription__isnull=False)
                    | Q(purpose=CheckoutPurpose.BOOKING, booking_id__isnull=False)
                    | Q(purpose=CheckoutPurpose.COURSE, product_id__isnull=False)
                ),
                name="billing_checkout_has_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_name} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == CheckoutStatus.OPEN

    @property
    def registers_card(self) -> bool:
        """The provider's window issues a billing key (not a one-off payment)."""
        return self.purpose in (CheckoutPurpose.SUBSCRIPTION, CheckoutPurpose.CARD)
