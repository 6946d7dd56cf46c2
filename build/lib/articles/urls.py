"""The site's URLs, composed from each concern's own URL module, all in the `articles` namespace."""

from django.urls import include, path

app_name = "articles"
urlpatterns = [
    path("", include("articles.pages.urls")),
    path("articles/<slug:slug>/rate/", include("articles.ratings.urls")),
    path("articles/<slug:slug>/comments/", include("articles.comments.urls")),
    path("", include("articles.subscriptions.urls")),
    path("", include("articles.editorial.urls")),
]
