"""Structured logs: one JSON object per line, a request id on every line, no personal data."""

import io
import json
import logging

import pytest
from django.core import mail
from django.test import Client

from core.logs import JsonFormatter, RequestContextFilter
from harness.answers import ABOUT, SCREENING_CLEAR
from reporting import emails
from tests.reporting.conftest import fill_in_every_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """Everything logged at INFO and above, formatted as production writes it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestContextFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(previous_level)


def test_every_request_gets_an_id_in_a_header_and_one_line_with_status_and_duration(client, log_lines):
    response = client.get("/report/?utm_source=alex@example.org")

    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    [line] = [entry for entry in log_lines() if entry["logger"] == "config.requests"]
    assert line["request_id"] == request_id
    assert (line["method"], line["path"], line["status"]) == ("GET", "/report/", 200)
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")
    assert 0 <= line["duration"] < 30
    assert "alex@example.org" not in json.dumps(log_lines())


def test_every_line_of_a_request_carries_its_id(client, log_lines):
    response = client.get("/no-such-page/")

    lines = log_lines()
    assert {entry["logger"] for entry in lines} == {"django.request", "config.requests"}
    assert {entry["request_id"] for entry in lines} == {response["X-Request-ID"]}


@pytest.mark.parametrize(
    "incoming, kept",
    [
        ("lb-7f3a9c2e41d0", True),
        ("a" * 64, True),
        ("short", False),
        ("a" * 65, False),
        ('x"}\n{"level": "ERROR"', False),
        ("alex@example.org", False),
    ],
)
def test_an_incoming_request_id_is_kept_only_when_it_is_a_short_plain_token(client, incoming, kept):
    response = client.get("/report/", headers={"X-Request-ID": incoming})

    assert (response["X-Request-ID"] == incoming) is kept
    assert len(response["X-Request-ID"]) >= 8


def test_an_emailed_links_token_is_not_logged(client, log_lines):
    client.get("/report/status/link/secret-token-value-0123456789/")

    text = json.dumps(log_lines())
    assert "secret-token-value" not in text
    assert "/report/status/link/<token>/" in text


@pytest.mark.parametrize(
    "path",
    [
        "/report/status/link/secret-token-value-0123456789",  # redirected to add the slash
        "/so/report/status/link/secret-token-value-0123456789",
        "/hmn/report/status/link/secret-token-value-0123456789/",
    ],
)
def test_an_emailed_links_token_is_not_logged_when_the_link_is_redirected_either(client, log_lines, path):
    client.get(path)

    text = json.dumps(log_lines())
    assert "secret-token-value" not in text
    assert "/report/status/link/<token>" in text


def test_a_submitted_reports_name_and_email_never_reach_the_log(
    resident, log_lines, django_capture_on_commit_callbacks
):
    resident.post("/report/screening/", SCREENING_CLEAR)
    fill_in_every_step(
        resident, about={**ABOUT, "full_name": "Quillon Zebedee", "email": "quillon@example.net"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True)
    resident.post("/report/status/", {"reference": "R-2026-999999", "email": "quillon@example.net"})

    assert response.status_code == 200 and len(mail.outbox) == 1
    text = json.dumps(log_lines())
    assert log_lines(), "the requests were logged"
    for personal in ("Quillon", "Zebedee", "quillon@example.net"):
        assert personal not in text


def test_the_500_page_names_the_request_for_support(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(emails, "link_lifetimes", broken)
    client = Client(raise_request_exception=False)

    response = client.get("/report/status/")

    assert response.status_code == 500
    assert response["X-Request-ID"] in response.content.decode()


@pytest.mark.process
def test_production_writes_json_and_development_readable_lines():
    from tests.config.test_security import PRODUCTION_ENV, run_with

    code = "from django.conf import settings; print(settings.LOGGING['handlers']['console']['formatter'])"
    production = run_with(PRODUCTION_ENV, "-c", f"import django; django.setup(); {code}")
    development = run_with({"DJANGO_DEBUG": "true"}, "-c", f"import django; django.setup(); {code}")

    assert production.stdout.strip() == "json", production.stderr
    assert development.stdout.strip() == "text", development.stderr
