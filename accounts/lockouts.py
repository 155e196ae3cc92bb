"""django-axes' view of the client address: config.client_ip's answer, stored as an address.

Axes keeps the address in an `inet` column that takes one address, not a network, so an IPv6
client's /64 is stored as the network's first address (every address in it counts as one
client) and an unreadable address as none.
"""

import ipaddress

from config.client_ip import client_ip


def axes_client_ip(request) -> str | None:
    address = client_ip(request)
    if address == "unknown":
        return None
    return str(ipaddress.ip_network(address).network_address)
