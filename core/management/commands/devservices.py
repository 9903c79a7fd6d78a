from django.core.management.base import BaseCommand

from config import devservices


class Command(BaseCommand):
    help = "Show or stop the embedded PostgreSQL and Redis (var/)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["status", "stop"])

    def handle(self, *args, action: str, **options):
        if action == "stop":
            stopped = devservices.stop_all()
            self.stdout.write("stopped: " + (", ".join(stopped) or "nothing was running"))
        else:
            self.stdout.write(f"PostgreSQL data: {devservices.PG_DIR}")
            self.stdout.write(f"Redis data:      {devservices.REDIS_DB_FILE.parent}")
