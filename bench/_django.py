"""Shared set-up for the Django benchmarks: a throwaway database unless DATABASE_URL
is set, migrated, with a demo test to take."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db_name: str = "bench") -> str:
    """Point Django at a temporary SQLite file (or DATABASE_URL) and migrate."""
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / f"digiladder_{db_name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return os.environ["DATABASE_URL"]


def make_test(*, questions: int = 10, slug: str = "bench-test", time_limit=None):
    """A skill test of true/false and single-choice questions, unlimited attempts."""
    from assessments import services
    from assessments.models import SkillTest

    category = services.category_ensure(path="Bench")
    test, created = SkillTest.objects.get_or_create(
        slug=slug,
        defaults={
            "title": "Bench",
            "time_limit_minutes": time_limit,
            "grace_seconds": 120,
        },
    )
    if created:
        add_questions(test, questions, category)
    return test


def add_questions(test, questions: int, category) -> None:
    """Alternating true/false and three-choice single-answer questions."""
    from decimal import Decimal

    from assessments import services
    from assessments.models import TestSlot
    from assessments.scoring import AnswerSpec, QuestionSpec

    for i in range(questions):
        if i % 2:
            spec = QuestionSpec(
                kind="truefalse", name=f"tf{i}", text=f"Q{i}", correct=True
            )
        else:
            spec = QuestionSpec(
                kind="multichoice",
                name=f"mc{i}",
                text=f"Q{i}",
                answers=(
                    AnswerSpec("a", Decimal(1)),
                    AnswerSpec("b", Decimal(0)),
                    AnswerSpec("c", Decimal(0)),
                ),
            )
        question = services.question_save(spec=spec, category=category)
        TestSlot.objects.create(test=test, question=question, sort_order=i)
