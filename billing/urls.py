from django.urls import path
from django.views.generic import RedirectView

from billing import views

app_name = "billing"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="billing:pricing", permanent=False)),
    path("pricing/", views.pricing, name="pricing"),
    path("subscribe/<slug:plan_code>/", views.subscribe, name="subscribe"),
    path("checkout/<uuid:pk>/", views.checkout, name="checkout"),
    path("checkout/<uuid:pk>/test-card/", views.checkout_test_card, name="checkout_test_card"),
    path("checkout/<uuid:pk>/method/", views.checkout_method, name="checkout_method"),
    path("checkout/<uuid:pk>/coupon/", views.checkout_coupon, name="checkout_coupon"),
    path(
        "checkout/<uuid:pk>/test-method/", views.checkout_test_method, name="checkout_test_method"
    ),
    path(
        "checkout/<uuid:pk>/billing-key/", views.checkout_billing_key, name="checkout_billing_key"
    ),
    path("checkout/<uuid:pk>/confirm/", views.checkout_confirm, name="checkout_confirm"),
    path("checkout/<uuid:pk>/fail/", views.checkout_fail, name="checkout_fail"),
    path("settings/", views.billing_settings, name="settings"),
    path("settings/cancel/", views.cancel, name="cancel"),
    path("settings/cash-receipt/", views.cash_receipt_settings, name="cash_receipt_settings"),
    path("settings/resume/", views.resume, name="resume"),
    path("settings/consent/", views.consent, name="consent"),
    path("settings/end-now/", views.end_now, name="end_now"),
    path("settings/plan/<slug:plan_code>/", views.change_plan, name="change_plan"),
    path("settings/cards/new/", views.change_card, name="change_card"),
    path("settings/cards/<uuid:pk>/remove/", views.remove_card, name="remove_card"),
    path("receipts/", views.receipts, name="receipts"),
    path("receipts/<uuid:pk>/", views.receipt, name="receipt"),
    path("credits/", views.credits, name="credits"),
    path("credits/<slug:pack_code>/checkout/", views.buy_credits, name="buy_credits"),
    path(
        "credits/<slug:pack_code>/saved-card/",
        views.buy_credits_saved_card,
        name="buy_credits_saved_card",
    ),
    path("points/", views.points, name="points"),
    path("webhooks/toss/", views.webhook_toss, name="webhook_toss"),
    path("webhooks/portone/", views.webhook_portone, name="webhook_portone"),
]
