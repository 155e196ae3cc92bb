"""What staff can do on the report page: each action with its form, permission, the statuses it
can be taken in, the service it runs and, for a message to the resident, its preview; and the
running of a posted action. Every change goes through `reporting.services`; this module only
checks who may do what, turns forms into service calls and service errors into messages."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from reporting import corrections, emails, handoffs, services, staff_forms
from reporting.models import Report, Visit

Status = Report.Status


EVERY_STATUS = tuple(Status)


@dataclass(frozen=True)
class Action:
    """One thing staff can do on the report page: its form, the permission it needs, the statuses
    it can be taken in, those in which it is what to do next, the service it runs, and, for a
    message to the resident, the email they will receive (for the preview)."""

    label: str
    form: type[staff_forms.ActionForm]
    permission: str
    statuses: tuple[str, ...]
    run: Callable[[Report, AbstractBaseUser, forms.Form], object]
    next_step_in: tuple[str, ...] = ()
    email: Callable[[Report, forms.Form], tuple[str, str]] | None = None
    # Whether the report has what the action works on (a visit to record, a number to call).
    applies: Callable[[Report], bool] = lambda report: True

    @property
    def can_preview(self) -> bool:
        return self.email is not None

    def allowed_for(self, user: AbstractBaseUser, report: Report) -> bool:
        return user.has_perm(self.permission) and report.status in self.statuses and self.applies(report)


def _assign(report, user, form):
    services.assign(report, actor=user, assignee=form.cleaned_data["assignee"] or user)


def _visit(report, user, form):
    services.schedule_visit(report, actor=user, **form.cleaned_data)


def _has_booked_visit(report) -> bool:
    return any(visit.outcome == Visit.Outcome.BOOKED for visit in report.visits.all())


def _book(report, user, form):
    services.book_slot(report, actor=user, slot=form.cleaned_data["slot"])


def _move(report, user, form):
    services.move_visit(form.cleaned_data["visit"], actor=user, slot=form.cleaned_data["slot"])


def _record_visit(report, user, form):
    data = form.cleaned_data
    services.record_visit(
        data["visit"],
        actor=user,
        outcome=data["outcome"],
        report_taken=data["report_taken"],
        evidence=data["evidence"],
        minutes=data["minutes"],
    )


def _evidence(report, user, form):
    data = form.cleaned_data
    services.log_evidence(
        report,
        actor=user,
        kind=data["kind"],
        description=data["description"],
        checked_file=data["file"],
        tag_number=data["tag_number"],
        storage_location=data["storage_location"],
    )


def _custody(report, user, form):
    data = form.cleaned_data
    services.transfer_custody(
        data["evidence"],
        actor=user,
        from_holder=data["from_holder"],
        to_holder=data["to_holder"],
        storage_location=data["storage_location"],
        when=data["transferred_at"],
    )


def _correct(report, user, form):
    report_changes, item_changes = form.changes()
    services.correct_report(
        report,
        actor=user,
        reason=form.cleaned_data["reason"],
        report_changes=report_changes,
        item_changes=item_changes,
    )


def _info_request_email(report, form):
    return emails.resident_email(
        report, "info_request", message=form.message(), deadline=services.info_request_deadline()
    )


def _reason_email(template: str):
    return lambda report, form: emails.resident_email(
        report, template, reason=form.cleaned_data["reason"], message=form.cleaned_data["note"]
    )


def _refer_email(report, form):
    """The referral's email tells the resident when their report is passed on."""
    handoff = handoffs.planned(report, form.cleaned_data["reason"])
    return emails.resident_email(
        report,
        "refer",
        reason=form.cleaned_data["reason"],
        message=form.cleaned_data["note"],
        handoff=handoff if handoff is not None and handoff.passes_on else None,
    )


CHANGE = "reporting.change_report"


NEW = (Status.SUBMITTED,)


UNDECIDED = (Status.SUBMITTED, Status.NEEDS_INFO)


# The order is the order on the page.
ACTIONS = {
    "accept": Action(
        _("Accept and issue a case number"),
        staff_forms.ConfirmForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.accept(report, actor=user),
        next_step_in=NEW,
    ),
    "request_info": Action(
        _("Ask the resident for more information"),
        staff_forms.InfoRequestForm,
        CHANGE,
        (Status.SUBMITTED, Status.ACCEPTED),
        lambda report, user, form: services.request_info(report, actor=user, body=form.message()),
        next_step_in=NEW,
        email=_info_request_email,
    ),
    "refer": Action(
        _("Refer elsewhere"),
        staff_forms.ReasonForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.refer(report, actor=user, **form.cleaned_data),
        next_step_in=NEW,
        email=_refer_email,
    ),
    "decline": Action(
        _("Decline"),
        staff_forms.DeclineForm,
        CHANGE,
        UNDECIDED,
        lambda report, user, form: services.decline(report, actor=user, **form.cleaned_data),
        next_step_in=NEW,
        email=_reason_email("decline"),
    ),
    "record_answer": Action(
        _("Record the resident's answer"),
        staff_forms.AnswerForm,
        CHANGE,
        (Status.NEEDS_INFO,),
        lambda report, user, form: services.answer_info_request(
            report, actor=user, body=form.cleaned_data["body"]
        ),
        next_step_in=(Status.NEEDS_INFO,),
    ),
    "close": Action(
        _("Close"),
        staff_forms.CloseForm,
        CHANGE,
        Report.OPEN_STATUSES,
        lambda report, user, form: services.close(report, actor=user, **form.cleaned_data),
        next_step_in=(Status.ACCEPTED,),
    ),
    "reopen": Action(
        _("Reopen"),
        staff_forms.ConfirmForm,
        "reporting.reopen_report",
        Report.FINAL_STATUSES,
        lambda report, user, form: services.reopen(report, actor=user),
        next_step_in=Report.FINAL_STATUSES,
    ),
    "message": Action(
        _("Message the resident"),
        staff_forms.TemplatedMessageForm,
        CHANGE,
        EVERY_STATUS,
        lambda report, user, form: services.send_message(report, actor=user, body=form.message()),
        email=lambda report, form: emails.resident_email(report, "message", message=form.message()),
    ),
    "assign": Action(_("Assign"), staff_forms.AssignForm, CHANGE, Report.OPEN_STATUSES, _assign),
    "book": Action(
        _("Book a free time"), staff_forms.SlotForm, "reporting.add_visit", Report.OPEN_STATUSES, _book
    ),
    "move_visit": Action(
        _("Move a visit to a free time"),
        staff_forms.MoveForm,
        "reporting.change_visit",
        Report.OPEN_STATUSES,
        _move,
        applies=_has_booked_visit,
    ),
    "visit": Action(
        _("Schedule a visit"), staff_forms.VisitForm, "reporting.add_visit", Report.OPEN_STATUSES, _visit
    ),
    "record_visit": Action(
        _("Record what happened at a visit"),
        staff_forms.VisitRecordForm,
        "reporting.change_visit",
        EVERY_STATUS,
        _record_visit,
        applies=_has_booked_visit,
    ),
    "call": Action(
        _("Record a follow-up call"),
        staff_forms.CallForm,
        "reporting.add_call",
        Report.OPEN_STATUSES,
        lambda report, user, form: services.record_call(report, actor=user, **form.cleaned_data),
        applies=lambda report: bool(report.phone),
    ),
    "correct": Action(
        _("Correct the place, dates or items"),
        staff_forms.CorrectionForm,
        "reporting.add_correction",
        corrections.CORRECTABLE,
        _correct,
    ),
    "match_address": Action(
        _("Match the address to the City's list"),
        staff_forms.AddressMatchForm,
        CHANGE,
        EVERY_STATUS,
        lambda report, user, form: services.match_address(
            report, actor=user, point=form.cleaned_data["point"]
        ),
        applies=lambda report: not report.anonymised_at,
    ),
    "note": Action(
        _("Add a note"),
        staff_forms.NoteForm,
        "reporting.add_historyentry",
        EVERY_STATUS,
        lambda report, user, form: services.add_note(report, actor=user, **form.cleaned_data),
    ),
    "evidence": Action(
        _("Log evidence"), staff_forms.EvidenceForm, "reporting.add_evidence", EVERY_STATUS, _evidence
    ),
    "custody": Action(
        _("Record a change of custody"),
        staff_forms.CustodyForm,
        "reporting.add_custodytransfer",
        EVERY_STATUS,
        _custody,
    ),
}


# The state of a report in words, first on its page.
STATE_IN_WORDS = {
    Status.SUBMITTED: _("New: waiting for a first review. Accept it, ask for more, refer it or decline it."),
    Status.NEEDS_INFO: _(
        "Waiting for the resident to answer a request for information. Record the answer if they "
        "gave it by phone or in person."
    ),
    Status.ACCEPTED: _("Accepted: the City is working on it. Close it when the work is done."),
    Status.REFERRED: _("Referred elsewhere: the City's work on it is done."),
    Status.DECLINED: _("Declined: the City's work on it is done."),
    Status.WITHDRAWN: _("Withdrawn by the resident."),
    Status.CLOSED: _("Closed: the City's work on it is done."),
}


@dataclass
class ActionOnPage:
    """An action form as the report page shows it."""

    name: str
    action: Action
    form: forms.Form
    preview: tuple[str, str] | None = None


def action_form(name: str, report: Report, data=None, files=None) -> staff_forms.ActionForm:
    return ACTIONS[name].form(data, files, report=report, prefix=name)


def take_action(request, report: Report) -> tuple[HttpResponseRedirect | None, ActionOnPage]:
    """Run the action posted from the report page, or preview its message. Returns the redirect
    when it went through, and the posted form as the page shows it again otherwise."""
    previewing = "preview" in request.POST
    name = request.POST.get("preview") if previewing else request.POST.get("action")
    action = ACTIONS.get(name)
    if action is None or not request.user.has_perm(action.permission):
        raise PermissionDenied
    form = action_form(name, report, request.POST, request.FILES)
    shown = ActionOnPage(name, action, form)
    if report.status not in action.statuses:
        # The page no longer shows this action's form: it says why at its top.
        messages.error(request, services.InvalidTransition.for_report(report).message)
    elif not action.applies(report):
        messages.error(
            request, _("There is nothing left on this report for: %(action)s.") % {"action": action.label}
        )
    elif not form.is_valid():
        pass  # the page shows the form again with its errors
    elif previewing:
        # Only a message can be previewed; a preview never carries an action out.
        shown.preview = action.email(report, form) if action.can_preview else None
    else:
        try:
            action.run(report, request.user, form)
        except services.ReportingError as error:
            # Shown on the action's form, which the page opens at (action_form.html).
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Done: %(action)s.") % {"action": action.label})
            # The page opens at the message that says so (report_page.html).
            return HttpResponseRedirect(f"{request.path}#messages"), shown
    return None, shown
