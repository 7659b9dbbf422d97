"""The outbox delivers each event at least once, after commit, and never before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from events.models import OutboxEvent
from events.outbox import deliver, publish, relay_pending

pytestmark = pytest.mark.django_db

probe = Signal()
PROBE = "tests.events.test_outbox.probe"


@pytest.fixture
def received():
    calls: list[dict] = []

    def listener(sender, **kwargs):
        calls.append(kwargs)

    probe.connect(listener, weak=False)
    yield calls
    probe.disconnect(listener)


def test_commit_delivers_once_with_the_payload(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            event = publish(PROBE, user_id=3, change="issued")
            assert received == []  # nothing leaves before commit
    assert received == [
        {"signal": probe, "event_id": event.pk, "user_id": 3, "change": "issued"}
    ]
    event.refresh_from_db()
    assert event.delivered_at is not None
    assert event.attempts == 1
    # a retry of the same delivery (task redelivered by the broker) sends nothing more
    assert deliver(event.pk) is False
    assert len(received) == 1


def test_rollback_drops_the_event(received, django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    def change_that_fails():
        with transaction.atomic():
            publish(PROBE, n=1)
            raise Boom

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Boom):
            change_that_fails()
    assert callbacks == []
    assert not OutboxEvent.objects.exists()
    assert received == []


def test_unknown_signal_path_fails_inside_the_callers_transaction():
    with pytest.raises(ImportError):
        publish("tests.events.test_outbox.no_such_signal", n=1)
    assert not OutboxEvent.objects.exists()


def test_failing_receiver_leaves_the_event_for_the_relay(
    django_capture_on_commit_callbacks,
):
    calls = []
    broken = {"yes": True}

    def flaky(sender, **kwargs):
        calls.append(kwargs["event_id"])
        if broken["yes"]:
            raise RuntimeError("worker lost its database")

    probe.connect(flaky, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            event = publish(PROBE, n=1)
        event.refresh_from_db()
        assert event.delivered_at is None
        assert "worker lost its database" in event.last_error
        later = timezone.now() + timedelta(minutes=5)
        broken["yes"] = False
        assert relay_pending(now=later) == 1
        assert relay_pending(now=later) == 0
    finally:
        probe.disconnect(flaky)
    event.refresh_from_db()
    assert event.delivered_at is not None
    assert event.attempts == 2
    assert event.last_error == ""
    assert calls == [event.pk, event.pk]


def test_relay_leaves_young_and_leased_events_alone(received):
    # given an event whose after-commit delivery may still be under way
    with transaction.atomic():
        young = OutboxEvent.objects.create(signal=PROBE, payload={"n": 1})
        leased = OutboxEvent.objects.create(
            signal=PROBE,
            payload={"n": 2},
            created_at=timezone.now() - timedelta(minutes=10),
            claimed_until=timezone.now() + timedelta(minutes=1),
        )
    # when the relay runs now
    assert relay_pending() == 0
    # then neither was sent; once the lease runs out the leased one is
    assert received == []
    assert relay_pending(now=timezone.now() + timedelta(minutes=2)) == 2
    assert sorted(c["n"] for c in received) == [1, 2]
    assert {young.pk, leased.pk} == {c["event_id"] for c in received}


def test_relay_command_delivers_pending_events(received):
    OutboxEvent.objects.create(
        signal=PROBE,
        payload={"n": 5},
        created_at=timezone.now() - timedelta(minutes=5),
    )
    call_command("relay_events")
    assert [c["n"] for c in received] == [5]
