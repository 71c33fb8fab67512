"""The runtime: events in → exits, replies and enrollments → bursts of steps.

Events of one contact are handled one at a time: an asyncio lock per contact in the
process, and on PostgreSQL an advisory lock on the contact in every transaction that reads
and then changes its enrollments (another process's handler waits for the commit; a burst
whose enrollment moved on meanwhile is not written back, see ``save_burst``). So a reply
never races the step that asked the question; different contacts run concurrently, and a
contact's several workflows each get their burst.

How an event is handled (a *round*): one transaction stores it, plans it (exits, replies,
new enrollments), loads the bursts and runs their steps until one needs the network; then
those steps run with no transaction open; the next transaction goes on with the steps that
follow, saves the bursts that paused or ended and plans the events they caused (a tag
added, a conversation closed, Trigger Another Workflow …), and so on. The transactions go
through a :class:`~wfstudio.store.group_commit.Writer`, so on SQLite concurrent rounds share
their commits.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import deque
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from wfstudio.runtime.burst import load_burst, run_burst, save_burst
from wfstudio.runtime.clock import Clock, SystemClock
from wfstudio.runtime.context import Burst, Outcome, Signal, Woken
from wfstudio.runtime.events import AdReferral, ConversationOpened, Event
from wfstudio.runtime.http import HttpClient
from wfstudio.runtime.planning import Handled, Planner
from wfstudio.runtime.sending import StepEffects
from wfstudio.store import repo, repo_hot_burst
from wfstudio.store.db import Engine, Session
from wfstudio.store.group_commit import Writer
from wfstudio.store.tables import Enrollment

__all__ = ["MAX_CAUSED_DEPTH", "Handled", "Runtime"]

logger = logging.getLogger(__name__)

MAX_CAUSED_DEPTH = 10
"""How deep events caused by steps may chain (publish refuses loops; this is the backstop)."""

T = TypeVar("T")
_UNKNOWN: Any = object()


@dataclass
class _Round:
    """The handling of one event (or one wake) for one contact, over its transactions."""

    contact_id: int
    handled: Handled = field(default_factory=Handled)
    last_incoming: Any = _UNKNOWN  # the contact's latest message, when this round stored it
    plan_caused: bool = True  # plan the events bursts cause; else collect them in ``caused``
    caused: list[Event] = field(default_factory=list)
    suspended: list[Burst] = field(default_factory=list)


# What a round's first transaction does before its bursts: events to plan (at depth 0)
# and runs to load and start (enrollment id, signal, wake id).
_Started = tuple[list[Event], list[tuple[int, Signal, int]]]
_Start = Callable[[Session, Planner, _Round], _Started]
Found = tuple[int, str | None, T]
"""What :meth:`Runtime.receive_found`'s lookup gives: the contact's id, the key of the
channel the message came on (None: its last one), and whatever else its caller wants
back."""


class Runtime:
    """Moves contacts through published workflows. One per process (per event loop)."""

    def __init__(
        self, engine: Engine, *, clock: Clock | None = None, http: HttpClient | None = None
    ) -> None:
        self.engine = engine
        self.clock: Clock = clock or SystemClock()
        self.http = http or HttpClient()
        self.writer = Writer(engine)
        self._locks: weakref.WeakValueDictionary[int, asyncio.Lock] = weakref.WeakValueDictionary()

    async def aclose(self) -> None:
        await self.writer.aclose()
        await self.http.close()

    def _lock(self, contact_id: int) -> asyncio.Lock:
        lock = self._locks.get(contact_id)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[contact_id] = lock
        return lock

    # --- events in -----------------------------------------------------------------------

    async def dispatch(self, event: Event, *, depth: int = 0) -> Handled:
        """Handle one event: exit conditions, replies, then matching triggers; then the
        events its bursts cause. Returns once all of it is committed, with every
        enrollment the event and the events its bursts caused started, resumed or ended."""
        round_ = _Round(event.contact_id)
        async with self._lock(event.contact_id):
            await self._drive(round_, lambda _s, _p, _r: ([event], []), depth)
        return round_.handled

    async def receive(
        self,
        contact_id: int,
        text: str,
        *,
        channel_key: str | None = None,
        payload: dict[str, Any] | None = None,
        referral: AdReferral | None = None,
    ) -> Handled:
        """A message from the contact: store it, open a conversation when none is open
        (unless it answers a question a workflow asked), then handle the events. A
        ``referral`` (the ad the message came from) fires Click-to-Chat Ad triggers when
        the message opens a conversation, and nothing otherwise.

        Returns once everything it caused is committed: the caller acknowledges after.
        """
        known: Found[None] = (contact_id, channel_key, None)
        _found, handled = await self.receive_found(
            lambda _session: known, text, payload or {}, referral=referral
        )
        return handled

    async def receive_found(
        self,
        find: Callable[[Session], Found[T]],
        text: str,
        payload: dict[str, Any],
        *,
        referral: AdReferral | None = None,
    ) -> tuple[Found[T], Handled]:
        """Like :meth:`receive`, for the contact ``find`` looks up (or creates) in the
        same transaction: when nobody holds the contact's lock, the message is stored and
        its round started in that transaction too (one transaction less per message);
        else the round waits for the lock and starts in a transaction of its own."""
        found: list[Found[T]] = []
        held: list[asyncio.Lock] = []

        def start(_s: Session, planner: Planner, round_: _Round) -> _Started:
            channel_key = found[0][1]
            events = planner.store_incoming(round_.contact_id, text, channel_key, payload)
            round_.last_incoming = text
            if referral is not None and any(isinstance(e, ConversationOpened) for e in events):
                # A conversation starts from the ad click (SPEC §2): after the opening.
                events.append(referral.clicked(round_.contact_id, channel_key))
            return events, []

        round_ = _Round(0)

        def first(session: Session) -> None:
            found.append(find(session))
            round_.contact_id = found[0][0]
            lock = self._lock(round_.contact_id)
            if _try_acquire(lock):
                held.append(lock)
                self._transaction(session, round_, [], start, 0)

        try:
            await self.writer.run(first)
            if held:
                await self._go_on(round_, 0)
                return found[0], round_.handled
        finally:
            if held:
                held[0].release()
        async with self._lock(round_.contact_id):
            await self._drive(round_, start, 0)
        return found[0], round_.handled

    async def _dispatch_caused(self, caused: Sequence[Event], depth: int) -> None:
        if depth >= MAX_CAUSED_DEPTH:
            return
        for event in caused:
            await self.dispatch(event, depth=depth + 1)

    async def _run(
        self, enrollment_id: int, signal: Signal | None, wake_id: int | None = None
    ) -> list[Event]:
        """Run one enrollment's burst (resumed with ``signal``; for a wake, only if it
        still waits at the woken step) and return the events it caused, not dispatched.
        The caller holds the contact's lock."""
        round_ = _Round(0, plan_caused=False)

        def start(
            session: Session, _planner: Planner, round_: _Round
        ) -> tuple[list[Event], list[tuple[int, Signal, int]]]:
            found = repo.enrollment_contact_id(session=session, enrollment_id=enrollment_id)
            round_.contact_id = found or 0
            repo.lock_contact(session=session, contact_id=round_.contact_id)
            return [], [(enrollment_id, signal, wake_id or 0)]  # type: ignore[list-item]

        await self._drive(round_, start, 0)
        return round_.caused

    # --- rounds: transactions and the steps between them ---------------------------------

    async def _drive(self, round_: _Round, start: _Start, depth: int) -> None:
        await self.writer.run(lambda session: self._transaction(session, round_, [], start, depth))
        await self._go_on(round_, depth)

    async def _go_on(self, round_: _Round, depth: int) -> None:
        """Run the round's bursts that wait for the network, then go on with them in a
        transaction, until none waits."""
        while round_.suspended:
            bursts, round_.suspended = round_.suspended, []
            outside = StepEffects(http=self.http, engine=self.engine)
            for burst in bursts:
                if burst.outcome is None:
                    await run_burst(outside, burst, None)
            await self.writer.run(self._going_on(round_, bursts, depth))

    def _going_on(
        self, round_: _Round, bursts: list[Burst], depth: int
    ) -> Callable[[Session], None]:
        return lambda session: self._transaction(session, round_, bursts, None, depth)

    def _transaction(
        self,
        session: Session,
        round_: _Round,
        bursts: list[Burst],
        start: _Start | None,
        depth: int,
    ) -> None:
        """One transaction of a round: go on with ``bursts``, or ``start`` the round."""
        if round_.contact_id:
            repo.lock_contact(session=session, contact_id=round_.contact_id)
        now = self.clock.now()
        planner = Planner(session, now)
        inside = StepEffects(http=self.http, engine=self.engine, session=session)
        work: deque[tuple[str, Any]] = deque(("burst", burst) for burst in bursts)
        if start is not None:
            events, runs = start(session, planner, round_)
            work.extend(("events", (event, depth)) for event in events)
            work.extend(("run", (*run, depth)) for run in runs)
        while work:
            kind, item = work.popleft()
            if kind == "events":
                event, event_depth = item
                plan = planner.plan([event])
                # Everything the round did, down the chain too (a tag a step added that
                # started another workflow): what the caller acknowledges is the truth.
                self._merge(round_.handled, plan.handled)
                work.extend(("run", (eid, sig, 0, event_depth)) for eid, sig in plan.runs)
                continue
            if kind == "run":
                enrollment_id, signal, wake_id, burst_depth = item
                burst = self._load(session, enrollment_id, signal, wake_id, round_, now)
                if burst is None:
                    continue
                burst.depth = burst_depth
            else:
                burst, signal = item, None
            outcome = burst.outcome or _inline(run_burst(inside, burst, signal))
            if outcome is None:
                round_.suspended.append(burst)
                continue
            caused = self._save(session, burst, outcome, now)
            planner.forget()
            planner.know_workspace(burst.contact.id or 0, burst.workspace_id)
            for event in caused:
                if not round_.plan_caused:
                    round_.caused.append(event)
                elif burst.depth < MAX_CAUSED_DEPTH:
                    work.append(("events", (event, burst.depth + 1)))

    @staticmethod
    def _merge(into: Handled, plan: Handled) -> None:
        into.started += plan.started
        into.resumed += plan.resumed
        into.exited += plan.exited

    def _load(
        self,
        session: Session,
        enrollment_id: int,
        signal: Signal | None,
        wake_id: int,
        round_: _Round,
        now: Any,
    ) -> Burst | None:
        session.flush()  # the burst is read with plain statements: no autoflush
        burst = load_burst(session, enrollment_id, now, last_incoming=round_.last_incoming)
        if wake_id and burst is not None:
            waiting = burst.open_log is not None and burst.open_log.status == "waiting"
            if not waiting or burst.enrollment.current_step_id is None:
                burst = None  # a stale wake: the enrollment moved on
        if burst is None and wake_id:
            repo_hot_burst.fire_wake(session=session, wake_id=wake_id, now=now)
        if burst is not None and wake_id:
            burst.wake_id = wake_id
        return burst

    @staticmethod
    def _save(session: Session, burst: Burst, outcome: Outcome, now: Any) -> list[Event]:
        """Write the burst back; the events it caused (none when a wake it ran for had
        been fired by another worker first: then nothing of it is written)."""
        session.flush()  # the burst is written with plain statements: no autoflush
        if burst.wake_id is not None and not repo_hot_burst.fire_wake(
            session=session, wake_id=burst.wake_id, now=now
        ):
            return []  # another worker fired it first
        save_burst(session, burst, outcome)
        if session.identity_map or session.new:
            session.expunge_all()  # rows loaded before may be stale now
        return burst.caused

    # --- durable wakes -------------------------------------------------------------------

    async def fire_due(self, worker: str = "worker", *, limit: int = 50) -> int:
        """Fire the wakes due now; returns how many were handled."""
        now = self.clock.now()

        def claim(session: Session) -> list[tuple[int, int, int, str, int]]:
            claimed = repo.claim_due_wakes(session=session, now=now, worker=worker, limit=limit)
            due: list[tuple[int, int, int, str, int]] = []
            for wake in claimed:
                enrollment = session.get(Enrollment, wake.enrollment_id)
                contact_id = enrollment.contact_id if enrollment is not None else 0
                due.append((wake.id or 0, wake.enrollment_id, 0, wake.kind, contact_id))
            return due

        due = await self.writer.run(claim)
        for wake_id, enrollment_id, _step_id, kind, contact_id in due:
            try:
                caused: list[Event] = []
                async with self._lock(contact_id):
                    caused += await self._run(enrollment_id, Woken(kind), wake_id)
                await self._dispatch_caused(caused, 0)
            except Exception:
                # One bad wake must not hold up the others of the batch; its claim lapses
                # after the lease and it is tried again then.
                logger.exception("wake %s of enrollment %s failed", wake_id, enrollment_id)
        return len(due)


def _try_acquire(lock: asyncio.Lock) -> bool:
    """Take ``lock`` now if that needs no waiting (no holder, nobody queued before)."""
    acquiring = lock.acquire()
    try:
        acquiring.send(None)
    except StopIteration:
        return True
    acquiring.close()  # it would have to wait: give up the attempt, leaving no waiter
    return False


def _inline(step: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine that must not wait for anything (steps inside a transaction raise
    :class:`~wfstudio.runtime.context.Suspend` before they would)."""
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    step.close()
    raise RuntimeError("a step awaited inside a transaction")
