"""The admin's hero image upload, checked by its content before anything is stored.

An upload is refused with a message the editor can act on when it is too large, is not one of
the image formats renditions are made from (whatever its name or declared type says), declares
more pixels than the limit (read from the header: a decompression bomb is never decoded), or
cannot be decoded (a truncated file). What passes is renamed after the format its content
proved; the model then stores it under a name of the server's making (`hero_upload_path`).
"""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from articles.images.renditions import UnusableImage, opened, prove_renderable

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
EXTENSIONS = {
    "JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif", "TIFF": "tif", "BMP": "bmp"
}  # fmt: skip


class HeroImageInput(forms.ClearableFileInput):
    """Shows the current image's name without a link: the original has no public URL."""

    template_name = "articles/widgets/hero_image_input.html"

    def is_initial(self, value):
        return bool(value)


class HeroImageField(forms.FileField):
    widget = HeroImageInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", "image/jpeg,image/png,image/webp,image/gif")

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is None or not isinstance(upload, UploadedFile):
            return upload
        extension = check(upload)
        upload.name = f"upload.{extension}"  # the sender's name goes no further
        return upload


def check(file):
    """Refuse `file` (ValidationError, in words an editor can act on) unless renditions can be
    made from it; return the extension its content proved. Used by the admin's field and by
    the WordPress importer for featured images."""
    if file.size > MAX_UPLOAD_BYTES:
        raise forms.ValidationError(
            "This image is %(size)s; the limit is %(limit)s. Export a smaller JPEG or WebP.",
            code="file_too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )
    try:
        with opened(file) as image:
            extension = EXTENSIONS[image.format]
            prove_renderable(image)
    except UnusableImage as error:
        raise forms.ValidationError(
            "This file cannot be used as the hero image: it %(reason)s."
            " Export it again as a JPEG, PNG or WebP and upload that.",
            code="unusable_image",
            params={"reason": error.reason},
        ) from error
    file.seek(0)
    return extension
