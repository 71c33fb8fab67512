"""HttpClient against real loopback servers: replies, JSON detection, errors never raise."""

from __future__ import annotations

import socket

from tests.runtime.servers import RecordingServer, Reply, async_test
from wfstudio.runtime.http import HttpClient


@async_test
async def test_json_request_and_reply() -> None:
    async with RecordingServer([Reply(201, json={"a": [1, 2]})]) as server, HttpClient() as client:
        reply = await client.request(
            "post", server.url("/x"), headers={"X-Key": "k"}, json_body={"hello": "wörld"}
        )
    assert reply.ok and reply.status == 201 and reply.error is None
    assert reply.json == {"a": [1, 2]}
    assert reply.headers["content-type"].startswith("application/json")
    sent = server.requests[0]
    assert (sent.method, sent.path, sent.json) == ("POST", "/x", {"hello": "wörld"})
    assert sent.headers["x-key"] == "k"
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["user-agent"].startswith("wfstudio/")


@async_test
async def test_json_detection() -> None:
    replies = [
        Reply(text="<html>hi</html>", content_type="text/html"),
        Reply(text='{"mislabelled": true}', content_type="text/plain"),
        Reply(text="{not json", content_type="application/json"),
    ]
    async with RecordingServer(replies) as server, HttpClient() as client:
        html = await client.request("GET", server.url())
        mislabelled = await client.request("GET", server.url())
        broken = await client.request("GET", server.url())
    assert html.json is None and html.text == "<html>hi</html>"
    assert mislabelled.json == {"mislabelled": True}
    assert broken.json is None and broken.ok


@async_test
async def test_non_2xx_is_a_reply_not_an_error() -> None:
    async with RecordingServer([Reply(404, text="nope")]) as server, HttpClient() as client:
        reply = await client.request("GET", server.url())
    assert (reply.status, reply.error, reply.ok, reply.body) == (404, None, False, b"nope")


@async_test
async def test_timeout_connection_refused_and_bad_url_do_not_raise() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    async with RecordingServer([Reply(delay_s=2)]) as server, HttpClient() as client:
        slow = await client.request("GET", server.url(), timeout_s=0.2)
        refused = await client.request("GET", f"http://127.0.0.1:{closed_port}/")
        bad = await client.request("GET", "http://exa mple.com:99999/")
    assert slow.status == 0 and slow.error == "No response within 0.2 s."
    assert refused.status == 0 and refused.error and "Cannot connect to 127.0.0.1" in refused.error
    assert bad.status == 0 and bad.error


@async_test
async def test_body_too_large() -> None:
    server = RecordingServer([Reply(text="x" * 5000)])
    async with server, HttpClient(max_body_bytes=1000) as client:
        reply = await client.request("GET", server.url())
    assert reply.error == "The response is larger than 1000 bytes." and not reply.ok


@async_test
async def test_session_is_shared_and_reopens_after_close() -> None:
    async with RecordingServer() as server:
        client = HttpClient()
        await client.request("GET", server.url())
        first = client._session
        await client.request("GET", server.url())
        assert client._session is first
        await client.close()
        assert (await client.request("GET", server.url())).ok
        await client.close()
    assert len(server.requests) == 3
