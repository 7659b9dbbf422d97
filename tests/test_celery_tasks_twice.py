"""Every Celery task of the project is safe to run twice, and on any worker.

Two real worker processes (A and B) read the PostgreSQL test database through Redis.
Each task runs once on A and then again, with the same arguments, on B (each worker
also listens on a queue of its own, so the test decides who runs what). The second
run must change nothing: same result or a "nothing left to do" answer, and the rows
the task writes are the same after it. A guard test fails when a task is added
without a scenario here.

Runs in the PostgreSQL phase of `make test` (needs PostgreSQL and CELERY_BROKER_URL).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from celery.result import allow_join_result
from django.contrib.auth import get_user_model
from django.utils import timezone

from config.celery import app as celery_app
from tests.test_celery_worker import _database_url

ROOT = Path(__file__).resolve().parent.parent
PROJECT_APPS = (
    "accounts",
    "assessments",
    "certificates",
    "events",
    "incentives",
    "practice",
    "training",
    "cms",
)

needs_services = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
        or not os.environ.get("CELERY_BROKER_URL"),
        reason="needs PostgreSQL in DATABASE_URL and Redis in CELERY_BROKER_URL",
    ),
]


def project_tasks() -> set[str]:
    celery_app.loader.import_default_modules()
    return {name for name in celery_app.tasks if name.split(".", 1)[0] in PROJECT_APPS}


@pytest.fixture(scope="module")
def _workers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two worker processes for the whole module (starting one takes a while)."""
    tmp_path = tmp_path_factory.mktemp("workers")
    with django_db_blocker.unblock():
        database_url = _database_url()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    env["DATABASE_URL"] = database_url
    procs = []
    try:
        for name in ("a", "b"):
            log = (tmp_path / f"worker-{name}.log").open("w")
            procs.append(
                subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
                    [
                        str(Path(sys.executable).with_name("celery")),
                        "-A",
                        "config",
                        "worker",
                        "-P",
                        "solo",
                        "-Q",
                        f"twice-{name}-{os.getpid()}",
                        "-l",
                        "info",
                        "--without-gossip",
                        "--without-mingle",
                        "-n",
                        f"twice-{name}-{os.getpid()}@%h",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        deadline = time.monotonic() + 90
        names = {f"twice-{n}-{os.getpid()}" for n in ("a", "b")}
        while time.monotonic() < deadline:
            for proc in procs:
                if proc.poll() is not None:
                    logs = [p.read_text() for p in tmp_path.glob("worker-*.log")]
                    pytest.fail(f"a worker exited: {logs}")
            answered = {
                node.split("@")[0]
                for reply in celery_app.control.ping(timeout=0.5) or []
                for node in reply
            }
            if names <= answered:
                break
        else:
            pytest.fail("the two workers did not answer a ping within 90 s")
        yield tuple(f"twice-{n}-{os.getpid()}" for n in ("a", "b"))
    finally:
        celery_app.conf.task_always_eager = True
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def two_workers(_workers, transactional_db):
    """The workers' queues; data written by the test is committed for them to see."""
    celery_app.conf.task_always_eager = False
    try:
        yield _workers
    finally:
        celery_app.conf.task_always_eager = True


def twice(queues, name: str, *args):
    """Run task ``name`` on worker A, then again on worker B; both results."""
    results = []
    with allow_join_result():
        for queue in queues:
            sent = celery_app.send_task(name, args=list(args), queue=queue)
            results.append(sent.get(timeout=120))
    return results


# --- builders -----------------------------------------------------------------


def _staff(username: str):
    from django.contrib.auth.models import Group

    from accounts.roles import STAFF, sync_roles

    sync_roles()
    user = get_user_model().objects.create_user(username, password=None)
    user.groups.add(Group.objects.get(name=STAFF))
    return user


def _overdue_attempt(user):
    """A started attempt whose deadline and grace have passed."""
    from assessments import services
    from assessments.models import Attempt, SkillTest, TestSlot
    from assessments.scoring import AnswerSpec, QuestionSpec

    category = services.category_ensure(path="Twice")
    test = SkillTest.objects.create(
        slug="twice", title="Twice", time_limit_minutes=5, grace_seconds=10
    )
    for i in range(2):
        spec = QuestionSpec(
            kind="multichoice",
            name=f"q{i}",
            text=f"Q{i}",
            answers=(AnswerSpec("a", Decimal(1)), AnswerSpec("b", Decimal(0))),
        )
        question = services.question_save(spec=spec, category=category)
        TestSlot.objects.create(test=test, question=question, sort_order=i)
    attempt = services.attempt_start(user=user, test=test)
    Attempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() - timedelta(minutes=5)
    )
    return attempt


# --- one test per task --------------------------------------------------------


def test_every_project_task_has_a_run_twice_scenario():
    covered = {name for name, _ in SCENARIOS}
    assert project_tasks() == covered, (
        "add a run-twice scenario for each new task to tests/test_celery_tasks_twice.py"
    )


def _plain(queues):
    from accounts.models import OrgUnit

    district = OrgUnit.objects.create(name="和平区", kind="district")
    street = OrgUnit.objects.create(name="劝业场街道", kind="street", parent=district)
    assert twice(queues, "accounts.tasks.ping", 21) == [42, 42]
    assert twice(queues, "accounts.tasks.heartbeat") == ["ok", "ok"]
    assert (
        twice(queues, "accounts.tasks.orgunit_path", street.pk)
        == ["和平区 / 劝业场街道"] * 2
    )


def _submit_overdue(queues):
    from assessments.models import Attempt, AttemptState

    attempt = _overdue_attempt(_staff("late"))
    first, second = twice(queues, "assessments.tasks.submit_overdue_attempts")
    assert (first, second) == (1, 0)
    attempt = Attempt.objects.get(pk=attempt.pk)
    assert attempt.state == AttemptState.GRADED
    handed_in = attempt.submitted_at
    assert twice(queues, "assessments.tasks.submit_overdue_attempts") == [0, 0]
    assert Attempt.objects.get(pk=attempt.pk).submitted_at == handed_in
    # A graded attempt of a test without a course: nothing to recheck, twice.
    assert twice(
        queues, "assessments.tasks.course_recheck_after_attempt", attempt.pk
    ) == [False, False]


def _gift_import(queues):
    from assessments.models import GiftImportJob, ImportStatus, Question

    job = GiftImportJob.objects.create(
        text="::One:: 1 + 1 = 2 {T}\n\n::Two:: The sky is green {F}\n",
        category_path="Twice import",
        status=ImportStatus.QUEUED,
    )
    assert twice(queues, "assessments.tasks.gift_import_run", job.pk) == [
        "done",
        "done",
    ]
    job.refresh_from_db()
    assert (job.created_count, job.skipped_count) == (2, 0)
    assert Question.objects.filter(category__name="Twice import").count() == 2


def _events(queues):
    from events.models import OutboxEvent

    attempt = _overdue_attempt(_staff("evented"))
    payload = {
        "attempt_id": attempt.pk,
        "user_id": attempt.user_id,
        "test_id": attempt.test_id,
        "passed": False,
        "is_practice": False,
    }
    event = OutboxEvent.objects.create(
        signal="assessments.signals.attempt_graded",
        payload=payload,
    )
    assert twice(queues, "events.tasks.deliver_event", event.pk) == [True, False]
    delivered = OutboxEvent.objects.get(pk=event.pk).delivered_at
    assert delivered is not None
    stale = OutboxEvent.objects.create(
        signal="assessments.signals.attempt_graded",
        payload=payload,
    )
    OutboxEvent.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert twice(queues, "events.tasks.relay_pending_events") == [1, 0]
    assert OutboxEvent.objects.get(pk=event.pk).delivered_at == delivered


def _incentives(queues):
    from incentives.models import EligibilityCase

    _first, second = twice(queues, "incentives.tasks.evaluate_incentives_task")
    assert second["created"] == 0
    assert second["lapsed"] == 0
    count = EligibilityCase.objects.count()
    twice(queues, "incentives.tasks.evaluate_incentives_task")
    assert EligibilityCase.objects.count() == count


def _practice(queues):
    from accounts.models import OrgUnit
    from practice.models import HelperSession, HelperSessionState

    helper = _staff("helper")
    community = OrgUnit.objects.create(name="新华社区", kind="community")
    now = timezone.now()
    session = HelperSession.objects.create(
        helper=helper,
        community=community,
        starts_at=now - timedelta(days=3, hours=1),
        ends_at=now - timedelta(days=3),
        minutes=60,
        place="活动室",
        state=HelperSessionState.PENDING,
        expires_at=now - timedelta(hours=1),
    )
    assert twice(queues, "practice.tasks.expire_helper_sessions") == [1, 0]
    assert HelperSession.objects.get(pk=session.pk).state == HelperSessionState.EXPIRED


def _certificates(queues):
    from certificates.models import BulkJob, Certificate

    person = _staff("holder")
    assert twice(queues, "certificates.tasks.check_user", person.pk) == [[], []]
    assert Certificate.objects.filter(holder=person).count() == 0
    assert twice(queues, "certificates.tasks.render_pdf", 987654) == [False, False]
    job = BulkJob.objects.create(
        kind=BulkJob.Kind.RERENDER, requested_by=person, certificate_ids=[]
    )
    assert twice(queues, "certificates.tasks.run_bulk_job", job.pk) == [0, 0]
    finished = BulkJob.objects.get(pk=job.pk).finished_at
    assert finished is not None
    twice(queues, "certificates.tasks.nightly")
    assert BulkJob.objects.get(pk=job.pk).finished_at == finished


def _booklet(queues):
    """A booklet drawn on A is left alone on B: same file, drawn once."""
    from tests.training.conftest import guided, make_course, make_site
    from training.models import Booklet
    from training.services import HelpContact, booklet_request

    _home, index = make_site()
    course = make_course(index, title="两次的讲义", bodies=[[guided("第一步")]])
    booklet = booklet_request(
        page=course,
        kind=Booklet.Kind.COURSE,
        contact=HelpContact(phone="12345"),
        language="zh-hans",
        queue=False,
    )
    storage = Booklet._meta.get_field("file").storage

    def files():
        if not storage.exists("booklets"):
            return set()
        return set(storage.listdir("booklets")[1])

    before = files()
    assert twice(queues, "training.tasks.render_booklet", booklet.pk) == [True, True]
    drawn = Booklet.objects.get(pk=booklet.pk)
    assert drawn.status == Booklet.Status.READY
    assert drawn.file.name.endswith(".pdf")
    # B found it drawn and drew nothing: one new file in storage.
    new_files = files() - before
    assert new_files == {drawn.file.name.rsplit("/", 1)[-1]}
    assert Booklet.objects.count() == 1
    assert twice(queues, "training.tasks.render_booklet", 987654) == [False, False]


SCENARIOS = [
    ("accounts.tasks.ping", _plain),
    ("accounts.tasks.heartbeat", _plain),
    ("accounts.tasks.orgunit_path", _plain),
    ("assessments.tasks.submit_overdue_attempts", _submit_overdue),
    ("assessments.tasks.course_recheck_after_attempt", _submit_overdue),
    ("assessments.tasks.gift_import_run", _gift_import),
    ("events.tasks.deliver_event", _events),
    ("events.tasks.relay_pending_events", _events),
    ("incentives.tasks.evaluate_incentives_task", _incentives),
    ("practice.tasks.expire_helper_sessions", _practice),
    ("certificates.tasks.check_user", _certificates),
    ("certificates.tasks.render_pdf", _certificates),
    ("certificates.tasks.run_bulk_job", _certificates),
    ("certificates.tasks.nightly", _certificates),
    ("training.tasks.render_booklet", _booklet),
]


@needs_services[0]
@needs_services[1]
@pytest.mark.parametrize(
    "scenario",
    sorted({fn for _name, fn in SCENARIOS}, key=lambda fn: fn.__name__),
    ids=lambda fn: fn.__name__.strip("_"),
)
def test_task_run_twice_on_two_workers_changes_nothing_the_second_time(
    two_workers, scenario
):
    scenario(two_workers)
