"""Markdown to safe HTML. Every piece of user or editor text passes through here before it is
marked safe: Markdown first, then nh3 with an allowlist, so raw HTML cannot survive."""

import math
import re
import threading

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ARTICLE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "i", "li",
    "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
COMMENT_TAGS = {"a", "blockquote", "br", "code", "em", "li", "ol", "p", "pre", "strong", "ul"}
WORDS_PER_MINUTE = 230
_WORD = re.compile(r"\w+")


def _clean(html: str, tags: set[str], link_rel: str) -> SafeString:
    cleaned = nh3.clean(
        html,
        tags=tags,
        attributes={"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=link_rel,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just sanitised it


_converters = threading.local()


def _to_html(text: str) -> str:
    """Building a Markdown parser costs far more than converting a comment (an import renders
    100 000): one per thread, reset between texts, as Python-Markdown documents."""
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return converter.reset().convert(text or "")


def render_markdown(text: str) -> SafeString:
    """Editor-written Markdown (article sections, closing paragraphs)."""
    return _clean(_to_html(text), ARTICLE_TAGS, link_rel="noopener")


def render_reader_markdown(text: str) -> SafeString:
    """Reader-written Markdown (comments): fewer tags, and links that pass no search credit."""
    return _clean(_to_html(text), COMMENT_TAGS, link_rel="nofollow ugc noopener")


def count_words(*texts: str) -> int:
    return sum(len(_WORD.findall(strip_tags(text or ""))) for text in texts)


def reading_minutes(words: int) -> int:
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
