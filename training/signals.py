"""Events training sends to apps to its right.

``course_completed`` is sent once per (user, course), after the transaction that
recorded the completion commits, with keyword arguments ``user_id`` and ``course_id``.
Receivers should only enqueue work (e.g. a Celery task) — they run in the request.
"""

from django.dispatch import Signal

course_completed = Signal()
