"""Re-encrypt every encrypted column under the current (first) key, in batches.

Run after putting a new key first in FIELD_ENCRYPTION_KEYS (keep the old keys listed until
this has finished). Safe to stop and re-run: rows already under the current key are skipped,
each batch is its own transaction with the rows locked, and concurrent writers just wait.
"""

from django.core.management.base import BaseCommand
from django.db import models, transaction
from django.db.models.functions import Cast

from core import crypto
from core.fields import encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields under the current FIELD_ENCRYPTION_KEYS primary key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="Only count stale rows.")

    def handle(self, *args, batch_size: int, dry_run: bool, **options):
        prefix = crypto.keyring().primary_id + crypto.SEPARATOR
        total = 0
        for model, field_names in encrypted_fields():
            label = model._meta.label
            for name in field_names:
                stale = self._stale(model, name, prefix)
                if dry_run:
                    count = stale.count()
                    self.stdout.write(f"{label}.{name}: {count} row(s) to re-encrypt")
                    total += count
                    continue
                done = self._rotate(model, name, prefix, batch_size)
                total += done
                self.stdout.write(f"{label}.{name}: re-encrypted {done} row(s)")
        verb = "would re-encrypt" if dry_run else "re-encrypted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {total} value(s) in all"))

    @staticmethod
    def _stale(model, name: str, prefix: str):
        # Compare the stored ciphertext as plain text: the field itself refuses lookups.
        return (
            model._base_manager.annotate(_ciphertext=Cast(name, output_field=models.TextField()))
            .filter(**{f"{name}__isnull": False})
            .exclude(_ciphertext__startswith=prefix)
        )

    def _rotate(self, model, name: str, prefix: str, batch_size: int) -> int:
        done = 0
        last_pk = None
        while True:
            with transaction.atomic():
                batch = self._stale(model, name, prefix).order_by("pk")
                if last_pk is not None:
                    batch = batch.filter(pk__gt=last_pk)
                rows = list(batch.select_for_update(of=("self",))[:batch_size])
                if not rows:
                    return done
                # Values were decrypted on load; saving writes them under the primary key.
                model._base_manager.bulk_update(rows, [name])
                done += len(rows)
                last_pk = rows[-1].pk
