"""Markdown to sanitised HTML, done once when an editor saves (pages show the stored HTML).

markdown-it-py renders the Markdown (raw HTML in the source passes through to the sanitiser),
then nh3 (ammonia) keeps only an allow-list of tags, attributes and URL schemes: ``<script>``
goes with its content, ``onerror`` and other event attributes go, ``javascript:`` links go.
Nothing an editor typed reaches a page without passing through nh3.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt

_renderer = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    "table"
)

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "strong", "em", "blockquote", "code", "pre",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def render_markdown(source: str) -> str:
    """Sanitised HTML for ``source`` (Markdown). Safe to mark safe in a template."""
    html = _renderer.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(html: str) -> str:
    """Visible text of sanitised HTML (for search and excerpts)."""
    text = nh3.clean(html, tags=set())
    text = _TAG.sub(" ", text)
    for entity, char in (
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", '"'),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ):
        text = text.replace(entity, char)
    return _SPACE.sub(" ", text).strip()
