"""``watch(value, event)``: run ``event`` when mounted and again whenever ``value`` changes.

Reflex hoists ``on_mount`` into the memoized wrapper of a component, so a ``key`` on the
component does not re-run it; the drawer needs its copy reloaded on every new selection
(and re-synced after undo/redo), hence this small ``useEffect`` with a dependency.
"""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex_base.event import EventChain, EventSpec, no_args_event_spec
from reflex_base.utils.imports import ImportVar
from reflex_base.vars.base import LiteralVar, Var, VarData


class Watch(rx.Fragment):
    """A fragment whose only job is its ``useEffect`` (``value`` and ``call`` are not rendered)."""

    value: Var[Any]
    call: Var[Any]

    def _exclude_props(self) -> list[str]:
        return ["value", "call"]

    def add_hooks(self) -> list[str | Var]:
        data = VarData.merge(
            self.value._get_all_var_data(),
            self.call._get_all_var_data(),
            VarData(imports={"react": [ImportVar(tag="useEffect")]}),
        )
        hook = f"useEffect(() => {{ ({self.call!s})(); }}, [{self.value!s}]);"
        return [Var(_js_expr=hook, _var_data=data)]


def watch(value: Var[Any], event: EventSpec) -> rx.Component:
    chain = EventChain.create(event, args_spec=no_args_event_spec)
    return Watch.create(value=value, call=LiteralVar.create(chain))
