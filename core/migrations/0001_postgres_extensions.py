from django.contrib.postgres.operations import (
    BtreeGistExtension,
    CITextExtension,
    TrigramExtension,
    UnaccentExtension,
)
from django.db import migrations


class Migration(migrations.Migration):
    """Contrib extensions the domain apps rely on (exclusion constraints, fuzzy search)."""

    initial = True
    dependencies = []

    operations = [
        BtreeGistExtension(),
        TrigramExtension(),
        CITextExtension(),
        UnaccentExtension(),
    ]
