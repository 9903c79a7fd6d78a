"""What a caller of billing can catch. Every error is a core HaruError with a stable code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar, cast

from django.utils.translation import gettext_lazy as _

from core.exceptions import ConflictError, HaruError, NotFoundError

T = TypeVar("T")


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
    """A refund that the payment's state or the amount does not allow."""

    default_code = "refund_not_allowed"


class CreditPackUnavailable(BillingError):  # noqa: N818
    default_code = "credit_pack_unavailable"


class NoSavedCard(ConflictError):  # noqa: N818
    """A one-tap purchase needs a default saved card; the user has none."""

    default_code = "no_saved_card"


class CardInUse(ConflictError):  # noqa: N818
    """The card pays for a live subscription, so it cannot be removed."""

    default_code = "card_in_use"


class CardNotUsable(ConflictError):  # noqa: N818
    """The card is not the user's, or was removed."""

    default_code = "card_not_usable"


class CardOwnedElsewhere(ConflictError):  # noqa: N818
    """The provider returned a billing key that another account already stores."""

    default_code = "card_owned_elsewhere"


class CouponInvalid(BillingError):  # noqa: N818
    """A promotion code that cannot be used here; ``code`` says why (coupon_unknown,
    coupon_expired, coupon_used_up, coupon_already_used, coupon_first_purchase_only,
    coupon_wrong_plan). Always a field error on ``code``."""

    default_code = "coupon_invalid"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message, code=code, fields={"code": [message]})


class PayMethodUnavailable(BillingError):  # noqa: N818
    """This way to pay is not offered here (no provider contract for it, or not for this
    purchase: TossPay cannot renew, a bank account cannot pay once)."""

    default_code = "pay_method_unavailable"


class CardRejected(BillingError):  # noqa: N818
    """The card details were refused before any charge (test mode's card window)."""

    default_code = "card_rejected"


class OrderMismatch(BillingError):  # noqa: N818
    """The provider's redirect names another order than this checkout's."""

    default_code = "order_mismatch"


class WebhookInvalid(BillingError):  # noqa: N818
    """A webhook whose signature or shape does not verify (nothing is stored)."""

    default_code = "invalid_webhook"


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a transaction decided: a result, or a failure to raise once it has committed.

    Some failures must keep rows (the declined payment, the checkout's failure note), so the
    service returns an ``Outcome`` from its atomic block and calls ``unwrap()`` after it.
    """

    value: T | None = None
    failure: HaruError | None = None

    @classmethod
    def ok(cls, value: T) -> Outcome[T]:
        return cls(value=value)

    @classmethod
    def failed(cls, failure: HaruError) -> Outcome[T]:
        return cls(failure=failure)

    def unwrap(self) -> T:
        if self.failure is not None:
            raise self.failure
        return cast(T, self.value)


class UnknownEntitlement(KeyError):  # noqa: N818
    """A feature or limit key that no plan schema defines (a programming error)."""
