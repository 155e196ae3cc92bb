"""Reports passed on to the agency a referral names: the packet reaches a real mail server when the
destination has an address and the resident agreed; a refusing mail server is tried again and the
failure shows on the report page; nothing leaves without consent or over a plain connection; only
Supervisors set the addresses, each change kept and announced."""

import datetime

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from accounts.roles import SUPERVISORS, sync_roles
from harness.answers import ABOUT
from harness.servers import free_port
from reporting import handoffs, services, sms
from reporting.models import AccessRecord, Handoff, HandoffAddress, Report
from reporting.models.handoffs import ADDRESSABLE
from tests.config.test_tasks import DATABASE_TASKS, run_worker
from tests.factories import make_reason, make_report, make_staff
from tests.reporting.conftest import fill_in_every_step
from tests.reporting.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

MPD_INBOX = "reports@mpd.example.org"
ITEM = {"kind": "bicycle", "description": "Blue road bike", "serial_number": "WTU123", "quantity": 1}


@pytest.fixture(autouse=True)
def _roles_and_destinations(db):
    # Another transactional test's flush may have removed what the migrations made.
    sync_roles(apps)
    for destination in ADDRESSABLE:
        HandoffAddress.objects.get_or_create(destination=destination)


def address_list_url() -> str:
    return reverse("admin:reporting_handoffaddress_changelist")


def address_url(destination: str) -> str:
    address = HandoffAddress.objects.get(destination=destination)
    return reverse("admin:reporting_handoffaddress_change", args=[address.pk])


def mpd_takes_reports_at(email: str = MPD_INBOX) -> None:
    HandoffAddress.objects.filter(destination="mpd").update(email=email)


def referred_to_mpd(report: Report, taker) -> Report:
    return services.refer(report, actor=taker, reason=make_reason(destination="mpd", label="Belongs to MPD"))


@pytest.fixture
def handoff_smtp(mail_server, settings):
    """The local mail server, accepting; plain SMTP allowed by name, as only tests may."""
    mail_server.refusing = False
    settings.HANDOFFS_PLAIN_SMTP = True
    settings.TASKS = DATABASE_TASKS
    return mail_server


def sent_to(server, address: str) -> list:
    return [message for message in server.received if message["To"] == address]


@pytest.mark.django_db(transaction=True)
def test_a_referral_to_a_destination_with_an_address_delivers_the_report_as_a_pdf(handoff_smtp):
    mpd_takes_reports_at()
    taker = make_staff("Report takers")
    narrative = "Cut the lock at the library rack."
    report, _token = make_report(
        items=[ITEM], handoff_consent=True, phone="+16125550100", narrative=narrative
    )

    referred_to_mpd(report, taker)
    run_worker()

    [packet] = sent_to(handoff_smtp, MPD_INBOX)
    assert report.reference in packet["Subject"]
    assert "Alex Resident" not in packet.get_payload(0).get_payload(decode=True).decode()
    [attachment] = [part for part in packet.walk() if part.get_content_type() == "application/pdf"]
    assert attachment.get_filename() == f"{report.reference}.pdf"
    text = pdf_text(attachment.get_payload(decode=True))
    for expected in (
        "Report passed on to Minneapolis Police Department",
        report.reference,
        narrative,
        "Blue road bike",
        "WTU123",
        "Alex Resident",
        "alex@example.org",
        "(612) 555-0100",
        str(Report.HANDOFF_CONSENT_STATEMENT),
        "Belongs to MPD",
    ):
        assert expected in text
    handoff = Handoff.objects.get()
    assert (handoff.status, handoff.email, handoff.attempts, handoff.error) == ("sent", MPD_INBOX, 1, "")
    assert handoff.sent_at is not None
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.HANDOFF, report=report, staff=taker).exists()
    _submitted, referred = sent_to(handoff_smtp, report.email)
    told_text = referred.get_payload(decode=True).decode()
    assert "As you agreed, we are passing your report on to Minneapolis Police Department" in told_text


@pytest.mark.django_db(transaction=True)
def test_a_refused_delivery_is_tried_again_then_shows_as_failed_on_the_report_page(settings, supervisor):
    settings.TASKS = DATABASE_TASKS
    settings.TASKS_MAX_ATTEMPTS = 2
    settings.HANDOFFS_PLAIN_SMTP = True
    # EMAIL_URL pointing at a local port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    mpd_takes_reports_at()
    report, _token = make_report(handoff_consent=True)
    referred_to_mpd(report, supervisor.user)

    run_worker()
    handoff = Handoff.objects.get()
    assert (handoff.status, handoff.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in handoff.error
    task = DBTaskResult.objects.get(task_path="reporting.handoffs.deliver")
    with time_machine.travel(task.run_after + datetime.timedelta(seconds=1)):
        run_worker()

    handoff.refresh_from_db()
    assert (handoff.status, handoff.attempts) == ("failed", 2)
    assert "ConnectionRefusedError" in handoff.error
    page = supervisor.get(reverse("admin:reporting_report_change", args=[report.pk])).content.decode()
    assert "Passed on to Minneapolis Police Department" in page
    assert "Failed" in page and "Tried 2 times: ConnectionRefusedError" in page
    failed_list = supervisor.get(reverse("admin:reporting_handoff_changelist") + "?status__exact=failed")
    assert report.reference in failed_list.content.decode()


def test_a_supervisor_sends_a_failed_delivery_again(supervisor, django_capture_on_commit_callbacks):
    mpd_takes_reports_at()
    report, _token = make_report(handoff_consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        referred_to_mpd(report, supervisor.user)
    # The tests' email backend is not encrypted and plain SMTP is not allowed: refused at once.
    handoff = Handoff.objects.get()
    assert (handoff.status, handoff.error) == ("failed", str(handoffs.PLAIN_CONNECTION))
    assert [message.to for message in mail.outbox] == [[report.email]]

    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(
            reverse("admin:reporting_handoff_changelist"),
            {"action": "send_again", "_selected_action": [handoff.pk]},
        )

    assert response.status_code == 302
    handoff.refresh_from_db()
    assert (handoff.status, handoff.attempts) == ("failed", 1)
    assert AccessRecord.objects.filter(kind=AccessRecord.Kind.HANDOFF, staff=supervisor.user).count() == 2


@pytest.mark.parametrize("role", ["report_taker", "opi_staff"])
def test_only_supervisors_see_the_list_of_reports_passed_on(role, request):
    client = request.getfixturevalue(role)

    assert client.get(reverse("admin:reporting_handoff_changelist")).status_code == 403


def test_without_consent_nothing_is_passed_on_and_staff_see_why(
    report_taker, django_capture_on_commit_callbacks
):
    mpd_takes_reports_at()
    report, _token = make_report(handoff_consent=False)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referred_to_mpd(report, report_taker.user)

    handoff = Handoff.objects.get()
    assert (handoff.status, handoff.email) == ("no_consent", "")
    assert not AccessRecord.objects.filter(kind=AccessRecord.Kind.HANDOFF).exists()
    assert [message.to for message in mail.outbox] == [[report.email]]
    assert "passing your report on" not in mail.outbox[0].body
    page = report_taker.get(reverse("admin:reporting_report_change", args=[report.pk])).content.decode()
    assert "No consent: the resident was told whom to call." in page


def test_a_destination_without_an_address_passes_nothing_on(django_capture_on_commit_callbacks):
    report, _token = make_report(handoff_consent=True)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referred_to_mpd(report, make_staff("Report takers"))

    assert not Handoff.objects.exists()
    [told] = mail.outbox
    assert "needs to be handled by Minneapolis Police Department" in told.body
    assert "passing your report on" not in told.body


def test_the_text_to_a_resident_without_email_names_who_it_was_passed_to(django_capture_on_commit_callbacks):
    mpd_takes_reports_at()
    report, _token = make_report(email="", phone="+16125550100", follow_up="phone", handoff_consent=True)
    sms.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        referred_to_mpd(report, make_staff("Report takers"))

    _number, text = sms.outbox[-1]
    assert "we are passing your report on to Minneapolis Police Department" in text


# Consent on the form


def test_the_resident_agrees_on_the_about_you_step_and_sees_it_on_the_review(screened):
    fill_in_every_step(screened, about={**ABOUT, "handoff_consent": "on"})

    review = screened.get("/report/new/review/").content.decode()
    assert "The City may pass your report on to them." in review
    screened.post("/report/new/review/", {"acknowledge": "on"})
    assert Report.objects.get().handoff_consent is True


def test_consent_is_unticked_unless_the_resident_ticks_it(screened):
    about = screened.get("/report/new/about/").content.decode()
    assert 'name="handoff_consent"' in about
    assert "checked" not in about.split('name="handoff_consent"')[1].split(">")[0]
    fill_in_every_step(screened)

    review = screened.get("/report/new/review/").content.decode()
    assert "the City does not pass your report on" in review
    screened.post("/report/new/review/", {"acknowledge": "on"})
    assert Report.objects.get().handoff_consent is False


# Where each destination's reports go: Supervisors only, each change kept and announced


def test_a_supervisor_sets_an_address_and_the_other_supervisors_are_told(
    supervisor, django_capture_on_commit_callbacks
):
    other = make_staff(SUPERVISORS, email="other.supervisor@city.example")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = supervisor.post(address_url("mpd"), {"email": MPD_INBOX})

    assert response.status_code == 302
    assert HandoffAddress.objects.get(destination="mpd").email == MPD_INBOX
    [announcement] = mail.outbox
    assert announcement.to == [other.email]
    assert "Minneapolis Police Department" in announcement.subject
    assert MPD_INBOX in announcement.body
    assert "no address (residents were told whom to call)" in announcement.body
    event = HandoffAddress.pgh_event_model.objects.filter(email=MPD_INBOX).get()
    assert event.pgh_context.metadata["username"] == supervisor.user.username


def test_an_unchanged_address_announces_nothing(supervisor, django_capture_on_commit_callbacks):
    make_staff(SUPERVISORS)
    with django_capture_on_commit_callbacks(execute=True):
        supervisor.post(address_url("311"), {"email": ""})

    assert mail.outbox == []


@pytest.mark.parametrize("role", ["report_taker", "opi_staff"])
def test_report_takers_and_opi_staff_neither_see_nor_change_the_addresses(role, request):
    client = request.getfixturevalue(role)

    assert client.get(address_list_url()).status_code == 403
    assert client.post(address_url("mpd"), {"email": "elsewhere@example.org"}).status_code == 403
    assert HandoffAddress.objects.get(destination="mpd").email == ""


def test_the_service_refuses_anyone_but_a_supervisor():
    address = HandoffAddress.objects.get(destination="mpd")

    with pytest.raises(services.NotPermitted):
        handoffs.change_address(address, email="elsewhere@example.org", actor=make_staff("Report takers"))
    assert HandoffAddress.objects.get(destination="mpd").email == ""


def test_visitors_are_sent_to_sign_in(anonymous):
    response = anonymous.get(address_list_url())

    assert response.status_code == 302
