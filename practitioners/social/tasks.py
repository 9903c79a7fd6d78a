"""Celery tasks of the social half: thin, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from practitioners.services.payouts import payouts_create_for_week


@shared_task(name="practitioners.create_weekly_payouts", ignore_result=True)
def create_weekly_payouts() -> int:
    """Beat (Monday 01:00 Korea time): last week's payouts, once per practitioner and week."""
    return payouts_create_for_week()
