"""The admin's login view, limited per client IP so passwords cannot be guessed at speed."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render

from articles.readers import client_ip_hash, rate_limited


def login(request, **kwargs):
    if request.method == "POST":
        limit, period = settings.ADMIN_LOGIN_RATE
        if rate_limited("admin-login", client_ip_hash(request), limit, period):
            response = render(
                request,
                "admin/login_limited.html",
                {"minutes": period // 60, "title": "Too many attempts"},
                status=429,
            )
            response["Retry-After"] = str(period)
            return response
    return admin.site.login(request, **kwargs)
