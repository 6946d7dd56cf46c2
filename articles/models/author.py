"""An author's public face: the name, slug, bio and photo readers see, never the login name.

Every account gets a profile when it is created (a slug from its display name); only authors of
published work have a public page. A changed slug is kept as a FormerAuthorSlug so old links
answer 301 to the new page."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.text import slugify

from articles.models.slugs import RemembersFormerSlugs

# Shown where an account has no full name: the login name is never public.
ANONYMOUS_NAME = "Newsroom staff"


class AuthorProfile(RemembersFormerSlugs, models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="author_profile"
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Your public address: /authors/<slug>/. Old addresses keep redirecting here.",
    )
    display_name = models.CharField(max_length=120)
    bio = models.TextField(blank=True, help_text="A few plain sentences about you.")
    photo = models.ImageField(upload_to="authors/", blank=True)
    photo_alt = models.CharField(max_length=200, blank=True, help_text="Default: your name.")

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("articles:author-detail", kwargs={"slug": self.slug})

    def former_slugs(self):
        return FormerAuthorSlug, "profile"


class FormerAuthorSlug(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    profile = models.ForeignKey(AuthorProfile, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return self.slug


def default_display_name(user) -> str:
    return user.get_full_name() or ANONYMOUS_NAME


def unique_author_slug(name: str, user_pk: int) -> str:
    base = slugify(name)[:70].strip("-")
    if not base or name == ANONYMOUS_NAME:
        base = f"author-{user_pk}"
    taken = {
        *AuthorProfile.objects.filter(slug__startswith=base).values_list("slug", flat=True),
        *FormerAuthorSlug.objects.filter(slug__startswith=base).values_list("slug", flat=True),
    }
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def profile_for(user) -> AuthorProfile:
    """The user's profile, made from their name the first time it is needed."""
    name = default_display_name(user)
    profile, _ = AuthorProfile.objects.get_or_create(
        user=user,
        defaults={"display_name": name, "slug": unique_author_slug(name, user.pk)},
    )
    return profile


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="author-profile-on-signup")
def _create_profile(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        profile_for(instance)
