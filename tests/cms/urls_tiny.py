"""A URLconf with one name, to prove URL lookups follow the URLconf in force."""

from django.http import HttpResponse
from django.urls import path

urlpatterns = [path("tiny/", lambda request: HttpResponse("tiny"), name="tiny")]
