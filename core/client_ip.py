"""The address a request came from, for rate limits and sign-in lockouts.

Behind proxies, `X-Forwarded-For` holds one address per hop, and a client can put anything in
front of them. Only the entries the trusted proxies appended can be believed, so the client is
the one `TRUSTED_PROXY_COUNT` places from the right; with no trusted proxy it is the socket's
own address. IPv6 clients are counted per /64, the block one household or phone is given.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The client's address as the outermost trusted proxy saw it (IPv6 as its /64 network)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        # Without enough entries the request did not pass through every proxy: use the socket.
        if len(hops) >= proxies:
            address = hops[-proxies]
    return _bucket(address)


def _bucket(address: str) -> str:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:
        return str(parsed.ipv4_mapped)
    return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
