"""Reader pages, the subject indexes and the site's feeds (whole site, and per subject)."""

from django.urls import path

from articles.pages import feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("categories/", views.CategoryIndexView.as_view(), name="category-index"),
    path("category/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("category/<slug:slug>/rss/", feeds.CategoryRss(), name="category-feed-rss"),
    path("category/<slug:slug>/atom/", feeds.CategoryAtom(), name="category-feed-atom"),
    path("companies/", views.CompanyIndexView.as_view(), name="company-index"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("companies/<slug:slug>/rss/", feeds.CompanyRss(), name="company-feed-rss"),
    path("companies/<slug:slug>/atom/", feeds.CompanyAtom(), name="company-feed-atom"),
    path("authors/", views.AuthorIndexView.as_view(), name="author-index"),
    path("authors/<slug:slug>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("authors/<slug:slug>/rss/", feeds.AuthorRss(), name="author-feed-rss"),
    path("authors/<slug:slug>/atom/", feeds.AuthorAtom(), name="author-feed-atom"),
    path("feeds/rss/", feeds.LatestArticlesRss(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtom(), name="feed-atom"),
]
