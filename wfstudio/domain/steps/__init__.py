"""One module per step kind; STEP_SPECS lists them in step-picker order."""

from __future__ import annotations

from typing import Any

from wfstudio.domain.kinds import StepSpec
from wfstudio.domain.steps.send_message import SendMessage

STEP_SPECS: tuple[StepSpec[Any], ...] = (SendMessage(),)
