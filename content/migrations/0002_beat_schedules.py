"""Beat schedules: scheduled publishing, counter flushes, announcement broadcasts."""

from django.db import migrations

INTERVALS = {
    # name: (task, seconds)
    "content.publish_scheduled": ("content.publish_scheduled", 60),
    "content.flush_counters": ("content.flush_counters", 60),
    "content.broadcast_due_announcements": ("content.broadcast_due_announcements", 60),
}


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, (task, seconds) in INTERVALS.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.update_or_create(
            name=name,
            defaults={"task": task, "interval": interval, "crontab": None, "enabled": True},
        )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name__in=INTERVALS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
