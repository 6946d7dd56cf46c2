from .article import Article, ArticleQuerySet, ArticleStatus, FormerArticleSlug
from .author import AuthorProfile, FormerAuthorSlug
from .comment import (
    AnchorKind,
    Ban,
    Comment,
    CommentReport,
    CommentStatus,
    CommentVote,
    KnownCommenter,
    ReportReason,
)
from .content import KeyPoint, ProCon, ProConKind, Section
from .correction import (
    Correction,
    CorrectionEmail,
    ErrorReportNotice,
    ErrorReportResolution,
    ReferenceEdit,
    ReportOutcome,
)
from .fact import (
    NUMERIC_KINDS,
    ChangeKind,
    Fact,
    FactKind,
    FactStatus,
    FactVersion,
    FactVersionStatus,
    Source,
    check_fact_values,
)
from .imported import ImportedComment, ImportedPost
from .rating import Rating, RatingSummary
from .rendition import HeroRendition, RenditionFormat
from .revision import PreviewLink, Revision
from .search import SearchEntry
from .subscription import Delivery, DeliveryStatus, Subscription, SubscriptionKind
from .taxonomy import Category, Company, CompanyKind
from .workflow import ArticleTransition, FailedEmail

__all__ = [
    "AnchorKind",
    "Article",
    "Ban",
    "ArticleQuerySet",
    "ArticleStatus",
    "ArticleTransition",
    "AuthorProfile",
    "Category",
    "ChangeKind",
    "Correction",
    "CorrectionEmail",
    "ErrorReportNotice",
    "ErrorReportResolution",
    "FactKind",
    "FactVersion",
    "FactVersionStatus",
    "NUMERIC_KINDS",
    "ReferenceEdit",
    "ReportOutcome",
    "check_fact_values",
    "Comment",
    "CommentReport",
    "CommentStatus",
    "CommentVote",
    "Company",
    "CompanyKind",
    "Delivery",
    "DeliveryStatus",
    "FailedEmail",
    "Fact",
    "FormerArticleSlug",
    "FormerAuthorSlug",
    "FactStatus",
    "HeroRendition",
    "ImportedComment",
    "ImportedPost",
    "KeyPoint",
    "KnownCommenter",
    "ReportReason",
    "PreviewLink",
    "ProCon",
    "ProConKind",
    "Rating",
    "RatingSummary",
    "RenditionFormat",
    "Revision",
    "SearchEntry",
    "Section",
    "Source",
    "Subscription",
    "SubscriptionKind",
]
