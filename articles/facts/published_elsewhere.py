"""The one exception to "no key point reaches readers unverified": content already public elsewhere.

A site moving to evnews (`import_wordpress`) brings posts its readers and search engines already
know; their old addresses must keep working from the first minute, so they arrive published,
before anyone has checked their key points. That is allowed only for an article whose history
holds the import step recorded by `articles.editorial.workflow.record_published_elsewhere`; its
unverified key points show "Not yet verified" to readers and it is listed on the editorial desk
until every one is verified. The publishing gate asks `may_publish_unverified` and nothing else.
"""

from articles.models import ArticleTransition

IMPORT_ACTION = "import_published"


def may_publish_unverified(article) -> bool:
    """Whether the article may be (and stay) published with key points nobody has verified."""
    return ArticleTransition.objects.filter(article=article, action=IMPORT_ACTION).exists()
