"""Where outbound requests may go: public addresses, http(s), no credentials in the URL.

One rule for every request that leaves wfstudio (HTTP Request steps, custom channels,
the AI endpoint, Google Sheets), applied twice: when a URL is validated (only what the
URL itself says: its scheme, its userinfo and a host written as an IP address) and when
it is sent (the runtime checks every address a host name resolves to, and every
redirect hop). This module is pure: it never resolves a name.

Decisions:

* Refused addresses: unspecified (``0.0.0.0``, ``::``), loopback, link-local (e.g. the
  cloud metadata address ``169.254.169.254``), multicast, private (RFC 1918, ``fc00::/7``
  …), reserved, and anything else Python's :mod:`ipaddress` does not call global (e.g.
  the shared ``100.64.0.0/10``). An IPv6 address that carries an IPv4 address (mapped
  ``::ffff:a.b.c.d``, compatible ``::a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``, 6to4
  ``2002:AABB:CCDD::``) is judged by the IPv4 address inside.
* A host written in a numeric form other than the dotted quad (``2130706433``,
  ``0x7f000001``, ``0177.0.0.1``, ``127.1``) is read as ``inet_aton`` reads it, so it
  cannot slip past as a "name".
* URLs with userinfo (``http://user:pw@host/``) are refused: credentials belong in a
  header, and the userinfo form is a classic way to disguise the real host.
* The allow-list (:class:`AllowList`, from :data:`ALLOW_ENV` for the whole deployment)
  lists CIDRs, IP addresses and exact host names; a listed host name may resolve to any
  address. It is deployment-wide only: the runtime shares one pooled connection pool
  and DNS cache between workspaces, so a per-workspace list could not be enforced.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

ALLOW_ENV: Final = "WFSTUDIO_OUTBOUND_ALLOW"
"""The deployment's allow-list: comma-separated CIDRs, IP addresses and host names."""

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

_NUMERIC_PART: Final = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")
_HOST_NAME: Final = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_NAT64: Final = ipaddress.IPv6Network("64:ff9b::/96")
_COMPATIBLE: Final = ipaddress.IPv6Network("::/96")
_SUFFIX: Final = f"only public addresses are allowed unless listed in {ALLOW_ENV}."


@dataclass(frozen=True)
class AllowList:
    """Addresses and host names outbound requests may reach although they are not public.

    Attributes:
        networks: allowed CIDRs (a single address is a /32 or /128).
        hosts: allowed host names, lower case without a trailing dot; such a host may
            resolve to any address.
    """

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        """The list in ``text``: comma-separated CIDRs, addresses and host names.

        Raises:
            ValueError: an entry is none of these (the message names it).
        """
        networks: list[IPNetwork] = []
        hosts: set[str] = set()
        for raw in text.split(","):
            entry = raw.strip().lower()
            if not entry:
                continue
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
                continue
            except ValueError:
                pass
            name = entry.rstrip(".")
            if not _HOST_NAME.match(name) or _is_numeric(name):
                raise ValueError(
                    f"{ALLOW_ENV}: “{raw.strip()}” is not a CIDR, an IP address or a host name."
                )
            hosts.add(name)
        return cls(tuple(networks), frozenset(hosts))

    def allows_host(self, host: str) -> bool:
        """Whether the host name ``host`` is listed (any address it resolves to is fine)."""
        return host.lower().rstrip(".") in self.hosts

    def allows_address(self, address: IPAddress) -> bool:
        """Whether ``address`` (or the IPv4 address it carries) is in a listed network."""
        candidates = (address, _embedded_ipv4(address))
        return any(
            candidate is not None and candidate.version == network.version and candidate in network
            for candidate in candidates
            for network in self.networks
        )


@functools.lru_cache(maxsize=8)
def allow_list(text: str) -> AllowList:
    """:meth:`AllowList.parse`, remembered (the environment is read on every request)."""
    return AllowList.parse(text)


def allow_list_from(environ: Mapping[str, str]) -> AllowList:
    """The deployment's allow-list from an environment mapping (e.g. ``os.environ``)."""
    return allow_list(environ.get(ALLOW_ENV, ""))


def address_rule(address: IPAddress) -> str | None:
    """The kind of address that makes ``address`` refused (``"a loopback address"`` …),
    or None when it is public. The allow-list is not consulted."""
    inner = _embedded_ipv4(address)
    if inner is not None:
        rule = address_rule(inner)
        if rule is not None or not _is_sixtofour(address):
            return rule  # a mapped/compatible/NAT64 address is what it carries
    if address.is_unspecified:
        return "an unspecified address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_multicast:
        return "a multicast address"
    if address.is_reserved:
        return "a reserved address"
    if address.is_private:
        return "a private address"
    if not address.is_global:
        return "a non-public address"
    return None


def address_problem(
    address: IPAddress, allow: AllowList, subject: str, written: str | None = None
) -> str | None:
    """Why ``address`` may not be reached (a sentence starting with ``subject``), or None.

    Args:
        address: the address.
        allow: the allow-list.
        subject: how the sentence starts, e.g. ``The URL points to``.
        written: the address as the URL wrote it, shown when it differs.
    """
    if allow.allows_address(address):
        return None
    rule = address_rule(address)
    if rule is None:
        return None
    written = written or str(address)
    inner = _embedded_ipv4(address)
    if inner is not None:
        shown = f"{inner}, inside {written}"
    elif written != str(address):
        shown = f"{written} = {address}"
    else:
        shown = written
    return f"{subject} {rule} ({shown}); {_SUFFIX}"


def url_problem(url: str, allow: AllowList) -> str | None:
    """Why ``url`` may not be requested, judged from its text alone, or None.

    See :func:`target_problem`; the URL is split with :func:`urllib.parse.urlsplit`.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return f"“{url}” is not a valid URL."
    return target_problem(parts.scheme, host, "@" in parts.netloc, allow)


def target_problem(scheme: str, host: str | None, userinfo: bool, allow: AllowList) -> str | None:
    """Why a URL with these parts may not be requested, or None.

    Checks the scheme (http or https), that there is a host and no userinfo, and, when
    the host is written as an IP address in any numeric form, the address. Host names
    are left to the runtime, which checks what they resolve to.

    Args:
        scheme: the URL's scheme (any case).
        host: its host, IPv6 without brackets; None or "" when it has none.
        userinfo: whether it has a ``user[:password]@`` part.
        allow: the allow-list.
    """
    if scheme.lower() not in ("http", "https"):
        return "Only http:// and https:// URLs may be requested."
    if userinfo:
        return (
            "The URL must not contain a user name or password before the host "
            "(user:password@host); send credentials in a header instead."
        )
    if not host:
        return "The URL has no host."
    if allow.allows_host(host):
        return None
    try:
        address = literal_address(host)
    except ValueError as error:
        return f"The URL's host “{host}” {error}."
    if address is None:
        return None
    return address_problem(address, allow, "The URL points to", host.replace("%25", "%"))


def literal_address(host: str) -> IPAddress | None:
    """The address a URL host names when it is written as one, or None for a host name.

    IPv6 hosts come without brackets (as :func:`urllib.parse.urlsplit` gives them);
    numeric IPv4 forms are read as ``inet_aton`` reads them (:func:`numeric_ipv4`).

    Raises:
        ValueError: the host is numeric but no valid address.
    """
    host = host.strip().rstrip(".")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.replace("%25", "%"))
        except ValueError:
            raise ValueError("is not a valid IPv6 address") from None
    return numeric_ipv4(host)


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """``host`` read as ``inet_aton`` reads it (``127.1``, ``0x7f000001``, ``0177.0.0.1``,
    ``2130706433``), or None when it is not numeric (a host name).

    Raises:
        ValueError: it is numeric but out of range or badly formed (``09.1.1.1``).
    """
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(_NUMERIC_PART.match(part) for part in parts):
        return None
    values: list[int] = []
    for part in parts:
        if part[:2].lower() == "0x":
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            if not set(part) <= set("01234567"):
                raise ValueError("is not a valid numeric address")
            values.append(int(part, 8))
        else:
            values.append(int(part))
    *head, last = values
    if any(value > 255 for value in head) or last >= 256 ** (4 - len(head)):
        raise ValueError("is not a valid numeric address")
    number = last
    for index, value in enumerate(head):
        number += value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def _is_numeric(host: str) -> bool:
    """Whether ``host`` is written as a number (``127.1``) rather than a name."""
    try:
        return numeric_ipv4(host) is not None
    except ValueError:
        return True


def _is_sixtofour(address: IPAddress) -> bool:
    return isinstance(address, ipaddress.IPv6Address) and address.sixtofour is not None


def _embedded_ipv4(address: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return None
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _NAT64:
        return low
    if address in _COMPATIBLE and int(address) > 1:  # not :: or ::1
        return low
    return None
