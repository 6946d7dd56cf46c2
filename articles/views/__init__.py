"""Views by audience: public.py for readers; reader actions (ratings, comments) in their modules."""

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
]
