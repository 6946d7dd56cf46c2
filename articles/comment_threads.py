"""Reading comment threads for a page in a fixed number of queries, whatever their size.

One query picks the page of top-level comments, one fetches every reply in those threads (they
share `thread_id`), and the tree is built in Python. Removed and spam comments come back only as
bare placeholders — their text never leaves this module — and only where published replies hang
under them.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.timezone import localtime

from articles import commenting
from articles.models import Comment, CommentStatus
from articles.models.comment import HIDDEN_STATUSES

# The only orderings a request can choose; the request picks a key, never a column.
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "top": ("-score", "-created_at", "-id"),
}
SORT_LABELS = {"newest": "Newest", "oldest": "Oldest", "top": "Most voted"}
DEFAULT_SORT = "newest"
_UNUSED = ("body", "author_email", "ip_hash", "updated_at", "moderated_at")
# Inline feedback shows what it is about: joined, not queried per comment.
_PARTS = ("key_point__fact", "section")
_UNUSED_PART_TEXT = ("section__body", "section__body_html", "key_point__fact__verification_note")


def sort_key(value) -> str:
    return value if value in SORTS else DEFAULT_SORT


@dataclass
class Node:
    pk: int
    depth: int
    comment: Comment | None = None  # None: removed, shown as "This comment was removed"
    children: list = field(default_factory=list)
    can_change: bool = False
    is_held: bool = False
    url: str = ""  # this comment's endpoints start here: <url>vote/, <url>edit/, <url>delete/
    has_more_replies: bool = False  # a top-level comment whose thread is cut short on this page

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_approved(self):
        return self.comment is not None and self.comment.status == CommentStatus.APPROVED

    # Formatted here once: the template's date filter costs more than the rest of a comment.
    @property
    def iso_time(self):
        return localtime(self.comment.created_at).isoformat(timespec="seconds")

    @property
    def display_time(self):
        when = localtime(self.comment.created_at)
        return f"{when.day} {when:%b %Y, %H:%M}"


def _shown(author_key: str | None) -> Q:
    held = Q(status=CommentStatus.PENDING, author_key=author_key) if author_key else Q(pk=None)
    return Q(status=CommentStatus.APPROVED) | held


def visible_roots(article, author_key=None, sort=DEFAULT_SORT):
    published_reply = Comment.objects.filter(thread=OuterRef("pk"), status=CommentStatus.APPROVED)
    placeholder = Q(Exists(published_reply), status__in=HIDDEN_STATUSES)
    return (
        Comment.objects.filter(article=article, parent=None)
        .filter(_shown(author_key) | placeholder)
        .select_related(*_PARTS)
        .defer(*_UNUSED, *_UNUSED_PART_TEXT)
        .order_by(*SORTS[sort_key(sort)])
    )


def comments_url(article) -> str:
    return reverse("articles:comment-list", kwargs={"slug": article.slug})


def build_threads(roots, voter, base_url, replies_per_thread=None) -> list[Node]:
    """The trees under `roots`; with `replies_per_thread`, only each thread's earliest replies
    (a prefix: a reply is never older than its parent), so one huge thread costs no more."""
    author_key = voter.key if voter and not voter.is_new else None
    replies = _replies(roots, author_key, replies_per_thread)
    children, cut = defaultdict(list), set()
    for reply in replies:
        children[reply.parent_id].append(reply)
        if replies_per_thread is not None and reply.in_thread > replies_per_thread:
            cut.add(reply.thread_id)
    nodes = [_tree(root, children, voter, base_url) for root in roots]
    for node in nodes:
        if node is not None:
            node.has_more_replies = node.pk in cut
    return [node for node in nodes if node is not None]


def _replies(roots, author_key, per_thread):
    replies = (
        Comment.objects.filter(thread_id__in=[root.pk for root in roots])
        .filter(_shown(author_key) | Q(status__in=HIDDEN_STATUSES))
        .select_related(*_PARTS)
        .defer(*_UNUSED, *_UNUSED_PART_TEXT)
    )
    if per_thread is not None:
        oldest_first = [F("created_at").asc(), F("id").asc()]
        replies = replies.annotate(
            rank=Window(RowNumber(), partition_by=F("thread_id"), order_by=oldest_first),
            in_thread=Window(Count("id"), partition_by=F("thread_id")),
        ).filter(rank__lte=per_thread)
    return replies.order_by("created_at", "id")


def _tree(comment, children, voter, base_url) -> Node | None:
    kids = [_tree(c, children, voter, base_url) for c in children[comment.pk]]
    kids = [kid for kid in kids if kid is not None]
    if comment.is_hidden:
        return Node(comment.pk, comment.depth, children=kids) if kids else None
    return node_for(comment, voter, base_url, kids)


def node_for(comment, voter, base_url, children=()) -> Node:
    return Node(
        comment.pk,
        comment.depth,
        comment=comment,
        children=list(children),
        can_change=commenting.can_change(comment, voter),
        is_held=comment.status == CommentStatus.PENDING,
        url=f"{base_url}{comment.pk}/",
    )


@dataclass
class ThreadPage:
    threads: list[Node]
    sort: str
    has_more: bool
    page: object = None  # a Paginator page on the comments page; None on the article page


def first_threads(article, voter=None, sort=DEFAULT_SORT) -> ThreadPage:
    """The article page: the first COMMENTS_PAGE_THREADS threads, without a COUNT query."""
    per_page = settings.COMMENTS_PAGE_THREADS
    key = voter.key if voter and not voter.is_new else None
    if not article.comment_count and key is None:
        # Nothing approved, and a reader with no comments of their own: nothing to fetch.
        return ThreadPage([], sort_key(sort), has_more=False)
    roots = list(visible_roots(article, key, sort)[: per_page + 1])
    threads = build_threads(
        roots[:per_page], voter, comments_url(article), settings.COMMENTS_PAGE_REPLIES
    )
    return ThreadPage(threads, sort_key(sort), has_more=len(roots) > per_page)


def thread_page(article, page_number, voter=None, sort=DEFAULT_SORT) -> ThreadPage:
    """The paginated comments page ("View all comments")."""
    key = voter.key if voter and not voter.is_new else None
    paginator = Paginator(visible_roots(article, key, sort), settings.COMMENTS_PAGE_THREADS)
    page = paginator.get_page(page_number)
    threads = build_threads(list(page.object_list), voter, comments_url(article))
    return ThreadPage(threads, sort_key(sort), has_more=page.has_next(), page=page)


def page_number_of(comment: Comment, author_key=None) -> int:
    """Which page of the default order holds this comment's thread (to send its author there)."""
    root = comment.thread or comment
    newer = visible_roots(comment.article, author_key, DEFAULT_SORT).filter(
        Q(created_at__gt=root.created_at) | Q(created_at=root.created_at, pk__gt=root.pk)
    )
    return newer.count() // settings.COMMENTS_PAGE_THREADS + 1
