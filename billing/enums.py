"""Every status and kind in billing, as TextChoices (stable values, translated labels)."""

from django.db import models
from django.utils.translation import pgettext_lazy

# Labels carry the "billing" context so other catalogues' generic words ("Active") do not win.


class BillingCycle(models.TextChoices):
    MONTHLY = "monthly", pgettext_lazy("billing", "Monthly")
    QUARTERLY = "quarterly", pgettext_lazy("billing", "Quarterly")
    YEARLY = "yearly", pgettext_lazy("billing", "Yearly")


CYCLE_MONTHS = {BillingCycle.MONTHLY: 1, BillingCycle.QUARTERLY: 3, BillingCycle.YEARLY: 12}


class Provider(models.TextChoices):
    DEV = "dev", pgettext_lazy("billing", "Test mode")
    TOSS = "toss", pgettext_lazy("billing", "Toss Payments")
    PORTONE = "portone", pgettext_lazy("billing", "PortOne")


class SubscriptionStatus(models.TextChoices):
    TRIALING = "trialing", pgettext_lazy("billing", "Trial")
    ACTIVE = "active", pgettext_lazy("billing", "Active")
    PAST_DUE = "past_due", pgettext_lazy("billing", "Payment overdue")
    CANCELED = "canceled", pgettext_lazy("billing", "Canceled")
    EXPIRED = "expired", pgettext_lazy("billing", "Expired")


LIVE_SUBSCRIPTION_STATUSES = (
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.PAST_DUE,
)

# Allowed transitions; the one service that changes a status checks this table.
SUBSCRIPTION_TRANSITIONS: dict[str, set[str]] = {
    SubscriptionStatus.TRIALING: {
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.PAST_DUE,
        SubscriptionStatus.CANCELED,
        SubscriptionStatus.EXPIRED,
    },
    SubscriptionStatus.ACTIVE: {
        SubscriptionStatus.PAST_DUE,
        SubscriptionStatus.CANCELED,
        SubscriptionStatus.EXPIRED,
    },
    SubscriptionStatus.PAST_DUE: {
        SubscriptionStatus.ACTIVE,
        SubscriptionStatus.CANCELED,
        SubscriptionStatus.EXPIRED,
    },
    SubscriptionStatus.CANCELED: set(),
    SubscriptionStatus.EXPIRED: set(),
}


class SubscriptionEventType(models.TextChoices):
    STARTED = "started", pgettext_lazy("billing", "Started")
    TRIAL_STARTED = "trial_started", pgettext_lazy("billing", "Trial started")
    RENEWED = "renewed", pgettext_lazy("billing", "Renewed")
    PAYMENT_FAILED = "payment_failed", pgettext_lazy("billing", "Payment failed")
    RECOVERED = "recovered", pgettext_lazy("billing", "Payment recovered")
    CANCEL_SCHEDULED = "cancel_scheduled", pgettext_lazy("billing", "Cancellation scheduled")
    RESUMED = "resumed", pgettext_lazy("billing", "Resumed")
    CANCELED = "canceled", pgettext_lazy("billing", "Canceled")
    EXPIRED = "expired", pgettext_lazy("billing", "Expired")
    UPGRADED = "upgraded", pgettext_lazy("billing", "Upgraded")
    DOWNGRADE_SCHEDULED = "downgrade_scheduled", pgettext_lazy("billing", "Plan change scheduled")
    DOWNGRADE_CANCELED = "downgrade_canceled", pgettext_lazy("billing", "Plan change withdrawn")
    PLAN_CHANGED = "plan_changed", pgettext_lazy("billing", "Plan changed")
    EXTENDED = "extended", pgettext_lazy("billing", "Extended")
    COMPED = "comped", pgettext_lazy("billing", "Period given free")
    PAYMENT_METHOD_CHANGED = "payment_method_changed", pgettext_lazy("billing", "Card changed")
    CONSENTED = "consented", pgettext_lazy("billing", "Agreed to the new price")
    PRICE_PROPOSED = "price_proposed", pgettext_lazy("billing", "New price proposed")
    ENDED_WITHOUT_CONSENT = "no_consent", pgettext_lazy("billing", "Ended: no consent to the price")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("billing", "Pending")
    APPROVED = "approved", pgettext_lazy("billing", "Paid")
    FAILED = "failed", pgettext_lazy("billing", "Failed")
    CANCELED = "canceled", pgettext_lazy("billing", "Canceled")
    PARTIALLY_REFUNDED = "partially_refunded", pgettext_lazy("billing", "Partly refunded")
    REFUNDED = "refunded", pgettext_lazy("billing", "Refunded")


PAYMENT_TRANSITIONS: dict[str, set[str]] = {
    PaymentStatus.PENDING: {PaymentStatus.APPROVED, PaymentStatus.FAILED, PaymentStatus.CANCELED},
    PaymentStatus.APPROVED: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.PARTIALLY_REFUNDED: {PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED},
    PaymentStatus.FAILED: set(),
    PaymentStatus.CANCELED: set(),
    PaymentStatus.REFUNDED: set(),
}

PAID_STATUSES = (
    PaymentStatus.APPROVED,
    PaymentStatus.PARTIALLY_REFUNDED,
    PaymentStatus.REFUNDED,
)


class PaymentPurpose(models.TextChoices):
    SUBSCRIPTION = "subscription", pgettext_lazy("billing", "Subscription")
    CREDITS = "credits", pgettext_lazy("billing", "Credit pack")
    BOOKING = "booking", pgettext_lazy("billing", "Booking")
    COURSE = "course", pgettext_lazy("billing", "Course")


class PaymentMethodType(models.TextChoices):
    CARD = "card", pgettext_lazy("billing", "Card")
    EASY_PAY = "easy_pay", pgettext_lazy("billing", "Easy pay")
    TRANSFER = "transfer", pgettext_lazy("billing", "Bank transfer")
    VIRTUAL_ACCOUNT = "virtual_account", pgettext_lazy("billing", "Virtual account")
    MOBILE = "mobile", pgettext_lazy("billing", "Mobile phone")
    OTHER = "other", pgettext_lazy("billing", "Other")


class EasyPayProvider(models.TextChoices):
    KAKAOPAY = "kakaopay", pgettext_lazy("billing", "KakaoPay")
    NAVERPAY = "naverpay", pgettext_lazy("billing", "NaverPay")
    TOSSPAY = "tosspay", pgettext_lazy("billing", "TossPay")


class PayMethodKind(models.TextChoices):
    """What the user picks at checkout: which window opens and which provider takes it."""

    CARD = "card", pgettext_lazy("billing", "Card")
    KAKAOPAY = "kakaopay", pgettext_lazy("billing", "KakaoPay")
    NAVERPAY = "naverpay", pgettext_lazy("billing", "NaverPay")
    TOSSPAY = "tosspay", pgettext_lazy("billing", "TossPay")
    BANK = "bank", pgettext_lazy("billing", "Bank account")


# kinds that can be stored as a billing key (renewals), and kinds for one-off payments
RECURRING_KINDS = (
    PayMethodKind.CARD,
    PayMethodKind.KAKAOPAY,
    PayMethodKind.NAVERPAY,
    PayMethodKind.BANK,
)
ONE_OFF_KINDS = (
    PayMethodKind.CARD,
    PayMethodKind.KAKAOPAY,
    PayMethodKind.NAVERPAY,
    PayMethodKind.TOSSPAY,
)
EASY_PAY_KINDS = {
    PayMethodKind.KAKAOPAY: EasyPayProvider.KAKAOPAY,
    PayMethodKind.NAVERPAY: EasyPayProvider.NAVERPAY,
    PayMethodKind.TOSSPAY: EasyPayProvider.TOSSPAY,
}


class RefundReason(models.TextChoices):
    CUSTOMER_REQUEST = "customer_request", pgettext_lazy("billing", "Customer request")
    CANCELLATION = "cancellation", pgettext_lazy("billing", "Cancellation")
    NO_SHOW = "no_show", pgettext_lazy("billing", "No-show")
    TECHNICAL_ISSUE = "technical_issue", pgettext_lazy("billing", "Technical issue")
    QUALITY_ISSUE = "quality_issue", pgettext_lazy("billing", "Quality issue")
    DISPUTE = "dispute", pgettext_lazy("billing", "Dispute")
    ADMIN_ADJUSTMENT = "admin_adjustment", pgettext_lazy("billing", "Operator adjustment")
    AMOUNT_MISMATCH = "amount_mismatch", pgettext_lazy("billing", "Amount did not match the order")


class RefundStatus(models.TextChoices):
    # asked for (by support, for a member) and waiting for a manager's approval in the
    # console; nothing has been sent to the provider yet
    REQUESTED = "requested", pgettext_lazy("billing", "Awaiting approval")
    REJECTED = "rejected", pgettext_lazy("billing", "Not approved")
    PENDING = "pending", pgettext_lazy("billing", "Pending")
    SUCCEEDED = "succeeded", pgettext_lazy("billing", "Refunded")
    FAILED = "failed", pgettext_lazy("billing", "Failed")


class CheckoutPurpose(models.TextChoices):
    SUBSCRIPTION = "subscription", pgettext_lazy("billing", "Subscription")
    CREDITS = "credits", pgettext_lazy("billing", "Credit pack")
    # Put a new card on the live subscription (and pay a past-due renewal with it at once).
    CARD = "card", pgettext_lazy("billing", "Card change")
    # One payment for a practitioner's booking (the booking lives in an upper app; billing
    # keeps only its id and hands the paid payment to the fulfiller registered for it).
    BOOKING = "booking", pgettext_lazy("billing", "Booking")
    # One payment that buys an upper app's course for good (billing keeps the course's id in
    # ``product_id``; the fulfiller registered for it grants access).
    COURSE = "course", pgettext_lazy("billing", "Course")


class CheckoutStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("billing", "Open")
    # the first charge went out and the provider has not answered yet (a timeout): a beat
    # job looks the payment up by its order id and completes or reopens the checkout
    PROCESSING = "processing", pgettext_lazy("billing", "Confirming payment")
    COMPLETED = "completed", pgettext_lazy("billing", "Completed")
    FAILED = "failed", pgettext_lazy("billing", "Failed")
    EXPIRED = "expired", pgettext_lazy("billing", "Expired")


class WalletUnit(models.TextChoices):
    CREDITS = "credits", pgettext_lazy("billing", "Credits")
    POINTS = "points", pgettext_lazy("billing", "Points")


class LedgerKind(models.TextChoices):
    PURCHASE = "purchase", pgettext_lazy("billing", "Purchase")
    PURCHASE_REVERSAL = "purchase_reversal", pgettext_lazy("billing", "Purchase refunded")
    USE = "use", pgettext_lazy("billing", "Used")
    REFUND = "refund", pgettext_lazy("billing", "Returned")
    AWARD = "award", pgettext_lazy("billing", "Earned")
    SPEND = "spend", pgettext_lazy("billing", "Spent")
    EXPIRE = "expire", pgettext_lazy("billing", "Expired")
    ADJUST = "adjust", pgettext_lazy("billing", "Adjusted by Haru")


class WebhookStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("billing", "Received")
    PROCESSED = "processed", pgettext_lazy("billing", "Processed")
    IGNORED = "ignored", pgettext_lazy("billing", "Ignored")
    FAILED = "failed", pgettext_lazy("billing", "Failed")


class PayoutMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", pgettext_lazy("billing", "Bank transfer")
    TOSS_PAYOUT = "toss_payout", pgettext_lazy("billing", "Toss payout")
    PORTONE_PAYOUT = "portone_payout", pgettext_lazy("billing", "PortOne payout")


class PayoutStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("billing", "Pending")
    PROCESSING = "processing", pgettext_lazy("billing", "Processing")
    PAID = "paid", pgettext_lazy("billing", "Paid")
    FAILED = "failed", pgettext_lazy("billing", "Failed")
    CANCELED = "canceled", pgettext_lazy("billing", "Canceled")


PAYOUT_TRANSITIONS: dict[str, set[str]] = {
    PayoutStatus.PENDING: {
        PayoutStatus.PROCESSING,
        PayoutStatus.PAID,
        PayoutStatus.CANCELED,
        PayoutStatus.FAILED,
    },
    PayoutStatus.PROCESSING: {PayoutStatus.PAID, PayoutStatus.FAILED},
    PayoutStatus.FAILED: {PayoutStatus.PENDING},
    PayoutStatus.PAID: set(),
    PayoutStatus.CANCELED: set(),
}


class ReconciliationKind(models.TextChoices):
    MISSING_AT_PROVIDER = (
        "missing_at_provider",
        pgettext_lazy("billing", "Paid here, unknown to the provider"),
    )
    MISSING_HERE = "missing_here", pgettext_lazy("billing", "Paid at the provider, unknown here")
    AMOUNT = "amount", pgettext_lazy("billing", "Amounts differ")
    CANCELED = "canceled", pgettext_lazy("billing", "Refunds differ")
    STATUS = "status", pgettext_lazy("billing", "Statuses differ")


class ConsentKind(models.TextChoices):
    TRIAL_TO_PAID = "trial_to_paid", pgettext_lazy("billing", "Trial turning paid")
    PRICE_INCREASE = "price_increase", pgettext_lazy("billing", "Price rise")
    PROMOTION_END = "promotion_end", pgettext_lazy("billing", "Promotional price ending")


class ConsentChannel(models.TextChoices):
    WEB = "web", pgettext_lazy("billing", "Web page")
    API = "api", pgettext_lazy("billing", "App (API)")


class DiscountKind(models.TextChoices):
    PERCENT = "percent", pgettext_lazy("billing", "Percent off")
    FIXED = "fixed", pgettext_lazy("billing", "Amount off")


class CouponDuration(models.TextChoices):
    ONCE = "once", pgettext_lazy("billing", "First paid period")
    MONTHS = "months", pgettext_lazy("billing", "Some months")
    FOREVER = "forever", pgettext_lazy("billing", "For as long as subscribed")
