import datetime as dt
from decimal import Decimal

import pytest
from django.db import DatabaseError, transaction

from core.exceptions import HaruError
from habits import services
from habits.models import HealthGoal, HealthIntegration, HealthMetric

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def points(n, start=dt.datetime(2026, 3, 1, tzinfo=UTC)):
    return [
        {"metric_type": "steps", "value": 100 + i, "recorded_at": start + dt.timedelta(minutes=i)}
        for i in range(n)
    ]


def test_bulk_upload_is_idempotent(alice):
    first = services.metrics_bulk_upload(user=alice, points=points(3000), source="apple_health")
    again = services.metrics_bulk_upload(user=alice, points=points(3000), source="apple_health")
    assert (first.received, first.created) == (3000, 3000)
    assert (again.created, again.duplicates) == (0, 3000)
    assert HealthMetric.objects.filter(user=alice).count() == 3000


def test_same_time_from_another_source_is_kept(alice):
    services.metrics_bulk_upload(user=alice, points=points(5), source="apple_health")
    result = services.metrics_bulk_upload(user=alice, points=points(5), source="google_fit")
    assert result.created == 5


def test_duplicates_inside_one_upload_count_once(alice):
    result = services.metrics_bulk_upload(user=alice, points=points(2) + points(2), source="fitbit")
    assert (result.received, result.created) == (4, 2)


def test_one_bad_point_rejects_the_upload_and_names_it(alice):
    bad = points(3)
    bad[1]["value"] = -5
    with pytest.raises(HaruError) as refused:
        services.metrics_bulk_upload(user=alice, points=bad, source="apple_health")
    assert "1" in refused.value.fields["points"]
    assert not HealthMetric.objects.exists()


def test_units_are_converted_to_the_canonical_unit(alice):
    metric = services.metric_record(user=alice, metric_type="weight", value="154.3", unit="lb")
    assert metric.unit == "kg"
    assert metric.value == Decimal("69.989")


def test_metrics_are_immutable_in_the_database(alice):
    metric = services.metric_record(user=alice, metric_type="weight", value=70)
    with pytest.raises(DatabaseError), transaction.atomic():
        HealthMetric.objects.filter(pk=metric.pk).update(value=80)
    metric.refresh_from_db()
    assert metric.value == 70


def test_local_day_of_a_measurement_is_the_users_day(alice):
    metric = services.metric_record(
        user=alice,
        metric_type="steps",
        value=10,
        recorded_at=dt.datetime(2026, 3, 1, 16, 30, tzinfo=UTC),  # 01:30 on the 2nd in Seoul
    )
    assert metric.local_date == dt.date(2026, 3, 2)


def test_a_new_goal_replaces_the_active_one(alice):
    services.goal_set(
        user=alice, metric_type="steps", target_value=8000, start_date=dt.date(2026, 3, 1)
    )
    services.goal_set(
        user=alice, metric_type="steps", target_value=10000, start_date=dt.date(2026, 3, 1)
    )
    active = HealthGoal.objects.get(user=alice, is_active=True)
    assert active.target_value == 10000
    assert HealthGoal.objects.filter(user=alice).count() == 2


def test_integration_tokens_are_encrypted(alice):
    from django.db import connection

    services.integration_connect(user=alice, provider="fitbit", access_token="secret-token-1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token FROM habits_healthintegration")
        assert "secret-token-1" not in cursor.fetchone()[0]
    assert HealthIntegration.objects.get(user=alice).access_token == "secret-token-1"
    services.integration_disconnect(user=alice, provider="fitbit")
    integration = HealthIntegration.objects.get(user=alice)
    assert integration.access_token is None
    assert not integration.is_active
