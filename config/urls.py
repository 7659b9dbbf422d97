from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import login_routes
from cms import views as cms_views

urlpatterns = [
    # First: Wagtail's and Django's own login/password routes answer here instead, so
    # every password goes through allauth (rate limits, lock-out, TOTP step).
    *login_routes.urlpatterns,
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", cms_views.set_language, name="set_language"),
    path("accounts/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
    path("site/", include("cms.urls")),
    path("learn/", include("training.urls")),
    path("practice/", include("practice.urls")),
    path("tests/", include("assessments.urls")),
    path("certificates/", include("certificates.urls")),
    path("verify/", include("certificates.verify_urls")),
    path("incentives/", include("incentives.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving comes last: it matches everything.
urlpatterns += [path("", include(wagtail_urls))]
