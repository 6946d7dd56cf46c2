"""Comment URLs, all under /articles/<slug>/comments/ in the `articles` namespace."""

from django.urls import path

from articles.comments import feedback_views, views
from articles.comments.feeds import ArticleCommentsAtom, ArticleCommentsRss

urlpatterns = [
    path("", views.comment_list, name="comment-list"),
    path("post/", views.post_comment, name="comment-post"),
    path("<int:pk>/edit/", views.edit_comment, name="comment-edit"),
    path("<int:pk>/delete/", views.delete_comment, name="comment-delete"),
    path("<int:pk>/vote/", views.vote_comment, name="comment-vote"),
    path("<int:pk>/report/", views.report_comment, name="comment-report"),
    path("feedback/<str:part>/", feedback_views.part_feedback, name="comment-feedback"),
    path("feed/rss/", ArticleCommentsRss(), name="comment-feed-rss"),
    path("feed/atom/", ArticleCommentsAtom(), name="comment-feed-atom"),
]
