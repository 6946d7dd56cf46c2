"""The one publish gate: whether an article's key points may go out to readers now.

Every path that makes an article public calls `publish_problems()` at that moment: the workflow's
publish (button and bulk action), the scheduled run (task worker and `publish_due`), and the
importer's `--publish`. Approval asks the same question earlier, so an editor hears of it first.
An article without key points has nothing to check. Posts already public elsewhere, imported
published (`import_wordpress`), are the one exception, decided by `facts.published_elsewhere`.
"""

from articles.facts import published_elsewhere
from articles.models import Fact, FactStatus


def publish_problems(article) -> list[str]:
    """Why the article may not be published now; empty when every key point's fact is verified,
    or when the article was already public elsewhere when imported (the one exception, decided
    by `facts.published_elsewhere`)."""
    if published_elsewhere.may_publish_unverified(article):
        return []
    unchecked = (
        Fact.objects.filter(key_points__article=article)
        .exclude(status=FactStatus.VERIFIED)
        .order_by("pk")
    )
    return [f"key point fact “{fact}” is {fact.get_status_display().lower()}" for fact in unchecked]
