"""The article admin's hero image: an upload checked by content, and whether readers see it."""

from django.contrib import admin

from articles.images import renditions
from articles.images.uploads import HeroImageField


class HeroRenditionsAdminMixin:
    """For ArticleAdmin: add "hero_renditions_status" to readonly_fields and the hero fieldset."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "hero_image":
            return HeroImageField(label="Hero image", help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="renditions")
    def hero_renditions_status(self, article):
        if not article.pk or not article.hero_image:
            return "–"
        picture = renditions.hero_picture(article)
        if picture is None:
            problem = renditions.problem_with(article)
            if problem:
                return (
                    f"None can be made: the image {problem}. Readers see no image; upload another."
                )
            return "Being prepared in the background; readers see no image until then."
        widths = ", ".join(str(r.width) for r in picture.fallback)
        formats = " and ".join(
            sorted({r.get_format_display() for r in [*picture.webp, *picture.fallback]})
        )
        return f"Ready at {widths} px wide, as {formats}."
