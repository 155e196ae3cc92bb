"""Who may see a resident's report: only a browser that submitted it or spent a single-use link
emailed to the address on it. A reference number and an email address are not a secret."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.roles import REPORT_TAKERS
from reporting import services
from reporting.models import AccessLink
from tests.factories import make_reason, make_report, make_staff
from tests.publicsite.conftest import assert_valid_html
from tests.reporting.conftest import SCREENING_CLEAR, fill_in_every_step

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+(/report/status/link/[^/\s]+/)")


@pytest.fixture
def filed():
    return make_report(email="Alex@Example.org")


def _look_up(client, reference, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post("/report/status/", {"reference": reference, "email": email})


def _emailed_link(email) -> str:
    return LINK.search(email.body).group(1)


def resident_after_screening(client):
    client.post("/report/screening/", SCREENING_CLEAR)
    return client


def _without_csrf_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_a_matching_reference_and_email_do_not_open_the_report(
    resident, filed, django_capture_on_commit_callbacks
):
    report, _token = filed
    mail.outbox.clear()

    response = _look_up(
        resident, report.reference.lower(), "alex@EXAMPLE.org", django_capture_on_commit_callbacks
    )

    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"
    [email] = mail.outbox
    assert email.to == ["Alex@Example.org"]
    assert "/report/status/link/" in email.body


def test_a_look_up_answers_the_same_whether_or_not_anything_matched(
    filed, django_capture_on_commit_callbacks
):
    report, _token = filed
    mail.outbox.clear()

    matched = _look_up(Client(), report.reference, "alex@example.org", django_capture_on_commit_callbacks)
    wrong_email = _look_up(
        Client(), report.reference, "someone@example.org", django_capture_on_commit_callbacks
    )
    unknown = _look_up(Client(), "R-2026-999999", "someone@example.org", django_capture_on_commit_callbacks)

    assert matched.status_code == wrong_email.status_code == unknown.status_code == 200
    pages = {_without_csrf_token(response.content.decode()) for response in (matched, wrong_email, unknown)}
    assert len(pages) == 1
    assert len(mail.outbox) == 1


def test_the_look_up_email_and_the_submission_email_carry_nothing_the_resident_typed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        report, _token = make_report(full_name="Alex <b>Resident</b>", narrative="Bike gone.")
    _look_up(Client(), report.reference, "alex@example.org", django_capture_on_commit_callbacks)

    submitted, looked_up = mail.outbox
    for email in (submitted, looked_up):
        assert "Alex" not in email.body and "Resident" not in email.body
        assert "Bike gone." not in email.body
        assert report.reference in email.subject


def test_opening_an_emailed_link_asks_first_and_grants_nothing(resident, filed):
    report, token = filed

    response = resident.get(f"/report/status/link/{token}/")

    assert response.status_code == 200
    assert "Open my report" in response.content.decode()
    assert report.reference not in response.content.decode()
    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"
    assert AccessLink.objects.get().used_at is None


def test_confirming_a_link_opens_the_report_on_this_browser_only_once(resident, filed):
    report, token = filed
    before = resident.cookies["sessionid"].value if "sessionid" in resident.cookies else None

    response = resident.post(f"/report/status/link/{token}/")

    assert response.url == f"/report/status/{report.reference}/"
    assert resident.cookies["sessionid"].value != before
    assert "Status: Submitted" in resident.get(response.url).content.decode()
    assert AccessLink.objects.get().used_at is not None

    again = Client().post(f"/report/status/link/{token}/")
    assert again.status_code == 410
    assert "This link no longer works" in again.content.decode()
    assert Client().get(f"/report/status/link/{token}/").status_code == 410


def test_the_key_of_a_session_that_had_one_changes_when_a_link_is_spent(resident, filed):
    _report, token = filed
    resident_after_screening(resident)
    session_before = resident.session.session_key
    assert session_before

    resident.post(f"/report/status/link/{token}/")

    assert resident.session.session_key != session_before


def test_a_link_cannot_be_spent_without_the_forms_csrf_token(filed):
    _report, token = filed
    client = Client(enforce_csrf_checks=True)

    assert client.post(f"/report/status/link/{token}/").status_code == 403
    assert AccessLink.objects.get().used_at is None


def test_a_look_up_link_works_for_30_minutes(resident, filed, django_capture_on_commit_callbacks):
    report, _token = filed
    _look_up(resident, report.reference, "alex@example.org", django_capture_on_commit_callbacks)
    path = _emailed_link(mail.outbox[-1])
    link = AccessLink.objects.latest("created_at")
    assert link.expires_at - link.created_at == timedelta(minutes=30)

    AccessLink.objects.filter(pk=link.pk).update(
        created_at=timezone.now() - timedelta(minutes=31), expires_at=timezone.now() - timedelta(minutes=1)
    )

    assert resident.get(path).status_code == 410
    assert resident.post(path).status_code == 410
    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"


def test_the_submission_link_works_for_7_days():
    _report, _token = make_report()

    link = AccessLink.objects.get()
    assert link.expires_at - link.created_at == timedelta(days=7)


def test_an_unknown_link_says_so_and_offers_the_look_up(resident):
    response = resident.get("/report/status/link/not-a-token/")

    html = response.content.decode()
    assert response.status_code == 410
    assert "This link no longer works" in html
    assert 'href="/report/status/"' in html


def test_a_resident_signs_out_of_their_reports_on_this_browser(resident, filed):
    report, token = filed
    resident.post(f"/report/status/link/{token}/")
    key_before = resident.session.session_key

    response = resident.post("/report/status/sign-out/", follow=True)

    assert "You are signed out of your reports on this browser." in response.content.decode()
    assert resident.session.session_key != key_before
    assert resident.get(f"/report/status/{report.reference}/").url == "/report/status/"


def test_signing_out_keeps_a_report_being_written(resident, filed):
    _report, token = filed
    resident.post(f"/report/status/link/{token}/")
    fill_in_every_step(resident_after_screening(resident))

    resident.post("/report/status/sign-out/")

    assert resident.get("/report/new/review/").status_code == 200


def test_the_browser_that_submitted_keeps_access_under_a_new_session_key(resident):
    fill_in_every_step(resident_after_screening(resident))
    key_before = resident.session.session_key

    response = resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    assert response.status_code == 200
    assert resident.session.session_key != key_before
    reference = resident.session["reporting_done"]
    assert "Status: Submitted" in resident.get(f"/report/status/{reference}/").content.decode()


def test_pages_with_a_residents_data_are_never_cached(resident, filed):
    report, token = filed
    confirm = resident.get(f"/report/status/link/{token}/")
    resident.post(f"/report/status/link/{token}/")
    responses = [
        confirm,
        resident.get(f"/report/status/{report.reference}/"),
        resident.get(f"/report/status/{report.reference}/add/"),
        resident.get(f"/report/status/{report.reference}/withdraw/"),
        resident.post(f"/report/status/{report.reference}/answer/", {"body": ""}),
    ]

    for response in responses:
        assert "no-store" in response.headers["Cache-Control"], response.request["PATH_INFO"]


def test_the_done_page_is_never_cached(resident):
    fill_in_every_step(resident_after_screening(resident))

    response = resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True)

    assert response.request["PATH_INFO"] == "/report/done/"
    assert "no-store" in response.headers["Cache-Control"]


def test_no_email_to_a_resident_repeats_the_name_they_typed(django_capture_on_commit_callbacks):
    name = "Your account is locked: call 555-0100"
    taker = make_staff(REPORT_TAKERS)
    with django_capture_on_commit_callbacks(execute=True):
        first, _token = make_report(full_name=name)
        services.request_info(first, actor=taker, body="Which rack?")
        services.send_message(first, actor=taker, body="Thanks.")
        services.accept(first, actor=taker)
        second, _token = make_report(full_name=name)
        services.refer(second, actor=taker, reason=make_reason())
        third, _token = make_report(full_name=name)
        services.decline(third, actor=taker, reason=make_reason(action="decline"))

    to_residents = [email for email in mail.outbox if email.to == ["alex@example.org"]]
    assert len(to_residents) == 8
    assert all("Hello," in email.body for email in to_residents)
    # Nor does the report takers' notice of each new report.
    for email in mail.outbox:
        assert name not in email.body


def test_the_access_pages_are_valid_html(resident, filed, django_capture_on_commit_callbacks):
    report, token = filed
    pages = [
        resident.get(f"/report/status/link/{token}/"),
        resident.get("/report/status/link/unknown/"),
        _look_up(resident, report.reference, "alex@example.org", django_capture_on_commit_callbacks),
        resident.post(
            "/report/status/",
            "email=" + "a" * (1024 * 1024),
            content_type="application/x-www-form-urlencoded",
        ),
    ]
    resident.post(f"/report/status/link/{token}/")
    pages.append(resident.get(f"/report/status/{report.reference}/"))

    for page in pages:
        assert_valid_html(page)


def test_the_pages_say_how_long_links_work_in_the_readers_language(resident):
    assert "dentro de 30 minutos" in resident.get("/es/report/status/").content.decode()
    fill_in_every_step(resident_after_screening(resident))

    done = resident.post("/report/new/review/", {"acknowledge": "on"}, follow=True).content.decode()

    assert "within 7 days" in done
