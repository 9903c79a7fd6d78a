"""Seed the ``slip`` AI policy v1 in coaching's policy tables and point the global pointer
at it. Diaries owns the meaning of these rules (see ``diaries.services.slip``); the copy
here is frozen as it was when v1 was published. A later version is a new PolicyVersion row."""

from django.db import migrations

SLIP_V1_RULES = {
    "window_entries": 5,
    "warning": {"tier_a_min": 3.0, "tier_m_min": 2.5, "hits": 1},
    "slip": {"tier_a_min": 3.5, "tier_m_min": 3.0, "hits": 3},
    "healthy_emotions": ["joy", "pride", "gratitude", "excitement", "calm", "love"],
    "slip_ethics_tags": ["self_harm", "suicide", "harm_to_others"],
    "slip_on_crisis": True,
    "slip_hours": 72,
    "calm_entries": 3,
}


def seed(apps, schema_editor):
    PolicyVersion = apps.get_model("coaching", "PolicyVersion")
    PolicyActive = apps.get_model("coaching", "PolicyActive")
    version, _ = PolicyVersion.objects.get_or_create(
        name="slip",
        version=1,
        defaults={
            "rules": SLIP_V1_RULES,
            "description": "Slip v1: tier thresholds, repetition over the last 5 entries, "
            "ethics tags and crisis assessments; 72-hour pause.",
        },
    )
    if not PolicyActive.objects.filter(name="slip", user__isnull=True).exists():
        PolicyActive.objects.create(name="slip", scope="global", user=None, version=version)


def unseed(apps, schema_editor):
    PolicyActive = apps.get_model("coaching", "PolicyActive")
    PolicyVersion = apps.get_model("coaching", "PolicyVersion")
    PolicyActive.objects.filter(name="slip", version__version=1).delete()
    PolicyVersion.objects.filter(name="slip", version=1, pointers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("diaries", "0002_beat_schedules"),
        ("coaching", "0002_seed_prompts_policies_services"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
