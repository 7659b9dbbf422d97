"""Gunicorn settings shared by ``make stack``, the benchmarks and deployments
(``gunicorn -c config/gunicorn.conf.py config.wsgi:application``).

Python's cyclic garbage collector, left alone, walks every object of a worker from
time to time: Django, Wagtail and our caches are a quarter of a million objects, and
each full walk took 150–170 ms on this machine, about once per thousand requests of a
test's question page (0.15 ms a request, and a 170 ms stall for whoever is waiting).
Once a worker has served its first requests (templates compiled, URL patterns,
translations and per-process caches loaded), those objects live as long as the
worker: ``gc.freeze()`` moves them out of the collector's sight, so later walks only
see what requests create. This is the use the Python documentation gives for it.

The cost: a reference cycle among frozen objects that later becomes garbage is not
freed. Only what was alive after a full collection at the warm-up point is frozen,
once per worker, so that is bounded.
"""

from __future__ import annotations

import gc

#: Requests a worker serves before its long-lived objects are frozen.
WARM_UP_REQUESTS = 200

_served = 0


def post_request(worker, req, environ, resp) -> None:
    global _served  # noqa: PLW0603 - one counter per worker process
    _served += 1
    if _served == WARM_UP_REQUESTS:
        gc.collect()
        gc.freeze()
        worker.log.info(
            "froze %d long-lived objects after %d requests",
            gc.get_freeze_count(),
            WARM_UP_REQUESTS,
        )
