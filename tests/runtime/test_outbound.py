"""Outbound requests at send time: names are judged by the addresses they resolve to (the
ones connected to), every redirect hop is judged before it is followed, and a refusal
connects to nothing. Real HTTP on loopback addresses only: a refused target is never
contacted (the check fires before connecting), so the link-local and private targets
below are never reached for."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import pytest
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from tests.runtime.servers import async_test
from wfstudio.domain.outbound import ALLOW_ENV, AllowList
from wfstudio.domain.steps.ai_agent import AiAgentConfig
from wfstudio.domain.steps.http_request import HttpRequestConfig
from wfstudio.domain.variables import Scope
from wfstudio.runtime.ai import AiEndpoint, ChatLine, converse
from wfstudio.runtime.channels import ChannelTarget, ContactAddress, OutboundMessage, deliver
from wfstudio.runtime.http import MAX_REDIRECTS, HttpClient
from wfstudio.runtime.http_step import execute_http_request
from wfstudio.runtime.sheets import append_row

LOOPBACK = AllowList.parse("127.0.0.1")
SUFFIX = f"only public addresses are allowed unless listed in {ALLOW_ENV}."


class Site:
    """A server on a loopback ``host``: ``/to?url=…&status=…`` redirects there, ``/loop``
    redirects to itself, anything else answers what it received as JSON."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.seen: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> Site:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def url(self, path: str = "/echo") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def redirect(self, target: str, status: int = 302) -> str:
        return str(URL(self.url("/to")).with_query(url=target, status=str(status)))

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.seen.append(
            {
                "method": request.method,
                "path": request.path,
                "body": body.decode(),
                "authorization": request.headers.get("Authorization"),
                "content_type": request.headers.get("Content-Type"),
                "host": request.host,
                "cookie": request.headers.get("Cookie"),
            }
        )
        if request.path == "/to":
            status = int(request.query.get("status", "302"))
            return web.Response(status=status, headers={"Location": request.query["url"]})
        if request.path == "/set-cookie":
            response = web.json_response(self.seen[-1])
            response.set_cookie("session", "of-workspace-one")
            return response
        if request.path == "/loop":
            return web.Response(status=302, headers={"Location": "/loop"})
        return web.json_response(self.seen[-1])


class FakeDns(AbstractResolver):
    """Answers from a fixed table, as a DNS server an attacker controls might."""

    def __init__(self, names: dict[str, list[str]]) -> None:
        self.names = names

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        if host not in self.names:
            raise OSError(f"{host} is not in the fake DNS")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST,
            )
            for address in self.names[host]
        ]

    async def close(self) -> None:
        pass


# --- names are judged by what they resolve to -----------------------------------------


@async_test
async def test_localhost_is_refused_when_loopback_is_not_allowed_and_nothing_connects() -> None:
    async with Site() as site, HttpClient(allow=AllowList()) as client:
        reply = await client.request("GET", f"http://localhost:{site.port}/echo")
    assert (reply.status, reply.refused, site.seen) == (0, True, [])
    assert reply.error is not None
    assert reply.error.startswith("The host “localhost” resolves to a loopback address (")
    assert reply.error.endswith(SUFFIX)


@async_test
async def test_a_name_whose_dns_answer_is_private_is_refused_and_allowed_once_listed() -> None:
    dns = FakeDns({"api.example.test": ["127.0.0.1"]})
    async with Site() as site:
        async with HttpClient(allow=AllowList(), resolver=dns) as client:
            refused = await client.request("GET", f"http://api.example.test:{site.port}/echo")
        async with HttpClient(allow=LOOPBACK, resolver=dns) as client:
            allowed = await client.request("GET", f"http://api.example.test:{site.port}/echo")
    assert refused.refused and refused.error == (
        f"The host “api.example.test” resolves to a loopback address (127.0.0.1); {SUFFIX}"
    )
    assert allowed.ok and allowed.json == site.seen[0] and len(site.seen) == 1


@async_test
async def test_refused_addresses_of_a_name_are_dropped_and_only_allowed_ones_are_used() -> None:
    # 10.255.255.1 comes first: were it tried, the request would hang until the timeout.
    dns = FakeDns({"mixed.example.test": ["10.255.255.1", "169.254.169.254", "127.0.0.1"]})
    async with Site() as site, HttpClient(allow=LOOPBACK, resolver=dns) as client:
        reply = await client.request(
            "GET", f"http://mixed.example.test:{site.port}/echo", timeout_s=5
        )
    assert reply.ok and len(site.seen) == 1


@async_test
async def test_a_listed_host_name_may_resolve_anywhere() -> None:
    dns = FakeDns({"crm.internal": ["127.0.0.1"]})
    allow = AllowList.parse("crm.internal")
    async with Site() as site, HttpClient(allow=allow, resolver=dns) as client:
        reply = await client.request("GET", f"http://crm.internal:{site.port}/echo")
    assert reply.ok


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "2130706433", "0x7f000001", "0177.0.0.1", "[::ffff:127.0.0.1]"]
)
@async_test
async def test_a_literal_loopback_address_is_refused_in_every_spelling(host: str) -> None:
    async with Site() as site, HttpClient(allow=AllowList()) as client:
        reply = await client.request("GET", f"http://{host}:{site.port}/echo")
    assert reply.refused and site.seen == []
    assert reply.error is not None and "a loopback address" in reply.error


@async_test
async def test_a_url_with_credentials_is_refused_without_repeating_them() -> None:
    async with Site() as site, HttpClient(allow=LOOPBACK) as client:
        reply = await client.request("GET", f"http://ada:s3cret@127.0.0.1:{site.port}/echo")
    assert reply.refused and site.seen == []
    assert reply.error is not None and "user name or password" in reply.error
    assert "s3cret" not in reply.error


# --- every redirect hop is judged before it is followed --------------------------------


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("http://127.0.0.2:{port}/echo", "a loopback address (127.0.0.2)"),
        ("http://[::1]:{port}/echo", "a loopback address (::1)"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address (169.254.169.254)"),
        ("http://10.0.0.1/admin", "a private address (10.0.0.1)"),
        ("http://0x7f000002:{port}/", "a loopback address (0x7f000002 = 127.0.0.2)"),
        ("http://[::ffff:a9fe:a9fe]/", "a link-local address (169.254.169.254, inside"),
        ("http://ada:s3cret@127.0.0.1:{port}/echo", "user name or password"),
        ("ftp://127.0.0.1/", "Only http:// and https://"),
    ],
)
@async_test
async def test_a_redirect_to_a_refused_target_is_not_followed(target: str, words: str) -> None:
    async with Site() as site, HttpClient(allow=LOOPBACK) as client:
        location = target.format(port=site.port)
        reply = await client.request("POST", site.redirect(location, 307), data=b"{}")
    assert (reply.status, reply.refused) == (0, True)
    assert [hop["path"] for hop in site.seen] == ["/to"]  # the allowed hop only
    assert reply.error is not None
    assert reply.error.startswith("Redirected to ") and words in reply.error
    assert "s3cret" not in reply.error


@async_test
async def test_a_redirect_to_a_name_resolving_to_a_refused_address_is_not_followed() -> None:
    dns = FakeDns({"internal.example.test": ["127.0.0.1"]})
    allow = AllowList.parse("127.0.0.2")  # the first site only
    async with (
        Site("127.0.0.2") as first,
        Site("127.0.0.1") as second,
        HttpClient(allow=allow, resolver=dns) as client,
    ):
        target = f"http://internal.example.test:{second.port}/echo"
        reply = await client.request("GET", first.redirect(target))
    assert reply.refused and second.seen == [] and len(first.seen) == 1
    assert reply.error == (
        f"Redirected to {target}: The host “internal.example.test” resolves to a loopback "
        f"address (127.0.0.1); {SUFFIX}"
    )


@async_test
async def test_allowed_redirects_are_followed_as_browsers_do() -> None:
    dns = FakeDns({"other.example.test": ["127.0.0.1"]})
    async with Site() as site, HttpClient(allow=LOOPBACK, resolver=dns) as client:
        headers = {"Authorization": "Bearer t"}
        see_other = await client.request(
            "POST", site.redirect("/echo", 303), headers=headers, json_body={"a": 1}
        )
        temporary = await client.request(
            "POST", site.redirect("/echo", 307), headers=headers, json_body={"a": 1}
        )
        elsewhere = f"http://other.example.test:{site.port}/echo"
        cross = await client.request("GET", site.redirect(elsewhere), headers=headers)
        looping = await client.request("GET", site.url("/loop"))
    assert see_other.json is not None and temporary.json is not None and cross.json is not None
    assert isinstance(see_other.json, dict) and isinstance(temporary.json, dict)
    assert (see_other.json["method"], see_other.json["body"]) == ("GET", "")
    assert see_other.json["content_type"] is None
    assert see_other.json["authorization"] == "Bearer t"  # same origin: kept
    assert (temporary.json["method"], temporary.json["body"]) == ("POST", '{"a":1}')
    assert isinstance(cross.json, dict)
    assert cross.json["authorization"] is None  # another origin: dropped
    assert cross.json["host"] == f"other.example.test:{site.port}"
    assert looping.error == f"More than {MAX_REDIRECTS} redirects." and looping.status == 302


@async_test
async def test_a_wrong_allow_list_in_the_environment_refuses_everything() -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(ALLOW_ENV, "127.0.0.1, not a host")
        async with Site() as site, HttpClient() as client:
            reply = await client.request("GET", site.url())
    assert reply.refused and site.seen == []
    assert reply.error == f"{ALLOW_ENV}: “not a host” is not a CIDR, an IP address or a host name."


# --- what each integration does with a refusal -----------------------------------------


@async_test
async def test_an_http_step_to_a_refused_address_takes_failure_with_the_rule() -> None:
    async with Site() as site, HttpClient(allow=LOOPBACK) as client:
        config = HttpRequestConfig(
            url="$var.target", save_status=True, status_variable="status", failure_branch=True
        )
        scope = Scope(
            now=datetime(2024, 5, 1, tzinfo=UTC),
            variables={"var.target": site.redirect("http://169.254.169.254/")},
        )
        result = await execute_http_request(client, config, scope)
    assert (result.port, result.status, result.variables) == ("failure", None, {"status": ""})
    assert result.error == (
        "Redirected to http://169.254.169.254/: The URL points to a link-local address "
        f"(169.254.169.254); {SUFFIX}"
    )


@async_test
async def test_a_custom_channel_to_a_refused_address_fails_at_once_without_retrying() -> None:
    target = ChannelTarget(
        key="app", kind="custom_channel", name="App", config={"outbound_url": "http://10.0.0.7/"}
    )
    async with HttpClient(allow=LOOPBACK) as client:
        delivery = await deliver(
            client, target, ContactAddress(contact_id=1), OutboundMessage(text="hi"), backoff_s=5
        )
    assert (delivery.ok, delivery.attempts, delivery.status) == (False, 1, None)
    assert delivery.error == (
        f"The URL points to a private address (10.0.0.7); {SUFFIX[:-1]} (1 attempt)."
    )


@async_test
async def test_the_ai_endpoint_and_google_sheets_refuse_non_public_addresses() -> None:
    async with HttpClient(allow=AllowList()) as client:
        turn = await converse(
            client,
            AiEndpoint("http://169.254.169.254/v1", "m"),
            "be nice",
            AiAgentConfig(objective="answer_questions"),
            [ChatLine("contact", "hello")],
            {},
        )
        sheet = await append_row(
            client,
            {"access_token": "t", "base_url": "http://localhost:9"},
            "1A2b3C4d5E6f7G8h9I0j",
            "Sheet1",
            {"A": "x"},
        )
    assert turn.status == "failure" and turn.error == (
        "The AI endpoint did not answer: The URL points to a link-local address "
        f"(169.254.169.254); {SUFFIX}"
    )
    assert sheet.error is not None and sheet.error.startswith(
        "Google Sheets could not be reached: The host “localhost” resolves to a loopback address"
    )


@async_test
async def test_a_cookie_one_request_got_is_not_sent_with_the_next() -> None:
    """One pool serves every workspace: what one workspace's target set must not ride
    along on another workspace's request to the same site."""
    named = AllowList.parse("localhost")  # cookies are kept for names, not for addresses
    async with Site() as site, HttpClient(allow=named) as client:
        first = await client.request("GET", f"http://localhost:{site.port}/set-cookie")
        second = await client.request("GET", f"http://localhost:{site.port}/echo")
    assert (first.status, second.status) == (200, 200)
    assert [seen["cookie"] for seen in site.seen] == [None, None]
