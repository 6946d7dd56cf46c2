"""Post HTML (Gutenberg blocks or the classic editor) → the text the article parser reads.

WordPress stores a post as HTML with block comments (`<!-- wp:heading -->`) and shortcodes
(`[caption]…[/caption]`). Rather than a second parser, the HTML is written out as the common web
format `articles.importer.parser` already understands: headings as `## Heading`, list items as
`- item` / `1. item`, paragraphs separated by blank lines. Inline markup (links, emphasis) becomes
plain text, which the parser escapes; the original HTML is kept on the import record.

Pure: no database. Every pattern here runs in linear time.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# [name attr="…"] or [/name]; `[^\[\]]*` cannot backtrack past a bracket, so this is linear.
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)(?:\s[^\[\]]*)?/?\]")
# Shortcodes whose content is markup for the removed feature (an image and its caption, an embed's
# URL): the content goes with them. For any other, the content stays as text.
_DROP_CONTENT = frozenset(
    {"caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist"}
)
_SPACES = re.compile(r"\s+")

_BLOCK = frozenset(
    {"p", "div", "section", "article", "blockquote", "pre", "figure", "table", "tr", "dl", "dd"}
)
_SKIP = frozenset({"script", "style", "figcaption", "iframe", "noscript", "svg", "button", "form"})
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class PostText:
    text: str
    shortcodes: list[str] = field(default_factory=list)  # names removed, in order of first use


def strip_shortcodes(html: str) -> tuple[str, list[str]]:
    """The HTML without shortcodes (and without the content of those in _DROP_CONTENT)."""
    out, names, position, dropping = [], [], 0, None
    for match in _SHORTCODE.finditer(html):
        closing, name = match[1] == "/", match[2].lower()
        if dropping is None:
            out.append(html[position : match.start()])
        if name not in names:
            names.append(name)
        if dropping is None and not closing and name in _DROP_CONTENT:
            if html.find(f"[/{match[2]}]", match.end()) != -1:  # self-closing otherwise
                dropping = name
        elif dropping == name and closing:
            dropping = None
        position = match.end()
    if dropping is None:
        out.append(html[position:])
    return "".join(out), names


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []  # finished lines and paragraphs
        self.current: list[str] = []
        self.prefix = ""
        self.lists: list[list] = []  # per open list: [ordered, next number]
        self.skipping = 0

    def flush(self):
        text = _SPACES.sub(" ", "".join(self.current)).strip()
        if text:
            self.blocks.append(self.prefix + text)
        self.current, self.prefix = [], ""

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag == "ol", 1])
        elif tag == "li":
            self.flush()
            depth = "  " * max(len(self.lists) - 1, 0)
            ordered, number = self.lists[-1] if self.lists else (False, 1)
            self.prefix = f"{depth}{number}. " if ordered else f"{depth}- "
            if self.lists:
                self.lists[-1][1] += 1
        elif tag in _HEADINGS:
            self.flush()
            self.prefix = "## "
        elif tag == "br":
            self.current.append(" ")
        elif tag in _BLOCK or tag in ("td", "th", "dt"):
            self.flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif tag in _HEADINGS or tag == "li" or tag in _BLOCK or tag in ("td", "th", "dt"):
            self.flush()

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data)

    def text(self) -> str:
        self.flush()
        return _join(self.blocks)


def _join(blocks: list[str]) -> str:
    """Blank lines between paragraphs; list items of one list stay on consecutive lines."""
    lines = []
    for block in blocks:
        is_item = block.lstrip().startswith("- ") or _is_numbered(block)
        if lines and not (is_item and lines[-1][1]):
            lines.append(("", False))
        lines.append((block, is_item))
    return "\n".join(line for line, _ in lines)


def _is_numbered(block: str) -> bool:
    head = block.lstrip().split(" ", 1)[0]
    return head[:-1].isdigit() and head.endswith(".")


def post_text(html: str) -> PostText:
    """The post's content as parser text. Classic-editor posts separate paragraphs with blank
    lines instead of <p> (WordPress adds them on display with wpautop), so do the same first."""
    html, names = strip_shortcodes(html)
    if "<p" not in html.lower():
        html = "".join(f"<p>{part}</p>" for part in re.split(r"\n\s*\n", html))
    writer = _TextWriter()
    writer.feed(html)
    writer.close()
    return PostText(writer.text(), names)


def comment_text(html: str) -> str:
    """A comment's HTML as the plain text (Markdown) evnews stores for reader comments."""
    html, _ = strip_shortcodes(html)
    paragraphs = re.split(r"\n\s*\n", html.replace("\r\n", "\n"))
    out = []
    for paragraph in paragraphs:
        writer = _TextWriter()
        writer.feed(paragraph.replace("\n", "<br>"))
        writer.close()
        if text := writer.text():
            out.append(text)
    return "\n\n".join(out)
