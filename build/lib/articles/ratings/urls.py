"""Under /articles/<slug>/rate/."""

from django.urls import path

from articles.ratings import views

urlpatterns = [
    path("", views.rate_article, name="article-rate"),
]
