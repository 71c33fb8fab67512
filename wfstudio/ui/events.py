"""``rx.event`` as the states use it.

mypy reads ``rx.event(fn)`` through ``EventNamespace.__new__``, whose overloads return
another type, as an ``EventNamespace`` instance, and then refuses ``State.handler(arg)``
("EventNamespace" not callable). Pyright understands it; for mypy the decorator is
typed ``Any`` here, which leaves handler calls unchecked instead of wrongly refused.
"""

from __future__ import annotations

from typing import Any

import reflex as rx

event: Any = rx.event
