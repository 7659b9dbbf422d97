from django.urls import path

from . import views

app_name = "incentives"
urlpatterns = [
    path("growth/", views.my_growth, name="growth"),
]
