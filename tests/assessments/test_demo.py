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


def test_demo_essay_answers_answer_the_question_asked(make_user):
    from accounts.roles import REVIEWERS, STAFF
    from assessments.models import AttemptAnswer

    make_user(REVIEWERS, username="reviewer")
    for username, _ability in demo.TAKERS:
        make_user(STAFF, username=username)
    demo.seed(StringIO())
    essays = [
        a
        for a in AttemptAnswer.objects.select_related("version")
        if a.version.as_spec.kind == "essay"
    ]
    assert essays
    keywords = {"DP13": "需求", "OM11": "议事", "AU12": "汇总"}
    for answer in essays:
        name = answer.version.as_spec.name
        assert keywords[name.split()[0]] in answer.response, (name, answer.response)
