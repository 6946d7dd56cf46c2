"""Views by audience: public.py for readers; reader actions (ratings, comments) in their modules."""

from .preview import preview_link
from .public import (
    ArticleDetailView,
    AuthorDetailView,
    CategoryDetailView,
    CompanyDetailView,
    HomeView,
    RobotsView,
)

__all__ = [
    "ArticleDetailView",
    "AuthorDetailView",
    "CategoryDetailView",
    "CompanyDetailView",
    "HomeView",
    "RobotsView",
    "preview_link",
]
