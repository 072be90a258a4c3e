"""The address a request came from, behind the reverse proxy the README describes.

Behind a proxy every request reaches the app from the proxy's address, so django-axes,
which pauses log-ins by user name and address, would pause a user name for everyone at
once. The proxy adds the address it saw to X-Forwarded-For; only a proxy listed in
TRUSTED_PROXIES is believed, and only for the addresses it and the trusted proxies
before it added (the right-most ones): whatever a client writes into the header itself
stands to the left of them and is never read.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(s, strict=False) for s in spec)


def _trusted(address: str, networks) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not networks or not remote or not _trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed([a for a in forwarded if a]):
        if not _trusted(address, networks):
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:  # the proxy wrote something that is no address
                return remote
    return remote
