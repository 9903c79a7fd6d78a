"""Habits' interim trainer profiles become practitioners of type trainer; beat schedules; the
verification queue proxy.

Why this lives here and reads habits' table with SQL: practitioners and habits are siblings
(layer 4), so neither imports the other. The copy must run before habits drops its table
(habits 0006), which ``run_before`` states from this side; habits' migrations never name
practitioners. The table is read only if it still exists (``to_regclass``), so a database
created after habits 0006 (or without the table) simply copies nothing. A verified trainer
becomes an approved practitioner with the badge; an unverified one an application to decide.
Ratings are not copied: the rating columns count real reviews only.
"""

from django.db import migrations


def copy_trainer_profiles(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('habits_trainerprofile') IS NOT NULL")
        if not cursor.fetchone()[0]:
            return
        cursor.execute(
            "SELECT user_id, specializations, certification_level, bio, verified, created_at "
            "FROM habits_trainerprofile"
        )
        rows = cursor.fetchall()
    Practitioner = apps.get_model("practitioners", "Practitioner")
    User = apps.get_model("accounts", "User")
    for user_id, specializations, certification, bio, verified, created_at in rows:
        if Practitioner.objects.filter(user_id=user_id).exists():
            continue
        user = User.objects.get(pk=user_id)
        name = user.name or user.nickname or (user.email or "").split("@")[0] or "trainer"
        Practitioner.objects.create(
            user_id=user_id,
            slug=f"trainer-{str(user_id)[:8]}",
            display_name=name[:100],
            type="trainer",
            status="approved" if verified else "applied",
            is_verified=bool(verified),
            verified_at=created_at if verified else None,
            decided_at=created_at if verified else None,
            bio_ko=bio or "",
            headline_ko=", ".join(specializations or [])[:150],
            certifications=[{"name": certification}] if certification else [],
            languages=["ko"],
            session_types=["video", "in_person"],
        )


SCHEDULES = (
    ("practitioners.expire_holds", 60, "Release booking holds whose checkout ran out unpaid."),
    (
        "practitioners.send_reminders",
        300,
        "Session reminders 24 h and 1 h before, follow-ups after.",
    ),
)


def schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, seconds, description in SCHEDULES:
        every, _ = IntervalSchedule.objects.get_or_create(every=seconds, period="seconds")
        PeriodicTask.objects.update_or_create(
            name=task,
            defaults={"task": task, "interval": every, "enabled": True, "description": description},
        )


def unschedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[task for task, _s, _d in SCHEDULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practitioners", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]
    run_before = [
        ("habits", "0006_trainer_profiles_moved_to_practitioners"),
    ]

    operations = [
        # the admin's verification queue (a proxy model: no table)
        migrations.CreateModel(
            name="VerificationQueue",
            fields=[],
            options={
                "verbose_name": "application to verify",
                "verbose_name_plural": "verification queue",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("practitioners.practitioner",),
        ),
        migrations.RunPython(copy_trainer_profiles, migrations.RunPython.noop),
        migrations.RunPython(schedule, unschedule),
    ]
