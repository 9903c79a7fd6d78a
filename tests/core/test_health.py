import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_services(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_200_when_database_redis_and_broker_answer(client):
    response = client.get(reverse("readyz"))
    assert response.status_code == 200, response.content
    assert response.json()["checks"] == ["database", "redis", "broker"]


def test_readyz_names_what_is_down_with_503(client, settings):
    # given: a cache that points at a socket nobody listens on
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "unix:///nonexistent/redis.sock",
        }
    }

    # when
    response = client.get(reverse("readyz"))
    # then
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "down": ["redis"]}
