"""A word-level comparison of two texts, for the history pages of articles and facts."""

import difflib
import re
from dataclasses import dataclass, field

# Long unchanged stretches are cut to this much context on either side in a diff.
CONTEXT_CHARS = 120

_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Segment:
    """A run of text in one side of a change: kept ("same"), removed ("del") or added ("ins")."""

    kind: str
    text: str


@dataclass
class Change:
    label: str
    old: list[Segment] = field(default_factory=list)
    new: list[Segment] = field(default_factory=list)


def _trim(text):
    if len(text) <= 3 * CONTEXT_CHARS:
        return text
    head, tail = text[:CONTEXT_CHARS], text[-CONTEXT_CHARS:]
    return f"{head.rsplit(' ', 1)[0]} … {tail.split(' ', 1)[-1]}"


def _merge(segments):
    """Join neighbours of one kind, and changes separated only by a space, so a run of changed
    words reads as one change."""
    merged = []
    for segment in segments:
        if (
            len(merged) > 1
            and segment.kind != "same"
            and merged[-1].kind == "same"
            and not merged[-1].text.strip()
            and merged[-2].kind == segment.kind
        ):
            space = merged.pop()
            segment = Segment(segment.kind, merged.pop().text + space.text + segment.text)
        elif merged and merged[-1].kind == segment.kind:
            segment = Segment(segment.kind, merged.pop().text + segment.text)
        merged.append(segment)
    return merged


def compare_text(label, old, new):
    """A word-level comparison of two texts, or None when they are equal."""
    if old == new:
        return None
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    change = Change(label)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        before, after = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            kept = Segment("same", _trim(before))
            change.old.append(kept)
            change.new.append(kept)
            continue
        if before:
            change.old.append(Segment("del", before))
        if after:
            change.new.append(Segment("ins", after))
    change.old, change.new = _merge(change.old), _merge(change.new)
    return change
