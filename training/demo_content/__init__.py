"""Demo course content for DigiLadder (pure Python, no Django).

- ``courses``: SKILL_AREAS, COURSES, PATHS — Chinese first, English titles/summaries.
- ``images``: IMAGE_NAMES and ``render(name) -> PNG bytes`` for every picture they use.
- ``layout``: the rectangles both of them share, so "try it" targets sit on the drawn
  buttons; ``samples``: the survey data and Python script the staff lessons teach.

See notes/training_content_contract.md; ``training/demo.py`` loads this into Wagtail.
"""
