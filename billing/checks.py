from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def dev_gateway_in_production(app_configs, **kwargs):
    """``check --deploy``: a live site must not take payments through the test-mode gateway.

    The development gateway approves test card numbers, so a production site that fell back to
    it would hand out subscriptions for free. A staging site may opt in explicitly.
    """
    from billing.gateways.registry import default_gateway_name

    allowed = getattr(settings, "BILLING_DEV_GATEWAY_ALLOWED", False)
    if default_gateway_name() == "dev" and not settings.DEBUG and not allowed:
        return [
            Warning(
                "No payment provider is configured: billing would use the test-mode gateway, "
                "whose checkout approves test cards.",
                hint=(
                    "Set TOSS_SECRET_KEY and TOSS_CLIENT_KEY, or the PORTONE_* settings "
                    "(and BILLING_GATEWAY to choose), or BILLING_DEV_GATEWAY_ALLOWED=true "
                    "for a staging site."
                ),
                id="billing.W001",
            )
        ]
    return []
