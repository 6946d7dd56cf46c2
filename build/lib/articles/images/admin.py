"""Hero image renditions in the article admin: whether readers get them yet, read-only."""

from django.contrib import admin

from articles.images import renditions


class HeroRenditionsAdminMixin:
    """For ArticleAdmin: add "hero_renditions_status" to readonly_fields and the hero fieldset."""

    @admin.display(description="renditions")
    def hero_renditions_status(self, article):
        if not article.pk or not article.hero_image:
            return "–"
        picture = renditions.hero_picture(article)
        if picture is None:
            return "Being prepared in the background; readers see the original image meanwhile."
        widths = ", ".join(str(r.width) for r in picture.fallback)
        formats = " and ".join(
            sorted({r.get_format_display() for r in [*picture.webp, *picture.fallback]})
        )
        return f"Ready at {widths} px wide, as {formats}."
