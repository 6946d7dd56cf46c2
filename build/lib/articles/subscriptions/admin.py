"""Comment subscriptions: look, filter, delete. Never add or edit: only the address's owner can
subscribe it (double opt-in), so staff get no form that would skip that."""

from django.contrib import admin

from articles.models import Delivery, Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = "confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", "Confirmed"), ("no", "Awaiting confirmation")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["comment", "status", "attempts", "last_error", "created_at", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["masked_email", "article", "kind", "is_confirmed", "created_at"]
    list_filter = [ConfirmedFilter, "kind", ("article", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["article"]
    search_fields = ["=email", "article__title"]
    fields = ["email", "article", "kind", "created_at", "confirmation_sent_at", "confirmed_at"]
    readonly_fields = fields
    inlines = [DeliveryInline]
    date_hierarchy = "created_at"

    @admin.display(description="email", ordering="email")
    def masked_email(self, subscription):
        return subscription.masked_email

    @admin.display(description="confirmed", boolean=True, ordering="confirmed_at")
    def is_confirmed(self, subscription):
        return subscription.is_confirmed

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
