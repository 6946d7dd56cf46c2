"""Comment URLs, all under /articles/<slug>/comments/ in the `articles` namespace."""

from django.urls import path

from articles.comment_feeds import ArticleCommentsAtom, ArticleCommentsRss
from articles.views import comments, feedback

urlpatterns = [
    path("", comments.comment_list, name="comment-list"),
    path("post/", comments.post_comment, name="comment-post"),
    path("<int:pk>/edit/", comments.edit_comment, name="comment-edit"),
    path("<int:pk>/delete/", comments.delete_comment, name="comment-delete"),
    path("<int:pk>/vote/", comments.vote_comment, name="comment-vote"),
    path("feedback/<str:part>/", feedback.part_feedback, name="comment-feedback"),
    path("feed/rss/", ArticleCommentsRss(), name="comment-feed-rss"),
    path("feed/atom/", ArticleCommentsAtom(), name="comment-feed-atom"),
]
