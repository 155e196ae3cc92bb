"""Property-based tests: random and hostile input to the look-up, the link exchange, sign-out and
the status actions never gives a 5xx or an ERROR log record, and never saves half a change.

Each example runs in a savepoint that is rolled back, so examples cannot see each other's data."""

import logging
from contextlib import contextmanager
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import AccessLink, Attachment, HistoryEntry, Item, Message, Report
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db

PROPERTIES = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "' OR '1'='1' --",
        "'; DROP TABLE reporting_report; --",
        "%s%(body)s{0}{{ report }}",
        "../../etc/passwd",
        "\u202ereversed\u200b",
        "😀" * 300,
        "x" * 20_000,
        "R-2026-000001",
        "r-2026-000001 ",
        "-1",
        "1e309",
        "NaN",
        "99999999999999999999",
        "items-0-kind",
        "bicycle",
    ]
)
TEXT = st.one_of(HOSTILE, st.text(max_size=300))
# One value, or the same field repeated.
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=2, max_size=4), st.integers().map(str))


def form_data(*names):
    """Any subset of the form's field names (and some it does not have), with any values."""
    keys = st.sampled_from([*names, "csrfmiddlewaretoken", "action", "extra", "items-TOTAL_FORMS"])
    return st.dictionaries(keys, VALUE, max_size=len(names) + 3)


@contextmanager
def rolled_back():
    """Run one example in a savepoint and undo it, and collect ERROR log records meanwhile."""
    records = []
    handler = logging.Handler(level=logging.ERROR)
    handler.emit = records.append
    logging.getLogger().addHandler(handler)
    try:
        with transaction.atomic():
            yield records
            transaction.set_rollback(True)
    finally:
        logging.getLogger().removeHandler(handler)


def _counts(report):
    return (
        Message.objects.filter(report=report).count(),
        Item.objects.filter(report=report).count(),
        Attachment.objects.filter(report=report).count(),
        HistoryEntry.objects.filter(report=report).count(),
        Report.objects.get(pk=report.pk).status,
    )


@pytest.fixture
def waiting():
    """A report the City asked a question about, and a browser let into it."""
    report, token = make_report()
    services.request_info(report, actor=make_staff(REPORT_TAKERS), body="Which rack?")
    client = Client()
    client.post(f"/report/status/link/{token}/")
    return report, client


@PROPERTIES
@given(data=form_data("reference", "email"))
def test_the_look_up_survives_any_input(data):
    with rolled_back() as errors:
        report, _token = make_report(narrative="Only on the status page.")
        links = AccessLink.objects.count()
        response = Client().post("/report/status/", data)

        assert response.status_code in (200, 429)
        assert errors == []
        # Nothing posted here names the report's email, so no link is made.
        assert AccessLink.objects.count() == links
        assert report.narrative not in response.content.decode()


@PROPERTIES
@given(token=TEXT.filter(bool), data=form_data("token"), method=st.sampled_from(["get", "post"]))
def test_the_link_exchange_survives_any_token(token, data, method):
    with rolled_back() as errors:
        _report, real_token = make_report()
        client = Client()
        response = getattr(client, method)(f"/report/status/link/{quote(token, safe='')}/", data)

        assert response.status_code in (404, 410, 429) or (token == real_token and response.status_code < 400)
        assert errors == []
        assert AccessLink.objects.usable().count() == 1


@PROPERTIES
@given(data=form_data("next"))
def test_sign_out_survives_any_input(data):
    with rolled_back() as errors:
        _report, token = make_report()
        client = Client()
        client.post(f"/report/status/link/{token}/")

        response = client.post("/report/status/sign-out/", data)

        assert response.status_code == 302
        assert errors == []


@PROPERTIES
@given(data=form_data("body"))
def test_an_answer_is_saved_whole_or_not_at_all(waiting, data):
    report, client = waiting
    messages, items, attachments, history, _status = _counts(report)
    with rolled_back() as errors:
        response = client.post(f"/report/status/{report.reference}/answer/", data)

        assert errors == []
        after = _counts(report)
        if response.status_code == 302:
            assert after == (messages + 1, items, attachments, history + 1, "submitted")
        else:
            assert response.status_code == 400
            assert after == (messages, items, attachments, history, "needs_info")


ITEM_FIELDS = [
    f"items-{index}-{name}"
    for index in range(2)
    for name in ("kind", "description", "brand", "model", "serial_number", "quantity", "value")
]


@PROPERTIES
@given(data=form_data("note", "items-INITIAL_FORMS", *ITEM_FIELDS))
def test_an_addition_is_saved_whole_or_not_at_all(waiting, data):
    report, client = waiting
    messages, items, attachments, history, status = _counts(report)
    with rolled_back() as errors:
        response = client.post(f"/report/status/{report.reference}/add/", data)

        assert errors == []
        after = _counts(report)
        if response.status_code == 302:
            added_history = after[3] - history
            assert added_history == 1
            assert after[0] - messages in (0, 1) and after[1] >= items
            assert after[4] == status
        else:
            assert response.status_code == 200
            assert after == (messages, items, attachments, history, status)


@PROPERTIES
@given(data=form_data("reason"))
def test_a_withdrawal_is_saved_whole_or_not_at_all(waiting, data):
    report, client = waiting
    before = _counts(report)
    with rolled_back() as errors:
        response = client.post(f"/report/status/{report.reference}/withdraw/", data)

        assert errors == []
        after = _counts(report)
        if response.status_code == 302:
            assert after[4] == "withdrawn"
            assert after[3] == before[3] + 1
            assert after[:3] == before[:3]
        else:
            assert response.status_code == 200
            assert after == before
