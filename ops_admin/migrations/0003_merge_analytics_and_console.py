"""Joins the two halves of the console built in parallel: analytics/logs (0001_analytics_and_logs)
and roles/audit/support/flags (0001_initial, 0002_feature_flags). No operations."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ops_admin", "0001_analytics_and_logs"),
        ("ops_admin", "0002_feature_flags"),
    ]

    operations = []
