"""Completion now means the practice was done: reopen what was finished without it.

Before, tapping "Next" past a "try it" or a knowledge check marked it done, so a
lesson (and its course) could be finished without practising anything. For each
learner's lesson progress this migration keeps a practice step as done only when
there is evidence it was practised with a helper (an assisted-step record for that
step, or for the whole lesson); other practice steps become not done. A lesson that
was finished but now misses practice is reopened (``completed_at`` → None, the old
time kept in ``unverified_completed_at``), and a course completion that rested on
a reopened lesson moves to ``ReopenedCompletion`` (who and when are kept).
Enrolments, start times, bookmarks and assisted-step records are untouched.
The reverse restores the completions it reopened.
"""

import json

from django.db import migrations
from django.utils import timezone

PRACTICE = {"try_it", "knowledge_check"}


def _raw(body):
    if hasattr(body, "raw_data"):
        return list(body.raw_data)
    if isinstance(body, str):
        return json.loads(body or "[]")
    return list(body or [])


def reopen(apps, schema_editor):
    LessonPage = apps.get_model("training", "LessonPage")
    LessonProgress = apps.get_model("training", "LessonProgress")
    StepAssist = apps.get_model("training", "StepAssist")
    CourseCompletion = apps.get_model("training", "CourseCompletion")
    ReopenedCompletion = apps.get_model("training", "ReopenedCompletion")

    practice_of = {}
    for lesson_id, body in LessonPage.objects.values_list("pk", "body").iterator():
        practice_of[lesson_id] = {
            item["id"] for item in _raw(body) if item.get("type") in PRACTICE
        }
    assisted = {}
    for learner_id, lesson_id, block_id in StepAssist.objects.values_list(
        "learner_id", "lesson_id", "block_id"
    ):
        assisted.setdefault((learner_id, lesson_id), set()).add(block_id)

    reopened = set()  # (user_id, course_id)
    now = timezone.now()
    for progress in LessonProgress.objects.all().iterator():
        practice = practice_of.get(progress.lesson_id, set())
        if not practice:
            continue
        helped = assisted.get((progress.user_id, progress.lesson_id), set())
        if "" in helped:  # the whole lesson was marked done with a helper
            continue
        kept = [
            step_id
            for step_id in progress.completed_steps or []
            if step_id not in practice or step_id in helped
        ]
        fields = []
        if kept != list(progress.completed_steps or []):
            progress.completed_steps = kept
            fields.append("completed_steps")
        if progress.completed_at is not None and not practice <= set(kept):
            progress.unverified_completed_at = progress.completed_at
            progress.completed_at = None
            fields += ["completed_at", "unverified_completed_at"]
            reopened.add((progress.user_id, progress.course_id))
        if fields:
            progress.save(update_fields=fields)

    for completion in CourseCompletion.objects.all().iterator():
        if (completion.user_id, completion.course_id) not in reopened:
            continue
        ReopenedCompletion.objects.create(
            user_id=completion.user_id,
            course_id=completion.course_id,
            completed_at=completion.completed_at,
            reopened_at=now,
            reason="practice steps not done",
        )
        completion.delete()


def restore(apps, schema_editor):
    LessonProgress = apps.get_model("training", "LessonProgress")
    CourseCompletion = apps.get_model("training", "CourseCompletion")
    ReopenedCompletion = apps.get_model("training", "ReopenedCompletion")
    for progress in LessonProgress.objects.filter(
        unverified_completed_at__isnull=False, completed_at__isnull=True
    ):
        progress.completed_at = progress.unverified_completed_at
        progress.save(update_fields=["completed_at"])
    for old in ReopenedCompletion.objects.all():
        CourseCompletion.objects.get_or_create(
            user_id=old.user_id,
            course_id=old.course_id,
            defaults={"completed_at": old.completed_at},
        )
        old.delete()


class Migration(migrations.Migration):
    dependencies = [("training", "0003_completion_needs_practice")]

    operations = [migrations.RunPython(reopen, restore)]
