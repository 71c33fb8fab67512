"""One module per trigger kind; TRIGGER_SPECS lists them in trigger-picker order."""

from __future__ import annotations

from typing import Any

from wfstudio.domain.kinds import TriggerSpec

TRIGGER_SPECS: tuple[TriggerSpec[Any], ...] = ()
