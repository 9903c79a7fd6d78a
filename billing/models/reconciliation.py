from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from billing.enums import Provider, ReconciliationKind


class ReconciliationIssue(models.Model):
    """A payment whose state here and at the provider disagree (the daily reconciliation).

    Operators work through the open ones in the admin; ``resolved_at`` closes one. One open
    issue per (provider, order id, kind): the next day's run does not add a duplicate.
    """

    provider = models.CharField(_("provider"), max_length=10, choices=Provider.choices)
    order_id = models.CharField(_("order id"), max_length=64)
    provider_tx_id = models.CharField(_("provider transaction id"), max_length=255, blank=True)
    payment = models.ForeignKey(
        "billing.Payment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reconciliation_issues",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ReconciliationKind.choices)
    ours = models.JSONField(_("here"), default=dict, blank=True)
    theirs = models.JSONField(_("at the provider"), default=dict, blank=True)
    day = models.DateField(_("day checked"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("reconciliation issue")
        verbose_name_plural = _("reconciliation issues")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "order_id", "kind"],
                condition=Q(resolved_at__isnull=True),
                name="billing_one_open_reconciliation_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.order_id} · {self.get_kind_display()}"
