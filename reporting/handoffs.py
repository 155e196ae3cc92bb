"""Reports passed on to the agency a referral names, rather than the resident only being told to
call it and start again.

A referral whose destination has an address (`HandoffAddress`, which only Supervisors change)
sends that address a PDF packet of the report by email: the resident's words, the items, the list
of their files, their contact details and their consent. It is sent only when the resident agreed
on the form (`Report.handoff_consent`); without it nothing is sent and staff see why. A destination
without an address is as before: the resident is told whom to call.

The packet leaves only over an encrypted connection to the mail server (EMAIL_USE_TLS or
EMAIL_USE_SSL); otherwise its delivery fails at once, saying why. HANDOFFS_PLAIN_SMTP, which no
environment variable sets, lets the tests' local mail server take it in plain text.

Each delivery is a task queued with the referral and tried again while the mail server refuses it
(background/retries.py). Its row (`Handoff`) says queued, sent or failed, with the error, on the
report page and, for Supervisors, in the list of reports passed on, where a failed one can be sent
again; each sending is in the access records, like an export."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import TaskContext, task

from background.queue import enqueue_with_change
from background.retries import is_last_try
from core.translated import in_staff_language
from reporting import emails, pdf
from reporting.errors import NotPermitted
from reporting.models import AccessRecord, Handoff, HandoffAddress, Reason, Report
from reporting.pdf import CITY, HEADING, TITLE

Status = Handoff.Status
PLAIN_CONNECTION = gettext_lazy(
    "Not sent: reports are passed on only over an encrypted connection to the mail server, and the "
    "site's mail settings do not ask for one. Ask the site's administrators to turn on "
    "EMAIL_USE_TLS or EMAIL_USE_SSL, then send it again."
)


def planned(report: Report, reason: Reason, *, actor=None) -> Handoff | None:
    """The hand-off a referral of the report for this reason makes, unsaved: queued for the
    destination's address when the resident agreed, else held back; None when the destination has
    no address. The preview of the resident's email reads it too."""
    email = (
        HandoffAddress.objects.filter(destination=reason.destination).values_list("email", flat=True).first()
    )
    if not email:
        return None
    handoff = Handoff(report=report, reason=reason, destination=reason.destination, referred_by=actor)
    if report.handoff_consent:
        handoff.email = email
    else:
        handoff.status = Status.NO_CONSENT
    return handoff


def pass_on(report: Report, *, reason: Reason, actor) -> Handoff | None:
    """In the referral's transaction: save the hand-off it makes (`planned`), and queue the packet's
    delivery when the resident agreed."""
    handoff = planned(report, reason, actor=actor)
    if handoff is None:
        return None
    handoff.save()
    if handoff.passes_on:
        _queue(handoff, actor=actor)
    return handoff


def send_again(handoffs: QuerySet[Handoff], *, actor) -> int:
    """Queue these failed deliveries again, with all their tries; returns how many."""
    if not actor.has_perm("reporting.resend_handoff"):
        raise NotPermitted(_("You may not send reports to another agency."))
    with transaction.atomic():
        failed = list(handoffs.filter(status=Status.FAILED).select_for_update())
        for handoff in failed:
            handoff.status, handoff.attempts, handoff.error = Status.QUEUED, 0, ""
            handoff.save(update_fields=["status", "attempts", "error"])
            _queue(handoff, actor=actor)
    return len(failed)


def _queue(handoff: Handoff, *, actor) -> None:
    AccessRecord.objects.create(staff=actor, kind=AccessRecord.Kind.HANDOFF, report_id=handoff.report_id)
    enqueue_with_change(deliver, handoff.report_id, handoff.pk)


def change_address(address: HandoffAddress, *, email: str, actor) -> bool:
    """Set where a destination's reports are sent, and tell the other Supervisors; False when the
    address was already that."""
    if not actor.has_perm("reporting.change_handoffaddress"):
        raise NotPermitted(_("You may not change where reports are passed on."))
    with transaction.atomic():
        address = HandoffAddress.objects.select_for_update().get(pk=address.pk)
        if address.email == email:
            return False
        before, address.email = address.email, email
        address.save(update_fields=["email", "updated_at"])
        enqueue_with_change(
            emails.announce_handoff_address, address.pk, before=before, after=email, changed_by_id=actor.pk
        )
    return True


def mail_is_encrypted() -> bool:
    """Whether the email settings encrypt the connection to the mail server (or a test allows it plain)."""
    return bool(settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL or settings.HANDOFFS_PLAIN_SMTP)


@task(takes_context=True)
def deliver(context: TaskContext, report_id: int, handoff_id: int) -> bool:
    """Email the packet to the destination's address. A refusal by the mail server fails the task,
    to be tried again; the last try leaves the delivery failed. False when there is nothing to send
    (sent already, or gone with its report) or the connection would not be encrypted."""
    handoff = (
        Handoff.objects.select_related("report", "reason").filter(pk=handoff_id, status=Status.QUEUED).first()
    )
    if handoff is None:
        return False
    handoff.attempts += 1
    if not mail_is_encrypted():
        _failed(handoff, str(PLAIN_CONNECTION), last=True)
        return False
    try:
        _packet_email(handoff).send()
    except Exception as error:
        _failed(handoff, f"{type(error).__name__}: {error}", last=is_last_try(context.task_result))
        raise
    handoff.status, handoff.error, handoff.sent_at = Status.SENT, "", timezone.now()
    handoff.save(update_fields=["status", "error", "sent_at", "attempts"])
    return True


def _failed(handoff: Handoff, error: str, *, last: bool) -> None:
    # Until its last try a delivery stays queued, showing the error it will be tried again after.
    handoff.error = error
    handoff.status = Status.FAILED if last else Status.QUEUED
    handoff.save(update_fields=["status", "error", "attempts"])


def _packet_email(handoff: Handoff) -> EmailMessage:
    """The email to the agency: only the reference in its text, the report in the PDF attached."""
    report = handoff.report
    with in_staff_language():
        context = {"handoff": handoff, "report": report}
        subject = render_to_string("reporting/email/handoff_subject.txt", context).strip()
        body = render_to_string("reporting/email/handoff_body.txt", context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [handoff.email])
    message.attach(f"{report.reference}.pdf", packet_pdf(handoff), "application/pdf")
    return message


def packet_pdf(handoff: Handoff) -> bytes:
    """The report as the agency receives it, in the City's language (the resident's words as written)."""
    report = handoff.report
    with in_staff_language():
        made = pdf.moment(timezone.now())
        return pdf.build(
            _packet(handoff),
            title=_("Report %(reference)s") % {"reference": report.reference},
            language=settings.LANGUAGE_CODE,
            footer=lambda page: [
                report.reference,
                _("Sent %(date)s") % {"date": made},
                _("Page %(page)s") % {"page": page},
            ],
        )


def _packet(handoff: Handoff) -> list:
    report = handoff.report
    destination = handoff.get_destination_display()
    confirmed = [Report.HANDOFF_CONSENT_STATEMENT]
    if report.false_report_acknowledged:
        confirmed.append(Report.FALSE_REPORT_STATEMENT)
    return [
        pdf.text(_("City of Minneapolis"), CITY),
        pdf.text(_("Report passed on to %(destination)s") % {"destination": destination}, TITLE),
        pdf.text(
            _(
                "A resident filed this report with the City. City staff referred it to %(destination)s, "
                "and the resident agreed that the City may pass it on."
            )
            % {"destination": destination}
        ),
        pdf.facts(
            [
                (_("Reference number"), report.reference),
                (_("What happened"), report.get_kind_display()),
                (_("When"), pdf.when_it_happened(report)),
                (_("Where"), f"{report.address} ({report.get_place_type_display()})"),
                (_("Submitted"), pdf.moment(report.created_at)),
                (_("Referred"), pdf.moment(handoff.created_at)),
                (_("Why"), handoff.reason.label),
            ]
        ),
        pdf.text(_("The resident"), HEADING),
        pdf.facts(
            [
                (_("Name"), report.full_name),
                (_("Email address"), report.email or "—"),
                (_("Phone number"), report.phone_display or "—"),
                (_("Home address"), report.home_address or "—"),
                (_("Preferred language"), report.get_language_display()),
            ]
        ),
        pdf.text(_("Items"), HEADING),
        *pdf.items(report),
        pdf.text(capfirst(Report._meta.get_field("narrative").verbose_name), HEADING),
        pdf.text(report.narrative),
        pdf.text(_("Photos and documents"), HEADING),
        *_files(report),
        pdf.text(_("What the resident confirmed"), HEADING),
        *(pdf.text(f"“{statement}”") for statement in confirmed),
    ]


def _files(report: Report) -> list:
    """The list of the resident's files; the files stay with the City."""
    attachments = list(report.attachments.all())
    if not attachments:
        return [pdf.text(_("None."))]
    lines = [
        f"{attachment.original_name}, {filesizeformat(attachment.size)}, SHA-256 {attachment.sha256}"
        for attachment in attachments
    ]
    return [*(pdf.text(line) for line in lines), pdf.text(_("The files are not attached."))]
