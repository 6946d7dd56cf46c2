"""Who hears about a workflow step, and what the email says.

Reviewers hear when something is submitted; the authors when changes are requested, when their
article is approved and when it is published. Nobody is told about their own action.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

SUBJECTS = {
    "submit": "For review: {title}",
    "request_changes": "Changes requested: {title}",
    "approve": "Approved: {title}",
    "publish": "Published: {title}",
}
TO_AUTHORS = {"request_changes", "approve", "publish"}


def recipients(transition):
    """Email addresses for this step, or none if nobody needs to hear about it."""
    if transition.action == "submit":
        people = reviewers()
    elif transition.action in TO_AUTHORS:
        people = transition.article.authors.filter(is_active=True)
    else:
        return []
    if transition.by_id:
        people = people.exclude(pk=transition.by_id)
    return sorted(set(people.exclude(email="").values_list("email", flat=True)))


def reviewers():
    """People granted review_article, through a group or directly (superusers are not spammed)."""
    permission = Permission.objects.get(
        content_type__app_label="articles", codename="review_article"
    )
    grant = Q(groups__permissions=permission) | Q(user_permissions=permission)
    return get_user_model().objects.filter(grant, is_active=True).distinct()


def build_message(transition, address):
    article = transition.article
    admin_path = reverse("admin:articles_article_change", args=[article.pk])
    context = {
        "transition": transition,
        "article": article,
        "admin_url": settings.SITE_URL + admin_path,
        "public_url": settings.SITE_URL + article.get_absolute_url(),
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=SUBJECTS[transition.action].format(title=article.title),
        body=render_to_string("articles/email/transition.txt", context),
        to=[address],
    )
