"""One way to render a page about one fact in the admin (verify, versions, check a version,
answer a report): the admin's own context, the fact, a title; templates extend
admin/articles/fact/_subpage.html for the breadcrumb trail."""

from django.template.response import TemplateResponse


def fact_page(model_admin, request, fact, template, title, *, status=200, **context):
    return TemplateResponse(
        request,
        f"admin/articles/fact/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": fact,
            "title": title,
            **context,
        },
        status=status,
    )
