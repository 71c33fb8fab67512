"""The public chat page of a web chat channel, where a person plays the contact.

Decisions:

* The page is public (``/chat/<channel key>``): anyone with the link can write. The
  visitor is known by a random token the browser keeps (LocalStorage); the token is the
  contact's id on the channel (``Contact.external_ids[channel key]``), found the way a
  custom channel's contacts are (:func:`wfstudio.services.inbound._channel_contact`).
* The contact is created with the first message, not on a visit, so opening the page
  creates nothing.
* A message goes through the runtime like any channel's inbound message (it may open a
  conversation, answer a question, end a workflow with that exit condition); the call
  returns once everything it caused is committed, and the page polls for the replies
  that come later (waits, agents).
* The chat shows what the contact sees: its messages, and those of workflows, the AI
  agent and agents; internal comments and other system lines are left out.
* Only web chat channels have a public page; an unknown key says so.
* An ad links to the page with its id and reference in the query:
  ``/chat/<key>?ad=<ad id>&ref=<ref>&headline=<text>&ad_source=<platform>`` (each
  optional; ``ad`` or ``ref`` makes it an ad link). The visitor's first message from
  that page carries it as the referral of a custom channel's message would, so a
  conversation it opens fires the Click-to-Chat Ad triggers. A link whose values would be
  refused there (too long, unstorable text, an unknown platform) is ignored: the visitor
  can still chat.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from wfstudio.runtime.events import AdReferral
from wfstudio.runtime.runner import Runtime
from wfstudio.services.chat import ChatLine, chat_lines
from wfstudio.services.errors import NotFound, Refused
from wfstudio.services.inbound import BadRequest, InboundContact, _channel_contact
from wfstudio.services.inbound_bodies import parse_referral
from wfstudio.store import repo_hot_inbound, repo_inbound
from wfstudio.store.db import Engine, Session, session_scope
from wfstudio.store.tables import Channel

MAX_TEXT = 2000
NO_CHANNEL = "There is no web chat here: the link may be wrong, or the channel was removed."


@dataclass(frozen=True)
class WebChatView:
    channel_name: str
    lines: list[ChatLine]


def _channel(session: Session, channel_key: str) -> Channel:
    for channel in repo_inbound.channels_with_key(session=session, key=channel_key):
        if channel.kind == "web_chat":
            return channel
    raise NotFound(NO_CHANNEL)


def new_visitor_token() -> str:
    """A token for a new visitor (kept by the browser)."""
    return secrets.token_urlsafe(18)


AD_LINK_KEYS = {"ad": "ad_id", "ref": "ref", "headline": "headline", "ad_source": "ad_source"}
"""The page's query parameters an ad link may set, and the referral keys they become."""


def ad_link(query: Mapping[str, str]) -> dict[str, str]:
    """The ad link's values in the page's ``query`` (by referral key), or {} when it is
    not an ad link or its values would be refused (:func:`ad_referral`)."""
    link = {key: query[name] for name, key in AD_LINK_KEYS.items() if query.get(name)}
    if not (link.get("ad_id") or link.get("ref")):
        return {}
    return link if ad_referral(link) is not None else {}


def ad_referral(link: Mapping[str, str]) -> AdReferral | None:
    """The referral of an ad link's values (from :func:`ad_link`); None for none, or for
    values the API would refuse (the page is public: a bad link must not stop a chat)."""
    if not link:
        return None
    try:
        return parse_referral(dict(link), '"referral')
    except BadRequest:
        return None


def channel_name(engine: Engine, *, channel_key: str) -> str:
    """The name of the web chat channel ``channel_key``; NotFound when there is none."""
    with session_scope(engine) as session:
        return _channel(session, channel_key).name


def chat(engine: Engine, *, channel_key: str, token: str) -> WebChatView:
    """What the visitor with ``token`` sees on the channel's page (empty for a new one)."""
    with session_scope(engine) as session:
        channel = _channel(session, channel_key)
        contact = (
            repo_hot_inbound.contact_by_external_id(
                session=session,
                workspace_id=channel.workspace_id,
                channel_key=channel.key,
                external_id=token,
            )
            if token
            else None
        )
        lines = (
            chat_lines(session, contact_id=contact.id, with_system=False)
            if contact is not None
            else []
        )
        return WebChatView(channel_name=channel.name, lines=lines)


async def send(
    runtime: Runtime,
    *,
    channel_key: str,
    token: str,
    text: str,
    ad: Mapping[str, str] | None = None,
) -> int:
    """The visitor with ``token`` writes ``text``; returns the contact's id. ``ad``: the
    values of the ad link the page was opened with (:func:`ad_link`), if any.

    Raises:
        NotFound: no web chat channel has this key. Refused: empty or too long text, or
            no visitor token.
    """
    text = text.strip()
    if not text:
        raise Refused("Write a message first.")
    if len(text) > MAX_TEXT:
        raise Refused(f"A message has at most {MAX_TEXT} characters.")
    if not token:
        raise Refused("This browser has no visitor id yet: reload the page.")
    with session_scope(runtime.engine) as session:
        channel = _channel(session, channel_key)
        contact_id, _ = _channel_contact(
            session, channel, InboundContact(external_id=token), runtime.clock.now()
        )
        key = channel.key
    await runtime.receive(contact_id, text, channel_key=key, referral=ad_referral(ad or {}))
    return contact_id
