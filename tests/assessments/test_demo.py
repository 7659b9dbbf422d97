"""The demo seed: banks imported once, tests made, attempts graded for statistics."""

from io import StringIO

import pytest

from assessments import demo
from assessments.models import Attempt, AttemptState, Question, SkillTest
from assessments.selectors import statistics_report

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_gives_statistics_data(make_user):
    from accounts.roles import REVIEWERS, STAFF

    make_user(REVIEWERS, username="reviewer")
    for username, _ability in demo.TAKERS:
        make_user(STAFF, username=username)
    demo.seed(StringIO())
    questions = Question.objects.count()
    assert questions >= 60 + 15
    assert SkillTest.objects.filter(audience="resident").count() >= 2
    graded = Attempt.objects.filter(state=AttemptState.GRADED).count()
    assert graded >= 5
    demo.seed(StringIO())
    assert Question.objects.count() == questions
    assert Attempt.objects.filter(state=AttemptState.GRADED).count() == graded
    report = statistics_report(test=SkillTest.objects.get(slug="staff-data-analysis"))
    assert report.quiz.count == graded
    assert report.quiz.cic is not None
