"""Reader pages and the site's feeds, all shared through the cache for anonymous readers."""

from django.urls import path

from articles.caching import shared_page
from articles.pages import feeds, reader_state, views

FEED_STALE_SECONDS = 60  # a feed reader may take the previous copy once while it refetches

urlpatterns = [
    path("", shared_page(views.HomeView.as_view()), name="home"),
    path(
        "articles/<slug:slug>/",
        shared_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path(
        "category/<slug:slug>/",
        shared_page(views.CategoryDetailView.as_view()),
        name="category-detail",
    ),
    path(
        "companies/<slug:slug>/",
        shared_page(views.CompanyDetailView.as_view()),
        name="company-detail",
    ),
    path(
        "authors/<str:username>/",
        shared_page(views.AuthorDetailView.as_view()),
        name="author-detail",
    ),
    path(
        "feeds/rss/",
        shared_page(feeds.LatestArticlesRss(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="feed-rss",
    ),
    path(
        "feeds/atom/",
        shared_page(feeds.LatestArticlesAtom(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="feed-atom",
    ),
    path("reader/state/", reader_state.reader_state, name="reader-state"),
]
