from .checkout import Checkout
from .payment import Payment, PaymentEvent, PaymentMethod, Refund
from .payout import PractitionerPayout
from .plan import CreditPack, Plan
from .subscription import Subscription, SubscriptionEvent
from .wallet import LedgerEntry, Wallet
from .webhook import WebhookEvent

__all__ = [
    "Checkout",
    "CreditPack",
    "LedgerEntry",
    "Payment",
    "PaymentEvent",
    "PaymentMethod",
    "Plan",
    "PractitionerPayout",
    "Refund",
    "Subscription",
    "SubscriptionEvent",
    "Wallet",
    "WebhookEvent",
]
