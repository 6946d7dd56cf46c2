"""Generated reader discussions for benchmarks (`generate_content --comments 200 500`).

Each size gives one generated article, newest first among those without comments, that many
approved comments: about two in five start a thread, the rest are replies up to two levels deep.
Rows go in with bulk_create and derived fields are computed here, as for generated articles;
they go when their article goes (`generate_content --clear`).
"""

import random

from articles.comments import moderation
from articles.models import Article, Comment, CommentStatus
from articles.rendering import render_reader_markdown

NAMES = ["Ola", "Ben", "Yuki", "Ravi", "Ines", "Chris", "Wen", "Nora", "Sam", "Aziz", "Lena"]
LINES = [
    "The range figure looks optimistic; CLTC numbers always are.",
    "I drove one last week. The charging curve is *really* flat up to 60%.",
    "> Prices fell for the third month in a row\n\nAnd they will keep falling until spring.",
    "Does anyone know whether the heat pump is standard in Europe?",
    "Good article. The competition section is the part I was looking for.",
    "Waiting lists of that length usually mean the factory is still ramping up.",
    "The `800 V` platform matters more than the battery size here.",
    "See the [official statement](https://example.com/statement) for the full numbers.",
]
BATCH = 500


def _comment(rng, article, number, parent=None):
    body = "\n\n".join(rng.sample(LINES, rng.randint(1, 2)))
    name = rng.choice(NAMES)
    return Comment(
        article=article,
        parent=parent,
        thread_id=(parent.thread_id or parent.pk) if parent else None,
        depth=parent.depth + 1 if parent else 0,
        author_name=f"{name} {number}",
        author_email=f"{name.lower()}{number}@example.com",
        author_key=f"gen:{article.pk}:{number}",
        body=body,
        body_html=render_reader_markdown(body),
        status=CommentStatus.APPROVED,
        score=rng.randint(-3, 25),
    )


def discuss(rng: random.Random, article, size: int) -> int:
    """Give `article` `size` approved comments in about size * 2/5 threads."""
    roots = [_comment(rng, article, n) for n in range(max(1, round(size * 0.4)) if size else 0)]
    Comment.objects.bulk_create(roots, batch_size=BATCH)
    made, level = len(roots), roots
    while made < size and level:
        replies = []
        for _ in range(min(size - made, len(level))):
            replies.append(_comment(rng, article, made + len(replies), parent=rng.choice(level)))
        Comment.objects.bulk_create(replies, batch_size=BATCH)
        made += len(replies)
        level = replies if replies and replies[0].depth < 2 else roots
    moderation.recount(article.pk)
    return made


def generate(rng: random.Random, sizes: list[int], slug_prefix: str) -> dict:
    """One generated article per size, each one with no comments before."""
    candidates = (
        Article.objects.published()
        .filter(slug__startswith=slug_prefix)
        .filter(comments__isnull=True)
        .order_by("-published_at")[: len(sizes)]
    )
    articles = list(candidates)
    if len(articles) < len(sizes):
        raise ValueError(f"{len(sizes)} generated articles without comments are needed.")
    made = sum(discuss(rng, article, size) for article, size in zip(articles, sizes, strict=True))
    return {"comments": made, "discussed articles": len(sizes)}
