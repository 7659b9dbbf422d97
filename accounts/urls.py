from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_settings, name="settings"),
    path("assist/", views.assist_register, name="assist"),
    path("residents/", views.residents, name="residents"),
    path("assist/<int:pk>/", views.assist_done, name="assist_done"),
    path("assist/<int:pk>/card.pdf", views.assist_card, name="assist_card"),
    path("assist/<int:pk>/reset/", views.assist_reset, name="assist_reset"),
]
