"""Beat schedules: renewals, retries of failed renewals, renewal reminders, points expiry."""

from django.db import migrations

INTERVALS = {
    # name: (task, seconds)
    "billing.renew_subscriptions": ("billing.renew_subscriptions", 15 * 60),
    "billing.retry_failed_renewals": ("billing.retry_failed_renewals", 60 * 60),
    "billing.send_renewal_reminders": ("billing.send_renewal_reminders", 60 * 60),
    "billing.expire_checkouts": ("billing.expire_checkouts", 60 * 60),
}
# Points expire once a day, just after midnight in Korea.
POINTS = ("billing.expire_points", "billing.expire_points")


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, seconds) in INTERVALS.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "interval": interval, "crontab": None, "enabled": True},
        )
    crontab, _ = CrontabSchedule.objects.get_or_create(
        minute="10",
        hour="0",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="Asia/Seoul",
    )
    PeriodicTask.objects.update_or_create(
        name=POINTS[0],
        defaults={"task": POINTS[1], "crontab": crontab, "interval": None, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[*INTERVALS, POINTS[0]]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0002_seed_plans_and_credit_packs"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
