"""Reader pages and the site's feeds."""

from django.urls import path

from articles.pages import feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("category/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("authors/<str:username>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("feeds/rss/", feeds.LatestArticlesRss(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtom(), name="feed-atom"),
]
