from django.urls import path

from cms import views

app_name = "cms"
urlpatterns = [
    path("prefs/", views.update_preferences, name="prefs"),
]
