"""Beat schedules for accounts (idempotent: update_or_create by name)."""

from django.db import migrations

SCHEDULES = [
    # (name, task, interval seconds or None, crontab (minute, hour) in UTC or None)
    ("accounts.deliver_due_notifications", "accounts.deliver_due_notifications", 60, None),
    # 03:30 Korea time (18:30 UTC): anonymise accounts resigned 30+ days ago.
    ("accounts.anonymise_resigned_users", "accounts.anonymise_resigned_users", None, ("30", "18")),
    ("accounts.purge_expired_exports", "accounts.purge_expired_exports", 3600, None),
]


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, cron in SCHEDULES:
        defaults = {"task": task, "enabled": True, "interval": None, "crontab": None}
        if every:
            defaults["interval"], _ = IntervalSchedule.objects.get_or_create(
                every=every, period="seconds"
            )
        else:
            minute, hour = cron
            defaults["crontab"], _ = CrontabSchedule.objects.get_or_create(
                minute=minute,
                hour=hour,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone="UTC",
            )
        PeriodicTask.objects.update_or_create(name=name, defaults=defaults)


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[name for name, *_ in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_identity_notifications_uploads"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
