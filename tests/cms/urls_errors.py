"""URLconf for error-page tests: the project's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-forbidden/", forbidden),
    path("test-broken/", broken),
    *project_urlpatterns,
]
