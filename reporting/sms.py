"""Text messages to residents who gave a phone number and no email address.

`SMS_BACKEND` names the class that sends them, as `EMAIL_BACKEND` does for email: the City adds
its provider as a class with a `send(to, body)` method. Unset, nothing is sent by text.

Texts go only to numbers of the countries in `SMS_COUNTRIES` (the US unless it says otherwise):
a text abroad costs many times more, and numbers abroad, the Caribbean's +1 ones included, are
how SMS fraud runs up a sender's bill through a public form. A resident with another number is
called, as when no backend is configured.

No text goes between 8 p.m. and 8 a.m., City time (`quiet_until`): one due then waits for the
morning.
"""

import sys
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import phonenumbers
from django.conf import settings
from django.utils.module_loading import import_string

QUIET_FROM = time(20)
QUIET_UNTIL = time(8)

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


def can_text(number: str) -> bool:
    """Whether a text may go to `number`: a backend is configured and the number belongs to one
    of SMS_COUNTRIES (judged from the whole number, not its +1)."""
    if not settings.SMS_BACKEND:
        return False
    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(number))
    except phonenumbers.NumberParseException:
        return False
    return region in settings.SMS_COUNTRIES


def send(to: str, body: str) -> None:
    """Send one message through the configured backend."""
    import_string(settings.SMS_BACKEND)().send(to, body)


def quiet_until(moment: datetime) -> datetime | None:
    """None when a text may go at `moment`; in the quiet hours, the morning it may go."""
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    morning = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(morning, QUIET_UNTIL, tzinfo=local.tzinfo)
