"""The SMS / KakaoTalk 알림톡 channel of notify(), through Solapi's local server."""

from __future__ import annotations

import logging

import pytest

from accounts.services import notify
from accounts.services.notifications import notification_deliver
from accounts.sms import SmsMessage, _client_for
from accounts.sms.solapi import SolapiClient
from tests.accounts.solapi_server import SolapiServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def solapi(settings):
    server = SolapiServer(api_key="NCS-test", api_secret="secret-test", sender="0212345678")
    settings.SOLAPI_API_KEY = "NCS-test"
    settings.SOLAPI_API_SECRET = "secret-test"
    settings.SOLAPI_SENDER = "0212345678"
    settings.SOLAPI_KAKAO_PF_ID = "KA01PF-haru"
    settings.SOLAPI_API_BASE = server.url
    _client_for.cache_clear()
    yield server
    server.shutdown()
    _client_for.cache_clear()


def client(server, **overrides) -> SolapiClient:
    values = {"api_key": "NCS-test", "api_secret": "secret-test", "sender": "0212345678"}
    return SolapiClient(**{**values, **overrides}, api_base=server.url)


def test_short_korean_text_goes_as_sms_and_long_as_lms(solapi):
    assert client(solapi).send(SmsMessage(to="01012345678", text="[Haru] 안녕하세요")).channel == (
        "sms"
    )
    long = client(solapi).send(SmsMessage(to="01012345678", text="가" * 60))
    assert long.ok
    assert long.channel == "lms"
    assert [m["type"] for m in solapi.messages] == ["SMS", "LMS"]


def test_a_registered_template_goes_as_alimtalk_with_sms_fallback(solapi):
    result = client(solapi, kakao_pf_id="KA01PF-haru").send(
        SmsMessage(
            to="01012345678",
            text="fallback",
            alimtalk_template_id="TPL-1",
            variables={"#{title}": "t"},
        )
    )
    assert result.ok
    assert result.channel == "alimtalk"
    (sent,) = solapi.messages
    assert sent["kakaoOptions"] == {
        "pfId": "KA01PF-haru",
        "templateId": "TPL-1",
        "variables": {"#{title}": "t"},
        "disableSms": False,
    }


def test_a_wrong_secret_is_refused_by_the_signature_check(solapi):
    result = client(solapi, api_secret="wrong").send(SmsMessage(to="01012345678", text="x"))
    assert not result.ok
    assert result.error == "SignatureDoesNotMatch"
    assert not result.retryable


def test_an_outage_is_retryable_and_an_unreachable_number_is_not(solapi):
    solapi.fail_next = 1
    assert client(solapi).send(SmsMessage(to="01012345678", text="x")).retryable
    solapi.unreachable.add("01099999999")
    result = client(solapi).send(SmsMessage(to="01099999999", text="x"))
    assert not result.ok
    assert not result.retryable


def test_notify_delivers_the_sms_channel_and_logs_the_delivery(make_user, solapi, settings):
    settings.SOLAPI_ALIMTALK_TEMPLATES = {"billing.conversion_notice": "TPL-CONV"}
    user = make_user(email="sms@example.com", phone="01055556666")
    notification = notify(
        user=user,
        type="billing.conversion_notice",
        title="체험이 끝나요",
        body="본문",
        data={"url": "/billing/settings/"},
        channels=("in_app", "sms"),
        priority="urgent",
    )
    assert "sms" in notification.channels

    notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.status == "sent"
    assert notification.delivery["sms"]["status"] == "sent"
    assert notification.delivery["sms"]["channel"] == "alimtalk"
    (sent,) = solapi.messages
    assert sent["to"] == "01055556666"
    assert sent["kakaoOptions"]["templateId"] == "TPL-CONV"
    assert sent["text"].endswith("/billing/settings/")


def test_without_a_phone_number_the_sms_channel_is_left_out(make_user, solapi):
    user = make_user(email="nophone@example.com")
    notification = notify(user=user, type="x", title="t", channels=("in_app", "sms"))
    assert notification.channels == ["in_app"]


def test_the_development_stand_in_logs_without_the_text_or_the_number(make_user, settings, caplog):
    settings.SOLAPI_API_KEY = ""
    _client_for.cache_clear()
    user = make_user(email="dev-sms@example.com", phone="01077778888")
    notification = notify(
        user=user,
        type="t",
        title="비밀 제목",
        body="개인 정보",
        channels=("sms",),
        priority="urgent",
    )
    with caplog.at_level(logging.INFO, logger="haru.sms"):
        notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.delivery["sms"]["client"] == "log"
    logged = caplog.text
    assert str(notification.pk) in logged
    assert "비밀" not in logged
    assert "개인" not in logged
    assert "01077778888" not in logged
