"""Events practice sends to apps to its right (certificates, incentives).

``practice_changed`` is sent once per new points-ledger entry, after the transaction
that wrote it commits, with keyword arguments ``entry_id``, ``user_id``, ``kind``
(``task``/``helper``/``adjustment``/``correction``), ``points`` (a decimal string,
may be negative) and ``occurred_on`` (ISO date). Delivery may repeat (the events
outbox delivers at least once): receivers must be idempotent and only enqueue work.
"""

from django.dispatch import Signal

practice_changed = Signal()
