from .article import Article, ArticleQuerySet, ArticleStatus
from .comment import AnchorKind, Ban, Comment, CommentStatus, CommentVote, KnownCommenter
from .content import KeyPoint, ProCon, ProConKind, Section
from .fact import Fact, FactStatus, Source
from .imported import ImportedComment, ImportedPost
from .rating import Rating, RatingSummary
from .rendition import HeroRendition, RenditionFormat
from .revision import PreviewLink, Revision
from .subscription import Delivery, DeliveryStatus, Subscription, SubscriptionKind
from .taxonomy import Category, Company, CompanyKind
from .workflow import ArticleTransition

__all__ = [
    "AnchorKind",
    "Article",
    "Ban",
    "ArticleQuerySet",
    "ArticleStatus",
    "ArticleTransition",
    "Category",
    "Comment",
    "CommentStatus",
    "CommentVote",
    "Company",
    "CompanyKind",
    "Delivery",
    "DeliveryStatus",
    "Fact",
    "FactStatus",
    "HeroRendition",
    "ImportedComment",
    "ImportedPost",
    "KeyPoint",
    "KnownCommenter",
    "PreviewLink",
    "ProCon",
    "ProConKind",
    "Rating",
    "RatingSummary",
    "RenditionFormat",
    "Revision",
    "Section",
    "Source",
    "Subscription",
    "SubscriptionKind",
]
