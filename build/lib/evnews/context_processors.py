from django.conf import settings

from articles.models import Category


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_TAGLINE": settings.SITE_TAGLINE,
        # Lazy: only pages that draw the masthead navigation run the query.
        "nav_categories": Category.objects.all(),
    }
