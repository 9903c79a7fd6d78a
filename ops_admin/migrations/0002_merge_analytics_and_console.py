"""Joins the two halves of the console built in parallel: analytics/logs (0001_analytics_and_logs)
and roles/audit/support (0001_initial). No operations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ops_admin", "0001_analytics_and_logs"),
        ("ops_admin", "0001_initial"),
    ]

    operations = []
