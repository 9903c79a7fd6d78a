from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """Models that exist only in the test database, to exercise shared core machinery."""

    name = "tests.testapp"
    label = "testapp"
    default_auto_field = "django.db.models.BigAutoField"
