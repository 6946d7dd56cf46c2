"""Corrections: the public list and its feeds."""

from django.urls import path

from articles.facts import feeds, views

urlpatterns = [
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/rss/", feeds.CorrectionsRss(), name="corrections-rss"),
    path("corrections/feed/atom/", feeds.CorrectionsAtom(), name="corrections-atom"),
]
