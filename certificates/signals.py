"""Events certificates sends to apps to its right (incentives).

``certificate_changed`` is sent after the transaction that changed a certificate
commits (through the durable outbox when it exists), with ``certificate_id`` (int),
``change`` (one of ``issued``, ``renewed``, ``expired``, ``revoked``, ``reinstated``)
and ``event_id`` when it came through the outbox. Delivery is at least once: receivers
must be idempotent and should only enqueue a Celery task (accept ``**kwargs``).
"""

from django.dispatch import Signal

certificate_changed = Signal()
