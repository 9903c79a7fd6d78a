from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.core.management.base import BaseCommand

from ops_admin.roles import sync_roles


class Command(BaseCommand):
    help = "Create or update the operator, manager and admin groups and their permissions."

    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            create_permissions(app_config, verbosity=0)
        counts = sync_roles()
        for role, count in counts.items():
            self.stdout.write(f"{role}: {count} permissions")
