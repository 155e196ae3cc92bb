"""Text messages to residents who gave a phone number and no email address.

`SMS_BACKEND` names the class that sends them, as `EMAIL_BACKEND` does for email: the City adds
its provider as a class with a `send(to, body)` method. Unset, nothing is sent by text.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string

# What the locmem backend sent, oldest first, as (number, body): for tests, like mail.outbox.
outbox: list[tuple[str, str]] = []


class ConsoleBackend:
    """Development: each message is printed instead of sent."""

    def send(self, to: str, body: str) -> None:
        sys.stdout.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend:
    """Tests: each message is kept in `outbox`."""

    def send(self, to: str, body: str) -> None:
        outbox.append((to, body))


def is_configured() -> bool:
    return bool(settings.SMS_BACKEND)


def send(to: str, body: str) -> None:
    """Send one message through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(to, body)
