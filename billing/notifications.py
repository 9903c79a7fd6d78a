"""Billing's messages to users, through accounts' ``notify()`` (in-app and e-mail)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.services import notify
from core.clock import user_zone
from core.money import format_money

if TYPE_CHECKING:
    from datetime import datetime

    from accounts.models import User
    from billing.models import Payment, PaymentMethod, Refund, Subscription


def money(amount: int, currency: str = "KRW") -> str:
    return format_money(amount, currency)


def _date(user: User, value: datetime) -> str:
    return formats.date_format(timezone.localtime(value, user_zone(user=user)), "DATE_FORMAT")


def _send(
    *,
    user: User,
    type_: str,
    title: str,
    body: str,
    url: str,
    dedupe_key: str | None = None,
    priority: str = "normal",
) -> None:
    notify(
        user=user,
        type=type_,
        title=title,
        body=body,
        data={"url": url},
        channels=("in_app", "email"),
        priority=priority,
        dedupe_key=dedupe_key,
    )


def _settings_url() -> str:
    return reverse("billing:settings")


def subscription_started(subscription: Subscription, payment: Payment | None) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        if payment is None:
            title = _("Your %(plan)s trial has started") % {"plan": subscription.plan.name}
            body = _(
                "Enjoy everything in %(plan)s until %(date)s. We will charge %(amount)s then "
                "unless you cancel before."
            ) % {
                "plan": subscription.plan.name,
                "date": _date(user, subscription.current_period_end),
                "amount": money(subscription.amount, subscription.currency),
            }
        else:
            title = _("Welcome to %(plan)s") % {"plan": subscription.plan.name}
            body = _("We charged %(amount)s. Your plan renews on %(date)s.") % {
                "amount": money(payment.amount, payment.currency),
                "date": _date(user, subscription.current_period_end),
            }
        _send(
            user=user,
            type_="billing.subscribed",
            title=title,
            body=body,
            url=_settings_url(),
            dedupe_key=f"billing:started:{subscription.pk}",
        )


def renewal_reminder(subscription: Subscription) -> None:
    user = subscription.user
    when = subscription.next_billing_at
    with translation.override(user.language or "ko"):
        if subscription.trial_end and subscription.status == "trialing":
            title = _("Your free trial ends in a few days")
        else:
            title = _("Your %(plan)s renews soon") % {"plan": subscription.plan.name}
        card = subscription.payment_method.display if subscription.payment_method else ""
        body = _(
            "On %(date)s we will charge %(amount)s to %(card)s. You can cancel any time before."
        ) % {
            "date": _date(user, when),
            "amount": money(subscription.amount, subscription.currency),
            "card": card or _("your saved card"),
        }
        _send(
            user=user,
            type_="billing.renewal_reminder",
            title=title,
            body=body,
            url=_settings_url(),
            dedupe_key=f"billing:reminder:{subscription.pk}:{when:%Y%m%d%H%M}",
        )


def renewed(subscription: Subscription, payment: Payment, *, recovered: bool) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        if recovered:
            title = _("Payment went through: %(plan)s is back on track") % {
                "plan": subscription.plan.name
            }
        else:
            title = _("Your %(plan)s has been renewed") % {"plan": subscription.plan.name}
        body = _("We charged %(amount)s. Next renewal: %(date)s.") % {
            "amount": money(payment.amount, payment.currency),
            "date": _date(user, subscription.current_period_end),
        }
        _send(
            user=user,
            type_="billing.renewed",
            title=title,
            body=body,
            url=reverse("billing:receipt", args=[payment.pk]),
            dedupe_key=f"billing:renewed:{payment.pk}",
        )


def payment_failed(
    subscription: Subscription, payment: Payment, *, card_unusable: bool = False
) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("We could not renew your %(plan)s") % {"plan": subscription.plan.name}
        if card_unusable:
            message = _(
                "The card company says this card can no longer be used (%(reason)s), so we "
                "will not try it again. Add another card by %(date)s to keep your plan and "
                "pay %(amount)s."
            )
        else:
            message = _(
                "The charge of %(amount)s was declined (%(reason)s). We will try again on "
                "%(date)s; you keep your plan until then."
            )
        body = message % {
            "amount": money(payment.amount, payment.currency),
            "reason": payment.failure_message or payment.failure_code,
            "date": _date(user, subscription.next_billing_at),
        }
        _send(
            user=user,
            type_="billing.payment_failed",
            title=title,
            body=body,
            url=_settings_url(),
            dedupe_key=f"billing:failed:{payment.pk}",
            priority="high",
        )


def expired(subscription: Subscription) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("Your %(plan)s has ended") % {"plan": subscription.plan.name}
        body = _(
            "We tried to renew it several times without success, so your account is back on the "
            "free plan. Your data is safe; subscribe again whenever you like."
        )
        _send(
            user=user,
            type_="billing.expired",
            title=title,
            body=body,
            url=reverse("billing:pricing"),
            dedupe_key=f"billing:expired:{subscription.pk}",
            priority="high",
        )


def ended(subscription: Subscription) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("Your %(plan)s has ended") % {"plan": subscription.plan.name}
        body = _("As you asked, your subscription ended and nothing more will be charged.")
        _send(
            user=user,
            type_="billing.ended",
            title=title,
            body=body,
            url=reverse("billing:pricing"),
            dedupe_key=f"billing:ended:{subscription.pk}",
        )


def cancel_scheduled(subscription: Subscription) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("Your subscription will end on %(date)s") % {
            "date": _date(user, subscription.current_period_end)
        }
        body = _(
            "Nothing more will be charged. Changed your mind? Resume from Subscription settings."
        )
        _send(
            user=user, type_="billing.cancel_scheduled", title=title, body=body, url=_settings_url()
        )


def refunded(refund: Refund) -> None:
    payment = refund.payment
    user = payment.user
    with translation.override(user.language or "ko"):
        title = _("Refund of %(amount)s") % {"amount": money(refund.amount, refund.currency)}
        body = _("We refunded %(amount)s for %(order)s. Card refunds take 3-7 business days.") % {
            "amount": money(refund.amount, refund.currency),
            "order": payment.display_name,
        }
        _send(
            user=user,
            type_="billing.refund",
            title=title,
            body=body,
            url=reverse("billing:receipt", args=[payment.pk]),
            dedupe_key=f"billing:refund:{refund.pk}",
        )


def price_proposed(subscription: Subscription) -> None:
    """An operator proposed a higher price: ask the subscriber to agree (or let it end)."""
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("%(plan)s will cost more: your consent is needed") % {
            "plan": subscription.plan.name
        }
        body = _(
            "From your first renewal on or after %(date)s, %(plan)s costs %(amount)s (VAT "
            "included). Agree on your subscription page in the 30 days before; if you do not, "
            "your subscription ends then and nothing more is charged."
        ) % {
            "date": _date(user, subscription.proposed_price_from),
            "plan": subscription.plan.name,
            "amount": money(
                (subscription.proposed_price or 0) * subscription.quantity, subscription.currency
            ),
        }
        _send(
            user=user,
            type_="billing.price_proposed",
            title=title,
            body=body,
            url=_settings_url(),
            dedupe_key=f"billing:proposed:{subscription.pk}:{subscription.proposed_price}",
        )


def ended_without_consent(subscription: Subscription) -> None:
    user = subscription.user
    with translation.override(user.language or "ko"):
        title = _("Your %(plan)s subscription has ended") % {"plan": subscription.plan.name}
        body = _(
            "You did not agree to the new price, so nothing was charged and your subscription "
            "ended on %(date)s. You can subscribe again any time."
        ) % {"date": _date(user, subscription.current_period_end)}
        _send(
            user=user,
            type_="billing.ended_without_consent",
            title=title,
            body=body,
            url=reverse("billing:pricing"),
            dedupe_key=f"billing:no-consent:{subscription.pk}",
        )


def conversion_notice(subscription, change, *, wording: str, scheduled_for) -> bool:
    """The 7-day notice before a trial or a discount turns paid (or a price rises): by SMS /
    KakaoTalk 알림톡, e-mail and in-app, with the cancel link. Once per conversion."""
    user = subscription.user
    with translation.override(user.language or "ko"):
        if change.kind == "trial_to_paid":
            title = _("Your free trial ends on %(date)s") % {
                "date": _date(user, change.effective_at)
            }
        else:
            title = _("Your price changes on %(date)s") % {"date": _date(user, change.effective_at)}
        agreed = change.consent is not None
        body = (
            wording
            + "\n"
            + (
                _("You have agreed. To stop it, cancel before then: %(url)s")
                if agreed
                else _(
                    "Nothing is charged unless you agree on your subscription page; without it "
                    "your subscription ends then. To cancel now: %(url)s"
                )
            )
            % {"url": _settings_url()}
        )
        created = notify(
            user=user,
            type="billing.conversion_notice",
            title=title,
            body=body,
            data={"url": _settings_url()},
            channels=("in_app", "email", "sms"),
            priority="high",
            scheduled_for=scheduled_for,
            dedupe_key=(
                f"billing:conversion:{subscription.pk}:{change.kind}:"
                f"{change.effective_at:%Y%m%d%H%M}"
            ),
        )
    return created is not None


def card_expiring(method: PaymentMethod) -> None:
    """A stored card expires at the end of this month: ask for another before a renewal."""
    user = method.user
    with translation.override(user.language or "ko"):
        _send(
            user=user,
            type_="billing.card_expiring",
            title=_("Your card expires this month"),
            body=_(
                "%(card)s expires at the end of %(month)s. Add another card so your "
                "subscription and purchases keep working."
            )
            % {"card": method.display, "month": f"{method.expiry_year}-{method.expiry_month:02d}"},
            url=_settings_url(),
            dedupe_key=f"billing.card_expiring:{method.pk}:{method.expiry_year}-{method.expiry_month}",
        )
