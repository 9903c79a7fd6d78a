"""Billing's write side. Other apps call these functions (never billing's tables)."""

from .checkout import (
    checkout_complete_subscription,
    checkout_confirm_payment,
    checkout_fail,
    checkout_start_credits,
    checkout_start_subscription,
    checkouts_expire,
    credit_pack_buy_with_saved_card,
)
from .payments import payment_method_remove, payment_refund, payment_sync
from .payouts import payout_create, payout_transition
from .subscriptions import (
    subscription_cancel,
    subscription_change_plan,
    subscription_comp_period,
    subscription_extend,
    subscription_preview_change,
    subscription_renew,
    subscription_resume,
    subscriptions_renew_due,
    subscriptions_send_renewal_reminders,
)
from .wallets import (
    credits_debit,
    credits_purchase_fulfill,
    credits_purchase_reverse,
    credits_refund,
    points_award,
    points_expire,
    points_spend,
    wallet_adjust,
    wallet_get_or_create,
)
from .webhooks import webhook_event_process, webhook_receive

__all__ = [
    "checkout_complete_subscription",
    "checkout_confirm_payment",
    "checkout_fail",
    "checkout_start_credits",
    "checkout_start_subscription",
    "checkouts_expire",
    "credit_pack_buy_with_saved_card",
    "credits_debit",
    "credits_purchase_fulfill",
    "credits_purchase_reverse",
    "credits_refund",
    "payment_method_remove",
    "payment_refund",
    "payment_sync",
    "payout_create",
    "payout_transition",
    "points_award",
    "points_expire",
    "points_spend",
    "subscription_cancel",
    "subscription_change_plan",
    "subscription_comp_period",
    "subscription_extend",
    "subscription_preview_change",
    "subscription_renew",
    "subscription_resume",
    "subscriptions_renew_due",
    "subscriptions_send_renewal_reminders",
    "wallet_adjust",
    "wallet_get_or_create",
    "webhook_event_process",
    "webhook_receive",
]
