"""Template tags of the social half, for the core's pages (the profile's reviews)."""

from __future__ import annotations

from django import template

from practitioners.social.enums import REVIEW_ASPECTS
from practitioners.social.selectors import review_list_published

register = template.Library()

PROFILE_REVIEWS = 5


@register.inclusion_tag("practitioners/social/_profile_reviews.html", takes_context=True)
def profile_reviews(context, practitioner):
    """The newest published reviews (one query), a link to all of them and a message button."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "practitioner": practitioner,
        "reviews": list(review_list_published(practitioner=practitioner)[:PROFILE_REVIEWS]),
        "aspects": REVIEW_ASPECTS,
        "user": user,
        "can_message": bool(user and user.is_authenticated and user.pk != practitioner.user_id),
        "csrf_token": context.get("csrf_token"),
    }
