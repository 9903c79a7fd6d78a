import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from diaries.models import Entry

from .conftest import CALM_KO, CRISIS_KO

pytestmark = pytest.mark.django_db

SECRET = "아무도 몰라야 하는 비밀 문장 7731"


def test_editor_saves_and_redirects_to_the_entry(alice_client, alice):
    response = alice_client.get(reverse("diaries:new"))
    assert response.status_code == 200
    assert "data-word-count" in response.content.decode()
    response = alice_client.post(
        reverse("diaries:new"),
        {"body": CALM_KO, "title": "산책", "mood": "4", "tags": "walk, 마음"},
    )
    entry = Entry.objects.get(user=alice)
    assert response.status_code == 302
    assert response.url == reverse("diaries:detail", args=[entry.pk])
    page = alice_client.get(response.url).content.decode()
    assert CALM_KO in page
    assert "#마음" in page


def test_an_error_keeps_what_was_written(alice_client):
    future = (timezone.now() + dt.timedelta(days=5)).date().isoformat()
    response = alice_client.post(
        reverse("diaries:new"), {"body": "잃으면 안 되는 글", "written_on": future}
    )
    assert response.status_code == 200
    assert "잃으면 안 되는 글" in response.content.decode()


def test_crisis_panel_is_in_the_save_response_itself(alice_client):
    response = alice_client.post(reverse("diaries:new"), {"body": CRISIS_KO})
    assert response.status_code == 200  # rendered, not redirected: nothing waits
    html = response.content.decode()
    assert 'class="safety-panel"' in html
    assert "109" in html
    assert "tel:" in html


def test_analysis_fragment_polls_while_pending_and_stops_when_done(
    alice_client, alice, write, analyse
):
    entry = write(alice).entry
    fragment = alice_client.get(reverse("diaries:analysis", args=[entry.pk])).content.decode()
    assert 'hx-trigger="every 3s"' in fragment
    analyse(alice)
    fragment = alice_client.get(reverse("diaries:analysis", args=[entry.pk])).content.decode()
    assert "hx-trigger" not in fragment
    assert "오프라인 분석기" in fragment  # the offline analyzer says so (ko default)


def test_htmx_autosave_stores_a_draft(alice_client, alice):
    response = alice_client.post(
        reverse("diaries:draft"), {"title": "", "body": "자동 저장"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert alice_client.get(reverse("diaries:new")).content.decode().count("자동 저장") == 1


@pytest.mark.parametrize(
    "name", ["diaries:detail", "diaries:edit", "diaries:analysis", "diaries:history"]
)
def test_another_users_entry_pages_are_404(alice_client, bob, write, name):
    entry = write(bob, body=SECRET).entry
    response = alice_client.get(reverse(name, args=[entry.pk]))
    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_another_user_cannot_trash_edit_or_restore(alice_client, bob, write):
    entry = write(bob, body=SECRET).entry
    for name in ("diaries:trash_entry", "diaries:restore", "diaries:edit", "diaries:draft_entry"):
        assert alice_client.post(reverse(name, args=[entry.pk]), {"body": "x"}).status_code == 404
    assert Entry.objects.get(pk=entry.pk).deleted_at is None


@pytest.mark.parametrize(
    "name", ["diaries:list", "diaries:calendar", "diaries:trash", "diaries:reports"]
)
def test_lists_have_a_fixed_query_count(
    alice_client, alice, write, django_assert_max_num_queries, name
):
    for i in range(3):
        write(alice, body=f"일기 {i}", written_on=timezone.now().date() - dt.timedelta(days=i))
    with django_assert_max_num_queries(14):
        assert alice_client.get(reverse(name)).status_code == 200
    for i in range(12):
        write(alice, body=f"더 {i}", written_on=timezone.now().date() - dt.timedelta(days=i))
    with django_assert_max_num_queries(14):
        assert alice_client.get(reverse(name)).status_code == 200


def test_search_page_query_count_is_fixed(
    alice_client, alice, write, django_assert_max_num_queries
):
    for i in range(15):
        write(alice, body=f"명상 {i}")
    with django_assert_max_num_queries(14):
        response = alice_client.get(reverse("diaries:search"), {"q": "명상"})
    assert "명상 14" in response.content.decode()


def test_calendar_colours_days_by_mood(alice_client, alice, write):
    write(alice, body="좋은 날", mood=5)
    html = alice_client.get(reverse("diaries:calendar")).content.decode()
    assert "mood-cell mood-5" in html


def test_report_page_draws_svg_charts(alice_client, alice, write, analyse):
    write(alice, body=CALM_KO, mood=4)
    analyse(alice)
    response = alice_client.post(reverse("diaries:report_now"), {"period_type": "weekly"})
    html = alice_client.get(response.url).content.decode()
    assert html.count("<svg") >= 3


def test_another_users_report_is_404(alice_client, bob, write):
    from diaries import services

    write(bob)
    report = services.report_generate_current(user=bob, period_type="daily")
    assert alice_client.get(reverse("diaries:report", args=[report.pk])).status_code == 404


class TestOperatorsNeverSeeDiaryText:
    def test_admin_screens_show_metadata_only(self, client, operator, alice, write, analyse):
        from diaries import services

        type(operator).objects.filter(pk=operator.pk).update(is_superuser=True)
        entry = write(alice, body=SECRET, title="비밀 제목 5512", tags=["비밀태그"]).entry
        analyse(alice)
        report = services.report_generate_current(user=alice, period_type="daily")
        summary = (
            __import__("diaries.selectors", fromlist=["x"])
            .analysis_latest_for_entry(user=alice, entry=entry)
            .summary
        )
        client.force_login(type(operator).objects.get(pk=operator.pk))
        pages = [
            reverse("admin:diaries_entry_changelist"),
            reverse("admin:diaries_entry_change", args=[entry.pk]),
            reverse("admin:diaries_report_changelist"),
            reverse("admin:diaries_report_change", args=[report.pk]),
            reverse("admin:diaries_slipcondition_changelist"),
            reverse("admin:diaries_safetyevent_changelist"),
            reverse("admin:diaries_moderationlog_changelist"),
            reverse("admin:accounts_user_change", args=[alice.pk]),
        ]
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for text in (SECRET, "비밀 제목 5512", "비밀태그", summary):
                assert text not in html, url

    def test_operator_reading_a_users_entry_page_gets_404(self, client, operator, alice, write):
        entry = write(alice, body=SECRET).entry
        client.force_login(operator)
        response = client.get(reverse("diaries:detail", args=[entry.pk]))
        assert response.status_code == 404
