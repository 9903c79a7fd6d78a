"""The Site row allauth puts in e-mails says Haru and SITE_URL's domain, not example.com."""

from django.db import migrations


def forwards(apps, schema_editor):
    from core.sites import site_sync

    site_sync(site_model=apps.get_model("sites", "Site"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_heartbeat_schedule"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
