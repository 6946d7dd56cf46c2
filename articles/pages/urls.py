"""Reader pages, the subject indexes and the site's feeds (whole site, and per subject), all
shared through the cache for anonymous readers."""

from django.urls import path

from articles.caching import shared_page
from articles.pages import feeds, reader_state, views

FEED_STALE_SECONDS = 60  # a feed reader may take the previous copy once while it refetches

urlpatterns = [
    path(
        "",
        shared_page(views.HomeView.as_view()),
        name="home",
    ),
    path(
        "articles/<slug:slug>/",
        shared_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path(
        "categories/",
        shared_page(views.CategoryIndexView.as_view()),
        name="category-index",
    ),
    path(
        "category/<slug:slug>/",
        shared_page(views.CategoryDetailView.as_view()),
        name="category-detail",
    ),
    path(
        "category/<slug:slug>/rss/",
        shared_page(feeds.CategoryRss(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="category-feed-rss",
    ),
    path(
        "category/<slug:slug>/atom/",
        shared_page(feeds.CategoryAtom(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="category-feed-atom",
    ),
    path(
        "companies/",
        shared_page(views.CompanyIndexView.as_view()),
        name="company-index",
    ),
    path(
        "companies/<slug:slug>/",
        shared_page(views.CompanyDetailView.as_view()),
        name="company-detail",
    ),
    # Not shared: small, and read by programs that want the latest verified figures.
    path("companies/<slug:slug>/facts.json", views.company_facts_json, name="company-facts"),
    path(
        "companies/<slug:slug>/rss/",
        shared_page(feeds.CompanyRss(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="company-feed-rss",
    ),
    path(
        "companies/<slug:slug>/atom/",
        shared_page(feeds.CompanyAtom(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="company-feed-atom",
    ),
    path(
        "authors/",
        shared_page(views.AuthorIndexView.as_view()),
        name="author-index",
    ),
    path(
        "authors/<slug:slug>/",
        shared_page(views.AuthorDetailView.as_view()),
        name="author-detail",
    ),
    path(
        "authors/<slug:slug>/rss/",
        shared_page(feeds.AuthorRss(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="author-feed-rss",
    ),
    path(
        "authors/<slug:slug>/atom/",
        shared_page(feeds.AuthorAtom(), stale_while_revalidate=FEED_STALE_SECONDS),
        name="author-feed-atom",
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
