"""The moderation queue: it opens on the held comments, says why each was held and what part of
the article it is about, shows the text as readers would see it, and has one-click Approve / Spam /
Remove / Ban buttons per row (plain POST forms; admin-moderation.js sends them without a reload).
Bulk actions, the allow and ban lists, and a staff reply from a comment's page. Every change goes
through articles.comments.moderation (or posting, for the reply)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.db.models.functions import Lower
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from articles.comments import moderation, posting
from articles.models import Ban, Comment, CommentStatus, KnownCommenter

ROW_BUTTONS = [("approve", "Approve"), ("mark_spam", "Spam"), ("remove", "Remove"), ("ban", "Ban")]


def pending_count():
    return Comment.objects.filter(status=CommentStatus.PENDING).count()


class QueueFilter(admin.SimpleListFilter):
    """The status filter, opening on "Pending": that is what a moderator came for."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*CommentStatus.choices, (self.ALL, "All")]

    def selected(self):
        return self.value() or CommentStatus.PENDING

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.selected() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.selected() == self.ALL:
            return queryset
        return queryset.filter(status=self.selected())


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Reply as staff",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        help_text="Published at once under your name; a held comment is approved first.",
    )


def _ban_both(comment, *, by):
    moderation.ban_author(comment, by=by)


# A row offers no button for the state its comment is already in.
_DONE = {
    CommentStatus.APPROVED: "approve",
    CommentStatus.SPAM: "mark_spam",
    CommentStatus.REMOVED: "remove",
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "rendered_text",
        "author_name",
        "status",
        "why_held",
        "anchored_to",
        "error_report",
        "article_link",
        "created_at",
    ]
    list_filter = [QueueFilter, ("article", admin.RelatedOnlyFieldListFilter), "is_error_report"]
    list_select_related = ["article", "parent"]
    list_per_page = 50
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

    class Media:
        js = ["js/admin-moderation.js"]
        css = {"all": ["css/admin-moderation.css"]}

    def get_queryset(self, request):
        known = KnownCommenter.objects.filter(email=Lower(OuterRef("author_email")))
        return super().get_queryset(request).annotate(_is_known=Exists(known))

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        return [*columns, "row_actions"] if self.has_moderate_permission(request) else columns

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
    def rendered_text(self, comment):
        # body_html was rendered from Markdown and cleaned with nh3 when the comment was saved.
        html = mark_safe(comment.body_html)  # noqa: S308 - sanitised by rendering.py on save
        return format_html('<div class="comment-text">{}</div>', html)

    @admin.display(description="why held")
    def why_held(self, comment):
        if comment.status != CommentStatus.PENDING:
            return "—"
        return "; ".join(posting.hold_reasons(comment, is_known=comment._is_known)) or "—"

    @admin.display(description="error report", boolean=True)
    def error_report(self, comment):
        return comment.is_error_report

    @admin.display(description="moderate")
    def row_actions(self, comment):
        """Buttons of the changelist's own form (which carries the CSRF token), each posting to
        this comment's moderate URL; a form may not be nested in the changelist's form."""
        url = reverse("admin:articles_comment_moderate", args=[comment.pk])
        buttons = [(do, label) for do, label in ROW_BUTTONS if do != _DONE.get(comment.status)]
        return format_html(
            '<div class="moderate-buttons" data-comment="{}">{}</div>',
            comment.pk,
            format_html_join(
                "",
                '<button type="submit" class="button moderate-button" formaction="{}" '
                'name="do" value="{}">{}<span class="visually-hidden"> comment {} by {}</span>'
                "</button>",
                ((url, do, label, comment.pk, comment.author_name) for do, label in buttons),
            ),
        )

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
        "ban": (_ban_both, "marked as spam, its author's email and IP banned"),
    }

    def get_urls(self):
        moderate = self.admin_site.admin_view(require_POST(self.moderate_view))
        reply = self.admin_site.admin_view(require_POST(self.reply_view))
        return [
            path("<int:pk>/moderate/", moderate, name="articles_comment_moderate"),
            path("<int:pk>/reply/", reply, name="articles_comment_reply"),
            *super().get_urls(),
        ]

    def moderate_view(self, request, pk):
        """One button, one comment: JSON for admin-moderation.js, otherwise back to the page the
        button was on (the queue, or the comment's page), with a message."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        change, done = self.MODERATE_BUTTONS.get(request.POST.get("do"), (None, None))
        wants_json = request.get_preferred_type(["text/html", "application/json"]) == (
            "application/json"
        )
        if change is None:
            if wants_json:
                return JsonResponse(
                    {"ok": False, "message": "Unknown moderation action."}, status=400
                )
            self.message_user(request, "Unknown moderation action.", messages.ERROR)
        else:
            change(comment, by=request.user)
            message = f"The comment by {comment.author_name} is {done}."
            if wants_json:
                return JsonResponse(
                    {
                        "ok": True,
                        "status": comment.status,
                        "status_label": comment.get_status_display(),
                        "message": message,
                        "pending": pending_count(),
                    }
                )
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(self._back(request))

    def _back(self, request):
        referer = request.headers.get("referer", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return referer
        return reverse("admin:articles_comment_changelist")

    def reply_view(self, request, pk):
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        form = ReplyForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "Write a reply before sending it.", messages.ERROR)
        else:
            try:
                reply = posting.staff_reply(comment, form.cleaned_data["body"], by=request.user)
            except posting.CommentRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
            else:
                self.message_user(request, "Your reply is published.", messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:articles_comment_change", args=[reply.pk])
                )
        return HttpResponseRedirect(reverse("admin:articles_comment_change", args=[comment.pk]))

    def render_change_form(self, request, context, *args, **kwargs):
        context["can_moderate"] = self.has_moderate_permission(request)
        context["reply_form"] = ReplyForm()
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
