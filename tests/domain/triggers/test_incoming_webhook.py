from __future__ import annotations

from typing import Any

import pydantic
import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.incoming_webhook import MAX_WEBHOOK_MAPPINGS, IncomingWebhook

from .helpers import check, fired, trigger

SPEC = IncomingWebhook()


def config(*mappings: tuple[str, str], **changes: Any) -> dict[str, Any]:
    return {
        "identifier_type": "phone",
        "identifier_key": "customer.phone",
        "mappings": [{"key": key, "variable": variable} for key, variable in mappings],
    } | changes


def test_good_config_has_no_issues() -> None:
    good = config(("order.id", "order_id"), ("order.total", "total"), ("order.id", "again"))
    assert check(SPEC, good) == []


def test_identifier_type_must_be_id_email_or_phone() -> None:
    assert SPEC.parse({}).identifier_type == "email"
    for kind in ("id", "email", "phone"):
        SPEC.parse(config(identifier_type=kind))
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse(config(identifier_type="name"))


def test_needs_the_identifier_key() -> None:
    assert check(SPEC, {}) == [(Code.REQUIRED, "config.identifier_key")]


@pytest.mark.parametrize("key", [" email", "a..b", "a.", "x" * 201])
def test_identifier_key_must_be_a_json_key(key: str) -> None:
    code = Code.TOO_LONG if len(key) > 200 else Code.INVALID_VALUE
    assert check(SPEC, config(identifier_key=key)) == [(code, "config.identifier_key")]


def test_mapping_needs_a_key() -> None:
    assert check(SPEC, config(("", "total"))) == [(Code.REQUIRED, "config.mappings.0.key")]


def test_mapping_needs_a_variable() -> None:
    assert check(SPEC, config(("total", ""))) == [(Code.REQUIRED, "config.mappings.0.variable")]


def test_mapping_variable_must_be_valid() -> None:
    assert check(SPEC, config(("total", "order total"))) == [
        (Code.INVALID_VALUE, "config.mappings.0.variable")
    ]


def test_mapping_variables_must_be_unique() -> None:
    assert check(SPEC, config(("a", "x"), ("b", "x"))) == [
        (Code.DUPLICATE, "config.mappings.1.variable")
    ]


def test_too_many_mappings() -> None:
    mappings = [(f"k{i}", f"v{i}") for i in range(MAX_WEBHOOK_MAPPINGS + 1)]
    assert check(SPEC, config(*mappings)) == [(Code.TOO_MANY, "config.mappings")]


def test_secret_is_not_part_of_the_config() -> None:
    assert "secret" not in SPEC.default_config()
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse(config(secret="s3cr3t"))


def test_variables_are_the_mapped_names() -> None:
    cfg = SPEC.parse(config(("a", "first"), ("b", "bad name"), ("c", "first"), ("d", "second")))
    assert SPEC.variables(cfg) == ["first", "second"]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse(config(("a", "b")))) == (
        "Contact by phone number in “customer.phone” · 1 variable"
    )
    assert SPEC.summary(SPEC.parse({})) == "Contact by email: choose the JSON key"


def test_no_step_fires_a_webhook() -> None:
    trig = trigger(SPEC, config())
    assert not fired(SPEC, trig, FiredEvent("conversation_opened", {"source": "workflow"}))
