"""The specialization catalogue (seed 003's five categories), created idempotently."""

from __future__ import annotations

from practitioners.models import Specialization, SpecializationCategory

CATEGORIES = [
    ("mind", "마음 건강", "Mind & mental health", 1),
    ("body", "몸과 재활", "Body & physical health", 2),
    ("nutrition", "영양과 식단", "Nutrition & diet", 3),
    ("traditional", "전통·대체 요법", "Traditional & alternative care", 4),
    ("fitness", "운동과 움직임", "Fitness & movement", 5),
]

SPECIALIZATIONS = [
    ("anxiety", "mind", "불안", "Anxiety"),
    ("depression", "mind", "우울감", "Low mood"),
    ("stress", "mind", "스트레스 관리", "Stress management"),
    ("relationships", "mind", "관계와 가족", "Relationships & family"),
    ("sleep", "mind", "수면", "Sleep"),
    ("burnout", "mind", "번아웃", "Burnout"),
    ("career", "mind", "진로와 커리어", "Career coaching"),
    ("rehab", "body", "재활 운동", "Rehabilitation"),
    ("posture", "body", "자세 교정", "Posture"),
    ("weight", "nutrition", "체중 관리", "Weight management"),
    ("diabetes-diet", "nutrition", "혈당 관리 식단", "Blood-sugar-friendly eating"),
    ("meditation", "traditional", "명상", "Meditation"),
    ("strength", "fitness", "근력 운동", "Strength training"),
    ("yoga", "fitness", "요가", "Yoga"),
    ("running", "fitness", "러닝", "Running"),
]


def catalogue_ensure() -> None:
    categories = {}
    for slug, ko, en, order in CATEGORIES:
        categories[slug], _ = SpecializationCategory.objects.update_or_create(
            slug=slug, defaults={"name_ko": ko, "name_en": en, "sort_order": order}
        )
    for order, (slug, category, ko, en) in enumerate(SPECIALIZATIONS):
        Specialization.objects.update_or_create(
            slug=slug,
            defaults={
                "category": categories[category],
                "name_ko": ko,
                "name_en": en,
                "sort_order": order,
            },
        )
