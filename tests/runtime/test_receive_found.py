"""Runtime.receive_found: the contact's lookup and the round its message starts share one
transaction when the contact is free; when another round of the same contact is under way
the message waits its turn; and a round that fails takes its lookup's writes with it."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import pytest
from aiohttp import web
from sqlalchemy import event
from sqlmodel import Session, select

from tests.runtime.servers import RecordingServer
from tests.runtime.test_scenarios import step
from tests.runtime.world import World, play
from wfstudio.runtime.planning import Planner
from wfstudio.runtime.runner import _try_acquire
from wfstudio.store.tables import Contact


def _lookup(world: World, contact_id: int, seen: list[str] | None = None) -> Any:
    def find(session: Session) -> tuple[int, str, str]:
        if seen is not None:
            seen.append("looked up")
        return contact_id, world.channel_key, "extra"

    return find


def test_a_free_contacts_lookup_and_round_share_one_transaction(world: World) -> None:
    async def scenario(w: World) -> None:
        w.publish(step("tag", "update_contact_tag", action="add", tags=["vip"]))
        person = w.contact(firstname="Ana")
        begins: list[int] = []
        event.listen(w.engine, "begin", lambda _conn: begins.append(1))
        found, handled = await w.rt.receive_found(_lookup(w, person), "hi", {})
        assert found == (person, w.channel_key, "extra")
        assert len(handled.started) == 1
        assert len(begins) == 1  # lookup, message, conversation, enrollment, burst: one
        assert w.contact_row(person).tags == ["vip"]
        assert w.messages(person)[0] == ("in", "contact", "hi")

    play(world, scenario)


@dataclass
class GatedServer(RecordingServer):
    """Answers only once the test opens the gate."""

    gate: asyncio.Event | None = None
    arrived: int = 0

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        assert self.gate is not None
        self.arrived += 1
        await self.gate.wait()
        return await super()._handle(request)


def test_a_busy_contacts_message_waits_for_the_round_under_way(world: World) -> None:
    async def scenario(w: World) -> None:
        gate = asyncio.Event()
        server = GatedServer(gate=gate)
        async with server as api:
            w.publish(step("call", "http_request", url=api.url("/x")))
            person = w.contact(firstname="Ana")
            first = asyncio.create_task(w.rt.receive_found(_lookup(w, person), "one", {}))
            while not server.arrived and not first.done():
                await asyncio.sleep(0.01)  # the first round awaits the gated request
            seen: list[str] = []
            second = asyncio.create_task(w.rt.receive_found(_lookup(w, person, seen), "two", {}))
            await asyncio.sleep(0.2)
            assert seen == ["looked up"] and not second.done()  # found, waiting its turn
            assert [text for _, _, text in w.messages(person)] == ["one"]
            gate.set()
            await first
            (_, _, extra), _handled = await second
        assert extra == "extra"
        assert [text for direction, _, text in w.messages(person) if direction == "in"] == [
            "one",
            "two",
        ]

    play(world, scenario)


def test_a_failing_round_takes_its_lookups_writes_with_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("storing failed")

    monkeypatch.setattr(Planner, "store_incoming", broken)

    def create(session: Session) -> tuple[int, str, None]:
        contact = Contact(workspace_id=world.workspace_id, created_at=world.clock.now())
        session.add(contact)
        session.flush()
        return contact.id or 0, world.channel_key, None

    async def scenario(w: World) -> None:
        before = _contacts(w)
        with pytest.raises(RuntimeError, match="storing failed"):
            await w.rt.receive_found(create, "hi", {})
        assert _contacts(w) == before  # the contact created by the lookup is gone too
        again = w.contact()  # and the contact's lock was released
        monkeypatch.undo()
        await w.rt.receive_found(_lookup(w, again), "hi", {})
        assert w.messages(again)[0] == ("in", "contact", "hi")

    play(world, scenario)


def _contacts(world: World) -> list[int]:
    from wfstudio.store.db import session_scope

    with session_scope(world.engine) as session:
        return list(session.exec(select(Contact.id)).all())  # type: ignore[arg-type]


def test_a_call_cancelled_while_queued_stores_nothing_and_holds_no_lock(world: World) -> None:
    """Whatever the cancel interrupts, the contact's lock is free afterwards (the next
    message is not stuck behind it)."""

    async def scenario(w: World) -> None:
        person, other = w.contact(firstname="Ana"), w.contact(firstname="Bo")
        slow = lambda _conn: time.sleep(0.2)  # noqa: E731
        event.listen(w.engine, "commit", slow)
        busy = asyncio.create_task(w.rt.receive_found(_lookup(w, other), "busy", {}))
        await asyncio.sleep(0.05)  # its transaction is committing now
        cancelled = asyncio.create_task(w.rt.receive_found(_lookup(w, person), "one", {}))
        await asyncio.sleep(0)
        cancelled.cancel()
        await busy
        event.remove(w.engine, "commit", slow)
        await asyncio.wait_for(w.rt.receive_found(_lookup(w, person), "two", {}), timeout=5)
        texts = [text for _, _, text in w.messages(person)]
        if w.rt.writer.batching:  # SQLite: the cancelled call's unit was still queued
            assert texts == ["two"]
        else:  # PostgreSQL: each unit runs as it is submitted, before the cancel lands
            assert texts == ["one", "two"]

    play(world, scenario)


def test_trying_a_lock_never_queues_nor_jumps_the_queue() -> None:
    async def main() -> None:
        lock = asyncio.Lock()
        assert _try_acquire(lock)  # free: taken at once
        assert not _try_acquire(lock)  # held: not taken, and no waiter left behind
        waiter = asyncio.create_task(lock.acquire())
        await asyncio.sleep(0)
        lock.release()  # the waiter is woken but has not run yet
        assert not _try_acquire(lock)  # it comes first
        await waiter
        assert lock.locked()
        lock.release()
        assert _try_acquire(lock) and not lock._waiters

    asyncio.run(main())
