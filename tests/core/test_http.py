from django.test import RequestFactory

from core.http import back, safe_next


def test_next_on_this_site_is_followed_with_its_query():
    request = RequestFactory().post("/x/", {"next": "/habits/?day=2026-11-22"})
    assert safe_next(request, "/fallback/") == "/habits/?day=2026-11-22"


def test_next_to_another_site_falls_back():
    for target in ("https://evil.example/steal", "//evil.example/", "javascript:alert(1)"):
        request = RequestFactory().post("/x/", {"next": target})
        assert back(request, "/fallback/").url == "/fallback/"
