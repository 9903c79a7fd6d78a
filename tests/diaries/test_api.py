import datetime as dt

import pytest
from django.utils import timezone

from .conftest import CALM_KO, CRISIS_EN

pytestmark = pytest.mark.django_db

PRIVATE_KEYS = {
    "tier_a",
    "tier_m",
    "slip_flag",
    "ethics_tags",
    "model_name",
    "prompt_version",
    "policy_versions",
    "tokens_in",
    "tokens_out",
    "latency_ms",
    "metadata",
}


def _keys(data):
    if isinstance(data, dict):
        return set(data) | set().union(*(_keys(v) for v in data.values()))
    if isinstance(data, list):
        return set().union(*(_keys(v) for v in data)) if data else set()
    return set()


def test_create_returns_the_entry_and_safety_none(alice_api):
    response = alice_api.post(
        "/api/v1/diary-entries/", {"body": CALM_KO, "mood": 4, "tags": ["산책"]}, format="json"
    )
    assert response.status_code == 201
    assert response.data["entry"]["body"] == CALM_KO
    assert response.data["safety"] == {"level": "none", "resources": []}
    assert response.data["analysis_status"] == "pending"


def test_crisis_resources_are_in_the_create_response(alice_api):
    response = alice_api.post("/api/v1/diary-entries/", {"body": CRISIS_EN}, format="json")
    assert response.status_code == 201
    assert response.data["safety"]["level"] == "crisis"
    assert response.data["safety"]["resources"]
    assert any(r["phone"] for r in response.data["safety"]["resources"])


def test_invalid_input_is_a_400_with_fields(alice_api):
    for body in (
        {"body": ""},
        {"body": "x" * 20_001},
        {"body": "x", "mood": 9},
        {"body": "x", "written_on": "0001-01-01"},
        {"body": "x", "tags": ["a"] * 11},
    ):
        response = alice_api.post("/api/v1/diary-entries/", body, format="json")
        assert response.status_code == 400, body
        assert set(response.data) == {"code", "message", "fields"}
    future = (timezone.now() + dt.timedelta(days=3)).date().isoformat()
    assert (
        alice_api.post(
            "/api/v1/diary-entries/", {"body": "x", "written_on": future}, format="json"
        ).status_code
        == 400
    )


def test_analyses_never_carry_private_metadata(alice_api, alice, write, analyse):
    entry = write(alice).entry
    analyse(alice)
    response = alice_api.get(f"/api/v1/diary-entries/{entry.pk}/analyses/")
    assert response.status_code == 200
    assert response.data[0]["status"] == "done"
    assert response.data[0]["summary"]
    assert not (_keys(response.data) & PRIVATE_KEYS)
    assert response.data[0]["offline"] is True


def test_update_search_trash_restore(alice_api, alice, write):
    entry = write(alice, body="원래 글").entry
    response = alice_api.put(
        f"/api/v1/diary-entries/{entry.pk}/", {"body": "아침 명상을 했다"}, format="json"
    )
    assert response.status_code == 200
    assert response.data["entry"]["version"] == 2
    found = alice_api.get("/api/v1/diary-entries/search/", {"q": "명상"})
    assert [e["id"] for e in found.data["results"]] == [entry.pk]
    assert alice_api.delete(f"/api/v1/diary-entries/{entry.pk}/").status_code == 204
    assert alice_api.get(f"/api/v1/diary-entries/{entry.pk}/").status_code == 404
    assert alice_api.post(f"/api/v1/diary-entries/{entry.pk}/restore/").status_code == 200


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("put", ""), ("delete", ""), ("get", "analyses/"), ("post", "restore/")],
)
def test_another_users_entry_is_404_everywhere(alice_api, bob, write, method, suffix):
    entry = write(bob, body="밥만 아는 이야기").entry
    response = getattr(alice_api, method)(
        f"/api/v1/diary-entries/{entry.pk}/{suffix}", {"body": "x"}, format="json"
    )
    assert response.status_code == 404
    assert "밥만 아는" not in str(response.data)


def test_reports_api_and_ownership(alice_api, alice, bob, write):
    from diaries import services

    write(bob)
    bobs = services.report_generate_current(user=bob, period_type="daily")
    write(alice)
    response = alice_api.post(
        "/api/v1/diary-reports/generate/", {"period_type": "weekly"}, format="json"
    )
    assert response.status_code == 201
    assert "stats" in response.data
    assert alice_api.get(f"/api/v1/diary-reports/{bobs.pk}/").status_code == 404
    listed = alice_api.get("/api/v1/diary-reports/")
    assert [r["id"] for r in listed.data["results"]] == [response.data["id"]]
    assert (
        alice_api.post(
            "/api/v1/diary-reports/generate/", {"period_type": "hourly"}, format="json"
        ).status_code
        == 400
    )


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/diary-entries/",
        "/api/v1/diary-entries/trash/",
        "/api/v1/diary-reports/",
        "/api/v1/diary-entries/search/?q=일기",
    ],
)
def test_api_lists_have_a_fixed_query_count(
    alice_api, alice, write, django_assert_max_num_queries, path
):
    from diaries import services

    for i in range(3):
        e = write(alice, body=f"일기 {i}").entry
        if "trash" in path:
            services.entry_trash(user=alice, entry=e)
    services.report_generate_current(user=alice, period_type="daily")
    with django_assert_max_num_queries(8):
        assert alice_api.get(path).status_code == 200
    for i in range(10):
        e = write(alice, body=f"일기 더 {i}").entry
        if "trash" in path:
            services.entry_trash(user=alice, entry=e)
    services.report_generate_current(user=alice, period_type="weekly")
    with django_assert_max_num_queries(8):
        assert alice_api.get(path).status_code == 200


def test_anonymous_api_is_refused(api_client):
    assert api_client.get("/api/v1/diary-entries/").status_code in (401, 403)
