"""Share links: a signed, revocable preview of one revision for reviewers without an account."""

from django.urls import path

from articles.editorial import views

urlpatterns = [
    path("preview/<str:token>/", views.preview_link, name="preview-link"),
]
