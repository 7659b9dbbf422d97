"""The site's URLs plus a bare view, for bench/http_pages.py (served by gunicorn)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bare__/", bare), *site_urlpatterns]
