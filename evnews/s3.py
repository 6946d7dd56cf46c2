"""S3-compatible media for several app nodes (django-storages), configured from the environment.

Its own module so that boto3 is imported only where S3 is configured.
"""

from django.core.exceptions import ImproperlyConfigured
from storages.backends.s3 import S3Storage

from evnews.storage import NotServed


class PrivateS3Storage(NotServed, S3Storage):
    """Originals in their own bucket (AWS_PRIVATE_STORAGE_BUCKET_NAME), which grants no public
    read: every app node reads it, only the renditions task needs to."""


def s3_storages(environ) -> dict:
    """STORAGES entries for AWS_STORAGE_BUCKET_NAME (renditions, public-read) and
    AWS_PRIVATE_STORAGE_BUCKET_NAME (originals); credentials are boto3's own (AWS_ACCESS_KEY_ID
    and AWS_SECRET_ACCESS_KEY, or the machine's role)."""
    private = environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME")
    if not private:
        raise ImproperlyConfigured(
            "With AWS_STORAGE_BUCKET_NAME, set AWS_PRIVATE_STORAGE_BUCKET_NAME too: uploaded"
            " originals must never share the public bucket."
        )
    common = {
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
                "custom_domain": environ.get("AWS_S3_CUSTOM_DOMAIN") or None,  # a CDN
                "querystring_auth": False,  # plain public URLs: pages shared by caches keep working
            },
        },
        "originals": {
            "BACKEND": "evnews.s3.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private},
        },
    }
