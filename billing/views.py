"""Billing pages: thin views that parse input, call a service or selector, and render."""

from __future__ import annotations

import json
import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from billing import entitlements, notifications, selectors, services
from billing.catalog import FEATURES, LIMITS
from billing.enums import CheckoutPurpose, CheckoutStatus, Provider, WalletUnit
from billing.exceptions import (
    AmountMismatch,
    CardRejected,
    PaymentDeclined,
    PayMethodUnavailable,
    WebhookInvalid,
)
from billing.forms import (
    CancelForm,
    CashReceiptSettingForm,
    CheckoutMethodForm,
    CouponForm,
    EndNowForm,
    TestCardForm,
    TestMethodForm,
)
from billing.gateways.dev import (
    APPROVED_CARD,
    DECLINED_CARD,
    DUPLICATE_ORDER_CARD,
    NO_FUNDS_CARD,
    PENDING_CARD,
    STOLEN_CARD,
    TIMEOUT_APPROVED_CARD,
)
from billing.models import CreditPack, Plan
from billing.services.consents import consent_text
from billing.services.subscriptions import user_had_trial
from core.exceptions import HaruError
from core.http import or_404
from core.idempotency import idempotent_view

logger = logging.getLogger(__name__)

CSP_FOR = {
    Provider.TOSS: {
        "script-src": ["https://js.tosspayments.com"],
        "connect-src": ["https://*.tosspayments.com"],
        "frame-src": ["https://*.tosspayments.com"],
        "form-action": ["https://*.tosspayments.com"],
    },
    Provider.PORTONE: {
        "script-src": ["https://cdn.portone.io"],
        "connect-src": ["https://*.portone.io"],
        "frame-src": ["https://*.portone.io", "https:"],
        "form-action": ["https:"],
    },
}


def _htmx_or_redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


# --- pricing ------------------------------------------------------------------------------------


def _plan_rows(plans: list[Plan]) -> list[dict]:
    rows = []
    for key, label in LIMITS.items():
        rows.append(
            {"label": label, "kind": "limit", "values": [plan.limits.get(key) for plan in plans]}
        )
    for key, label in FEATURES.items():
        rows.append(
            {
                "label": label,
                "kind": "feature",
                "values": [bool(plan.features.get(key)) for plan in plans],
            }
        )
    return rows


@require_GET
def pricing(request: HttpRequest) -> HttpResponse:
    plans = list(selectors.plan_list_on_sale())
    live = selectors.subscription_get_live(user=request.user)
    current = (
        live.plan if live else (entitlements.free_plan() if request.user.is_authenticated else None)
    )
    trial_available = request.user.is_authenticated and not user_had_trial(user=request.user)
    return render(
        request,
        "billing/pricing.html",
        {
            "plans": plans,
            "rows": _plan_rows(plans),
            "current_plan": current,
            "subscription": live,
            "trial_available": trial_available or not request.user.is_authenticated,
            "packs": selectors.credit_pack_list_on_sale(),
        },
    )


# --- checkout -----------------------------------------------------------------------------------


@login_required
@require_POST
@idempotent_view("billing.checkout.create", fallback="billing:pricing")
def subscribe(request: HttpRequest, plan_code: str) -> HttpResponse:
    plan = get_object_or_404(Plan, code=plan_code, is_active=True)
    try:
        checkout = services.checkout_start_subscription(user=request.user, plan=plan)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect(
            "billing:settings" if error.code == "subscription_exists" else "billing:pricing"
        )
    return redirect("billing:checkout", pk=checkout.pk)


@login_required
@require_POST
@idempotent_view("billing.checkout.create", fallback="billing:credits")
def buy_credits(request: HttpRequest, pack_code: str) -> HttpResponse:
    pack = get_object_or_404(CreditPack, code=pack_code, is_active=True)
    try:
        checkout = services.checkout_start_credits(user=request.user, pack=pack)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("billing:credits")
    return redirect("billing:checkout", pk=checkout.pk)


@login_required
@require_POST
@idempotent_view("billing.credit_pack.purchase", fallback="billing:credits")
def buy_credits_saved_card(request: HttpRequest, pack_code: str) -> HttpResponse:
    pack = get_object_or_404(CreditPack, code=pack_code, is_active=True)
    try:
        payment = services.credit_pack_buy_with_saved_card(user=request.user, pack=pack)
    except HaruError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(credits)s credits added.") % {"credits": f"{pack.total_credits:,}"}
        )
        return _htmx_or_redirect(request, reverse("billing:receipt", args=[payment.pk]))
    return _htmx_or_redirect(request, reverse("billing:credits"))


def _checkout_context(
    request: HttpRequest, checkout, form=None, method_form=None, coupon_form=None
) -> dict:
    client = services.checkout_client(checkout=checkout)
    base = request.build_absolute_uri("/")[:-1]
    return {
        "checkout": checkout,
        "coupon_form": coupon_form or CouponForm(),
        "methods": services.checkout_methods(checkout=checkout),
        "cash_receipt_setting": selectors.cash_receipt_setting_get(user=checkout.user),
        "form": form or TestCardForm(initial={"amount": checkout.amount}),
        "method_form": method_form or TestMethodForm(initial={"amount": checkout.amount}),
        "test_mode": client.test_mode,
        "test_cards": [
            (APPROVED_CARD, _("approved")),
            (NO_FUNDS_CARD, _("registers, then every charge fails")),
            (DECLINED_CARD, _("declined by the card company")),
            (STOLEN_CARD, _("reported lost or stolen: retries stop at once")),
            (TIMEOUT_APPROVED_CARD, _("approved, but the answer is lost (timeout)")),
            (PENDING_CARD, _("in progress for a minute (pending)")),
            (DUPLICATE_ORDER_CARD, _("answers 'duplicate order' after going through")),
        ],
        "sdk_url": client.sdk_url,
        "sdk_config": json.dumps(
            {
                "provider": checkout.provider,
                "purpose": checkout.purpose,
                "registersCard": checkout.registers_card,
                "methodKind": checkout.method_kind,
                "orderId": checkout.order_id,
                "orderName": checkout.order_name,
                "amount": checkout.amount,
                "currency": checkout.currency,
                "customerKey": checkout.customer_key,
                "customerEmail": request.user.email or "",
                "successUrl": base
                + reverse(
                    "billing:checkout_billing_key"
                    if checkout.registers_card
                    else "billing:checkout_confirm",
                    args=[checkout.pk],
                ),
                "failUrl": base + reverse("billing:checkout_fail", args=[checkout.pk]),
                **client.config,
            }
        ),
    }


def _render_checkout(
    request, checkout, form=None, status=200, method_form=None, coupon_form=None
) -> HttpResponse:
    response = render(
        request,
        "billing/checkout.html",
        _checkout_context(request, checkout, form, method_form, coupon_form),
        status=status,
    )
    if checkout.provider in CSP_FOR:
        response._csp_update = CSP_FOR[checkout.provider]
    return response


def _finished(request: HttpRequest, checkout) -> HttpResponse:
    if checkout.purpose == CheckoutPurpose.CARD:
        if checkout.payment_id:
            messages.success(request, _("Your new card is saved and the payment went through."))
            return redirect("billing:receipt", pk=checkout.payment_id)
        messages.success(request, _("Your new card is saved. Renewals will be charged to it."))
        return redirect("billing:settings")
    if checkout.purpose == CheckoutPurpose.SUBSCRIPTION:
        messages.success(request, _("You're subscribed. Thank you!"))
        if checkout.payment_id:
            return redirect("billing:receipt", pk=checkout.payment_id)
        return redirect("billing:settings")
    if checkout.purpose == CheckoutPurpose.BOOKING:
        messages.success(request, _("Payment received. Your booking is confirmed."))
        if checkout.return_url and url_has_allowed_host_and_scheme(
            checkout.return_url, allowed_hosts={request.get_host()}
        ):
            return redirect(checkout.return_url)
        return redirect("billing:receipt", pk=checkout.payment_id)
    if checkout.purpose == CheckoutPurpose.COURSE:
        messages.success(request, _("Payment received. The course is yours."))
        if checkout.return_url and url_has_allowed_host_and_scheme(
            checkout.return_url, allowed_hosts={request.get_host()}
        ):
            return redirect(checkout.return_url)
        return redirect("billing:receipt", pk=checkout.payment_id)
    messages.success(request, _("Credits added to your wallet."))
    return redirect("billing:receipt", pk=checkout.payment_id)


@login_required
@require_GET
def checkout(request: HttpRequest, pk) -> HttpResponse:
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    if item.status == CheckoutStatus.COMPLETED:
        return _finished(request, item)
    return _render_checkout(request, item)


@login_required
@require_POST
@idempotent_view("billing.checkout.test_card", fallback="billing:credits")
def checkout_test_card(request: HttpRequest, pk) -> HttpResponse:
    """The test-mode card window: turns a test card into the provider token, then finishes."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    if item.provider != Provider.DEV:
        return HttpResponse(status=404)
    form = TestCardForm(request.POST)
    if not form.is_valid():
        return _render_checkout(request, item, form, status=400)
    month, year = form.expiry_parts()
    try:
        item = services.checkout_pay_with_test_card(
            checkout=item,
            number=form.cleaned_data["card_number"],
            expiry_month=month,
            expiry_year=year,
            amount=form.cleaned_data.get("amount"),
        )
    except CardRejected as error:
        form.add_error("card_number", error.message)
    except HaruError as error:
        form.add_error(None, error.message)
    else:
        return _finished(request, item)
    item.refresh_from_db()
    return _render_checkout(request, item, form, status=400)


@login_required
@require_POST
def checkout_coupon(request: HttpRequest, pk) -> HttpResponse:
    """Apply a promotion code to the checkout (or remove it with ``remove``)."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    if "remove" in request.POST:
        try:
            services.checkout_remove_coupon(checkout=item)
        except HaruError as error:
            messages.error(request, error.message)
        return redirect("billing:checkout", pk=item.pk)
    form = CouponForm(request.POST)
    if form.is_valid():
        try:
            services.checkout_apply_coupon(checkout=item, code=form.cleaned_data["code"])
        except HaruError as error:
            form.add_error("code", error.message)
        else:
            messages.success(request, _("Code applied."))
            return redirect("billing:checkout", pk=item.pk)
    item.refresh_from_db()
    return _render_checkout(request, item, coupon_form=form, status=400)


@login_required
@require_POST
def checkout_method(request: HttpRequest, pk) -> HttpResponse:
    """Switch the checkout to another way to pay (card, KakaoPay, NaverPay, TossPay, bank)."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    form = CheckoutMethodForm(request.POST)
    try:
        if not form.is_valid():
            raise PayMethodUnavailable(_("Choose a way to pay."))
        services.checkout_choose_method(checkout=item, kind=form.cleaned_data["method"])
    except HaruError as error:
        messages.error(request, error.message)
        item.refresh_from_db()
        return _render_checkout(request, item, status=400)
    return redirect("billing:checkout", pk=item.pk)


@login_required
@require_POST
@idempotent_view("billing.checkout.test_card", fallback="billing:credits")
def checkout_test_method(request: HttpRequest, pk) -> HttpResponse:
    """The test-mode wallet / bank-account window: pick an outcome, then finish."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    if item.provider != Provider.DEV:
        return HttpResponse(status=404)
    form = TestMethodForm(request.POST)
    if not form.is_valid():
        return _render_checkout(request, item, method_form=form, status=400)
    try:
        item = services.checkout_pay_with_test_method(
            checkout=item,
            outcome=form.cleaned_data["outcome"],
            amount=form.cleaned_data.get("amount"),
        )
    except HaruError as error:
        form.add_error(None, error.message)
    else:
        return _finished(request, item)
    item.refresh_from_db()
    return _render_checkout(request, item, method_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@idempotent_view("billing.checkout.billing_key", fallback="billing:settings")
def checkout_billing_key(request: HttpRequest, pk) -> HttpResponse:
    """Toss redirects here with ``authKey`` and ``customerKey``; PortOne's script posts
    ``billingKey``. Either way the server finishes the subscription or the card change."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    data = request.GET if request.method == "GET" else request.POST
    auth_key = data.get("authKey") or data.get("billingKey") or ""
    if not auth_key or (data.get("customerKey") and data["customerKey"] != item.customer_key):
        messages.error(request, _("The card registration did not come back complete. Try again."))
        return redirect("billing:checkout", pk=item.pk)
    try:
        services.checkout_register_card(checkout=item, auth_key=auth_key)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("billing:checkout", pk=item.pk)
    item.refresh_from_db()
    return _finished(request, item)


@login_required
@require_http_methods(["GET", "POST"])
@idempotent_view("billing.checkout.confirm", fallback="billing:credits")
def checkout_confirm(request: HttpRequest, pk) -> HttpResponse:
    """Toss redirects here with ``paymentKey``, ``orderId`` and ``amount``; PortOne's script
    posts ``paymentId``. The amount is checked against the server's price."""
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    data = request.GET if request.method == "GET" else request.POST
    raw_amount = data.get("amount")
    try:
        amount = int(raw_amount) if raw_amount not in (None, "") else None
    except ValueError:
        amount = -1
    payment_key = data.get("paymentKey") or data.get("paymentId") or ""
    order_id = data.get("orderId") or data.get("paymentId") or ""
    try:
        services.checkout_confirm_payment(
            checkout=item, payment_key=payment_key, order_id=order_id, amount=amount
        )
    except (AmountMismatch, PaymentDeclined, HaruError) as error:
        messages.error(request, error.message)
        if item.purpose in (CheckoutPurpose.BOOKING, CheckoutPurpose.COURSE):
            return redirect("billing:checkout", pk=item.pk)
        return redirect("billing:credits")
    item.refresh_from_db()
    return _finished(request, item)


@login_required
@require_GET
def checkout_fail(request: HttpRequest, pk) -> HttpResponse:
    item = or_404(selectors.checkout_get_for_user, user=request.user, checkout_id=pk)
    services.checkout_fail(
        checkout=item,
        code=request.GET.get("code", ""),
        message=request.GET.get("message", "")[:300],
    )
    messages.error(request, request.GET.get("message") or _("The payment was not completed."))
    return redirect("billing:checkout", pk=item.pk)


# --- subscription settings ----------------------------------------------------------------------


@login_required
@require_GET
def billing_settings(request: HttpRequest) -> HttpResponse:
    return _settings_page(request)


def _settings_page(request: HttpRequest, cash_receipt_form=None) -> HttpResponse:
    live = selectors.subscription_get_live(user=request.user)
    options = []
    price_change = wording = None
    if live is not None:
        price_change = services.subscription_price_change(subscription=live)
        if price_change is not None:
            wording = consent_text(subscription=live, change=price_change)
        for plan in selectors.plan_list_on_sale():
            if plan.pk != live.plan_id:
                options.append(services.subscription_preview_change(subscription=live, plan=plan))
    return render(
        request,
        "billing/settings.html",
        {
            "subscription": live,
            "plan": live.plan if live else entitlements.free_plan(),
            "options": options,
            "price_change": price_change,
            "consent_wording": wording,
            "consent_open": price_change is not None and price_change.opens_at <= timezone.now(),
            "refund_quote": (
                services.subscription_refund_quote(subscription=live) if live else None
            ),
            "cancel_form": CancelForm(),
            "methods": selectors.payment_method_list(user=request.user),
            "balances": selectors.wallet_balances(user=request.user),
            "recent_payments": selectors.payment_list(user=request.user)[:3],
            "cash_receipt_form": cash_receipt_form or CashReceiptSettingForm(),
            "cash_receipt_setting": selectors.cash_receipt_setting_get(user=request.user),
        },
        status=400 if cash_receipt_form is not None else 200,
    )


@login_required
@require_POST
def cash_receipt_settings(request: HttpRequest) -> HttpResponse:
    """Save where cash receipts go (the number is stored encrypted)."""
    from billing.services.cash_receipts import cash_receipt_setting_save

    form = CashReceiptSettingForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith("/billing/checkout/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = ""
    if back:  # entered at checkout: go back there, with the outcome as a message
        saved = False
        if form.is_valid():
            try:
                cash_receipt_setting_save(
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    identity_number=form.cleaned_data["identity_number"],
                )
                saved = True
            except HaruError as error:
                messages.error(request, error.message)
        else:
            messages.error(request, _("Check the cash receipt details."))
        if saved:
            messages.success(request, _("Cash receipt details saved."))
        return redirect(back)
    if form.is_valid():
        try:
            cash_receipt_setting_save(
                user=request.user,
                kind=form.cleaned_data["kind"],
                identity_number=form.cleaned_data["identity_number"],
            )
        except HaruError as error:
            for field, problems in (error.fields or {}).items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("Cash receipt details saved."))
            return redirect(reverse("billing:settings") + "#cash-receipt")
    return _settings_page(request, cash_receipt_form=form)


@login_required
@require_POST
@idempotent_view("billing.subscription.end_now", fallback="billing:settings")
def end_now(request: HttpRequest) -> HttpResponse:
    """End the subscription now with the refund the page showed (one confirmation)."""
    live = _subscription_or_redirect(request)
    form = EndNowForm(request.POST)
    if live is not None and form.is_valid():
        try:
            _ended, refund = services.subscription_end_now(
                subscription=live,
                actor=request.user,
                expected_amount=form.cleaned_data["expected_amount"],
                idempotency_key=request.headers.get("Idempotency-Key")
                or form.cleaned_data["idempotency_key"],
            )
        except HaruError as error:
            messages.error(request, error.message)
        else:
            if refund is not None:
                messages.success(
                    request,
                    _(
                        "Your subscription has ended. We asked the card company to refund "
                        "%(amount)s."
                    )
                    % {"amount": notifications.money(refund.amount, refund.currency)},
                )
                return _htmx_or_redirect(
                    request, reverse("billing:receipt", args=[refund.payment_id])
                )
            messages.success(request, _("Your subscription has ended."))
    elif live is not None:
        messages.error(request, _("Please try again from the subscription page."))
    return _htmx_or_redirect(request, reverse("billing:settings"))


@login_required
@require_POST
def consent(request: HttpRequest) -> HttpResponse:
    """The subscriber agrees to the next period's new price (one button, its own page
    section: never part of sign-up)."""
    live = _subscription_or_redirect(request)
    if live is not None:
        try:
            services.subscription_consent_give(subscription=live, user=request.user, channel="web")
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you. We noted that you agree to the new price."))
    return _htmx_or_redirect(request, reverse("billing:settings") + "#subscription")


def _subscription_or_redirect(request):
    live = selectors.subscription_get_live(user=request.user)
    if live is None:
        messages.info(request, _("You are on the free plan."))
    return live


@login_required
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    live = _subscription_or_redirect(request)
    form = CancelForm(request.POST)
    if live is not None and form.is_valid():
        try:
            live = services.subscription_cancel(
                subscription=live, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your subscription will end on %(date)s.")
                % {"date": _local_date(live.current_period_end)},
            )
    return _htmx_or_redirect(request, reverse("billing:settings"))


def _local_date(value) -> str:
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


@login_required
@require_POST
def resume(request: HttpRequest) -> HttpResponse:
    live = _subscription_or_redirect(request)
    if live is not None:
        try:
            services.subscription_resume(subscription=live, actor=request.user)
        except HaruError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Welcome back: your subscription will renew as usual."))
    return _htmx_or_redirect(request, reverse("billing:settings"))


@login_required
@require_http_methods(["GET", "POST"])
@idempotent_view("billing.subscription.change_plan", fallback="billing:settings")
def change_plan(request: HttpRequest, plan_code: str) -> HttpResponse:
    live = selectors.subscription_get_live(user=request.user)
    plan = get_object_or_404(Plan, code=plan_code, is_active=True)
    if live is None:
        return redirect("billing:pricing")
    preview = services.subscription_preview_change(subscription=live, plan=plan)
    if request.method == "POST":
        try:
            _sub, payment = services.subscription_change_plan(
                subscription=live, plan=plan, actor=request.user
            )
        except HaruError as error:
            messages.error(request, error.message)
            return redirect("billing:change_plan", plan_code=plan.code)
        if preview.kind == "upgrade":
            messages.success(request, _("You're now on %(plan)s.") % {"plan": plan.name})
        elif preview.kind == "downgrade":
            messages.success(request, _("Your plan changes at your next renewal."))
        if payment is not None:
            return redirect("billing:receipt", pk=payment.pk)
        return redirect("billing:settings")
    return render(
        request,
        "billing/change_plan.html",
        {"subscription": live, "preview": preview, "plan": plan},
    )


@login_required
@require_POST
@idempotent_view("billing.checkout.create", fallback="billing:settings")
def change_card(request: HttpRequest) -> HttpResponse:
    try:
        checkout = services.checkout_start_card_change(user=request.user)
    except HaruError as error:
        messages.error(request, error.message)
        return redirect("billing:settings")
    return redirect("billing:checkout", pk=checkout.pk)


@login_required
@require_POST
def remove_card(request: HttpRequest, pk) -> HttpResponse:
    method = or_404(selectors.payment_method_get_for_user, user=request.user, method_id=pk)
    try:
        services.payment_method_remove(payment_method=method, actor=request.user)
    except HaruError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Card removed."))
    return _htmx_or_redirect(request, reverse("billing:settings"))


# --- receipts and wallets -----------------------------------------------------------------------


@login_required
@require_GET
def receipts(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.payment_list(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "billing/receipts.html", {"page": page})


@login_required
@require_GET
def receipt(request: HttpRequest, pk) -> HttpResponse:
    from billing.services.cash_receipts import payment_takes_cash_receipt

    payment = or_404(selectors.payment_get_for_user, user=request.user, payment_id=pk)
    cash_receipts = list(payment.cash_receipts.all())
    context = {
        "payment": payment,
        "cash_receipts": cash_receipts,
        "cash_receipt_due": not cash_receipts
        and payment.is_paid
        and payment_takes_cash_receipt(payment),
    }
    return render(request, "billing/receipt.html", context)


def _wallet_page(request: HttpRequest, unit: str, template: str, extra: dict) -> HttpResponse:
    page = Paginator(selectors.ledger_list(user=request.user, unit=unit), 25).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "balance": selectors.wallet_balance(user=request.user, unit=unit),
        **extra,
    }
    return render(request, template, context)


@login_required
@require_GET
def credits(request: HttpRequest) -> HttpResponse:
    saved = selectors.payment_method_list(user=request.user).filter(is_default=True).first()
    return _wallet_page(
        request,
        WalletUnit.CREDITS,
        "billing/credits.html",
        {"packs": selectors.credit_pack_list_on_sale(), "saved_card": saved},
    )


@login_required
@require_GET
def points(request: HttpRequest) -> HttpResponse:
    from billing.services.wallets import points_expiring_soon

    return _wallet_page(
        request,
        WalletUnit.POINTS,
        "billing/points.html",
        {"expiring": points_expiring_soon(user=request.user)},
    )


# --- webhooks -----------------------------------------------------------------------------------


def _webhook_too_big(request: HttpRequest) -> bool:
    """Unverified payloads are bounded before anything reads or stores them."""
    limit = settings.BILLING_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return declared > limit or len(request.body) > limit


def _webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if _webhook_too_big(request):
        logger.warning("billing: refused an oversized %s webhook", provider)
        return JsonResponse(
            {"code": "payload_too_large", "message": "webhook body too large", "fields": {}},
            status=413,
        )
    try:
        event, created = services.webhook_receive_raw(
            provider=provider, body=request.body, headers=dict(request.headers)
        )
    except WebhookInvalid as error:
        logger.warning("billing: rejected %s webhook: %s", provider, error)
        return JsonResponse({"ok": False, "error": "invalid webhook"}, status=400)
    return JsonResponse({"ok": True, "duplicate": not created, "status": event.status})


@csrf_exempt
@require_POST
def webhook_toss(request: HttpRequest) -> HttpResponse:
    return _webhook(request, Provider.TOSS)


@csrf_exempt
@require_POST
def webhook_portone(request: HttpRequest) -> HttpResponse:
    return _webhook(request, Provider.PORTONE)
