"""Signal receivers: a certificate, practice or roster change queues one evaluation.

Receivers only enqueue (on commit); the task is idempotent, so at-least-once delivery
is fine. Signals of apps that are not installed yet are connected when they appear.
"""

from __future__ import annotations

import importlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save

STAFF_FIELDS = {"post_type", "grade", "grade_since", "hire_date", "employee_number"}
OTHER_SIGNALS = (
    "certificates.signals.certificate_changed",
    "practice.signals.practice_changed",
    "accounts.signals.staff_facts_changed",
)


def on_change(sender=None, **kwargs) -> None:
    from .tasks import enqueue_soon

    transaction.on_commit(enqueue_soon)


def on_user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if not instance.employee_number:
        return
    if update_fields is not None and not (set(update_fields) & STAFF_FIELDS):
        return
    on_change()


def connect() -> list[str]:
    connected = []
    for path in OTHER_SIGNALS:
        module_name, _, name = path.rpartition(".")
        try:
            signal = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            continue
        signal.connect(on_change, dispatch_uid=f"incentives:{path}")
        connected.append(path)
    post_save.connect(
        on_user_saved, sender=get_user_model(), dispatch_uid="incentives:user_saved"
    )
    return connected
