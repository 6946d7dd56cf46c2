from .article import Article, ArticleQuerySet, ArticleStatus
from .content import KeyPoint, ProCon, ProConKind, Section
from .fact import Fact, FactStatus, Source
from .rating import Rating, RatingSummary
from .revision import PreviewLink, Revision
from .taxonomy import Category, Company, CompanyKind

__all__ = [
    "Article",
    "ArticleQuerySet",
    "ArticleStatus",
    "Category",
    "Company",
    "CompanyKind",
    "Fact",
    "FactStatus",
    "KeyPoint",
    "PreviewLink",
    "ProCon",
    "ProConKind",
    "Rating",
    "RatingSummary",
    "Revision",
    "Section",
    "Source",
]
