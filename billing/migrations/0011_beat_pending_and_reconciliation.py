"""Beat schedules: look up lost charges every two minutes; 7-day conversion notices hourly;
reconcile with the providers daily."""

from django.db import migrations

PENDING = ("billing.resolve_pending_payments", "billing.resolve_pending_payments", 120)
RECONCILE = ("billing.reconcile_payments", "billing.reconcile_payments")
NOTICES = ("billing.send_conversion_notices", "billing.send_conversion_notices", 3600)


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    interval, _ = IntervalSchedule.objects.get_or_create(every=PENDING[2], period="seconds")
    PeriodicTask.objects.update_or_create(
        name=PENDING[0],
        defaults={"task": PENDING[1], "interval": interval, "crontab": None, "enabled": True},
    )
    hourly, _ = IntervalSchedule.objects.get_or_create(every=NOTICES[2], period="seconds")
    PeriodicTask.objects.update_or_create(
        name=NOTICES[0],
        defaults={"task": NOTICES[1], "interval": hourly, "crontab": None, "enabled": True},
    )
    # after the providers have closed the previous Korean day
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="30",
        hour="4",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Seoul",
    )
    PeriodicTask.objects.update_or_create(
        name=RECONCILE[0],
        defaults={"task": RECONCILE[1], "crontab": crontab, "interval": None, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[PENDING[0], RECONCILE[0], NOTICES[0]]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0010_exactly_once_after_timeouts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
