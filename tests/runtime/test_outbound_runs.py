"""A refused request inside a running workflow: an HTTP Request step whose (allowed) server
redirects to the cloud metadata address leaves by *failure* when it has that branch and
ends the enrollment as failed when it has not; the step log records the rule either way.
The suite allows 127.0.0.1 only (tests/conftest.py); 169.254.169.254 is never contacted."""

from __future__ import annotations

from sqlmodel import col, select

from tests.runtime.test_outbound import Site
from tests.runtime.test_scenarios import say, step
from tests.runtime.world import World, play
from wfstudio.domain.outbound import ALLOW_ENV
from wfstudio.store.db import session_scope
from wfstudio.store.tables import StepLog

METADATA = "http://169.254.169.254/latest/meta-data/"
REFUSAL = (
    f"Redirected to {METADATA}: The URL points to a link-local address (169.254.169.254); "
    f"only public addresses are allowed unless listed in {ALLOW_ENV}."
)


def _log(world: World, step_id: str) -> StepLog:
    with session_scope(world.engine) as session:
        found = session.exec(
            select(StepLog).where(StepLog.step_id == step_id).order_by(col(StepLog.id).desc())
        ).first()
        assert found is not None
        return found


def test_a_refused_redirect_takes_the_failure_branch_with_the_rule_logged(world: World) -> None:
    async def scenario(w: World) -> None:
        async with Site() as site:
            w.publish(
                step(
                    "lookup",
                    "http_request",
                    {"success": "ok", "failure": "down"},
                    url=site.redirect(METADATA),
                    failure_branch=True,
                ),
                say("ok", "fine"),
                say("down", "Our system is down"),
            )
            person = w.contact()
            await w.say(person, "hi")
            assert w.sent(person) == ["Our system is down"]
            assert [hop["path"] for hop in site.seen] == ["/to"]
        log = _log(w, "lookup")
        assert (log.port, log.error) == ("failure", REFUSAL)

    play(world, scenario)


def test_without_a_failure_branch_the_refusal_ends_the_enrollment_as_failed(
    world: World,
) -> None:
    async def scenario(w: World) -> None:
        async with Site() as site:
            workflow = w.publish(
                step(
                    "lookup",
                    "http_request",
                    {"success": "ok"},
                    url=site.redirect(METADATA),
                ),
                say("ok", "fine"),
            )
            person = w.contact()
            await w.say(person, "hi")
        assert w.sent(person) == []
        [enrollment] = w.enrollments(workflow, person)
        assert (enrollment.status, enrollment.end_reason) == ("failed", "ended at failure")
        log = _log(w, "lookup")
        assert (log.port, log.error) == ("failure", REFUSAL)

    play(world, scenario)
