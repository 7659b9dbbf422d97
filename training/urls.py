from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.my_learning, name="my_learning"),
    path("lesson/<int:lesson_id>/step/<int:number>/", views.step, name="step"),
    path("lesson/<int:lesson_id>/done/", views.lesson_done, name="done"),
    path("lesson/<int:lesson_id>/finished/", views.lesson_finished, name="finished"),
    path("lesson/<int:lesson_id>/mode/", views.lesson_mode, name="mode"),
    path(
        "lesson/<int:lesson_id>/booklet.pdf",
        views.lesson_booklet,
        name="lesson_booklet",
    ),
    path(
        "course/<int:course_id>/booklet.pdf",
        views.course_booklet,
        name="course_booklet",
    ),
    path("course/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path(
        "course/<int:course_id>/enrol-resident/",
        views.enrol_resident,
        name="enrol_resident",
    ),
    path("helped/", views.helped, name="helped"),
    path("helped/start/", views.helping_start, name="helping_start"),
    path("helped/stop/", views.helping_stop, name="helping_stop"),
]
