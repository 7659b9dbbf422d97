"""A course booklet drawn by a real Celery worker process through Redis (the scale
path): the request only queues; the worker renders and stores the file; the next
request serves it. Runs in the PostgreSQL+Redis phase of `make test`."""

from __future__ import annotations

import os
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_celery_worker import real_worker  # noqa: F401 - the fixture
from training.models import Booklet

from .conftest import guided, make_course, make_site, make_user

pytestmark = pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL"), reason="needs Redis (CELERY_BROKER_URL)"
)


def test_real_worker_draws_the_course_booklet(real_worker):  # noqa: F811
    home, index = make_site()
    course = make_course(
        index, title="工人画的讲义", bodies=[[guided("第一步"), guided("第二步")]]
    )
    resident = make_user("wang-worker")
    client = Client()
    client.force_login(resident)
    url = reverse("training:course_booklet", args=[course.pk])

    first = client.get(url)
    second = client.get(url)  # a double click: still one row, one render queued
    assert first.status_code == second.status_code == 200
    assert Booklet.objects.count() == 1

    # wait for the worker (a condition, not a duration: up to 120 polls)
    booklet = Booklet.objects.get()
    for _ in range(120):
        status = client.get(url, {"check": "1"}).json()["status"]
        if status != "pending":
            break
        time.sleep(1)
    assert status == "ready", Booklet.objects.values_list("status", "error").get()
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    booklet.refresh_from_db()
    assert booklet.rendered_at is not None
