import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_landing_is_korean_by_default(client):
    response = client.get(reverse("landing"))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ko">' in html
    assert "오늘을 돌보세요" in html


def test_landing_follows_the_language_switch_to_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    html = client.get(reverse("landing")).content.decode()
    assert '<html lang="en">' in html
    assert "Take care of today" in html


def test_landing_serves_only_local_assets(client):
    html = client.get(reverse("landing")).content.decode()
    assert "/static/css/haru" in html
    assert "/static/django_htmx/htmx" in html
    assert "https://" not in html.replace("https://www.w3.org", "")


def test_security_headers_are_set(client):
    response = client.get(reverse("landing"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_unknown_page_gets_the_styled_404_in_korean(client):
    response = client.get("/this-page-does-not-exist/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "페이지를 찾을 수 없어요" in html
    assert "haru.css" in html


def test_landing_runs_no_queries_for_a_visitor(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        client.get(reverse("landing"))


def test_admin_is_titled_as_the_operator_console(client, operator):
    client.force_login(operator)
    html = client.get("/admin/").content.decode()
    assert "Haru 운영 콘솔" in html


def test_only_the_most_specific_header_link_is_current(rf, alice):
    from django.urls import reverse

    from core import navigation

    # given a page under both /coaching/ (Coaching) and /coaching/services/ (AI readings)
    request = rf.get(reverse("coaching:services"))
    request.user = alice

    # when the header is built
    nav = {item["url"]: item["active"] for item in navigation.build(request)["haru_nav"]}

    # then only the more specific link is current
    assert nav[reverse("coaching:services")] is True
    assert nav[reverse("coaching:inbox")] is False
