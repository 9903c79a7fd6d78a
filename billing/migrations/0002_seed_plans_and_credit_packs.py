"""Seed the free plan, Premium (monthly and yearly) and the credit packs."""

from django.db import migrations

FREE_LIMITS = {
    "max_habits": 3,
    "ai_messages_per_day": 5,
    "max_diary_analyses_per_month": 10,
    "max_reports_per_month": 1,
    "max_courses": 1,
}
UNLIMITED = dict.fromkeys(FREE_LIMITS)
FREE_FEATURES = {
    "ai_coaching": True,
    "diary_analysis": True,
    "advanced_reports": False,
    "premium_content": False,
    "data_export": True,
    "priority_support": False,
}
PREMIUM_FEATURES = dict.fromkeys(FREE_FEATURES, True)

PLANS = [
    {
        "code": "free",
        "name_ko": "무료",
        "name_en": "Free",
        "description_ko": "습관 3개와 하루 5번의 AI 코칭으로 가볍게 시작해 보세요.",
        "description_en": "Start gently with three habits and five AI coaching messages a day.",
        "price": 0,
        "cycle": "monthly",
        "level": 0,
        "features": FREE_FEATURES,
        "limits": FREE_LIMITS,
        "sort_order": 0,
    },
    {
        "code": "premium_monthly",
        "name_ko": "프리미엄",
        "name_en": "Premium",
        "description_ko": "습관과 AI 코칭, 일기 분석을 제한 없이. 월간·연간 리포트와 전체 콘텐츠까지.",
        "description_en": (
            "Unlimited habits, AI coaching and diary reflections, with monthly and yearly "
            "reports and the whole content library."
        ),
        "price": 9900,
        "cycle": "monthly",
        "level": 10,
        "features": PREMIUM_FEATURES,
        "limits": UNLIMITED,
        "sort_order": 10,
    },
    {
        "code": "premium_yearly",
        "name_ko": "프리미엄",
        "name_en": "Premium",
        "description_ko": "프리미엄을 1년 단위로. 두 달 치 요금을 아낄 수 있어요.",
        "description_en": "Premium billed once a year: two months free.",
        "price": 99000,
        "cycle": "yearly",
        "level": 10,
        "features": PREMIUM_FEATURES,
        "limits": UNLIMITED,
        "sort_order": 20,
    },
]

PACKS = [
    {
        "code": "credits_100",
        "name_ko": "크레딧 100",
        "name_en": "100 credits",
        "credits": 100,
        "bonus_credits": 0,
        "price": 1000,
        "sort_order": 0,
    },
    {
        "code": "credits_500",
        "name_ko": "크레딧 500",
        "name_en": "500 credits",
        "credits": 500,
        "bonus_credits": 50,
        "price": 5000,
        "sort_order": 10,
    },
    {
        "code": "credits_1000",
        "name_ko": "크레딧 1,000",
        "name_en": "1,000 credits",
        "credits": 1000,
        "bonus_credits": 150,
        "price": 10000,
        "sort_order": 20,
    },
]


def seed(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    CreditPack = apps.get_model("billing", "CreditPack")
    for spec in PLANS:
        code = spec["code"]
        Plan.objects.update_or_create(
            code=code, defaults={k: v for k, v in spec.items() if k != "code"}
        )
    for spec in PACKS:
        code = spec["code"]
        CreditPack.objects.update_or_create(
            code=code, defaults={k: v for k, v in spec.items() if k != "code"}
        )


def unseed(apps, schema_editor):
    apps.get_model("billing", "CreditPack").objects.filter(
        code__in=[p["code"] for p in PACKS]
    ).delete()
    apps.get_model("billing", "Plan").objects.filter(code__in=[p["code"] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
