"""'Notify of': subscribe from an article, confirm and unsubscribe from the emailed links."""

from django.urls import path

from articles.subscriptions import views

urlpatterns = [
    path("articles/<slug:slug>/subscribe/", views.subscribe, name="article-subscribe"),
    path("subscriptions/confirm/<str:token>/", views.confirm, name="subscription-confirm"),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.unsubscribe,
        name="subscription-unsubscribe",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/one-click/",
        views.one_click_unsubscribe,
        name="subscription-one-click",
    ),
]
