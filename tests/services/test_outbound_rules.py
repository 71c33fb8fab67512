"""Outbound URLs are refused where they are entered: a custom channel's outbound URL, and
an HTTP Request step's URL when a workflow is saved or published. The suite's
deployment allows 127.0.0.1 (tests/conftest.py), as WFSTUDIO_OUTBOUND_ALLOW would."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.services.conftest import NOW, flow, opened, state, step
from wfstudio.domain.definition import WorkflowDefinition
from wfstudio.domain.issues import Code
from wfstudio.domain.outbound import ALLOW_ENV
from wfstudio.domain.validation import validate
from wfstudio.services import workflows
from wfstudio.services import workspace as svc
from wfstudio.services.errors import Refused


@pytest.fixture
def ws(engine: Engine) -> int:
    return svc.create_workspace(engine, name="Acme", now=NOW).id


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://10.0.0.5/hook", "a private address (10.0.0.5)"),
        ("http://169.254.169.254/latest", "a link-local address (169.254.169.254)"),
        ("http://0x7f000002/", "a loopback address (0x7f000002 = 127.0.0.2)"),
        ("http://[::ffff:10.0.0.1]/", "a private address (10.0.0.1, inside ::ffff:10.0.0.1)"),
        ("https://bot:pw@crm.example.com/in", "must not contain a user name or password"),
    ],
)
def test_a_custom_channel_refuses_an_outbound_url_it_may_not_reach(
    engine: Engine, ws: int, url: str, words: str
) -> None:
    shop = svc.add_channel(
        engine, workspace_id=ws, kind="custom_channel", name="Shop", config={"outbound_url": ""}
    )
    before = state(engine, ws)
    with pytest.raises(Refused) as adding:
        svc.add_channel(
            engine, workspace_id=ws, kind="custom_channel", name="Bad", config={"outbound_url": url}
        )
    with pytest.raises(Refused) as updating:
        svc.update_channel(engine, workspace_id=ws, key=shop.key, outbound_url=url)
    for refused in (adding, updating):
        assert refused.value.message.startswith("The outbound URL was not saved: ")
        assert words in refused.value.message
        assert ":pw@" not in refused.value.message
    assert state(engine, ws) == before


def test_a_custom_channel_may_use_a_public_host_or_an_allowed_address(
    engine: Engine, ws: int
) -> None:
    for url in ("https://crm.example.com/in", "http://127.0.0.1:9/in", "http://localhost:9/"):
        view = svc.add_channel(
            engine, workspace_id=ws, kind="custom_channel", name=url, config={"outbound_url": url}
        )
        assert view.config["outbound_url"] == url


def test_a_wrong_allow_list_is_named_when_a_channel_is_saved(
    engine: Engine, ws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ALLOW_ENV, "10.0.0.0/40")
    with pytest.raises(Refused, match=f"{ALLOW_ENV}: “10.0.0.0/40” is not a CIDR"):
        svc.add_channel(
            engine,
            workspace_id=ws,
            kind="custom_channel",
            name="Shop",
            config={"outbound_url": "https://shop.example.com/"},
        )


def test_an_http_request_to_a_private_address_is_not_saved_nor_published(
    engine: Engine, ws: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def call(url: str) -> WorkflowDefinition:
        return flow("Lookup", opened(), step("lookup", "http_request", {"url": url}))

    draft = workflows.create_workflow(engine, workspace_id=ws, actor_id=None, name="Lookup")
    refs = svc.workspace_refs(engine, workspace_id=ws)
    [issue] = [i for i in validate(call("http://192.168.0.10/api"), refs) if i.step_id]
    assert (issue.code, issue.field) == (Code.OUTBOUND_NOT_ALLOWED, "config.url")
    assert issue.message == (
        'HTTP Request "Lookup": The URL points to a private address (192.168.0.10); only '
        f"public addresses are allowed unless listed in {ALLOW_ENV}."
    )
    with pytest.raises(Refused):
        workflows.save_draft(
            engine,
            workflow_id=draft.id,
            definition=call("http://192.168.0.10/api"),
            expected_revision=draft.revision,
        )
    # the deployment's list (127.0.0.1 in this suite) admits the test servers' address
    saved = workflows.save_draft(
        engine,
        workflow_id=draft.id,
        definition=call("http://127.0.0.1:9/api"),
        expected_revision=draft.revision,
    )
    monkeypatch.setenv(ALLOW_ENV, "")  # a deployment that allows nothing non-public
    with pytest.raises(Refused) as publishing:
        workflows.publish_workflow(engine, workflow_id=saved.id, actor_id=None)
    assert [i.code for i in publishing.value.issues] == [Code.OUTBOUND_NOT_ALLOWED]
