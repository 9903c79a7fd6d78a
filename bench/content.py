"""The library part of the benchmark: N published items (default 2,000) in Korean and English.

Bodies are rendered and sanitised once (the same for every row) and bulk-inserted; the
English search vectors are filled by one UPDATE. Loading is skipped when already present.
"""

from __future__ import annotations

import random
import time

from django.db import connection, transaction
from django.utils import timezone

SLUG_PREFIX = "bench-item-"
TOPICS_KO = ["명상", "수면", "호흡", "걷기", "감사", "스트레칭", "마음챙김", "불안", "집중", "휴식"]
TOPICS_EN = ["meditation", "sleep", "breathing", "walking", "gratitude", "stretching",
             "mindfulness", "anxiety", "focus", "rest"]  # fmt: skip
KINDS = ["article", "guide", "video", "podcast", "exercise", "meditation"]
BODY_KO = (
    "## 시작하기\n\n편안한 자세로 앉아 {topic}에 마음을 모아요. 숨을 천천히 들이쉬고 내쉬어요.\n\n"
    "- 5분이면 충분해요\n- 매일 같은 시간에 해 보세요\n\n하루를 {topic}으로 마무리하면 좋아요."
)
BODY_EN = (
    "## Getting started\n\nSit comfortably and bring your attention to {topic}. Breathe in "
    "slowly and breathe out.\n\n- Five minutes is enough\n- Try the same time every day"
)

SCENARIOS = ["library_home_page", "library_search_api", "library_search_page"]
DESCRIPTIONS = {
    "library_home_page": "GET  /content/  (library home, 5 sections)",
    "library_search_api": "GET  /api/v1/content/search/?q=명상을",
    "library_search_page": "GET  /content/search/?q=meditation",
}


def load(*, items: int, log=print) -> dict:
    from content.markup import plain_text, render_markdown
    from content.models import ContentItem, ContentTranslation
    from content.search import normalise_for_index

    have = ContentItem.objects.filter(slug__startswith=SLUG_PREFIX).count()
    if have >= items:
        return {"reused": True, "items": have}
    started = time.perf_counter()
    rng = random.Random(20261130)  # noqa: S311 - not for security
    now = timezone.now()
    rendered = {}
    for n, (ko, en) in enumerate(zip(TOPICS_KO, TOPICS_EN, strict=True)):
        html_ko = render_markdown(BODY_KO.format(topic=ko))
        html_en = render_markdown(BODY_EN.format(topic=en))
        rendered[n] = (html_ko, plain_text(html_ko), html_en, plain_text(html_en))
    item_rows, translation_rows = [], []
    for n in range(have, items):
        topic = n % len(TOPICS_KO)
        item = ContentItem(
            slug=f"{SLUG_PREFIX}{n}",
            kind=rng.choice(KINDS),
            category=TOPICS_EN[topic],
            tags=[TOPICS_KO[topic], TOPICS_EN[topic]],
            status="published",
            published_at=now,
            duration_minutes=rng.randint(3, 25),
            view_count=rng.randint(0, 5000),
        )
        item_rows.append(item)
        html_ko, text_ko, html_en, text_en = rendered[topic]
        title_ko = f"{TOPICS_KO[topic]} 가이드 {n}"
        title_en = f"{TOPICS_EN[topic].title()} guide {n}"
        translation_rows += [
            ContentTranslation(
                item=item, language="ko", title=title_ko, excerpt=text_ko[:200],
                body_markdown=BODY_KO.format(topic=TOPICS_KO[topic]), body_html=html_ko,
                search_text=normalise_for_index(title_ko, text_ko),
            ),
            ContentTranslation(
                item=item, language="en", title=title_en, excerpt=text_en[:200],
                body_markdown=BODY_EN.format(topic=TOPICS_EN[topic]), body_html=html_en,
                search_text=normalise_for_index(title_en, text_en),
            ),
        ]  # fmt: skip
    log(f"  loading {len(item_rows):,} library items …")
    with transaction.atomic():
        ContentItem.objects.bulk_create(item_rows, batch_size=1000)
        ContentTranslation.objects.bulk_create(translation_rows, batch_size=1000)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE content_contenttranslation SET search_vector = "
                "setweight(to_tsvector('english', title), 'A') || "
                "setweight(to_tsvector('english', excerpt), 'B') || "
                "setweight(to_tsvector('english', search_text), 'C') "
                "WHERE search_vector IS NULL"
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE content_contentitem")
        cursor.execute("ANALYZE content_contenttranslation")
    return {"reused": False, "items": items, "seconds": round(time.perf_counter() - started, 2)}


def request_makers() -> dict:
    from urllib.parse import quote

    from bench.load import Request

    def library_home_page(client, rng):
        return Request("GET", "/content/", session=rng.choice(client.sessions))

    def library_search_api(client, rng):
        word = rng.choice(["명상을", "수면", "호흡은", "걷기"])
        return Request(
            "GET", f"/api/v1/content/search/?q={quote(word)}", session=rng.choice(client.sessions)
        )

    def library_search_page(client, rng):
        word = rng.choice(["meditation", "sleep", "breathing"])
        return Request("GET", f"/content/search/?q={word}", session=rng.choice(client.sessions))

    return {
        "library_home_page": library_home_page,
        "library_search_api": library_search_api,
        "library_search_page": library_search_page,
    }
