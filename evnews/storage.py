"""Storages for uploads that readers must never fetch as they were sent.

A hero image's original keeps whatever the camera or the sender put in it (GPS, serial numbers,
bytes appended after the picture), so it lives apart from MEDIA_URL and has no URL at all: the
renditions task reads it, and pages link only the re-encoded renditions (articles/images/).
"""

from django.core.files.storage import FileSystemStorage, InMemoryStorage


class NotServedError(ValueError):
    """Raised by `url()`: a page asked to link a file that is never served."""


class NotServed:
    def url(self, name):
        raise NotServedError(f"{name} is a private original and has no public URL")


class PrivateFileSystemStorage(NotServed, FileSystemStorage):
    """Originals on the local disk, in a folder no web server maps (PRIVATE_MEDIA_ROOT)."""


class PrivateInMemoryStorage(NotServed, InMemoryStorage):
    """The test profile's originals."""
