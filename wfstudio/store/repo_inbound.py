"""Repository functions for inbound requests: channels by key, and the lock that makes
"find or create the contact" safe across processes (contacts by their id on a channel:
:mod:`wfstudio.store.repo_hot_inbound`).

Keyword-only, take the session, never commit (DESIGN §4).
"""

from __future__ import annotations

import zlib

from sqlmodel import Session, col, select

from wfstudio.store.prepared import ADVISORY_LOCK
from wfstudio.store.tables import Channel

# Distinct from the other advisory locks (repo_admin's setup lock); the low 32 bits carry
# a hash of the identity being locked.
_IDENTITY_LOCK_SPACE = 0x77F5_1000 << 32


def channels_with_key(*, session: Session, key: str) -> list[Channel]:
    """Every workspace's channel with ``key`` (keys are unique per workspace only)."""
    statement = select(Channel).where(Channel.key == key).order_by(col(Channel.id))
    return list(session.exec(statement).all())


def lock_contact_identity(*, session: Session, workspace_id: int, identity: str) -> None:
    """Serialize "find or create the contact with this identity" across processes.

    SQLite transactions already hold the write lock (``BEGIN IMMEDIATE``); on PostgreSQL
    this takes a transaction-scoped advisory lock on a hash of ``identity``, so two
    requests about one new contact cannot both create it.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    digest = zlib.crc32(f"{workspace_id}\x00{identity}".encode())
    ADVISORY_LOCK.execute(session, {"key": _IDENTITY_LOCK_SPACE | digest})
