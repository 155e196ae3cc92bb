"""The PIN a resident without an email address follows their report with, built like a bank's
one-time code: the City draws it (10 digits) at every intake; it is spent after
`ReportPin.WRONG_TRIES_LIMIT` wrong tries in all, from any number of clients; it expires
`PIN_DAYS_AFTER_END` days after the report reaches a final status, `PIN_MAX_DAYS` after it was
given, and at once when an emailed link or a new PIN replaces it. Staff give a new one only in
ways that reach the resident and nobody posing as them: a text or a call back to the number on
file, or in person. Every PIN given and every wrong try is recorded; wrong tries at many reports
within an hour raise a notice to the Supervisors.

With 10 wrong tries allowed per PIN, a PIN is guessed with a chance of at most 10 in 10^10,
however many clients try and for however long."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.roles import SUPERVISORS
from background.queue import enqueue_with_change
from core.models import RateLimit
from core.translated import in_staff_language
from reporting import emails, sms
from reporting.errors import ReportingError
from reporting.models import (
    AccessLink,
    HistoryEntry,
    PinIssue,
    Report,
    ReportPin,
    WrongPin,
    grouped_pin,
    new_pin,
)

Delivery = PinIssue.Delivery
# Wrong tries at this many different references within BURST_WINDOW tell the Supervisors (once
# per window): a resident mistypes their own reference, not twenty.
BURST_REFERENCES = 20
BURST_WINDOW = timedelta(hours=1)


class CannotGivePin(ReportingError):
    """The PIN cannot be given that way; the message says why, for the staff member."""


def _replace(report: Report, pin: str) -> None:
    """Keep the hash of the report's new PIN, replacing any before it and its count of wrong tries."""
    ReportPin.objects.update_or_create(
        report=report,
        defaults={"pin_hash": make_password(pin), "failures": 0, "created_at": timezone.now()},
    )


def store(report: Report, pin: str, delivery: str, issued_by=None) -> None:
    """Keep the report's new PIN and record who gave it and how; call inside the transaction
    that gives it."""
    _replace(report, pin)
    PinIssue.objects.create(report=report, delivery=delivery, issued_by=issued_by)


def deliveries(report: Report) -> list[str]:
    """The ways staff may give this report's resident a new PIN: none once it has an email
    address (emailed links open it) or no contact details left; a text only when a text backend
    is configured and may reach the number."""
    if report.email or report.anonymised_at:
        return []
    ways = [Delivery.IN_PERSON]
    if report.phone:
        ways.insert(0, Delivery.CALL_BACK)
        if sms.can_text(report.phone):
            ways.insert(0, Delivery.TEXT)
    return ways


def give_new_pin(report: Report, delivery: str, issued_by, *, first: bool = False) -> str | None:
    """Give the resident a new PIN, which ends the old one (`first` when the report was just
    taken and had none). For a call back or in person, the PIN to tell them; for a text, None:
    the worker draws the PIN when it sends the message, so it is never stored in the queue."""
    if delivery not in deliveries(report):
        raise CannotGivePin(_("This resident cannot be given a PIN that way."))
    with transaction.atomic():
        if delivery == Delivery.TEXT:
            PinIssue.objects.create(report=report, delivery=delivery, issued_by=issued_by)
            enqueue_with_change(text_new_pin, report.pk, first)
            return None
        pin = new_pin()
        store(report, pin, delivery, issued_by)
    return pin


@task()
def text_new_pin(report_id: int, first: bool = False) -> bool:
    """Draw a new PIN for the report and text it to the number on file."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None or not emails.texted(report):
        return False
    pin = new_pin()
    _replace(report, pin)
    sms.send(report.phone, emails.resident_text(report, "pin", pin=grouped_pin(pin), first=first))
    return True


def expired(held: ReportPin, now: datetime) -> bool:
    """Whether the PIN no longer opens its report, wrong tries aside."""
    if held.created_at <= now - timedelta(days=settings.PIN_MAX_DAYS):
        return True
    report = held.report
    if report.status in Report.FINAL_STATUSES:
        ended = (
            HistoryEntry.objects.filter(report=report, to_status=report.status)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if ended is not None and ended <= now - timedelta(days=settings.PIN_DAYS_AFTER_END):
            return True
    return AccessLink.objects.filter(report=report, created_at__gt=held.created_at).exists()


def open_with_pin(reference: str, pin: str, client: str) -> Report | None:
    """The report this reference and PIN open, or None: unknown reference, wrong PIN, or a PIN
    spent or expired. Every case hashes the PIN once, so the answer's timing does not tell a real
    reference from a made-up one. The PIN's row is locked while its count of wrong tries changes,
    so tries racing each other are all counted; a right PIN does not clear the count."""
    now = timezone.now()
    with transaction.atomic():
        held = (
            ReportPin.objects.select_for_update(of=("self",))
            .select_related("report")
            .filter(report__reference=reference)
            .first()
        )
        if held is None:
            make_password(pin)
            matched = False
        else:
            matched = check_password(pin, held.pin_hash)
            if matched:
                return None if held.is_spent or expired(held, now) else held.report
            if not held.is_spent:
                held.failures += 1
                held.save(update_fields=["failures"])
        WrongPin.objects.create(
            reference=reference, report=held.report if held else None, client=client, created_at=now
        )
        _tell_supervisors_of_a_burst(now)
    return None


def _tell_supervisors_of_a_burst(now: datetime) -> None:
    tried = WrongPin.objects.filter(created_at__gt=now - BURST_WINDOW).values("reference").distinct()
    if tried[BURST_REFERENCES - 1 : BURST_REFERENCES].exists():
        seconds = BURST_WINDOW.total_seconds()
        stamp = now.timestamp()
        window = datetime.fromtimestamp(stamp - stamp % seconds, tz=UTC)
        # The rate limits' shared counter: the first wrong try over the mark in a window tells.
        if RateLimit.hit("pin-burst-notice", window) == 1:
            enqueue_with_change(notify_supervisors_of_wrong_pins, now.isoformat())


@task()
def notify_supervisors_of_wrong_pins(since: str) -> int:
    """Email the Supervisors that PINs were tried at many reports; returns how many were told."""
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=SUPERVISORS)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    context = {
        "references": BURST_REFERENCES,
        "minutes": int(BURST_WINDOW.total_seconds() // 60),
        "url": emails.absolute_url("admin:reporting_wrongpin_changelist"),
    }
    with in_staff_language():
        subject = render_to_string("reporting/email/wrong_pins_subject.txt", context).strip()
        body = render_to_string("reporting/email/wrong_pins_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return len(recipients)
