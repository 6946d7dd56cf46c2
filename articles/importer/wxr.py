"""Reading a WordPress export (WXR 1.0–1.2, as Tools → Export writes it), streamed.

`read_export` yields the export's authors, terms and items one at a time and forgets each once
yielded, so memory stays bounded whatever the file's size. The XML goes through defusedxml: a
DTD with entity declarations (billion laughs) or an external entity is refused, never expanded
or fetched. Anything that is not a well-formed WXR file raises ExportError with one line to show.

Pure: no database.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

WP_NAMESPACE = "http://wordpress.org/export/"  # followed by the version: 1.0/, 1.1/, 1.2/
NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
EMPTY_DATE = "0000-00-00 00:00:00"


class ExportError(ValueError):
    """The file cannot be read as a WordPress export; the message is one line for the user."""


@dataclass
class Author:
    login: str
    id: int = 0
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    kind: str  # "category" or "post_tag"
    slug: str
    name: str
    parent: str = ""


@dataclass
class WxrComment:
    id: int
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None
    content: str = ""
    approved: str = "1"  # "1", "0", "spam", "trash", "post-trashed"
    type: str = ""  # "" or "comment", "pingback", "trackback", …
    parent: int = 0
    user_id: int = 0


@dataclass
class Item:
    id: int
    title: str = ""
    link: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    status: str = ""
    post_type: str = ""
    date: datetime | None = None
    attachment_url: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[WxrComment] = field(default_factory=list)


def local_name(tag: str) -> str:
    """ "{http://wordpress.org/export/1.2/}post_id" → "wp:post_id"; RSS tags keep their name."""
    if not tag.startswith("{"):
        return tag
    uri, name = tag[1:].split("}", 1)
    if uri.startswith(WP_NAMESPACE):
        return f"excerpt:{name}" if uri.endswith("/excerpt/") else f"wp:{name}"
    return f"{NAMESPACES.get(uri, uri)}:{name}"


def _children(element) -> dict[str, str]:
    return {local_name(child.tag): (child.text or "").strip() for child in element}


def _int(value: str, what: str) -> int:
    try:
        return int(value or 0)
    except ValueError:
        raise ExportError(f"{what} {value!r} is not a number.") from None


def _date(gmt: str, local: str) -> datetime | None:
    """WordPress writes "0000-00-00 00:00:00" as the GMT date of drafts; the local one stands in."""
    for value in (gmt, local):
        if value and value != EMPTY_DATE:
            try:
                return datetime.strptime(value, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            except ValueError:
                continue
    return None


def _author(element) -> Author:
    values = _children(element)
    return Author(
        login=values.get("wp:author_login", ""),
        id=_int(values.get("wp:author_id", ""), "Author ID"),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
    )


def _term(element, kind) -> Term:
    values = _children(element)
    if kind == "category":
        return Term(
            "category",
            values.get("wp:category_nicename", ""),
            values.get("wp:cat_name", ""),
            values.get("wp:category_parent", ""),
        )
    return Term("post_tag", values.get("wp:tag_slug", ""), values.get("wp:tag_name", ""))


def _comment(element) -> WxrComment:
    values = _children(element)
    return WxrComment(
        id=_int(values.get("wp:comment_id", ""), "Comment ID"),
        author=values.get("wp:comment_author", ""),
        email=values.get("wp:comment_author_email", ""),
        url=values.get("wp:comment_author_url", ""),
        ip=values.get("wp:comment_author_IP", ""),
        date=_date(values.get("wp:comment_date_gmt", ""), values.get("wp:comment_date", "")),
        content=values.get("wp:comment_content", ""),
        approved=values.get("wp:comment_approved", "1"),
        type=values.get("wp:comment_type", ""),
        parent=_int(values.get("wp:comment_parent", ""), "Comment parent"),
        user_id=_int(values.get("wp:comment_user_id", ""), "Comment user ID"),
    )


def _item(element) -> Item:
    item = Item(id=0)
    values = {}
    for child in element:
        name = local_name(child.tag)
        if name == "category":
            domain = child.get("domain", "")
            if domain in ("category", "post_tag"):
                item.terms.append(
                    Term(domain, child.get("nicename", ""), (child.text or "").strip())
                )
        elif name == "wp:postmeta":
            meta = _children(child)
            item.meta.setdefault(meta.get("wp:meta_key", ""), meta.get("wp:meta_value", ""))
        elif name == "wp:comment":
            item.comments.append(_comment(child))
        else:
            values[name] = child.text or ""
    item.id = _int(values.get("wp:post_id", "").strip(), "Post ID")
    item.title = values.get("title", "").strip()
    item.link = values.get("link", "").strip()
    item.creator = values.get("dc:creator", "").strip()
    item.content = values.get("content:encoded", "")
    item.excerpt = values.get("excerpt:encoded", "").strip()
    item.slug = values.get("wp:post_name", "").strip()
    item.status = values.get("wp:status", "").strip()
    item.post_type = values.get("wp:post_type", "").strip()
    item.attachment_url = values.get("wp:attachment_url", "").strip()
    item.date = _date(values.get("wp:post_date_gmt", "").strip(), values.get("wp:post_date", ""))
    return item


@dataclass
class Channel:
    title: str = ""
    link: str = ""
    version: str = ""


def read_export(path, *, max_bytes: int) -> Iterator[tuple[str, object]]:
    """("channel", Channel) once the version is known, then ("author", Author), ("term", Term)
    and ("item", Item) in file order. Raises ExportError on anything that is not a WXR file."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExportError(f"Cannot read {path}: {error.strerror or error}") from error
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give the path of the export's .xml file.")
    if size > max_bytes:
        raise ExportError(
            f"{path} is {size:,} bytes, over the limit of {max_bytes:,}; "
            "split the export (Tools → Export by date range) or raise --max-bytes."
        )
    try:
        with path.open("rb") as file:
            yield from _events(file)
    except ParseError as error:
        line, column = error.position
        raise ExportError(
            f"{path} is not well-formed XML (line {line}, column {column})."
        ) from None
    except DefusedXmlException as error:
        raise ExportError(
            f"{path} declares entities or a DTD ({type(error).__name__}); "
            "a WordPress export has none, so it is refused unread."
        ) from None
    except OSError as error:
        raise ExportError(f"Cannot read {path}: {error.strerror or error}") from error


def _events(file):
    depth, channel, info, announced = 0, None, Channel(), False
    for event, element in iterparse(file, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 1 and element.tag != "rss":
                raise ExportError(
                    f"Not a WordPress export: the document is <{element.tag}>, not <rss>."
                )
            if depth == 2 and element.tag == "channel":
                channel = element
            continue
        depth -= 1
        if depth != 2 or channel is None:
            continue
        name = local_name(element.tag)
        if name == "wp:wxr_version":
            info.version = (element.text or "").strip()
            if info.version not in SUPPORTED_VERSIONS:
                raise ExportError(f"WXR version {info.version!r} is not one this importer reads.")
        elif name in ("title", "link") and not getattr(info, name):
            setattr(info, name, (element.text or "").strip())
        elif name in ("wp:author", "wp:category", "wp:tag", "item"):
            if not info.version:
                raise ExportError("Not a WordPress export: no <wp:wxr_version> before its content.")
            if not announced:
                announced = True
                yield "channel", info
            if name == "wp:author":
                yield "author", _author(element)
            elif name == "item":
                yield "item", _item(element)
            else:
                yield "term", _term(element, "category" if name == "wp:category" else "post_tag")
        channel.clear()  # what was yielded is no longer needed: memory stays bounded
    if not info.version:
        raise ExportError("Not a WordPress export: no <channel> with a <wp:wxr_version>.")
    if not announced:
        yield "channel", info
