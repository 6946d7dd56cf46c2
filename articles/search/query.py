"""Reader input → search terms. Whatever is typed (quotes, FTS operators, parentheses, emoji,
10 000 characters) becomes a short list of plain words; backends quote each one, so no input is
ever read as query syntax."""

import re

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# A prefix match on a short stem would expand to much of the vocabulary.
MIN_PREFIX_CHARS = 3
# Words too common to narrow a search (among them the FTS operators AND, OR, NOT, NEAR): left out
# on both backends alike, as PostgreSQL's English configuration would drop most of them anyway.
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have in is it its near not of on or the to was"
    " were will with".split()
)
# Letters and digits of any script; `_` and everything else separates words. Linear time.
_WORD = re.compile(r"[^\W_]+")


def terms(q: str) -> list[str]:
    words = _WORD.findall(q[:MAX_QUERY_CHARS].lower())
    return [word for word in words if word not in STOP_WORDS][:MAX_TERMS]


def is_truncated(q: str) -> bool:
    return len(q) > MAX_QUERY_CHARS or len(_WORD.findall(q[:MAX_QUERY_CHARS])) > MAX_TERMS


def prefix_last(words: list[str]) -> bool:
    """The last word may still be being typed: match it as a prefix when it is long enough."""
    return bool(words) and len(words[-1]) >= MIN_PREFIX_CHARS
