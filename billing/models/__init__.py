from .cash_receipt import CashReceipt, CashReceiptKind, CashReceiptSetting, CashReceiptStatus
from .checkout import Checkout
from .consent import SubscriptionConsent
from .coupon import Coupon, CouponRedemption
from .payment import Payment, PaymentEvent, PaymentMethod, Refund
from .payout import PayoutAdjustment, PractitionerPayout
from .plan import CreditPack, Plan
from .reconciliation import ReconciliationIssue
from .subscription import Subscription, SubscriptionEvent
from .wallet import LedgerEntry, Wallet
from .webhook import WebhookEvent

__all__ = [
    "CashReceipt",
    "CashReceiptKind",
    "CashReceiptSetting",
    "CashReceiptStatus",
    "Checkout",
    "Coupon",
    "CouponRedemption",
    "CreditPack",
    "LedgerEntry",
    "Payment",
    "PaymentEvent",
    "PaymentMethod",
    "PayoutAdjustment",
    "Plan",
    "PractitionerPayout",
    "ReconciliationIssue",
    "Refund",
    "Subscription",
    "SubscriptionConsent",
    "SubscriptionEvent",
    "Wallet",
    "WebhookEvent",
]
