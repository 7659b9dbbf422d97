"""A real Celery worker, fed through Redis, runs this project's tasks (scale path).

Runs only when CELERY_BROKER_URL is set (the PostgreSQL phase of `make test`); the
worker is a separate process that reads the test database, so the data must be
committed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.db import connection

from accounts.models import OrgUnit
from accounts.tasks import orgunit_path, ping
from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL"), reason="needs Redis (CELERY_BROKER_URL)"
)


def _database_url() -> str:
    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.fixture
def real_worker(transactional_db, tmp_path):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    env["DATABASE_URL"] = _database_url()
    log = (tmp_path / "worker.log").open("w")
    proc = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).with_name("celery")),
            "-A",
            "config",
            "worker",
            "-P",
            "solo",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                pytest.fail(f"worker exited: {(tmp_path / 'worker.log').read_text()}")
            if celery_app.control.ping(timeout=0.5):
                break
        else:
            pytest.fail("worker did not answer a ping within 60 s")
        celery_app.conf.task_always_eager = False
        yield proc
    finally:
        celery_app.conf.task_always_eager = True
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def test_worker_process_runs_tasks_and_reads_committed_data(real_worker):
    # given a community tree committed to the database
    district = OrgUnit.objects.create(name="和平区", kind="district")
    street = OrgUnit.objects.create(name="劝业场街道", kind="street", parent=district)
    community = OrgUnit.objects.create(name="新华社区", kind="community", parent=street)

    # when tasks go through the broker to the worker process
    doubled = ping.delay(21)
    path = orgunit_path.delay(community.pk)

    # then the worker computed them (not this process: eager mode is off)
    # Celery's "join would block" flag is process-global: an eager task still running
    # in another test's leftover thread can raise it. This process is not a worker.
    with allow_join_result():
        assert doubled.get(timeout=60) == 42
        assert path.get(timeout=60) == "和平区 / 劝业场街道 / 新华社区"
    assert real_worker.poll() is None
