"""Desktop screens (1280×800) for the staff courses."""

from __future__ import annotations

from collections.abc import Callable

from .drawing import Canvas

STAFF_SCREENS: dict[str, Callable[[], Canvas]] = {}
