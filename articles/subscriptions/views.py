"""Subscribe (email only), confirm and unsubscribe.

Subscribing answers with one message whatever the address's state (new, pending, confirmed), so the
form cannot be used to learn who follows an article. A plain POST gets a redirect back to the
article with that message; a JavaScript submit (`Accept: application/json`) gets it as JSON.

Confirm and unsubscribe links are signed tokens. Their GET shows a button and only the POST acts,
so a mail scanner that follows links changes nothing; that POST is CSRF-checked like every form.
The pages are served with `Referrer-Policy: same-origin`: the token in the URL never reaches
another site in a Referer, while the form's own POST still carries a real `Origin` (with
`no-referrer` browsers send `Origin: null`, and Django's CSRF check rightly refuses it).

The one exception is RFC 8058 one-click unsubscribe (the digest's List-Unsubscribe header): a
cookieless POST from the mail provider, which no CSRF token can reach. It has its own address,
acts only on the RFC's exact body, and its signed token is the authentication: the worst a forged
request can do is what the token's owner asked for.
"""

from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from articles import web
from articles.models import Article, CommentStatus
from articles.subscriptions import links, services
from articles.subscriptions.forms import SubscribeForm

SUBSCRIBED = (
    "Thank you. If this address can be subscribed, we have sent it an email: follow the link in "
    "it to confirm. Nothing else is sent until you do."
)
INVALID = "Please correct the errors below."
COMMENT_SUBSCRIBED = (
    "If this address can be subscribed, we have emailed it a link to confirm notifications."
)


def _form_page(request, article, form, message, status):
    if not form.is_bound or status != 400:
        # Keep what was typed, without judging it: the refusal was not about it.
        form = SubscribeForm(initial=request.POST.dict())
    context = {"article": article, "subscribe_form": form, "message": message}
    return render(request, "articles/subscribe.html", context, status=status)


def _rate_limited_page(request, message, status, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return _form_page(request, article, SubscribeForm(), message, status)


@web.reader_action(limit=services.IP_LIMIT, voter=False, on_refused=_rate_limited_page)
def subscribe(request, slug):
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        if web.wants_json(request):
            return web.refusal(INVALID, 400, form.errors)
        return _form_page(request, article, form, INVALID, 400)
    email, kind = form.cleaned_data["email"], form.cleaned_data["kind"]
    limited = services.email_over_limit(email)
    if limited:
        response = web.refuse(
            request, limited, 429, article=article, template="articles/subscribe.html",
            context={"subscribe_form": SubscribeForm(initial=request.POST.dict())},
        )  # fmt: skip
        response["Retry-After"] = str(services.EMAIL_LIMIT.window()[1])
        return response
    services.subscribe(article, email, kind)
    if web.wants_json(request):
        return web.answer(SUBSCRIBED)
    messages.success(request, SUBSCRIBED)
    # No fragment: the answer shows at the top of the page, where every site message is.
    return HttpResponseRedirect(article.get_absolute_url())


def subscribe_commenter(request, comment, kind: str) -> str:
    """The "Notify of" choice under the comment form, after the comment is saved. Returns what to
    add to the answer; a refusal here never undoes the comment."""
    if not kind or comment.status == CommentStatus.SPAM or not comment.author_email:
        return ""
    limited = services.ip_over_limit(request)
    limited = limited or services.email_over_limit(comment.author_email)
    if limited:
        return f"Notifications were not set up. {limited}"
    services.subscribe(comment.article, comment.author_email, kind)
    return COMMENT_SUBSCRIBED


def _private(response):
    # The token is in the URL: keep it out of other sites' Referer headers (see the docstring).
    response["Referrer-Policy"] = "same-origin"
    return response


def _invalid_link(request, error):
    context = {"message": error.message}
    return _private(render(request, "articles/subscription_invalid.html", context, status=400))


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        subscription = links.from_confirm_token(token)
    except links.InvalidLink as error:
        return _invalid_link(request, error)
    if request.method == "POST":
        services.confirm(subscription)
    context = {"subscription": subscription, "article": subscription.article}
    return _private(render(request, "articles/subscription_confirm.html", context))


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription = links.from_unsubscribe_token(token)
    except links.InvalidLink as error:
        return _invalid_link(request, error)
    done = subscription is None
    if request.method == "POST" and not done:
        services.unsubscribe(subscription)
        done = True
    context = {"subscription": subscription, "done": done}
    return _private(render(request, "articles/subscription_unsubscribe.html", context))


@csrf_exempt  # RFC 8058: see the module docstring
@never_cache
@require_POST
def one_click_unsubscribe(request, token):
    if request.POST.get("List-Unsubscribe") != "One-Click":
        return HttpResponseBadRequest("Send List-Unsubscribe=One-Click, or open the link instead.")
    try:
        subscription = links.from_unsubscribe_token(token)
    except links.InvalidLink as error:
        return HttpResponseBadRequest(error.message)
    if subscription is not None:
        services.unsubscribe(subscription)
    return HttpResponse("Unsubscribed.", content_type="text/plain")
