"""The moderation queue: held comments first, bulk actions that call articles.moderation, and
the allow and ban lists. Moderators read comments here; they change them only through actions."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from articles.comments import moderation
from articles.models import Ban, Comment, CommentStatus, KnownCommenter


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["excerpt", "author_name", "status", "article_link", "in_reply_to", "created_at"]
    list_filter = ["status", ("article", admin.RelatedOnlyFieldListFilter), "is_error_report"]
    list_select_related = ["article", "parent"]
    search_fields = ["body", "author_name", "author_email"]
    actions = ["approve", "mark_spam", "remove", "ban_email", "ban_ip"]
    fields = [
        "status",
        "article_link",
        "in_reply_to",
        "anchored_to",
        "text",
        ("author_name", "author_email", "author_website"),
        ("ip_hash", "user"),
        ("created_at", "edited_at"),
        ("moderated_by", "moderated_at"),
        "score",
    ]
    readonly_fields = fields[:5] + [
        "author_name",
        "author_email",
        "author_website",
        "ip_hash",
        "user",
        "created_at",
        "edited_at",
        "moderated_by",
        "moderated_at",
        "score",
    ]

    def get_ordering(self, request):
        held_first = Case(
            When(status=CommentStatus.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [held_first.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers

    def has_change_permission(self, request, obj=None):
        return False  # a comment changes state only through the moderation buttons and actions

    def has_delete_permission(self, request, obj=None):
        return False  # moderation is a state; removed comments keep their row

    def has_moderate_permission(self, request):
        return moderation.can_moderate(request.user)

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(80)

    @admin.display(description="text")
    def text(self, comment):
        return format_html('<div style="white-space: pre-wrap">{}</div>', comment.body)

    @admin.display(description="article")
    def article_link(self, comment):
        return format_html(
            '<a href="{}">{}</a>', comment.get_absolute_url(), Truncator(comment.article).chars(60)
        )

    @admin.display(description="in reply to")
    def in_reply_to(self, comment):
        parent = comment.parent
        if parent is None:
            return "—"
        return f"{parent.author_name}: {Truncator(parent.body).chars(80)} ({parent.status})"

    @admin.display(description="about")
    def anchored_to(self, comment):
        if not comment.anchor_kind:
            return "The whole article"
        kind = comment.get_anchor_kind_display()
        where = kind if comment.part else f"{kind} since removed"
        flag = " — reports an error" if comment.is_error_report else ""
        return f"{where}: {comment.part_label}{flag}"

    MODERATE_BUTTONS = {
        "approve": (moderation.approve, "approved"),
        "mark_spam": (moderation.mark_spam, "marked as spam"),
        "remove": (moderation.remove, "removed"),
    }

    def get_urls(self):
        moderate = self.admin_site.admin_view(require_POST(self.moderate_view))
        route = path("<int:pk>/moderate/", moderate, name="articles_comment_moderate")
        return [route, *super().get_urls()]

    def moderate_view(self, request, pk):
        """The buttons on a comment's page; back to the queue of held comments afterwards."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        change, done = self.MODERATE_BUTTONS.get(request.POST.get("do"), (None, None))
        if change is None:
            self.message_user(request, "Unknown moderation action.", messages.ERROR)
        else:
            change(comment, by=request.user)
            self.message_user(request, f"The comment is {done}.", messages.SUCCESS)
        queue = reverse("admin:articles_comment_changelist")
        return HttpResponseRedirect(f"{queue}?status__exact={CommentStatus.PENDING}")

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_moderate"] = self.has_moderate_permission(request)
        return super().render_change_form(request, context, *args, **kwargs)

    def _each(self, request, queryset, change, done):
        count = 0
        for comment in queryset.select_related("article"):
            change(comment, by=request.user)
            count += 1
        self.message_user(request, f"{count} comment(s) {done}.", messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        self._each(request, queryset, moderation.approve, "approved")

    @admin.action(description="Mark selected comments as spam", permissions=["moderate"])
    def mark_spam(self, request, queryset):
        self._each(request, queryset, moderation.mark_spam, "marked as spam")

    @admin.action(description="Remove selected comments", permissions=["moderate"])
    def remove(self, request, queryset):
        self._each(request, queryset, moderation.remove, "removed")

    @admin.action(description="Ban the email of selected authors", permissions=["moderate"])
    def ban_email(self, request, queryset):
        def ban(comment, by):
            moderation.ban_author(comment, by=by, ip=False)

        self._each(request, queryset, ban, "marked as spam, their email addresses banned")

    @admin.action(description="Ban the IP of selected authors", permissions=["moderate"])
    def ban_ip(self, request, queryset):
        def ban(comment, by):
            moderation.ban_author(comment, by=by, email=False)

        self._each(request, queryset, ban, "marked as spam, their IP hashes banned")


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "ip_hash", "reason", "created_by", "created_at"]
    search_fields = ["email", "ip_hash", "reason"]
    fields = ["email", "ip_hash", "reason"]

    def save_model(self, request, ban, form, change):
        ban.created_by = ban.created_by or request.user
        super().save_model(request, ban, form, change)


@admin.register(KnownCommenter)
class KnownCommenterAdmin(admin.ModelAdmin):
    list_display = ["email", "approved_by", "approved_at"]
    search_fields = ["email"]
    fields = ["email"]

    def save_model(self, request, known, form, change):
        known.approved_by = known.approved_by or request.user
        super().save_model(request, known, form, change)


class CommentsOpenAdminMixin:
    """For ArticleAdmin: moderators close or reopen comments on the selected articles. It sets the
    live article's own switch, so it works on published articles, which open read-only."""

    actions = ["close_comments", "reopen_comments"]

    def has_close_comments_permission(self, request):
        return moderation.can_moderate(request.user)

    def _set_comments_open(self, request, queryset, is_open):
        for article in queryset:
            moderation.set_comments_open(article, is_open, by=request.user)
        state = "open" if is_open else "closed"
        self.message_user(request, f"Comments {state} on {len(queryset)} article(s).")

    @admin.action(description="Close comments", permissions=["close_comments"])
    def close_comments(self, request, queryset):
        self._set_comments_open(request, queryset, False)

    @admin.action(description="Reopen comments", permissions=["close_comments"])
    def reopen_comments(self, request, queryset):
        self._set_comments_open(request, queryset, True)
