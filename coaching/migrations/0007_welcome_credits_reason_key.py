"""Welcome grants were stored with the free-text reason "welcome_credits", which the ledger
showed as typed (an adjustment note). Give them the translated welcome-bonus key."""

from django.db import migrations


def forwards(apps, schema_editor):
    LedgerEntry = apps.get_model("billing", "LedgerEntry")
    LedgerEntry.objects.filter(
        reason_key="billing.adjustment", reason_params={"note": "welcome_credits"}
    ).update(reason_key="billing.welcome_bonus", reason_params={})


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0006_ai_output_flags"),
        ("billing", "0021_audit_history_follows_course_product"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
