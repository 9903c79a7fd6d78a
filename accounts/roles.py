"""Roles a user holds across Haru, kept as Django groups and asked through one module.

Upper apps grant and check roles here instead of asking each other: practitioners grants the
trainer role when an operator approves a trainer, habits checks it before a workout plan is
written. The group is created by accounts' migration and recreated on demand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group

if TYPE_CHECKING:
    from accounts.models import User

TRAINERS_GROUP = "trainers"


def is_trainer(user: User) -> bool:
    """May ``user`` write workout plans (a verified trainer)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.groups.filter(name=TRAINERS_GROUP).exists()


def trainer_role_grant(*, user: User) -> None:
    group, _ = Group.objects.get_or_create(name=TRAINERS_GROUP)
    user.groups.add(group)


def trainer_role_revoke(*, user: User) -> None:
    group = Group.objects.filter(name=TRAINERS_GROUP).first()
    if group is not None:
        user.groups.remove(group)
