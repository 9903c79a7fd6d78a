from django.urls import path

from billing.api import views
from core.api.router import api_router

api_router.register("billing/plans", views.PlanViewSet, basename="billing-plan")
api_router.register("billing/credit-packs", views.CreditPackViewSet, basename="billing-credit-pack")
api_router.register(
    "billing/subscription", views.SubscriptionViewSet, basename="billing-subscription"
)
api_router.register("billing/checkouts", views.CheckoutViewSet, basename="billing-checkout")
api_router.register("billing/payments", views.PaymentViewSet, basename="billing-payment")
api_router.register(
    "billing/payment-methods", views.PaymentMethodViewSet, basename="billing-payment-method"
)
api_router.register(
    r"billing/wallets/(?P<unit>credits|points)/entries",
    views.LedgerViewSet,
    basename="billing-ledger",
)

urlpatterns = [
    path("billing/wallets/", views.WalletView.as_view(), name="billing-wallets"),
    path("billing/entitlements/", views.EntitlementsView.as_view(), name="billing-entitlements"),
]
