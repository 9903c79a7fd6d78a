from celery import shared_task

from habits.services import reminders_send_due


@shared_task(name="habits.send_due_reminders", ignore_result=True)
def send_due_reminders() -> int:
    """Every minute (django-celery-beat): send the reminders due now. Safe to run twice."""
    return reminders_send_due()
