"""300 residents in elder mode walk guided lessons at the same time, with Locust,
against the production stack (bench/load_attempts.py with residents only).

Run: .venv/bin/python bench/load_lessons.py --stack [--residents 300]
     [--lesson-think-min 10] [--lesson-think-max 30] [--walk-seconds 600]

Each resident is logged in (a session made directly), enrolled in the demo course for
residents, and walks its guided lessons one step at a time: opens the step, thinks,
does the practice if the step has one ("found it" / an answer), presses Next; after the
last step the lesson is marked done and the next lesson begins. All arrive within
--resident-ramp seconds (10 here: the crowd after a class). Prints p50/p95/max per
request kind and the errors; exits non-zero if nothing was measured, on any error, or
if a p95 is 1 s or more. Loopback only, time-bounded, stops by itself.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load_attempts import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(
        main(
            ["--people", "0", "--residents", "300", "--resident-ramp", "10"]
            + sys.argv[1:],
            description=__doc__,
        )
    )
