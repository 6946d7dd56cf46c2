from django.urls import path

from articles.search import views

urlpatterns = [
    path("search/", views.search, name="search"),
]
