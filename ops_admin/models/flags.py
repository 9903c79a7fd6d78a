from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from waffle.models import AbstractUserFlag

from ops_admin.flags import in_rollout


class Flag(AbstractUserFlag):
    """Waffle's flag (``WAFFLE_FLAG_MODEL``) plus plan targeting and a sticky rollout.

    "Everyone: no" is the kill switch: off for all, whatever else is set."""

    plans = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("plans"),
        blank=True,
        default=list,
        help_text=_("Plan codes (e.g. premium) whose subscribers get the flag."),
    )

    class Meta(AbstractUserFlag.Meta):
        verbose_name = _("feature flag")
        verbose_name_plural = _("feature flags")

    def is_active_for_user(self, user):
        active = super().is_active_for_user(user)
        if active:
            return active
        if self.plans and getattr(user, "is_authenticated", False):
            from billing.entitlements import plan_for

            if plan_for(user).code in self.plans:
                return True
        return None

    def _is_active_for_percent(self, request, read_only):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and self.percent and self.percent > 0:
            return in_rollout(self.name, user.pk, self.percent)
        return super()._is_active_for_percent(request, read_only)
