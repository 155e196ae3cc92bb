import pytest
from django.test import RequestFactory

from core.client_ip import client_ip


def request_from(remote_addr, forwarded=None):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_one_proxy_the_client_is_the_entry_that_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sent a made-up first entry; the proxy appended the address it really saw.
    spoofed = request_from("10.0.0.2", "198.51.100.1, 203.0.113.7")
    assert client_ip(spoofed) == "203.0.113.7"


def test_behind_two_proxies_the_client_is_two_entries_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    request = request_from("10.0.0.3", "198.51.100.1, 203.0.113.7, 10.0.0.2")
    assert client_ip(request) == "203.0.113.7"


def test_too_few_entries_fall_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_from("10.0.0.3", "203.0.113.7")) == "10.0.0.3"


def test_ipv6_clients_are_counted_per_64_block(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    one = client_ip(request_from("2001:db8:1:2::1"))
    other = client_ip(request_from("2001:db8:1:2:ffff:ffff:ffff:ffff"))
    neighbour = client_ip(request_from("2001:db8:1:3::1"))
    assert one == other == "2001:db8:1:2::/64"
    assert neighbour != one


def test_ipv4_mapped_addresses_count_as_the_ipv4_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_from("::ffff:203.0.113.7")) == "203.0.113.7"


@pytest.mark.parametrize("garbage", ["not-an-address", "999.1.1.1", "203.0.113.7, <script>"])
def test_a_malformed_address_is_one_shared_bucket_not_an_error(settings, garbage):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_from("10.0.0.2", garbage)) == "unknown"
