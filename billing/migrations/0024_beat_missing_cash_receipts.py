"""Beat schedule: hourly, issue the cash receipts whose task never ran (broker down at commit)."""

from django.db import migrations

TASK = ("billing.issue_missing_cash_receipts", "billing.issue_missing_cash_receipts", 3600)


def create(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    hourly, _ = IntervalSchedule.objects.get_or_create(every=TASK[2], period="seconds")
    PeriodicTask.objects.update_or_create(
        name=TASK[0],
        defaults={"task": TASK[1], "interval": hourly, "crontab": None, "enabled": True},
    )


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0023_cash_receipts"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
