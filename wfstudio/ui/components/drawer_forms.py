"""Every drawer form, by kind: the steps' (per catalogue group) and the triggers'."""

from __future__ import annotations

import re
from collections.abc import Mapping

from wfstudio.ui.components import (
    drawer_contact,
    drawer_flow,
    drawer_integrations,
    drawer_messaging,
    drawer_triggers,
)
from wfstudio.ui.components.drawer_fields import Form, shown_at

STEP_FORMS: Mapping[str, Form] = {
    **drawer_messaging.FORMS,
    **drawer_contact.FORMS,
    **drawer_flow.FORMS,
    **drawer_integrations.FORMS,
}
TRIGGER_FORMS: Mapping[str, Form] = drawer_triggers.FORMS

# A reference inside a condition's list value is shown under the whole value.
_CONDITION_VALUE_ITEM = re.compile(r"(\.rules\.\d+\.value)\.\d+$")


def form_for(kind: str, *, trigger: bool) -> Form:
    """The form of ``kind`` (empty for an unknown kind)."""
    return (TRIGGER_FORMS if trigger else STEP_FORMS).get(kind, ())


def issue_slot(path: str, kind: str, *, trigger: bool) -> str | None:
    """The path of the issue line that shows an issue about ``path`` in the drawer of
    ``kind``, or None when it is shown at the top (no control concerns it)."""
    path = _CONDITION_VALUE_ITEM.sub(r"\1", path)
    if path == "name" and not trigger:
        return path
    if trigger and (path in ("kind", "once_per_contact") or path.startswith("conditions")):
        return path
    return shown_at(path, form_for(kind, trigger=trigger))
