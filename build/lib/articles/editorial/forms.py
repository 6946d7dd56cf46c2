"""Admin forms. Validation lives here (and in `Article.clean()`), never in the ModelAdmin."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from articles.models import Article

MAX_HERO_IMAGE_BYTES = 10 * 1024 * 1024


class ArticleAdminForm(forms.ModelForm):
    """The ImageField already refuses anything Pillow cannot open; this adds a size ceiling."""

    class Meta:
        model = Article
        # ArticleAdmin passes the full list from its fieldsets; these are the ones checked here.
        fields = ["hero_image", "hero_alt"]

    def clean_hero_image(self):
        image = self.cleaned_data.get("hero_image")
        # Only a fresh upload has a size to check; a kept image is already stored.
        if isinstance(image, UploadedFile) and image.size > MAX_HERO_IMAGE_BYTES:
            raise forms.ValidationError(
                "This image is %(size)s; the limit is %(limit)s. Export a smaller JPEG or WebP.",
                code="file_too_large",
                params={
                    "size": filesizeformat(image.size),
                    "limit": filesizeformat(MAX_HERO_IMAGE_BYTES),
                },
            )
        return image
