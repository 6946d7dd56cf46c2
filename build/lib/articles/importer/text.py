"""Reading an article file and normalising its text before parsing.

Pasted web pages arrive with a BOM, Windows line endings, non-breaking spaces and tabs; all of that
is smoothed out here so the parser sees one shape of text.
"""

import re
import unicodedata
from pathlib import Path

MAX_BYTES = 1_000_000  # a long feature is ~50 kB; anything far larger is not an article


class ArticleImportError(ValueError):
    """A file or text that cannot become an article; the message is meant for the user."""


_SPACES = re.compile(r"[\u00a0\u2007\u202f\u2000-\u200a\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_LINE_BREAKS = re.compile(r"\r\n|[\r\v\f\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_RUNS_OF_SPACES = re.compile(r"(?<=\S) {2,}")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"'})


def read_article_file(path) -> str:
    """The file's text, or an ArticleImportError saying plainly why it cannot be imported."""
    path = Path(path)
    if not path.exists():
        raise ArticleImportError(f"File not found: {path}")
    if path.is_dir():
        raise ArticleImportError(f"{path} is a directory; give the path of a text file.")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ArticleImportError(f"Cannot read {path}: {error.strerror or error}") from error
    return decode_article_bytes(data, name=str(path))


def decode_article_bytes(data: bytes, *, name: str = "The file") -> str:
    if len(data) > MAX_BYTES:
        raise ArticleImportError(f"{name} is {len(data):,} bytes; an article is at most 1 MB.")
    if not data:
        raise ArticleImportError(f"{name} is empty.")
    if b"\x00" in data:
        raise ArticleImportError(
            f"{name} looks binary (it contains NUL bytes); expected UTF-8 text. "
            "If it was saved as UTF-16, save it again as UTF-8."
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleImportError(
            f"{name} is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it as UTF-8 and try again."
        ) from error
    if _CONTROL.search(text):
        raise ArticleImportError(f"{name} contains control characters; expected plain text.")
    return text


def normalise(text: str) -> str:
    """One shape of text: LF line ends, plain spaces, tabs expanded, no invisible characters."""
    text = _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", text))
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text))
    lines = (line.expandtabs(4).rstrip() for line in text.split("\n"))
    return "\n".join(_RUNS_OF_SPACES.sub(" ", line) for line in lines)


def fold(text: str) -> str:
    """A comparison key: case, curly quotes and spacing do not matter."""
    return " ".join(text.translate(_QUOTES).casefold().split())
