"""Plain text as people type it, made safe wherever it goes out.

- **One-line fields** (titles, names, labels, headings) refuse control characters, at the form
  and at the model: a CR or LF in a title becomes a header injection in every email about it.
- **Bidirectional controls** (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates)
  can make `‮exe.live` read as `evil.exe`. Unpaired ones are dropped, line by line, so no control
  leaks past the text it was typed in; HTML shows reader text inside `<bdi>` (or `dir="auto"`),
  and plain text (emails, feed titles) wraps it in FSI…PDI, the plain-text `<bdi>`.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.safestring import SafeString

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
ONE_LINE = "Use one line of plain text, without control characters."

_PDF, _PDI, _FSI = "\u202c", "\u2069", "\u2068"
_CLOSER_OF = {
    **dict.fromkeys("\u202a\u202b\u202d\u202e", _PDF),  # LRE, RLE, LRO, RLO … PDF
    **dict.fromkeys("\u2066\u2067\u2068", _PDI),  # LRI, RLI, FSI … PDI
}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def refuse_control_characters(value):
    """Validator for single-line fields (models and forms alike)."""
    if value and CONTROL.search(str(value)):
        raise ValidationError(ONE_LINE, code="control")


# `validators=ONE_LINE_FIELD` on every single-line model field: every ModelForm (the admin's)
# and full_clean() check it.
ONE_LINE_FIELD = [refuse_control_characters]


def balance_bidi(text: str) -> str:
    """`text` with every bidi control that is not properly paired on its line removed."""
    if not text or not _BIDI.search(text):
        return text or ""
    return "\n".join(_balance_line(line) for line in str(text).split("\n"))


def _balance_line(line: str) -> str:
    drop, open_at = set(), []  # indices to drop; stack of (index, expected closer)
    for index, char in enumerate(line):
        if char in _CLOSER_OF:
            open_at.append((index, _CLOSER_OF[char]))
        elif char in (_PDF, _PDI):
            if open_at and open_at[-1][1] == char:
                open_at.pop()
            else:
                drop.add(index)
    drop.update(index for index, _ in open_at)
    return "".join(char for index, char in enumerate(line) if index not in drop)


def isolate(text: str) -> str:
    """Plain text (an email, a feed title) whose direction cannot spill onto what surrounds it."""
    balanced = balance_bidi(text)
    return f"{_FSI}{balanced}{_PDI}" if _BIDI.search(balanced) else balanced


def bdi(text: str) -> SafeString:
    """Reader text for an HTML page or email: escaped, balanced, isolated."""
    return format_html("<bdi>{}</bdi>", balance_bidi(text))
