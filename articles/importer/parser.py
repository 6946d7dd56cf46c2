"""Text of an article as published on the web → its structure. Pure: no database, no files.

The format is the one news sites (and copies of their pages) share: a title line, sometimes after
the page's own title ("Xiaomi EV-1"); intro paragraphs; an optional subheading over a "Key Points"
list; sections whose headings are numbered ("1. Spy Shots Reveal Design Details:") or stand on
their own line, each with a bullet list or paragraphs; "Pros of …"/"Cons of …" lists of
"Label: text" items; closing paragraphs; then the comment widget's text, which is dropped.

Paragraphs that belong to no section are intro before the body starts and closing after it.
"""

import re
from dataclasses import dataclass, field

from articles.importer.text import ArticleImportError, fold, normalise

TITLE_MAX = 200
HEADING_MAX = 150
HEADING_MAX_WORDS = 15
LABEL_MAX_WORDS = 8
LABEL_MAX = 120  # ProCon.label

_BULLET = re.compile(r"^(?P<marker>[•◦▪▫●○‣⁃∙·\-*–—+]|\(?\d{1,3}[.)])\s+(?P<text>\S.*)$")
# Every pattern here runs in linear time: no two quantifiers compete for the same characters
# (a heading's closing #s are stripped in code, not by the pattern; see _md_heading_text).
_MD_HEADING = re.compile(r"^#{1,6}\s+(?P<text>\S.*)$")
_BOLD_LINE = re.compile(r"^(\*\*|__|\*|_)(?P<text>[^*_]+)\1:?$")
_HEADING_NUMBER = re.compile(r"^\d{1,3}[.)]\s+(?=\S)")
_KEY_POINTS = re.compile(r"^(key (points|takeaways|facts)|highlights|at a glance|in brief)$")
_PROS = re.compile(
    r"^(pros|advantages|strengths|the good|what we like|likes)(\s+(of|for|about)\s.+)?$"
)
_CONS = re.compile(
    r"^(cons|disadvantages|weaknesses|drawbacks|challenges|the bad|dislikes|"
    r"what we (don't|do not|didn't|did not) like)(\s+(of|for|about)\s.+)?$"
)
_PROS_AND_CONS = re.compile(r"^pros (and|&) cons(\s+(of|for)\s.+)?$")
_WIDGET = re.compile(
    r"^(\d+ \d+ votes?|article rating|notify of|inline feedbacks|view all comments|"
    r"\d+ comments?|leave a (reply|comment)|cancel reply|share this|like this|(like )?loading\.*|"
    r"subscribe|login|guest|oldest|newest|most voted):?$"
)
# The page around the article, copied along with it: share buttons, navigation, photo credits,
# sign-in and cookie banners, rules. Matched against the folded line; dropped and reported.
_CHROME = re.compile(
    r"^(share( this)?( (article|story|post))?|share (on|via) \w+|tweet|email|print|copy link|"
    r"facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|telegram|"
    r"comments?|\(\d+\) comments?|(category|categories|tags?|filed under|topics?): .*|"
    r"related( (articles|stories|posts|content|reading))?(: .*)?|read (more|next): .*|"
    r"see (all )?\d+ (photos|images|pictures)|view (the )?gallery|\d+ (photos|images)|"
    r"(photo|image|picture)s?( credits?)?( by| ?:) .*|credits?: .*|"
    r"(sign|log) (in|up|out)|register|create (an|a free) account|"
    r"(sign|log) in to (comment|continue|read)|"
    r"we use cookies.*|this (site|website) uses cookies.*|accept( all)?( cookies)?|reject all|"
    r"(cookie|privacy) (settings|preferences|policy)|manage (cookies|preferences)|"
    r"home ?[>/»›|] .*|[-*_=~•·]{3,}|advertisement|sponsored|skip to (main )?content)$"
)
_LABEL = re.compile(r"^(?P<label>[^:]{1,100}?):\s+(?P<text>\S.*)$")  # "10:30" has no label
_SENTENCE_END = (".", ",", ";")
SECTION_LABEL_WORDS = 2  # "Guides" over "How to charge an EV at home": the site's, not a title
WRAPPED_LINE_MIN = 50  # a shorter line without a full stop ends there: a heading, not a wrap


@dataclass
class BulletList:
    items: list[str]
    ordered: bool = False

    def markdown(self) -> str:
        return "\n".join(
            f"{n}. {md_escape(item)}" if self.ordered else f"- {md_escape(item)}"
            for n, item in enumerate(self.items, start=1)
        )


@dataclass
class ParsedSection:
    heading: str
    blocks: list = field(default_factory=list)  # paragraphs (str) and BulletLists, in order

    @property
    def items(self) -> list[str] | None:
        """The bullets, when the whole body is one list; None for prose or mixed bodies."""
        if len(self.blocks) == 1 and isinstance(self.blocks[0], BulletList):
            return self.blocks[0].items
        return None

    @property
    def body(self) -> str:
        return "\n\n".join(
            block.markdown() if isinstance(block, BulletList) else md_escape(block)
            for block in self.blocks
        )

    def as_dict(self) -> dict:
        if self.items is not None:
            return {"heading": self.heading, "items": self.items}
        return {"heading": self.heading, "body": self.body}


@dataclass
class ProConItem:
    label: str
    text: str

    def as_dict(self) -> dict:
        return {"label": self.label, "text": self.text}


@dataclass
class ParsedArticle:
    title: str
    dek: str = ""
    intro: list = field(default_factory=list)  # paragraphs (str) and BulletLists
    subheading: str = ""
    key_points: list[str] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    pros_heading: str = ""
    pros: list[ProConItem] = field(default_factory=list)
    cons_heading: str = ""
    cons: list[ProConItem] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def intro_markdown(self) -> str:
        return blocks_markdown(self.intro)

    @property
    def closing_markdown(self) -> str:
        return blocks_markdown(self.closing)

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "dek": self.dek,
            "intro": [b.markdown() if isinstance(b, BulletList) else b for b in self.intro],
            "subheading": self.subheading,
            "key_points": self.key_points,
            "sections": [section.as_dict() for section in self.sections],
            "pros_heading": self.pros_heading,
            "pros": [item.as_dict() for item in self.pros],
            "cons_heading": self.cons_heading,
            "cons": [item.as_dict() for item in self.cons],
            "closing": self.closing,
            "dropped": self.dropped,
            "warnings": self.warnings,
        }


def md_escape(text: str) -> str:
    """Imported text is plain text: keep Markdown and HTML from reading meaning into it."""
    text = re.sub(r"([\\`*_\[\]])", r"\\\1", text).replace("<", "&lt;")
    return re.sub(r"^(?:([#>+-])|(\d+)([.)])(?=\s))", _escape_block_start, text)


def _escape_block_start(match: re.Match) -> str:
    if match[1]:
        return "\\" + match[1]
    return f"{match[2]}\\{match[3]}"  # "2024. The year…" is a sentence, not list item 2024


def blocks_markdown(blocks) -> str:
    return "\n\n".join(b.markdown() if isinstance(b, BulletList) else md_escape(b) for b in blocks)


# Lines → tokens ---------------------------------------------------------------------------------


@dataclass
class Token:
    text: str
    indent: int
    is_item: bool = False
    ordered: bool = False
    marked_heading: bool = False  # "## Heading" or a whole-line "**Heading**"
    blanks: int = 0  # blank lines before it
    last_line: int = 0  # length of its last physical line, to tell hard wraps from headings

    def __post_init__(self):
        self.last_line = len(self.text)

    def extend(self, line: str) -> None:
        self.text = f"{self.text} {line}"
        self.last_line = len(line)


def is_headingish(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX
        and len(text.split()) <= HEADING_MAX_WORDS
        and not text.endswith(_SENTENCE_END)
    )


def _line_token(line: str, blanks: int) -> Token:
    indent = len(line) - len(line.lstrip())
    text = line.strip()
    if match := _BULLET.match(text):
        ordered = match["marker"][-1] in ".)"
        return Token(match["text"], indent, is_item=True, ordered=ordered, blanks=blanks)
    if match := _MD_HEADING.match(text):
        return Token(_md_heading_text(match["text"]), indent, marked_heading=True, blanks=blanks)
    if match := _BOLD_LINE.match(text):
        return Token(match["text"].strip(), indent, marked_heading=True, blanks=blanks)
    return Token(text, indent, blanks=blanks)


def _md_heading_text(text: str) -> str:
    """ "Range ##" → "Range": a closing run of #s after a space ends the heading; "C#" stays."""
    text = text.rstrip()
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] == " "):
        return bare.rstrip() or text
    return text


def _continues(previous: Token, token: Token) -> bool:
    """A hard-wrapped line that carries on the line before it rather than starting a block."""
    if token.blanks or token.is_item or token.marked_heading or previous.marked_heading:
        return False
    ends_sentence = previous.text.endswith((".", "!", "?", ":"))
    if previous.is_item:  # a deeper line carries on a bullet unless it starts a new sentence
        return token.indent > previous.indent and not (ends_sentence or token.text.endswith(":"))
    if token.text[:1].islower():
        return True
    return previous.last_line >= WRAPPED_LINE_MIN and not ends_sentence


def tokenise(text: str) -> tuple[list[Token], list[str]]:
    """Meaningful lines as tokens, and the widget lines that were dropped on the way."""
    tokens, dropped, blanks = [], [], 0
    for line in text.split("\n"):
        if not line.strip():
            blanks += 1
            continue
        folded = fold(line)
        if _WIDGET.match(folded) or _CHROME.match(folded):
            dropped.append(line.strip())
            continue
        token = _line_token(line, blanks)
        if tokens and _continues(tokens[-1], token):
            tokens[-1].extend(token.text)
        else:
            tokens.append(token)
        blanks = 0
    return tokens, dropped


# Tokens → structure -----------------------------------------------------------------------------


def special_heading(token: Token) -> str | None:
    """ "key_points", "pros", "cons" or "pros_and_cons" for those headings, else None."""
    if token.is_item or not is_headingish(token.text):
        return None
    key = fold(token.text).rstrip(":").strip()
    for kind, pattern in (
        ("pros_and_cons", _PROS_AND_CONS),
        ("key_points", _KEY_POINTS),
        ("pros", _PROS),
        ("cons", _CONS),
    ):
        if pattern.match(key):
            return kind
    return None


def clean_heading(text: str) -> str:
    """Without its trailing colon or its number ("1. Range" → "Range": sections are numbered
    when shown)."""
    return _HEADING_NUMBER.sub("", text.rstrip(":").strip(), count=1)


def split_label(text: str) -> ProConItem:
    """ "Sleek design: The car appears…" → label and text; no short label → text only."""
    match = _LABEL.match(text)
    if not match:
        return ProConItem("", text)
    label = match["label"].replace("**", "").replace("__", "").strip().strip("\"'“”‘’").strip()
    if label and len(label.split()) <= LABEL_MAX_WORDS and len(label) <= LABEL_MAX:
        return ProConItem(label, match["text"].replace("**", "").strip())
    return ProConItem("", text)


class _Walker:
    """One pass over the tokens, with one token of lookahead to tell headings from text."""

    def __init__(self, tokens: list[Token], article: ParsedArticle):
        self.tokens = tokens
        self.article = article
        self.state = "intro"
        self.section: ParsedSection | None = None
        self.pending: list[str] = []  # paragraphs after a list section: its tail, or the closing
        self.bulleted = False  # whether the current key points or pros/cons list has bullets

    def next_token(self, index: int) -> Token | None:
        return self.tokens[index + 1] if index + 1 < len(self.tokens) else None

    def is_section_heading(self, index: int) -> bool:
        token, following = self.tokens[index], self.next_token(index)
        if token.marked_heading:
            return True
        if not is_headingish(token.text) or following is None:
            return False
        if not token.is_item:
            return self.state != "intro" or bool(self.article.dek)
        if not token.ordered:
            return False
        if token.text.endswith(":"):
            return True
        if following.indent > token.indent or (following.is_item and not following.ordered):
            return True
        return not following.is_item and following.blanks > 0 and not self._in_run(index)

    def _in_run(self, index: int) -> bool:
        """The last item of a numbered list, not a numbered heading over paragraphs."""
        previous = self.tokens[index - 1] if index else None
        token = self.tokens[index]
        return bool(previous and previous.is_item and previous.ordered and not token.blanks)

    def run(self) -> ParsedArticle:
        for index, token in enumerate(self.tokens):
            self.step(index, token)
        self.article.closing.extend(self.pending)
        return self.article

    def step(self, index: int, token: Token) -> None:
        kind = special_heading(token)
        if kind:
            return self.enter(kind, token)
        if self.is_section_heading(index):
            following = self.next_token(index)
            if self.state == "intro" and following and special_heading(following) == "key_points":
                self.article.subheading = clean_heading(token.text)
                return None
            return self.start_section(clean_heading(token.text))
        if token.is_item:
            return self.add_item(token)
        return self.add_paragraph(token)

    def enter(self, kind: str, token: Token) -> None:
        if kind == "pros_and_cons":
            return None
        self.flush_pending_into_section()
        self.state, self.section, self.bulleted = kind, None, False
        if kind in ("pros", "cons") and not getattr(self.article, f"{kind}_heading"):
            # "The bad" then "Challenges": one list of cons under the first heading
            setattr(self.article, f"{kind}_heading", clean_heading(token.text))
        return None

    def start_section(self, heading: str) -> None:
        self.flush_pending_into_section()
        self.section = ParsedSection(heading)
        self.article.sections.append(self.section)
        self.state = "section"

    def flush_pending_into_section(self) -> None:
        if self.section is not None:
            self.section.blocks.extend(self.pending)
        else:
            self.article.closing.extend(self.pending)
        self.pending = []

    def add_item(self, token: Token) -> None:
        self.bulleted = True
        if self.state == "intro" and not (self.article.dek or self.article.intro):
            self.state = "key_points"  # bullets right under the headline are its key points
        if self.state == "key_points":
            self.article.key_points.append(token.text)
        elif self.state in ("pros", "cons"):
            getattr(self.article, self.state).append(split_label(token.text))
        elif self.state == "section":
            self._append_list_item(self.section.blocks, token)
        else:
            self._append_list_item(self.article.intro, token)

    @staticmethod
    def _append_list_item(blocks: list, token: Token) -> None:
        if blocks and isinstance(blocks[-1], BulletList):
            blocks[-1].items.append(token.text)
        else:
            blocks.append(BulletList([token.text], ordered=token.ordered))

    def add_paragraph(self, token: Token) -> None:
        article = self.article
        if self.state == "intro":
            if article.dek:
                article.intro.append(token.text)
            else:
                article.dek = token.text
        elif self.state == "section" and not self._may_be_closing(token):
            self.section.blocks.append(token.text)
        elif self.continues_plain_list(token):
            self.add_item(token)
            self.bulleted = False
        elif article.sections or article.pros or article.cons:
            self.pending.append(token.text)
        elif not article.dek:
            article.dek = token.text  # the key points came first, right under the headline
        else:
            article.intro.append(token.text)  # prose between the key points and the body

    def continues_plain_list(self, token: Token) -> bool:
        """Copying a web page can lose the bullets: under "Key Points", or under "Pros" as long
        as lines read "Label: text", plain lines are still the list's items."""
        if self.bulleted or self.pending or self.state not in ("key_points", "pros", "cons"):
            return False
        return self.state == "key_points" or bool(split_label(token.text).label)

    def _may_be_closing(self, token: Token) -> bool:
        """A paragraph back at the margin after a bullet-only section, or after a wider gap than
        paragraphs have, may be the closing: it is if no section heading follows."""
        blocks = self.section.blocks
        only_lists = bool(blocks) and all(isinstance(b, BulletList) for b in blocks)
        after_gap = bool(blocks) and token.blanks >= 2
        return (only_lists and token.indent == 0) or after_gap or bool(self.pending)


def _take_title(tokens: list[Token], dropped: list[str]) -> str:
    if not tokens and dropped:
        raise ArticleImportError(
            f"Nothing but the page around an article ({len(dropped)} line(s) such as "
            f"{dropped[0][:60]!r}): copy the article's own text."
        )
    if not tokens:
        raise ArticleImportError("The file has no text.")
    first = tokens[0]
    if first.is_item or len(first.text) > TITLE_MAX or first.text.endswith(_SENTENCE_END):
        raise ArticleImportError(
            "No title: the first line should be the article's title (a short line on its own), "
            f"not {'a list item' if first.is_item else 'a paragraph'}: {first.text[:80]!r}"
        )
    tokens.pop(0)
    if tokens and _is_page_title_chrome(first, tokens[0]):
        dropped.insert(0, first.text)
        return tokens.pop(0).text
    return first.text


def _is_page_title_chrome(first: Token, second: Token) -> bool:
    """ "Xiaomi EV-1" or "Xiaomi EV | EV News" over the real title "Xiaomi EV", or the site's
    section ("Guides", "EV News") over a longer headline."""
    if second.is_item or len(second.text) > TITLE_MAX or not is_headingish(second.text):
        return False
    page_title, title = fold(first.text), fold(second.text)
    if title != page_title and title in page_title:
        return True
    return len(page_title.split()) <= SECTION_LABEL_WORDS < len(title.split()) - 1


def parse_article(text: str, *, title: str | None = None) -> ParsedArticle:
    """The structure of an article in the common web format; raises ArticleImportError.

    With `title` (a WordPress post's, kept apart from its content), the text is all body."""
    tokens, dropped = tokenise(normalise(text))
    article = ParsedArticle(title="", dropped=dropped)
    article.title = title.strip() if title else _take_title(tokens, article.dropped)
    article = _Walker(tokens, article).run()
    _check(article)
    return article


def _check(article: ParsedArticle) -> None:
    if not (article.dek or article.sections or article.key_points or article.closing):
        raise ArticleImportError(f"Nothing to import after the title {article.title!r}.")
    if not article.dek:
        article.warnings.append("No standfirst: no paragraph follows the title.")
    for section in article.sections:
        if not section.blocks:
            article.warnings.append(f"Section {section.heading!r} has no text.")
    for kind in ("pros", "cons"):
        if getattr(article, f"{kind}_heading") and not getattr(article, kind):
            article.warnings.append(f"{kind.title()} heading with no items under it.")
