"""Beat schedules for diaries (idempotent: update_or_create by name)."""

from django.db import migrations

SCHEDULES = [
    # (name, task, interval seconds or None, crontab (minute, hour) in UTC or None)
    # Periods close at each user's local midnight, so the report run is hourly.
    ("diaries.generate_reports", "diaries.generate_reports", None, ("5", "*")),
    ("diaries.release_slips", "diaries.release_slips", 300, None),
    ("diaries.requeue_stale_analyses", "diaries.requeue_stale_analyses", 300, None),
    # 04:10 Korea time (19:10 UTC): entries in the trash for 30+ days are deleted.
    ("diaries.purge_trash", "diaries.purge_trash", None, ("10", "19")),
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
        ("diaries", "0001_diary_entries_analyses_reports_slip"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
