"""Demo support desk: canned answers, the demo member's inquiries (one answered), a guest's."""

from __future__ import annotations

from typing import Any

from ops_admin.models import CannedAnswer, SupportCategory, SupportInquiry
from ops_admin.services import support as services

CANNED = [
    (
        "중복 결제 안내",
        "payment",
        "같은 결제가 두 번 승인된 경우 중복 건은 영업일 기준 3~7일 안에 자동으로 취소돼요. "
        "카드사 사정에 따라 조금 늦어질 수 있어요.",
    ),
    (
        "비밀번호 재설정",
        "account",
        '로그인 화면의 "비밀번호를 잊으셨나요?"를 눌러 가입한 이메일을 입력하면 '
        "재설정 링크를 보내드려요.",
    ),
    (
        "오류 재현 요청",
        "bug",
        "불편을 드려 죄송해요. 문제가 생긴 화면을 캡처해서 보내 주시면 빠르게 확인할게요.",
    ),
]


def seed(*, demo_user: Any, operator: Any, stdout: Any) -> None:
    categories = {c.code: c for c in SupportCategory.objects.all()}
    for title, code, body in CANNED:
        CannedAnswer.objects.get_or_create(
            title=title, defaults={"category": categories.get(code), "body_ko": body}
        )
    if not SupportInquiry.objects.filter(user=demo_user).exists():
        answered = services.inquiry_create(
            user=demo_user,
            category=categories["payment"],
            subject="이번 달 구독료가 두 번 결제됐어요",
            message="11월 28일에 프리미엄 구독료 9,900원이 두 번 빠져나갔어요. 확인 부탁드려요.",
        )
        services.inquiry_reply(
            inquiry=answered,
            staff=operator,
            body=CANNED[0][2],
        )
        services.inquiry_create(
            user=demo_user,
            category=categories["diary_ai"],
            subject='일기 분석이 계속 "대기 중"이에요',
            message="어제 쓴 일기의 감정 분석이 아직도 대기 중으로 보여요.",
        )
    if not SupportInquiry.objects.filter(guest_email="guest@haru.local").exists():
        services.inquiry_create(
            guest_email="guest@haru.local",
            category=categories["other"],
            subject="가입 전에 궁금한 점이 있어요",
            message="상담 전문가 예약도 구독에 포함되나요?",
        )
