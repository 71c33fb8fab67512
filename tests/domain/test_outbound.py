"""Where outbound requests may go, judged from the URL alone (no DNS: the domain does no
I/O): every refused address class, every numeric spelling, userinfo, schemes, and the
allow-list; and the HTTP Request step reporting it as ``outbound_not_allowed``."""

from __future__ import annotations

import ipaddress

import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext
from wfstudio.domain.outbound import (
    ALLOW_ENV,
    AllowList,
    address_rule,
    allow_list_from,
    numeric_ipv4,
    url_problem,
)
from wfstudio.domain.refs import WorkspaceRefs
from wfstudio.domain.steps.http_request import HttpRequest, HttpRequestConfig

STRICT = AllowList()


@pytest.mark.parametrize(
    ("url", "rule", "shown"),
    [
        ("http://127.0.0.1/", "a loopback address", "127.0.0.1"),
        ("http://127.8.9.10:8080/x", "a loopback address", "127.8.9.10"),
        ("http://[::1]/", "a loopback address", "::1"),
        ("http://10.0.0.5/", "a private address", "10.0.0.5"),
        ("http://172.16.3.4/", "a private address", "172.16.3.4"),
        ("http://192.168.1.1/", "a private address", "192.168.1.1"),
        ("http://[fd00::1]/", "a private address", "fd00::1"),
        ("http://169.254.169.254/latest/meta-data/", "a link-local address", "169.254.169.254"),
        ("http://[fe80::1]/", "a link-local address", "fe80::1"),
        ("http://[fe80::1%25eth0]/", "a link-local address", "fe80::1%eth0"),
        ("http://224.0.0.1/", "a multicast address", "224.0.0.1"),
        ("http://[ff02::1]/", "a multicast address", "ff02::1"),
        ("http://0.0.0.0/", "an unspecified address", "0.0.0.0"),
        ("http://[::]/", "an unspecified address", "::"),
        ("http://240.0.0.1/", "a reserved address", "240.0.0.1"),
        ("http://255.255.255.255/", "a reserved address", "255.255.255.255"),
        ("http://100.64.0.1/", "a non-public address", "100.64.0.1"),
        ("http://192.0.2.1/", "a private address", "192.0.2.1"),  # TEST-NET-1
        # numeric spellings that inet_aton (and so getaddrinfo) accepts
        ("http://2130706433/", "a loopback address", "2130706433 = 127.0.0.1"),
        ("http://0x7f000001/", "a loopback address", "0x7f000001 = 127.0.0.1"),
        ("http://0x7F.0.0.1/", "a loopback address", "0x7f.0.0.1 = 127.0.0.1"),
        ("http://0177.0.0.1/", "a loopback address", "0177.0.0.1 = 127.0.0.1"),
        ("http://017700000001/", "a loopback address", "017700000001 = 127.0.0.1"),
        ("http://127.1/", "a loopback address", "127.1 = 127.0.0.1"),
        ("http://10.1/", "a private address", "10.1 = 10.0.0.1"),
        ("http://169.254.43518/", "a link-local address", "169.254.43518 = 169.254.169.254"),
        ("http://127.0.0.1./", "a loopback address", "127.0.0.1"),  # the trailing root dot
        # IPv6 addresses carrying an IPv4 address are judged by it
        ("http://[::ffff:127.0.0.1]/", "a loopback address", "127.0.0.1, inside ::ffff:127.0.0.1"),
        ("http://[::ffff:a9fe:a9fe]/", "a link-local address", "169.254.169.254, inside"),
        ("http://[::127.0.0.1]/", "a loopback address", "127.0.0.1, inside ::127.0.0.1"),
        ("http://[64:ff9b::10.0.0.1]/", "a private address", "10.0.0.1, inside"),
        ("http://[2002:7f00:1::1]/", "a loopback address", "127.0.0.1, inside"),
        ("http://[2002:a9fe:a9fe::]/", "a link-local address", "169.254.169.254, inside"),
    ],
)
def test_each_refused_address_class_is_named_with_the_address(
    url: str, rule: str, shown: str
) -> None:
    problem = url_problem(url, STRICT)
    assert problem is not None
    assert problem.startswith(f"The URL points to {rule} ({shown}")
    assert problem.endswith(f"only public addresses are allowed unless listed in {ALLOW_ENV}.")


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/v1",
        "http://8.8.8.8/",
        "http://134744072/",  # 8.8.8.8 as one number: public all the same
        "http://[2606:4700:4700::1111]/",
        "http://[::ffff:8.8.8.8]/",
        "http://[2002:808:808::1]/",  # 6to4 of a public address
        "http://localhost:8080/",  # a name: judged after resolution, at send time
        "http://1e100.net/",
        "https://$var.host/path",
    ],
)
def test_public_addresses_and_host_names_pass_validation(url: str) -> None:
    assert url_problem(url, STRICT) is None


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://user:pw@api.example.com/", "must not contain a user name or password"),
        ("http://user@api.example.com/", "must not contain a user name or password"),
        ("http://api.example.com@127.0.0.1/", "must not contain a user name or password"),
        ("ftp://api.example.com/", "Only http:// and https://"),
        ("file:///etc/passwd", "Only http:// and https://"),
        ("gopher://127.0.0.1:25/", "Only http:// and https://"),
        ("http:///path", "has no host"),
        ("http://999.1.1.1/", "is not a valid numeric address"),
        ("http://08.0.0.1/", "is not a valid numeric address"),
        ("http://1.2.3.256/", "is not a valid numeric address"),
        ("http://[::1/", "is not a valid URL"),
    ],
)
def test_userinfo_schemes_and_broken_hosts_are_refused(url: str, words: str) -> None:
    problem = url_problem(url, STRICT)
    assert problem is not None and words in problem
    assert "pw" not in problem  # a password is never repeated back


def test_the_allow_list_admits_listed_networks_addresses_and_host_names() -> None:
    allow = AllowList.parse(" 127.0.0.1 , 10.0.0.0/8,[::1], Intranet.Example. ,,")
    assert allow.hosts == frozenset({"intranet.example"})
    for url in (
        "http://127.0.0.1:8000/",
        "http://2130706433/",
        "http://[::ffff:127.0.0.1]/",
        "http://10.200.3.4/",
        "http://[::1]/",
        "http://intranet.example/",
    ):
        assert url_problem(url, allow) is None, url
    assert url_problem("http://127.0.0.2/", allow) is not None
    assert url_problem("http://169.254.169.254/", allow) is not None
    assert url_problem("http://u:p@127.0.0.1/", allow) is not None  # userinfo: never


@pytest.mark.parametrize("entry", ["not a host", "10.0.0.0/33", "127.1", "http://x/", "a_b"])
def test_a_wrong_allow_list_entry_is_named(entry: str) -> None:
    with pytest.raises(ValueError, match=f"{ALLOW_ENV}: “{entry}” is not a CIDR"):
        AllowList.parse(f"127.0.0.1,{entry}")


def test_the_allow_list_comes_from_the_environment_mapping() -> None:
    assert allow_list_from({}) == AllowList()
    allowed = allow_list_from({ALLOW_ENV: "192.168.0.0/16"})
    assert allowed.allows_address(ipaddress.ip_address("192.168.4.4"))
    assert not allowed.allows_address(ipaddress.ip_address("10.0.0.1"))


def test_numeric_ipv4_reads_as_inet_aton_does() -> None:
    import socket

    for text in ("2130706433", "0x7f000001", "0177.0.0.1", "127.1", "1.2.3", "0x0a.1", "0"):
        assert str(numeric_ipv4(text)) == socket.inet_ntoa(socket.inet_aton(text)), text
    assert numeric_ipv4("example.com") is None
    assert numeric_ipv4("1.2.3.4.5") is None  # five parts: a name to getaddrinfo


def test_address_rule_of_public_addresses_is_none() -> None:
    assert address_rule(ipaddress.ip_address("93.184.216.34")) is None
    assert address_rule(ipaddress.ip_address("2a00:1450:4001::1")) is None


def _url_issues(url: str, refs: WorkspaceRefs) -> list[tuple[str, str]]:
    ctx = CheckContext(step_id="s1", step_label="HTTP Request", step_name="Call", refs=refs)
    HttpRequest().check(HttpRequestConfig(url=url), ctx)
    return [(issue.code, issue.detail) for issue in ctx.issues if issue.field == "config.url"]


def test_the_http_request_step_refuses_a_private_url_with_its_own_code() -> None:
    [(code, detail)] = _url_issues("http://10.0.0.5/api", WorkspaceRefs())
    assert code == Code.OUTBOUND_NOT_ALLOWED
    assert detail == (
        "The URL points to a private address (10.0.0.5); only public addresses are "
        f"allowed unless listed in {ALLOW_ENV}."
    )
    [(code, detail)] = _url_issues("https://user:secret@api.example.com/", WorkspaceRefs())
    assert code == Code.OUTBOUND_NOT_ALLOWED and "user name or password" in detail


def test_the_step_accepts_what_the_workspace_refs_allow_and_leaves_variables_to_run_time() -> None:
    allowing = WorkspaceRefs(outbound_allow=AllowList.parse("10.0.0.0/8"))
    assert _url_issues("http://10.0.0.5/api", allowing) == []
    assert _url_issues("$var.endpoint", WorkspaceRefs()) == []  # known only when it runs
    assert _url_issues("http://$var.host/x", WorkspaceRefs()) == []
    assert _url_issues("https://api.example.com/x", WorkspaceRefs()) == []
    # an unknown workspace (a file checked offline) applies the strict default
    assert _url_issues("http://127.0.0.1/", WorkspaceRefs.unknown())[0][0] == (
        Code.OUTBOUND_NOT_ALLOWED
    )
