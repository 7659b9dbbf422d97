from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.my_tests, name="my_tests"),
    path(
        "attempt/<int:attempt_id>/q/<int:number>/",
        views.attempt_question,
        name="question",
    ),
    path("attempt/<int:attempt_id>/all/", views.attempt_all, name="all"),
    path("attempt/<int:attempt_id>/save/", views.attempt_save, name="save"),
    path("attempt/<int:attempt_id>/review/", views.attempt_review, name="review"),
    path("attempt/<int:attempt_id>/submit/", views.attempt_submit, name="submit"),
    path("attempt/<int:attempt_id>/result/", views.attempt_result, name="result"),
    path("<slug:slug>/", views.test_intro, name="intro"),
]
