"""Free text the UI sends to services, refused when it cannot be stored.

The browser can send any string over Reflex's websocket, including NUL and lone surrogates
(:mod:`wfstudio.domain.text` says why neither can be stored). The services that take free
text from people (workflow name and description, the builder's draft, inbox replies and
comments, contact field values) check it here, so the UI shows the refusal like any other.
"""

from __future__ import annotations

from wfstudio.domain.codec import definition_to_dict
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.text import TextRefused, check_json_value, flaw
from wfstudio.services.errors import Refused


def storable(text: str, label: str) -> str:
    """``text`` itself, or :class:`Refused` naming ``label`` ("The name contains a NUL …").

    Raises:
        Refused: ``text`` holds NUL or a lone surrogate; nothing is stored.
    """
    problem = flaw(text)
    if problem is not None:
        raise Refused(f"{label} {problem}: remove it.")
    return text


def storable_definition(definition: WorkflowDefinition) -> None:
    """Refuse a definition with text that cannot be stored, naming where it is.

    Raises:
        Refused: "Step “Ask” (config.text) contains a lone surrogate …".
    """
    try:
        check_json_value(definition_to_dict(definition))
    except TextRefused as refusal:
        path = refusal.path
        where = f"The workflow's {refusal.path[0]}" if path else "The workflow"
        if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
            step = definition.steps[path[1]]
            field = ".".join(str(part) for part in path[2:]) or "step"
            where = f"Step “{step.name or step.id}” ({field})"
        elif len(path) >= 2:
            where = f"The workflow's {'.'.join(str(part) for part in path)}"
        raise Refused(f"{where} {refusal.detail}: remove it.") from refusal
