from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.enums import LedgerKind, WalletUnit


class Wallet(models.Model):
    """A user's balance of one unit (credits, seed 004; points, seed 002).

    The balance changes only through ``billing.services.wallets``, which locks this row and
    appends a ``LedgerEntry`` in the same transaction; the database refuses a negative balance.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="wallets"
    )
    unit = models.CharField(_("unit"), max_length=10, choices=WalletUnit.choices)
    balance = models.IntegerField(_("balance"), default=0, editable=False)
    lifetime_earned = models.PositiveIntegerField(_("earned in total"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("user", "unit")
        verbose_name = _("wallet")
        verbose_name_plural = _("wallets")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit"], name="billing_one_wallet_per_unit"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="billing_wallet_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.balance} {self.get_unit_display()}"


class LedgerEntry(models.Model):
    """One change to a wallet. Append-only: nothing updates or deletes these rows."""

    wallet = models.ForeignKey(Wallet, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=LedgerKind.choices)
    delta = models.IntegerField(_("change"))
    balance_after = models.IntegerField(_("balance after"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)
    # what is shown: a message key and its parameters, rendered in the reader's language
    # (billing.messages); ``reason`` keeps the caller's own words (an operator's note)
    reason_key = models.CharField(_("reason key"), max_length=100, blank=True)
    reason_params = models.JSONField(_("reason parameters"), default=dict, blank=True)
    reference_type = models.CharField(_("reference type"), max_length=50, blank=True)
    reference_id = models.CharField(_("reference id"), max_length=100, blank=True)
    # NULL (not "") means "no key", so the partial unique constraint ignores it
    idempotency_key = models.CharField(max_length=150, null=True, blank=True)  # noqa: DJ001
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    payment = models.ForeignKey(
        "billing.Payment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [models.Index(fields=["wallet", "-created_at"], name="billing_ledger_recent")]
        constraints = [
            models.UniqueConstraint(
                fields=["wallet", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="billing_ledger_idempotent",
            ),
            models.CheckConstraint(condition=~Q(delta=0), name="billing_ledger_delta_nonzero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="billing_ledger_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} {self.reason_text} -> {self.balance_after}"

    @property
    def reason_text(self) -> str:
        """The reason in the active language."""
        from billing.messages import message_render

        if self.reason_key:
            return message_render(self.reason_key, self.reason_params)
        return self.reason
