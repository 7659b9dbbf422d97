"""Events other apps may listen to. Receivers must only enqueue work (on commit).

``attempt_graded`` is sent after the transaction that finished an attempt's grading
commits, and again after a changed mark alters a graded attempt's score or pass state
(receivers must be idempotent and read the attempt's current state), with
``attempt_id``, ``user_id``, ``test_id``, ``passed`` (bool) and ``is_practice``.
"""

from django.dispatch import Signal

attempt_graded = Signal()
