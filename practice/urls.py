from django.urls import path

from . import views

app_name = "practice"
urlpatterns = [
    path("", views.my_practice, name="my_practice"),
    path("task/<int:task_id>/", views.task_detail, name="task"),
    path("submission/<int:submission_id>/share/", views.submission_share, name="share"),
    path("file/<str:token>/", views.file_download, name="file"),
    path("helper/new/", views.helper_new, name="helper_new"),
    path("confirm/", views.confirm_list, name="confirm"),
    path("confirm/<int:session_id>/", views.confirm_session, name="confirm_session"),
    path("showcase/", views.showcase, name="showcase"),
    path("showcase/public/", views.showcase_public, name="showcase_public"),
]
