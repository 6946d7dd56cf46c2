from django.urls import include, path

from articles import feeds, views
from articles.views import ratings, subscriptions

app_name = "articles"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("articles/<slug:slug>/rate/", ratings.rate_article, name="article-rate"),
    path("articles/<slug:slug>/comments/", include("articles.comment_urls")),
    path("articles/<slug:slug>/subscribe/", subscriptions.subscribe, name="article-subscribe"),
    path(
        "subscriptions/confirm/<str:token>/",
        subscriptions.confirm,
        name="subscription-confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscriptions.unsubscribe,
        name="subscription-unsubscribe",
    ),
    path("category/<slug:slug>/", views.CategoryDetailView.as_view(), name="category-detail"),
    path("companies/<slug:slug>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("authors/<str:username>/", views.AuthorDetailView.as_view(), name="author-detail"),
    path("preview/<str:token>/", views.preview_link, name="preview-link"),
    path("feeds/rss/", feeds.LatestArticlesRss(), name="feed-rss"),
    path("feeds/atom/", feeds.LatestArticlesAtom(), name="feed-atom"),
]
