from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/certificate.pdf", views.pdf, name="pdf"),
    path("<int:pk>/render/", views.rerender, name="rerender"),
    path("<int:pk>/qr.png", views.qr, name="qr"),
    path("<int:pk>/badge.png", views.baked_badge, name="badge"),
    path("<int:pk>/credential.jwt", views.credential, name="credential"),
    path("<int:pk>/show-name/", views.show_name, name="show_name"),
    path("ob/issuers/<int:pk>.json", views.ob_issuer, name="ob_issuer"),
    path("ob/badges/<slug:slug>.json", views.ob_badge, name="ob_badge"),
    path("ob/badges/<slug:slug>.png", views.ob_badge_image, name="ob_badge_image"),
    path("ob/assertions/<str:code>.json", views.ob_assertion, name="ob_assertion"),
    path("ob/jwks.json", views.jwks, name="jwks"),
]
