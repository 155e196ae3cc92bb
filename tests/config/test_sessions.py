"""The session store: each save is one statement that does not wait for the disk, and sessions
still behave as Django's do."""

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.sessions import SessionStore
from tests.reporting.conftest import SCREENING_CLEAR, WHAT

# Outside a test transaction, as in a real request: the store only saves this way there.
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_session_is_stored_with_one_statement():
    session = SessionStore()
    session["draft"] = {"kind": "theft"}

    with CaptureQueriesContext(connection) as queries:
        session.save()

    assert [query["sql"].split()[0] for query in queries] == ["INSERT"]
    assert SessionStore(session.session_key)["draft"] == {"kind": "theft"}


def test_a_changed_session_is_saved_with_one_statement():
    session = SessionStore()
    session["step"] = 1
    session.save()
    session = SessionStore(session.session_key)
    session["step"] = 2

    with CaptureQueriesContext(connection) as queries:
        session.save()

    assert [query["sql"].split()[0] for query in queries] == ["UPDATE"]
    assert SessionStore(session.session_key)["step"] == 2


def test_only_the_session_write_skips_waiting_for_the_disk():
    session = SessionStore()
    session["step"] = 1
    session.save()

    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone() == ("on",)


def test_an_expired_or_unknown_session_reads_as_empty_and_gets_a_new_key():
    expired = SessionStore()
    expired["draft"] = "old"
    expired.set_expiry(-1)
    expired.save()

    for key in (expired.session_key, "u" * 32):
        session = SessionStore(key)
        assert dict(session.items()) == {}
        session["draft"] = "new"
        session.save()
        assert session.session_key != key


def test_a_key_already_taken_is_drawn_again(monkeypatch):
    taken = SessionStore()
    taken.save()
    keys = iter([taken.session_key, "k" * 32])
    monkeypatch.setattr(SessionStore, "_get_new_session_key", lambda self: next(keys))
    session = SessionStore()
    session["mine"] = True

    session.save()

    assert session.session_key == "k" * 32
    assert SessionStore("k" * 32)["mine"] is True
    assert "mine" not in SessionStore(taken.session_key)


def test_saving_a_session_deleted_meanwhile_is_an_update_error():
    session = SessionStore()
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()
    session["late"] = True

    with pytest.raises(UpdateError):
        session.save()


def test_a_resident_keeps_their_answers_between_steps(client):
    client.post("/report/screening/", SCREENING_CLEAR)
    client.post("/report/new/what/", {**WHAT, "action": "next"})

    page = client.get("/report/new/what/").content.decode()

    assert WHAT["address"] in page
    assert Session.objects.count() == 1
