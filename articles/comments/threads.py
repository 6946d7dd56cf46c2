"""Reading comment threads for a page in a fixed number of queries, whatever their size.

One query picks the page of top-level comments, one fetches every reply in those threads (they
share `thread_id`), and the tree is built in Python. Removed and spam comments come back only as
bare placeholders — their text never leaves this module — and only where published replies hang
under them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils.timezone import localtime

from articles.comments import posting
from articles.models import Comment, CommentStatus, CommentVote, KeyPoint
from articles.models.comment import HIDDEN_STATUSES, shown_to

# The only orderings a request can choose; the request picks a key, never a column.
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "top": ("-score", "-created_at", "-id"),
}
SORT_LABELS = {"newest": "Newest", "oldest": "Oldest", "top": "Most voted"}
DEFAULT_SORT = "newest"  # Comment.thread_page() counts pages in this order
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
    your_vote: int = 0  # the viewing reader's vote on it: 1, -1 or 0

    # aria-pressed values for the vote arrows: they show the reader's own vote.
    @property
    def up_pressed(self):
        return "true" if self.your_vote == CommentVote.UP else "false"

    @property
    def down_pressed(self):
        return "true" if self.your_vote == CommentVote.DOWN else "false"

    # Display values are strings made here once: in a template every number goes through
    # localisation, and every date through the current time zone, once per use.
    @cached_property
    def ref(self):
        return str(self.pk)

    @cached_property
    def anchor(self):
        return f"comment-{self.pk}"

    @cached_property
    def score(self):
        return str(self.comment.score)

    @cached_property
    def is_approved(self):
        return self.comment is not None and self.comment.status == CommentStatus.APPROVED

    @cached_property
    def _local_time(self):
        return localtime(self.comment.created_at)

    @property
    def iso_time(self):
        return self._local_time.isoformat(timespec="seconds")

    @property
    def display_time(self):
        when = self._local_time
        return f"{when.day} {when:%b %Y, %H:%M}"


def steps(nodes) -> list[tuple[Node, bool]]:
    """The trees as one sequence of (node, closes) steps, depth first: a node opens its <li>, its
    replies follow, and a second step closes it. One loop renders any depth of thread, where an
    include per comment cost more than the comment itself."""
    sequence = []
    stack = [(node, False) for node in reversed(nodes)]
    while stack:
        node, closes = stack.pop()
        sequence.append((node, closes))
        if not closes:
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
    return sequence


def visible_roots(article, author_key=None, sort=DEFAULT_SORT):
    return (
        Comment.objects.roots_shown_to(article, author_key)
        .select_related(*_PARTS)
        .defer(*_UNUSED, *_UNUSED_PART_TEXT)
        .order_by(*SORTS[sort_key(sort)])
    )


def comments_url(article) -> str:
    return reverse("articles:comment-list", kwargs={"slug": article.slug})


def build_threads(roots, voter, base_url, replies_per_thread=None, article=None) -> list[Node]:
    """The trees under `roots`; with `replies_per_thread` (and their `article`), only each
    thread's earliest replies (a prefix: a reply is never older than its parent), so one huge
    thread costs no more."""
    author_key = voter.key if voter and not voter.is_new else None
    if replies_per_thread is None:
        replies = _replies(roots, author_key)
    else:
        replies = _first_replies(roots, author_key, replies_per_thread)
        _attach_parts([*roots, *replies], article)
    children, cut = defaultdict(list), set()
    for reply in replies:
        children[reply.parent_id].append(reply)
        if replies_per_thread is not None and reply.in_thread > replies_per_thread:
            cut.add(reply.thread_id)
    nodes = [_tree(root, children, voter, base_url) for root in roots]
    for node in nodes:
        if node is not None:
            node.has_more_replies = node.pk in cut
    nodes = [node for node in nodes if node is not None]
    if author_key is not None:
        _mark_votes(nodes, author_key)
    return nodes


def _mark_votes(nodes, voter_key) -> None:
    """The reader's own votes on these threads, in one query (none for a first-time reader)."""
    by_pk, stack = {}, list(nodes)
    while stack:
        node = stack.pop()
        by_pk[node.pk] = node
        stack.extend(node.children)
    votes = CommentVote.objects.filter(voter_key=voter_key, comment_id__in=list(by_pk))
    for comment_id, value in votes.values_list("comment_id", "value"):
        by_pk[comment_id].your_vote = value


def _replies(roots, author_key):
    return (
        Comment.objects.filter(thread_id__in=[root.pk for root in roots])
        .filter(shown_to(author_key) | Q(status__in=HIDDEN_STATUSES))
        .select_related(*_PARTS)
        .defer(*_UNUSED, *_UNUSED_PART_TEXT)
        .order_by("created_at", "id")
    )


# The article page's two queries: the rows visible_roots() and _replies() give, the replies
# capped per thread by a window. Written out because the ORM took longer to compile them (four
# times longer, the window in a subquery) than the database took to run them; the parts come
# from the article's own, already fetched.
_FIRST_ROOTS = """
SELECT c.* FROM {table} c
WHERE c.article_id = %s AND c.parent_id IS NULL AND (
    c.status = %s
    OR (c.status = %s AND c.author_key = %s)
    OR (c.status IN ({hidden}) AND EXISTS (
        SELECT 1 FROM {table} r WHERE r.thread_id = c.id AND r.status = %s
    ))
)
ORDER BY {order}
LIMIT %s
"""

_FIRST_REPLIES = """
SELECT * FROM (
    SELECT c.*,
        ROW_NUMBER() OVER (PARTITION BY c.thread_id ORDER BY c.created_at, c.id) AS reply_rank,
        COUNT(*) OVER (PARTITION BY c.thread_id) AS in_thread
    FROM {table} c
    WHERE c.thread_id IN ({ids})
        AND (c.status IN ({statuses}) OR (c.status = %s AND c.author_key = %s))
) replies
WHERE reply_rank <= %s
ORDER BY created_at, id
"""


def _first_roots(article, author_key, sort, limit) -> list[Comment]:
    order = ", ".join(
        f"c.{name[1:]} DESC" if name.startswith("-") else f"c.{name} ASC"
        for name in SORTS[sort_key(sort)]
    )
    table, hidden = Comment._meta.db_table, _placeholders(HIDDEN_STATUSES)
    sql = _FIRST_ROOTS.format(table=table, hidden=hidden, order=order)
    approved, pending = CommentStatus.APPROVED, CommentStatus.PENDING
    params = [article.pk, approved, pending, author_key, *HIDDEN_STATUSES, approved, limit]
    return list(Comment.objects.raw(sql, params))


def _first_replies(roots, author_key, per_thread) -> list[Comment]:
    thread_ids = [root.pk for root in roots]
    if not thread_ids:
        return []
    statuses = [CommentStatus.APPROVED, *HIDDEN_STATUSES]
    table, ids = Comment._meta.db_table, _placeholders(thread_ids)
    sql = _FIRST_REPLIES.format(table=table, ids=ids, statuses=_placeholders(statuses))
    params = [*thread_ids, *statuses, CommentStatus.PENDING, author_key, per_thread]
    return list(Comment.objects.raw(sql, params))


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


def _attach_parts(replies, article) -> None:
    """Each piece of feedback's key point or section, from the article's parts (prefetched on
    the article page; fetched here otherwise): no join, and no query per comment."""
    anchored = [reply for reply in replies if reply.key_point_id or reply.section_id]
    if not anchored:
        return
    with_facts = Prefetch("key_points", KeyPoint.objects.select_related("fact"))
    prefetch_related_objects([article], with_facts, "sections")
    points = {point.pk: point for point in article.key_points.all()}
    sections = {section.pk: section for section in article.sections.all()}
    for reply in anchored:
        if reply.key_point_id in points:
            reply.key_point = points[reply.key_point_id]
        if reply.section_id in sections:
            reply.section = sections[reply.section_id]


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
        can_change=posting.can_change(comment, voter),
        is_held=comment.status == CommentStatus.PENDING,
        url=f"{base_url}{comment.pk}/",
    )


@dataclass
class ThreadPage:
    threads: list[Node]
    sort: str
    has_more: bool
    page: object = None  # a Paginator page on the comments page; None on the article page

    @cached_property
    def steps(self):
        return steps(self.threads)


def first_threads(article, voter=None, sort=DEFAULT_SORT) -> ThreadPage:
    """The article page: the first COMMENTS_PAGE_THREADS threads, without a COUNT query."""
    per_page = settings.COMMENTS_PAGE_THREADS
    key = voter.key if voter and not voter.is_new else None
    if not article.comment_count and key is None:
        # Nothing approved, and a reader with no comments of their own: nothing to fetch.
        return ThreadPage([], sort_key(sort), has_more=False)
    roots = _first_roots(article, key, sort, per_page + 1)
    replies = settings.COMMENTS_PAGE_REPLIES
    threads = build_threads(roots[:per_page], voter, comments_url(article), replies, article)
    return ThreadPage(threads, sort_key(sort), has_more=len(roots) > per_page)


def thread_page(article, page_number, voter=None, sort=DEFAULT_SORT, about=None) -> ThreadPage:
    """The paginated comments page ("View all comments"); with `about` (a key point or
    section), only the reader notes on that part."""
    key = voter.key if voter and not voter.is_new else None
    roots = visible_roots(article, key, sort)
    if about is not None:
        roots = roots.filter(anchor_uid=about.uid)
    paginator = Paginator(roots, settings.COMMENTS_PAGE_THREADS)
    page = paginator.get_page(page_number)
    threads = build_threads(list(page.object_list), voter, comments_url(article))
    return ThreadPage(threads, sort_key(sort), has_more=page.has_next(), page=page)
