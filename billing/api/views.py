"""Billing API: the same services as the pages, for mobile clients."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from billing import entitlements, selectors, services
from billing.api import serializers as s
from billing.enums import CheckoutPurpose, WalletUnit
from billing.exceptions import NoActiveSubscription
from billing.models import Checkout, CreditPack, LedgerEntry, Payment, PaymentMethod, Plan
from billing.services.consents import CONSENT_TEXT_VERSION, consent_text
from core.api.schema import ErrorSerializer, SingleObjectSchema
from core.idempotency import IDEMPOTENCY_PARAMETER, IDEMPOTENCY_RESPONSES, idempotent

ERRORS = {400: ErrorSerializer, 402: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
# Money-moving POSTs: the Idempotency-Key header, 422 for a reused key, 503 provider down.
KEYED_ERRORS = {**ERRORS, **IDEMPOTENCY_RESPONSES, 503: ErrorSerializer}
KEYED = [IDEMPOTENCY_PARAMETER]


@extend_schema(tags=["billing"])
class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Plans on sale (public)."""

    serializer_class = s.PlanSerializer
    permission_classes = [permissions.AllowAny]
    pagination_class = None
    lookup_field = "code"

    def get_queryset(self):
        return selectors.plan_list_on_sale()


@extend_schema(tags=["billing"])
class CreditPackViewSet(viewsets.ReadOnlyModelViewSet):
    """Credit packs on sale; ``purchase`` charges the user's default saved card."""

    serializer_class = s.CreditPackSerializer
    pagination_class = None
    lookup_field = "code"

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return super().get_permissions()

    def get_queryset(self):
        return selectors.credit_pack_list_on_sale()

    @extend_schema(
        request=None, parameters=KEYED, responses={201: s.PaymentSerializer, **KEYED_ERRORS}
    )
    @action(detail=True, methods=["post"])
    @idempotent("billing.credit_pack.purchase")
    def purchase(self, request, code=None):
        pack = get_object_or_404(CreditPack, code=code, is_active=True)
        payment = services.credit_pack_buy_with_saved_card(user=request.user, pack=pack)
        return Response(s.PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["billing"])
class SubscriptionViewSet(viewsets.ViewSet):
    """The signed-in user's subscription: read, cancel, resume, change plan."""

    schema = SingleObjectSchema()  # GET /subscription/ answers one object, not a list

    def _live(self, request):
        live = selectors.subscription_get_live(user=request.user)
        if live is None:
            raise NoActiveSubscription(_("You are on the free plan."))
        return live

    @extend_schema(responses={200: s.CurrentPlanSerializer})
    def list(self, request):
        live = selectors.subscription_get_live(user=request.user)
        plan = live.plan if live else entitlements.free_plan()
        return Response(s.CurrentPlanSerializer({"plan": plan, "subscription": live}).data)

    @extend_schema(
        request=s.CancelInputSerializer, responses={200: s.SubscriptionSerializer, **ERRORS}
    )
    @action(detail=False, methods=["post"])
    def cancel(self, request):
        body = s.CancelInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.subscription_cancel(
            subscription=self._live(request),
            actor=request.user,
            reason=body.validated_data.get("reason", ""),
        )
        return Response(s.SubscriptionSerializer(result).data)

    @extend_schema(request=None, responses={200: s.SubscriptionSerializer, **ERRORS})
    @action(detail=False, methods=["post"])
    def resume(self, request):
        result = services.subscription_resume(subscription=self._live(request), actor=request.user)
        return Response(s.SubscriptionSerializer(result).data)

    @extend_schema(responses={200: s.RefundQuoteSerializer, **ERRORS})
    @action(detail=False, methods=["get"], url_path="refund-quote")
    def refund_quote(self, request):
        """What ending the subscription now refunds: in full within 7 days of paying while
        unused (withdrawal), else pro rata by days left. Show it before ``end-now``."""
        quote = services.subscription_refund_quote(subscription=self._live(request))
        return Response(s.RefundQuoteSerializer(quote).data)

    @extend_schema(
        request=s.EndNowInputSerializer,
        parameters=KEYED,
        responses={200: s.EndNowSerializer, **KEYED_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="end-now")
    @idempotent("billing.subscription.end_now")
    def end_now(self, request):
        """End now and refund ``expected_amount`` (the quote the user confirmed); a changed
        quote answers 409 with the new amount. The card company's cancel is requested at
        once; a repeated request with the same Idempotency-Key refunds once."""
        body = s.EndNowInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        key = (request.headers.get("Idempotency-Key") or "").strip()
        if not key:  # ending with a refund is never done without a key
            raise ValidationError({"Idempotency-Key": ["Send an Idempotency-Key header."]})
        subscription, refund = services.subscription_end_now(
            subscription=self._live(request),
            actor=request.user,
            expected_amount=body.validated_data["expected_amount"],
            idempotency_key=key,
        )
        return Response(
            s.EndNowSerializer(
                {
                    "subscription": subscription,
                    "refund_amount": refund.amount if refund else 0,
                    "refund_status": refund.status if refund else None,
                    "payment_id": refund.payment_id if refund else None,
                }
            ).data
        )

    @extend_schema(responses={200: s.ConsentRequiredSerializer, **ERRORS})
    @action(detail=False, methods=["get"], url_path="price-change")
    def price_change(self, request):
        """What the next period costs when that is new or higher (a trial turning paid, a
        price rise, a promotion ending): the consent it needs, and whether it was given."""
        live = self._live(request)
        change = services.subscription_price_change(subscription=live)
        data = None
        if change is not None:
            data = {
                **change.__dict__,
                "opens_at": change.opens_at,
                "text": consent_text(subscription=live, change=change),
                "text_version": CONSENT_TEXT_VERSION,
                "consented_at": change.consent.given_at if change.consent else None,
            }
        return Response(
            s.ConsentRequiredSerializer(
                {"required": bool(change and not change.consent), "change": data}
            ).data
        )

    @extend_schema(request=None, responses={201: s.ConsentSerializer, **ERRORS})
    @action(detail=False, methods=["post"])
    def consent(self, request):
        """Agree to the next period's new price (explicit, separate from sign-up; from 30
        days before the change). Without it the subscription ends then, without a charge."""
        consent = services.subscription_consent_give(
            subscription=self._live(request), user=request.user, channel="api"
        )
        return Response(s.ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[OpenApiParameter("plan", str, required=True, description="Plan code")],
        responses={200: s.PreviewSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def preview(self, request):
        plan = get_object_or_404(Plan, code=request.query_params.get("plan", ""), is_active=True)
        preview = services.subscription_preview_change(subscription=self._live(request), plan=plan)
        return Response(s.PreviewSerializer(preview).data)

    @extend_schema(
        request=s.ChangePlanInputSerializer,
        parameters=KEYED,
        responses={200: s.SubscriptionSerializer, **KEYED_ERRORS},
    )
    @action(detail=False, methods=["post"], url_path="change-plan")
    @idempotent("billing.subscription.change_plan")
    def change_plan(self, request):
        body = s.ChangePlanInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result, _payment = services.subscription_change_plan(
            subscription=self._live(request), plan=body.validated_data["plan"], actor=request.user
        )
        return Response(s.SubscriptionSerializer(result).data)


@extend_schema(tags=["billing"])
class CheckoutViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Start a purchase, then finish it with what the provider's window returned.

    ``purpose``: ``subscription`` (with ``plan``) and ``card`` (a new card for the live
    subscription; a past-due one is paid with it at once) finish at ``billing-key``;
    ``credits`` (with ``credit_pack``) finishes at ``confirm``.
    """

    serializer_class = s.CheckoutSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Checkout.objects.none()
        return Checkout.objects.filter(user=self.request.user).select_related("plan", "credit_pack")

    @extend_schema(
        request=s.CheckoutCreateSerializer,
        parameters=KEYED,
        responses={201: s.CheckoutSerializer, **KEYED_ERRORS},
    )
    @idempotent("billing.checkout.create")
    def create(self, request):
        body = s.CheckoutCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        kind = data["method"]
        if data["purpose"] == CheckoutPurpose.SUBSCRIPTION:
            checkout = services.checkout_start_subscription(
                user=request.user, plan=data["plan"], method_kind=kind
            )
        elif data["purpose"] == CheckoutPurpose.CARD:
            checkout = services.checkout_start_card_change(user=request.user, method_kind=kind)
        else:
            checkout = services.checkout_start_credits(
                user=request.user, pack=data["credit_pack"], method_kind=kind
            )
        return Response(s.CheckoutSerializer(checkout).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.CouponInputSerializer,
        responses={200: s.CheckoutSerializer},
        methods=["POST"],
        description="Apply a promotion code (400 with a reason on ``code``: expired, used "
        "up, already used, first purchase only, wrong plan). DELETE removes it.",
    )
    @extend_schema(request=None, responses={200: s.CheckoutSerializer}, methods=["DELETE"])
    @action(detail=True, methods=["post", "delete"])
    def coupon(self, request, pk=None):
        checkout = self.get_object()
        if request.method == "DELETE":
            checkout = services.checkout_remove_coupon(checkout=checkout)
            return Response(s.CheckoutSerializer(checkout).data)
        body = s.CouponInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        checkout = services.checkout_apply_coupon(
            checkout=checkout, code=body.validated_data["code"]
        )
        return Response(s.CheckoutSerializer(checkout).data)

    @extend_schema(request=s.CheckoutMethodInputSerializer, responses={200: s.CheckoutSerializer})
    @action(detail=True, methods=["post"])
    def method(self, request, pk=None):
        """Switch an open checkout to another way to pay (nothing is charged)."""
        checkout = self.get_object()
        body = s.CheckoutMethodInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        checkout = services.checkout_choose_method(
            checkout=checkout, kind=body.validated_data["method"]
        )
        return Response(s.CheckoutSerializer(checkout).data)

    @extend_schema(
        request=s.BillingKeyInputSerializer,
        parameters=KEYED,
        responses={200: s.SubscriptionSerializer, **KEYED_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="billing-key")
    @idempotent("billing.checkout.billing_key")
    def billing_key(self, request, pk=None):
        checkout = self.get_object()
        body = s.BillingKeyInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subscription = services.checkout_register_card(
            checkout=checkout, auth_key=body.validated_data["auth_key"]
        )
        return Response(s.SubscriptionSerializer(subscription).data)

    @extend_schema(
        request=s.ConfirmInputSerializer,
        parameters=KEYED,
        responses={200: s.PaymentSerializer, **KEYED_ERRORS},
    )
    @action(detail=True, methods=["post"])
    @idempotent("billing.checkout.confirm")
    def confirm(self, request, pk=None):
        checkout = self.get_object()
        body = s.ConfirmInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        payment = services.checkout_confirm_payment(
            checkout=checkout,
            payment_key=data["payment_key"],
            order_id=data["order_id"],
            amount=data.get("amount"),
        )
        return Response(s.PaymentSerializer(payment).data)


@extend_schema(tags=["billing"])
class PaymentViewSet(viewsets.ReadOnlyModelViewSet):
    """The user's payments (receipts), newest first."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Payment.objects.none()
        if self.action == "retrieve":
            return Payment.objects.filter(user=self.request.user).prefetch_related("refunds")
        return selectors.payment_list(user=self.request.user)

    def get_serializer_class(self):
        return s.PaymentSerializer if self.action == "retrieve" else s.PaymentListSerializer


@extend_schema(tags=["billing"])
class PaymentMethodViewSet(
    mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    """Saved cards (brand and last four only). Deleting one stops using it."""

    serializer_class = s.PaymentMethodSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PaymentMethod.objects.none()
        return PaymentMethod.objects.filter(user=self.request.user, is_active=True)

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        services.payment_method_remove(payment_method=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["billing"])
class LedgerViewSet(viewsets.ReadOnlyModelViewSet):
    """Credit or point history: ``/wallets/credits/entries/``, ``/wallets/points/entries/``."""

    serializer_class = s.LedgerEntrySerializer

    def get_queryset(self):
        unit = self.kwargs.get("unit")
        if getattr(self, "swagger_fake_view", False) or unit not in WalletUnit.values:
            return LedgerEntry.objects.none()
        return selectors.ledger_list(user=self.request.user, unit=unit)


class WalletView(APIView):
    @extend_schema(tags=["billing"], responses={200: s.WalletsSerializer})
    def get(self, request):
        """Credit and point balances."""
        return Response(s.WalletsSerializer(selectors.wallet_balances(user=request.user)).data)


class EntitlementsView(APIView):
    @extend_schema(tags=["billing"], responses={200: s.EntitlementsSerializer})
    def get(self, request):
        """What the user's plan allows (null limit = unlimited)."""
        plan = entitlements.plan_for(request.user)
        return Response(
            s.EntitlementsSerializer(
                {"plan": plan.code, "features": plan.features, "limits": plan.limits}
            ).data
        )
