"""What a caller of billing can catch. Every error is a core HaruError with a stable code."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.exceptions import ConflictError, HaruError, NotFoundError


class BillingError(HaruError):
    default_code = "billing_error"


class InsufficientBalance(BillingError):  # noqa: N818 - the contract's name
    status_code = 409
    default_code = "insufficient_balance"

    def __init__(self, message: str | None = None, *, balance: int = 0, requested: int = 0):
        super().__init__(
            str(message or _("Not enough balance for this.")),
            fields={"balance": [str(balance)], "requested": [str(requested)]},
        )
        self.balance = balance
        self.requested = requested


class InvalidAmount(BillingError):  # noqa: N818
    default_code = "invalid_amount"


class IdempotencyConflict(ConflictError):  # noqa: N818
    default_code = "idempotency_conflict"


class InvalidTransition(ConflictError):  # noqa: N818
    default_code = "invalid_transition"


class SubscriptionExists(ConflictError):  # noqa: N818
    default_code = "subscription_exists"


class NoActiveSubscription(NotFoundError):  # noqa: N818
    default_code = "no_subscription"


class PlanUnavailable(BillingError):  # noqa: N818
    default_code = "plan_unavailable"


class AmountMismatch(BillingError):  # noqa: N818
    """The amount a client reported is not the server's price for that order."""

    default_code = "amount_mismatch"


class CheckoutClosed(ConflictError):  # noqa: N818
    default_code = "checkout_closed"


class PaymentDeclined(BillingError):  # noqa: N818
    """The provider refused the charge; ``code`` is the provider's own code."""

    status_code = 402
    default_code = "payment_declined"


class PaymentPending(ConflictError):  # noqa: N818
    """The charge went out but the provider has not confirmed it yet (a timeout). Nothing is
    charged again: a job looks it up by order id within minutes."""

    default_code = "payment_pending"


class ConsentNotOpen(ConflictError):  # noqa: N818
    """Consent to a new price can be given only in the 30 days before it applies."""

    default_code = "consent_not_open"


class GatewayUnavailable(BillingError):  # noqa: N818
    status_code = 503
    default_code = "gateway_unavailable"


class RefundNotAllowed(BillingError):  # noqa: N818
    default_code = "refund_not_allowed"


class UnknownEntitlement(KeyError):  # noqa: N818
    """A feature or limit key that no plan schema defines (a programming error)."""
