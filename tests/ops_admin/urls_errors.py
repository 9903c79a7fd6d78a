"""A URL conf for the error-log test: the real site plus one view that fails."""

from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


class PaymentGatewayError(RuntimeError):
    pass


def failing_view(request, order_id: int):
    raise PaymentGatewayError(f"gateway answered nonsense for order {order_id}")


urlpatterns = [path("boom/<int:order_id>/", failing_view), *site_urlpatterns]
