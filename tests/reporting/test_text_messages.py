"""Text messages: a resident who gave a phone number and no email address gets the same short
news an email would carry, through the backend SMS_BACKEND names; nothing in it names or
locates anyone. Without a backend, nothing is sent by text."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import services, sms
from tests.factories import make_reason, make_report, make_staff

pytestmark = pytest.mark.django_db

PHONE_ONLY = {"email": "", "phone": "+16125550123", "pin": "2749130586", "full_name": "Sam Secretname"}


@pytest.fixture
def outbox():
    sms.outbox.clear()
    return sms.outbox


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the workflow's after-commit sending, as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def staff(db):
    return make_staff(REPORT_TAKERS)


def _assert_nothing_personal(body: str) -> None:
    for personal in ["Sam", "Secretname", "350 S 5th St", "bike", "1 Hidden Lane"]:
        assert personal not in body


def test_a_phone_only_resident_gets_a_text_when_their_report_is_received(outbox, sent):
    with sent():
        report, _token = make_report(**PHONE_ONLY)

    [(number, body)] = outbox
    assert number == "+16125550123"
    assert report.reference in body
    assert "http://127.0.0.1:8000/report/status/" in body
    assert "PIN" in body
    _assert_nothing_personal(body)


def test_every_message_from_the_city_is_announced_without_its_words(outbox, sent, staff):
    with sent():
        report, _token = make_report(**PHONE_ONLY)
        services.send_message(report, actor=staff, body="Your neighbour Sam saw the thief.")
        services.request_info(report, actor=staff, body="Which rack at 350 S 5th St?")
        services.schedule_visit(
            report,
            actor=staff,
            date=timezone.localdate() + datetime.timedelta(days=2),
            window_start=datetime.time(9),
            window_end=datetime.time(11),
            staff=staff,
            place="1 Hidden Lane",
        )

    bodies = [body for _number, body in outbox]
    assert len(bodies) == 4
    assert "wrote to you about your report" in bodies[1]
    assert "We need more information about your report" in bodies[2]
    assert "A visit about your report" in bodies[3] and "will come to your home" in bodies[3]
    for body in bodies:
        assert report.reference in body
        assert "thief" not in body and "rack" not in body
        _assert_nothing_personal(body)


def test_the_decision_texts_carry_the_case_number_or_where_to_go(outbox, sent, staff):
    accepted, _token = make_report(**PHONE_ONLY)
    referred, _token = make_report(**PHONE_ONLY)
    declined, _token = make_report(**PHONE_ONLY)

    with sent():
        accepted = services.accept(accepted, actor=staff)
        services.refer(referred, actor=staff, reason=make_reason(destination="311"))
        services.decline(declined, actor=staff, reason=make_reason(action="decline"), note="Sam knows why")

    accept_text, refer_text, decline_text = (body for _number, body in outbox)
    assert accepted.case_number in accept_text
    assert "311" in refer_text
    assert declined.reference in decline_text
    assert "Sam" not in decline_text


def test_the_text_is_in_the_language_the_resident_chose(outbox, sent):
    with sent():
        make_report(**PHONE_ONLY, language="es")

    [(_number, body)] = outbox
    assert "Vea su informe con su número de referencia y su PIN" in body


def test_a_resident_with_an_email_gets_email_and_no_text(outbox, sent, mailoutbox):
    with sent():
        make_report(phone="+16125550123")

    assert outbox == []
    assert len(mailoutbox) == 1


def test_nothing_is_sent_by_text_without_a_backend(outbox, sent, settings):
    settings.SMS_BACKEND = ""

    with sent():
        make_report(**PHONE_ONLY)

    assert outbox == []


def test_development_prints_each_text_instead_of_sending_it(capsys, sent, settings):
    settings.SMS_BACKEND = "reporting.sms.ConsoleBackend"

    with sent():
        report, _token = make_report(**PHONE_ONLY)

    printed = capsys.readouterr().out
    assert "SMS to +16125550123" in printed
    assert report.reference in printed


@pytest.mark.parametrize("abroad", ["+18765550123", "+14165550123", "+447400123456"])
def test_texts_go_to_us_numbers_only_not_to_the_caribbean_canada_or_overseas(outbox, sent, abroad):
    with sent():
        make_report(**{**PHONE_ONLY, "phone": abroad})
        make_report(**PHONE_ONLY)

    assert [number for number, _body in outbox] == ["+16125550123"]


def test_a_setting_lets_texts_go_to_another_country(outbox, sent, settings):
    settings.SMS_COUNTRIES = ["US", "CA"]

    with sent():
        make_report(**{**PHONE_ONLY, "phone": "+14165550123"})

    assert [number for number, _body in outbox] == ["+14165550123"]
