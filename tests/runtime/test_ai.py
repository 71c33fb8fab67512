"""AI Agent turns: the built-in offline agent, and an OpenAI-compatible endpoint over HTTP.

The endpoint tests run a small chat-completions server on 127.0.0.1 that checks requests
the way a real one does (path, bearer key, model, JSON mode) and answers in the real
response shape.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from wfstudio.domain.ai_instructions import build_instructions
from wfstudio.domain.refs import FieldType
from wfstudio.domain.steps.ai_agent import AiAgentConfig
from wfstudio.runtime.ai import MAX_ASKS, AiEndpoint, AiTurn, ChatLine, converse
from wfstudio.runtime.http import HttpClient

EMAIL = AiAgentConfig(objective="collect_fields", fields=("email",))
PHONE = AiAgentConfig(objective="collect_fields", fields=("phone",))
BOTH = AiAgentConfig(objective="collect_fields", fields=("email", "phone"))
QUESTIONS = AiAgentConfig(objective="answer_questions", instructions="Open 9am to 5pm.")


def offline(
    config: AiAgentConfig,
    lines: Sequence[tuple[str, str]],
    collected: Mapping[str, str] | None = None,
    *,
    field_types: Mapping[str, FieldType] | None = None,
    field_labels: Mapping[str, str] | None = None,
) -> AiTurn:
    """One offline turn; ``lines`` are (role, text) pairs."""
    history = [ChatLine(role, text) for role, text in lines]  # type: ignore[arg-type]

    async def run() -> AiTurn:
        async with HttpClient() as client:
            return await converse(
                client,
                None,
                "",
                config,
                history,
                collected or {},
                field_types=field_types,
                field_labels=field_labels,
            )

    return asyncio.run(run())


def chat(config: AiAgentConfig, *replies: str) -> tuple[list[AiTurn], dict[str, str]]:
    """Play a conversation: the agent opens, then answers each contact reply in turn."""
    lines: list[tuple[str, str]] = []
    collected: dict[str, str] = {}
    turns = []
    for reply in (None, *replies):
        if reply is not None:
            lines.append(("contact", reply))
        turn = offline(config, lines, collected)
        turns.append(turn)
        collected.update(turn.fields)
        if turn.reply:
            lines.append(("agent", turn.reply))
        if turn.status != "continue":
            break
    return turns, collected


# --- offline agent: collect fields ---------------------------------------------------


def test_the_agent_opens_by_asking_for_the_first_field() -> None:
    turn = offline(EMAIL, [])
    assert turn == AiTurn("Hi! Could you share your email address?", "continue")


def test_an_email_inside_a_sentence_is_collected_and_confirmed() -> None:
    turns, collected = chat(EMAIL, "Sure, it's John.Doe@Example.COM. Thanks!")
    assert collected == {"email": "John.Doe@example.com"}
    assert turns[-1].status == "success"
    assert turns[-1].reply == "Thank you! I've noted your email address (John.Doe@example.com)."


def test_an_invalid_email_is_explained_then_a_valid_one_succeeds() -> None:
    turns, collected = chat(EMAIL, "my email is jane@gmail", "oops, jane@gmail.com")
    assert turns[1].status == "continue"
    assert turns[1].reply == (
        "That doesn't look like a complete email address. Could you share your email address?"
    )
    assert turns[1].fields == {}
    assert turns[2].status == "success"
    assert collected == {"email": "jane@gmail.com"}


def test_a_phone_number_with_country_code_is_normalised() -> None:
    turns, collected = chat(PHONE, "You can reach me on +60 11-2233 455 after 5pm")
    assert collected == {"phone": "+60112233455"}
    assert turns[-1].status == "success"


def test_a_phone_number_without_country_code_is_asked_again() -> None:
    turns, collected = chat(PHONE, "011 2233 4455", "(+44) 20 7946 0958")
    assert turns[1].status == "continue"
    assert "missing its country code" in (turns[1].reply or "")
    assert "including the country code" in (turns[1].reply or "")
    assert collected == {"phone": "+442079460958"}


def test_both_fields_one_at_a_time_then_success() -> None:
    turns, collected = chat(BOTH, "hello", "ana@shop.my", "sure: 0060 12 345 6789")
    assert [t.status for t in turns] == ["continue", "continue", "continue", "success"]
    assert turns[1].reply == "Could you share your email address?"
    assert turns[2].reply == (
        "Thank you! Could you share your phone number, including the country code?"
    )
    assert turns[2].fields == {"email": "ana@shop.my"}
    assert turns[3].fields == {"phone": "+60123456789"}
    assert collected == {"email": "ana@shop.my", "phone": "+60123456789"}
    assert turns[3].reply == (
        "Thank you! I've noted your email address (ana@shop.my) and phone number (+60123456789)."
    )


def test_both_fields_in_one_message_succeed_at_once_and_digits_in_emails_are_not_phones() -> None:
    turns, collected = chat(BOTH, "It's bob1234567@mail.com and my cell is +1 415 555 0101")
    assert collected == {"email": "bob1234567@mail.com", "phone": "+14155550101"}
    assert turns[-1].status == "success"


def test_already_collected_fields_are_not_asked_again() -> None:
    turn = offline(BOTH, [("contact", "hi")], {"email": "a@b.co"})
    assert turn.reply == "Hi! Could you share your phone number, including the country code?"


def test_asking_for_a_human_hands_over() -> None:
    for text in (
        "Can I talk to a real person please?",
        "AGENT",
        "I want to speak to someone",
        "representative",
        "quiero hablar con un agente",
        "je veux parler à un conseiller",
    ):
        turn = offline(EMAIL, [("agent", "Could you share your email address?"), ("contact", text)])
        assert turn.status == "human_requested", text
        assert turn.reply == "Of course, I'll connect you with someone from our team."


def test_a_human_request_still_returns_the_values_in_the_same_message() -> None:
    turn = offline(BOTH, [("contact", "x@y.com, now let me talk to a human")])
    assert turn.status == "human_requested"
    assert turn.fields == {"email": "x@y.com"}


def test_the_word_agent_inside_an_email_address_is_not_a_human_request() -> None:
    turn = offline(EMAIL, [("contact", "agent.smith@matrix.io")])
    assert turn.status == "success"


def test_the_agent_gives_up_after_asking_for_a_field_max_asks_times() -> None:
    turns, collected = chat(EMAIL, *["I don't have one"] * MAX_ASKS)
    assert [t.status for t in turns] == ["continue"] * MAX_ASKS + ["unable"]
    assert turns[-1].reply == "Sorry, I couldn't get your email address."
    assert collected == {}


def test_a_text_field_takes_the_reply_to_its_question() -> None:
    config = AiAgentConfig(fields=("company",))
    opening = offline(config, [], field_labels={"company": "company name"})
    assert opening.reply == "Hi! Could you share your company name?"
    turn = offline(
        config,
        [("agent", opening.reply), ("contact", "  Acme Sdn Bhd ")],
        field_labels={"company": "company name"},
    )
    assert turn.status == "success"
    assert turn.fields == {"company": "Acme Sdn Bhd"}


def test_several_contact_messages_since_the_last_agent_line_are_read_together() -> None:
    turn = offline(
        EMAIL,
        [
            ("agent", "Could you share your email address?"),
            ("contact", "wait"),
            ("contact", "a@b.io"),
        ],
    )
    assert turn.fields == {"email": "a@b.io"}


def test_custom_email_fields_use_their_type() -> None:
    config = AiAgentConfig(fields=("work_email",))
    turn = offline(config, [("contact", "work: me@corp.com")], field_types={"work_email": "email"})
    assert turn.fields == {"work_email": "me@corp.com"}


def test_the_offline_agent_is_deterministic() -> None:
    lines = [("contact", "hi"), ("agent", "Hi! Could you share your email address?")]
    assert offline(BOTH, lines) == offline(BOTH, lines)


# --- offline agent: answer questions -------------------------------------------------


def test_answer_questions_greets_back_and_is_unable_otherwise() -> None:
    assert offline(QUESTIONS, []).reply == "Hi! How can I help you today?"
    for greeting in ("Hello!", "hi there 👋", "Good morning", "hola"):
        turn = offline(QUESTIONS, [("contact", greeting)])
        assert turn == AiTurn("Hello! How can I help you today?", "continue"), greeting
    turn = offline(QUESTIONS, [("contact", "What are your opening hours?")])
    assert turn == AiTurn("I'm sorry, I can't answer that.", "unable")
    assert offline(QUESTIONS, [("contact", "human please")]).status == "human_requested"


# --- OpenAI-compatible endpoint ------------------------------------------------------

KEY = "sk-test-123"
MODEL = "gpt-test-mini"


@dataclass
class FakeOpenAI:
    """A chat-completions server: validates like OpenAI, answers ``contents`` in order."""

    contents: Sequence[str] = ()
    status: int = 200
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    _runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._completions)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        return f"http://127.0.0.1:{self._runner.addresses[0][1]}/v1/"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _completions(self, request: web.Request) -> web.Response:
        if request.headers.get("Authorization") != f"Bearer {KEY}":
            return _error(401, "Incorrect API key provided.")
        body = await request.json()
        self.requests.append(body)
        if body.get("model") != MODEL:
            return _error(404, f"The model `{body.get('model')}` does not exist.")
        roles = [message["role"] for message in body["messages"]]
        if roles[:1] != ["system"] or set(roles[1:]) - {"user", "assistant"}:
            return _error(400, "Invalid messages.")
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        if self.status != 200:
            return _error(self.status, "The server had an error while processing your request.")
        content = self.contents[min(len(self.requests), len(self.contents)) - 1]
        return web.json_response(
            {
                "id": "chatcmpl-1",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": MODEL,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
            }
        )


def _error(status: int, message: str) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "invalid_request_error", "code": None}},
        status=status,
    )


def remote(
    server: FakeOpenAI,
    config: AiAgentConfig,
    lines: Sequence[tuple[str, str]],
    collected: Mapping[str, str] | None = None,
    *,
    key: str = KEY,
    timeout_s: float = 5.0,
) -> tuple[AiTurn, str]:
    """One turn against ``server``; returns the turn and the instructions sent."""
    history = [ChatLine(role, text) for role, text in lines]  # type: ignore[arg-type]
    instructions = build_instructions(config, {"email": "Email", "phone": "Phone"}, "Acme")

    async def run() -> AiTurn:
        base_url = await server.start()
        try:
            async with HttpClient() as client:
                endpoint = AiEndpoint(base_url, MODEL, key, timeout_s=timeout_s)
                return await converse(
                    client, endpoint, instructions, config, history, collected or {}
                )
        finally:
            await server.stop()

    return asyncio.run(run()), instructions


def answer(reply: str, status: str, fields: Mapping[str, str] | None = None) -> str:
    return json.dumps({"reply": reply, "status": status, "fields": dict(fields or {})})


def test_the_endpoint_gets_the_instructions_and_the_conversation() -> None:
    server = FakeOpenAI(
        [answer("Thanks! What's your phone number?", "continue", {"email": "A@B.CO"})]
    )
    lines = [("agent", "Hi! What's your email?"), ("contact", "it's A@B.CO")]
    turn, instructions = remote(server, BOTH, lines)
    assert turn == AiTurn("Thanks! What's your phone number?", "continue", {"email": "A@b.co"})
    (sent,) = server.requests
    assert sent["model"] == MODEL
    assert sent["messages"] == [
        {"role": "system", "content": instructions},
        {"role": "assistant", "content": "Hi! What's your email?"},
        {"role": "user", "content": "it's A@B.CO"},
    ]
    assert sent["response_format"] == {"type": "json_object"}
    assert sent["temperature"] == 0


def test_success_from_the_endpoint_when_every_field_is_collected() -> None:
    server = FakeOpenAI([answer("All set, thanks!", "success", {"phone": "+60 11 2233 455"})])
    turn, _ = remote(server, BOTH, [("contact", "+60 11 2233 455")], {"email": "a@b.co"})
    assert turn == AiTurn("All set, thanks!", "success", {"phone": "+60112233455"})


def test_success_with_a_field_missing_or_invalid_becomes_continue() -> None:
    server = FakeOpenAI([answer("Great!", "success", {"email": "not-an-email", "other": "x"})])
    turn, _ = remote(server, BOTH, [("contact", "hello")])
    assert turn == AiTurn("Great!", "continue", {})


def test_human_requested_and_unable_pass_through() -> None:
    for status in ("human_requested", "unable"):
        turn, _ = remote(FakeOpenAI([answer("One moment.", status)]), QUESTIONS, [("contact", "?")])
        assert turn.status == status
        assert turn.fields == {}


def test_a_fenced_json_answer_is_accepted() -> None:
    content = "```json\n" + answer("Hello!", "continue") + "\n```"
    turn, _ = remote(FakeOpenAI([content]), QUESTIONS, [("contact", "hi")])
    assert turn == AiTurn("Hello!", "continue")


def test_an_http_500_is_a_failure_with_the_providers_message() -> None:
    turn, _ = remote(FakeOpenAI(status=500), EMAIL, [("contact", "hi")])
    assert turn.status == "failure"
    assert turn.reply is None
    assert turn.error is not None
    assert "HTTP 500" in turn.error
    assert "The server had an error" in turn.error


def test_a_wrong_key_is_a_failure() -> None:
    turn, _ = remote(FakeOpenAI([answer("x", "continue")]), EMAIL, [], key="sk-wrong")
    assert turn.status == "failure"
    assert turn.error is not None
    assert "HTTP 401" in turn.error
    assert "sk-wrong" not in turn.error


def test_malformed_answers_are_failures() -> None:
    for content in (
        "Sure! Your email is noted.",
        "[1, 2]",
        answer("ok", "done"),
        json.dumps({"reply": 5, "status": "continue"}),
        json.dumps({"reply": "ok", "status": "continue", "fields": ["email"]}),
        json.dumps({"status": "continue", "fields": {}}),
    ):
        turn, _ = remote(FakeOpenAI([content]), EMAIL, [("contact", "hi")])
        assert turn.status == "failure", content
        assert turn.reply is None
        assert turn.error


def test_a_timeout_is_a_failure() -> None:
    server = FakeOpenAI([answer("late", "continue")], delay_s=2.0)
    turn, _ = remote(server, EMAIL, [("contact", "hi")], timeout_s=0.2)
    assert turn.status == "failure"
    assert turn.error is not None
    assert "did not answer" in turn.error


def test_an_unreachable_endpoint_is_a_failure() -> None:
    async def run() -> AiTurn:
        async with HttpClient() as client:
            endpoint = AiEndpoint("http://127.0.0.1:9/v1", MODEL, KEY, timeout_s=2)
            return await converse(client, endpoint, "x", EMAIL, [], {})

    turn = asyncio.run(run())
    assert turn.status == "failure"
    assert turn.error
