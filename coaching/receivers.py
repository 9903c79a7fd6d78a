"""Signal receivers: a new account gets its welcome credits (seed 004's default balance)."""

from __future__ import annotations

from allauth.account.signals import user_signed_up
from django.dispatch import receiver


@receiver(user_signed_up, dispatch_uid="coaching_welcome_credits")
def grant_welcome_credits(sender, request, user, **kwargs) -> None:
    from coaching.services.credits import welcome_credits_grant

    welcome_credits_grant(user=user)
