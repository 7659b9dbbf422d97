"""Public verification, mounted at /verify/ by config/urls.py. The names have no
namespace so the address in the QR code stays short: /verify/<code>/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify_form, name="certificate_verify_form"),
    path("<str:code>/", views.verify, name="certificate_verify"),
]
