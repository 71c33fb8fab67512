"""The catalogue: an explicit map from kind to spec, for every trigger and step of SPEC §2–§3."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wfstudio.domain.kinds import StepSpec, TriggerSpec
from wfstudio.domain.steps import STEP_SPECS
from wfstudio.domain.triggers import TRIGGER_SPECS

STEPS: Mapping[str, StepSpec[Any]] = {spec.kind: spec for spec in STEP_SPECS}
TRIGGERS: Mapping[str, TriggerSpec[Any]] = {spec.kind: spec for spec in TRIGGER_SPECS}

STEP_KINDS: tuple[str, ...] = tuple(STEPS)
TRIGGER_KINDS: tuple[str, ...] = tuple(TRIGGERS)
