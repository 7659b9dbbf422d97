"""Events other apps may listen to. Receivers must only enqueue work (on commit).

``attempt_graded`` is sent once per attempt, after the transaction that finished its
grading commits, with ``attempt_id``, ``user_id``, ``test_id``, ``passed`` (bool) and
``is_practice``.
"""

from django.dispatch import Signal

attempt_graded = Signal()
