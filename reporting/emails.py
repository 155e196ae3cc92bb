"""Emails to residents and to staff: what each one says, and sending it.

Each one sent is a task (django-tasks) that the services queue in the transaction of the change it
tells of, so the worker sends it once that commits: no request waits for the mail server, a report
is saved whether or not mail is up, and the worker tries again later when the mail server refuses
(background/retries.py). A task names the report
and the rows the email quotes (a message, a reason, a visit), never their text, so the queue holds
no more personal data than it must, and an emailed link is made only when its email is sent: its
token is never stored, not even in the queue.

An email about a visit carries the visit's calendar file (`reporting.calendar`); a text message,
which cannot, carries a single-use link to it instead.
"""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from accounts.roles import REPORT_TAKERS, SUPERVISORS
from core import ratelimit
from core.translated import in_staff_language
from reporting import calendar, corrections, sms
from reporting.models import (
    CALENDAR_LINK_LIFETIME,
    AccessLink,
    CalendarLink,
    Handoff,
    HandoffAddress,
    Message,
    Reason,
    Report,
    SingleUseLink,
    Visit,
    hash_token,
)
from surveys import services as survey_services
from surveys.models import Survey

# How long an emailed access link works. Each works once. The submission email's link lives long
# enough to be found in the inbox days later; a link asked for through the look-up is used at once.
SUBMITTED_LINK_LIFETIME = timedelta(days=7)
LOOKUP_LINK_LIFETIME = timedelta(minutes=30)
# The emails that carry a fresh link to the report, and how long it works.
LINKS = {"submitted": SUBMITTED_LINK_LIFETIME, "access_link": LOOKUP_LINK_LIFETIME}
# The emails and texts that tell of a final decision, and offer the residents' survey.
SURVEYED = ("refer", "decline", "closed", "closed_no_answer")
# Messages that give a visit's time, and are not sent once the visit has changed (see tell_resident).
STALE_ONCE_CHANGED = ("visit", "visit_moved", "visit_reminder")


def absolute_url(name: str, **kwargs) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs)


def link_lifetimes() -> dict:
    """How long each emailed link works, for the pages and emails that tell the resident."""
    return {
        "link_days": SUBMITTED_LINK_LIFETIME.days,
        "link_minutes": int(LOOKUP_LINK_LIFETIME.total_seconds() // 60),
    }


def _new_link(model: type[SingleUseLink], lifetime: timedelta, **row) -> str:
    """A new single-use link of this kind; returns its token, of which only the hash is kept."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    model.objects.create(token_hash=hash_token(token), created_at=now, expires_at=now + lifetime, **row)
    return token


def new_access_link(report: Report, lifetime: timedelta) -> str:
    """A new single-use link to the report; returns its token."""
    return _new_link(AccessLink, lifetime, report=report)


def new_calendar_link(visit: Visit) -> str:
    """A new single-use link to the visit's calendar file, for a text message; returns its token."""
    return _new_link(CalendarLink, CALENDAR_LINK_LIFETIME, visit=visit)


def survey_token(report: Report) -> str | None:
    """A link token to the residents' survey for a report at a final decision, while the survey is
    open and the report's one invitation is unused; None otherwise. A new token replaces the one
    sent before, so the report's invitation stays its only way in."""
    survey = Survey.objects.for_residents().open().first()
    if survey is None:
        return None
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status not in Report.SURVEYED_STATUSES:
            return None
        invitation = report.survey_invitation
        if invitation is None:
            invitation, token = survey_services.new_invitation(survey)
            report.survey_invitation = invitation
            # Not updated_at: the report did not change for staff.
            report.save(update_fields=["survey_invitation"])
            return token
        if invitation.is_used or invitation.survey_id != survey.pk:
            return None
        return survey_services.renew(invitation)


def resident_email(report: Report, template: str, **context) -> tuple[str, str]:
    """The subject and body of an email to the resident, in the language they chose."""
    with translation.override(report.language):
        context = {"report": report, "lookup_url": absolute_url("reporting:lookup"), **context}
        subject = render_to_string(f"reporting/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reporting/email/{template}_body.txt", context)
    return subject, body


def resident_text(report: Report, template: str, **context) -> str:
    """The text message of the same news, in the resident's language: short, and with nothing in
    it that names or locates anyone, since a phone's lock screen shows it."""
    with translation.override(report.language):
        context = {"report": report, "lookup_url": absolute_url("reporting:lookup"), **context}
        return " ".join(render_to_string(f"reporting/sms/{template}.txt", context).split())


def texted(report: Report) -> bool:
    """Whether the resident is told by text message: they gave a phone number and no email
    address, a text backend is configured and texts may go to that number."""
    return not report.email and bool(report.phone) and sms.can_text(report.phone)


@task()
def tell_resident(
    report_id: int,
    template: str,
    *,
    message_id: int | None = None,
    reason_id: int | None = None,
    handoff_id: int | None = None,
    visit_id: int | None = None,
    deadline: str | None = None,
    corrected_at: str | None = None,
) -> bool:
    """Send one email to the resident, or, when they gave only a phone number, the text message
    with the same news if a text backend is configured (`reporting.sms`); about a visit, the email
    carries its calendar file and the text a link to it. False when there is no one to send it to
    any more (the report was deleted, or its email address or phone number removed, by the
    retention schedule)."""
    report = Report.objects.filter(pk=report_id).first()
    if report is None or not (report.email or texted(report)):
        return False
    context = {}
    if template in LINKS and report.email:
        token = new_access_link(report, LINKS[template])
        with translation.override(report.language):
            context["link_url"] = absolute_url("reporting:status-link", token=token)
        context.update(link_lifetimes())
    if template in SURVEYED and (token := survey_token(report)):
        with translation.override(report.language):
            context["survey_url"] = absolute_url("surveys:answer", token=token)
    if message_id is not None:
        context["message"] = Message.objects.get(pk=message_id).body
    if reason_id is not None:
        context["reason"] = Reason.objects.get(pk=reason_id)
    if handoff_id is not None:
        context["handoff"] = Handoff.objects.get(pk=handoff_id)
    if visit_id is not None:
        visit = Visit.objects.select_related("report", "site").get(pk=visit_id)
        if visit.outcome != Visit.Outcome.BOOKED and template in STALE_ONCE_CHANGED:
            # Moved, cancelled or held since this was queued (a text waits out the night): a
            # later message tells of that, and this one would give a time that no longer holds.
            return False
        if visit.outcome != Visit.Outcome.BOOKED and template == "submitted":
            # The submission's news still holds; of the visit it named, only the one now booked
            # in its place, if any.
            visit = (
                report.visits.select_related("site")
                .filter(calendar_uid=visit.calendar_uid, outcome=Visit.Outcome.BOOKED)
                .first()
            )
        context["visit"] = visit
    if context.get("visit") and not report.email:
        with translation.override(report.language):
            context["calendar_url"] = absolute_url(
                "reporting:visit-calendar", token=new_calendar_link(context["visit"])
            )
    if deadline is not None:
        context["deadline"] = datetime.fromisoformat(deadline)
    if corrected_at is not None:
        with translation.override(report.language):
            context["corrections"] = corrections.made_at(report, datetime.fromisoformat(corrected_at))
    if template == "accepted":
        context["items"] = list(report.items.all())
    if not report.email:
        sms.send(report.phone, resident_text(report, template, **context))
        return True
    subject, body = resident_email(report, template, **context)
    email = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [report.email])
    if context.get("visit"):
        email.attach(calendar.FILENAME, calendar.visit_file(context["visit"]), calendar.CONTENT_TYPE)
    email.send()
    return True


@task()
def email_access_link(report_id: int | None) -> bool:
    """The look-up's email: a fresh link to the report the reference and email matched, if any,
    while the report's few look-up emails a day are not used up."""
    return (
        report_id is not None
        and ratelimit.allow_for_report(report_id, "link_email")
        and tell_resident.call(report_id, "access_link")
    )


@task()
def notify_report_takers(report_id: int, notice: str, *, additions: int = 1) -> int:
    """Tell the report takers that a report is new or that its resident did something (for
    "added", how many additions the email tells of); the email holds the reference and a link to
    the report page, nothing the resident wrote. Returns how many were told."""
    report = Report.objects.filter(pk=report_id).only("pk", "reference").first()
    if report is None:
        return 0
    context = {
        "report": report,
        "notice": notice,
        "additions": additions,
        "url": absolute_url("admin:reporting_report_change", object_id=report.pk),
    }
    return _email_staff(REPORT_TAKERS, "staff_notice", context)


@task()
def announce_handoff_address(address_id: int, *, before: str, after: str, changed_by_id: int) -> int:
    """Tell the other Supervisors that one of them changed where a destination's reports are passed
    on, from what to what. Returns how many were told."""
    changed_by = get_user_model().objects.get(pk=changed_by_id)
    context = {
        "address": HandoffAddress.objects.get(pk=address_id),
        "before": before,
        "after": after,
        "changed_by": changed_by.get_full_name() or changed_by.get_username(),
        "url": absolute_url("admin:reporting_handoffaddress_changelist"),
    }
    return _email_staff(SUPERVISORS, "handoff_address", context, exclude=changed_by)


def _email_staff(role: str, template: str, context: dict, *, exclude=None) -> int:
    """One email, in the City's language, to the active staff of a role who have an address."""
    staff = get_user_model().objects.filter(is_active=True, groups__name=role).exclude(email="")
    if exclude is not None:
        staff = staff.exclude(pk=exclude.pk)
    recipients = list(staff.values_list("email", flat=True))
    if not recipients:
        return 0
    with in_staff_language():
        subject = render_to_string(f"reporting/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"reporting/email/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=False)
    return len(recipients)
