from articles.models import Article


def test_published_queryset_excludes_drafts(article, draft):
    assert list(Article.objects.published()) == [article]


def test_section_body_is_rendered_and_sanitised(article):
    section = article.sections.first()
    section.body = "Hello <script>alert(1)</script> **bold**"
    section.save()
    assert "<script>" not in section.body_html
    assert "<strong>bold</strong>" in section.body_html


def test_reading_time_counts_every_part(article):
    assert article.word_count > 10
    assert article.reading_time == 1
