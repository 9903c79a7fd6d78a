"""Demo data of practitioners (``manage.py seed_demo``)."""

from __future__ import annotations


def seed(*, demo_user, operator, stdout) -> None:
    # the social half: reviews, a conversation, shared records, a payout
    from practitioners.social.demo import seed as seed_social

    seed_social(demo_user=demo_user, operator=operator, stdout=stdout)
