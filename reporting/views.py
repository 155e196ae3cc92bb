"""The resident's pages: start, screening, the report form in steps, and the status pages."""

import time
from contextlib import suppress
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.backends.base import CreateError
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import ratelimit
from reporting import (
    addresses,
    calendar,
    corrections,
    emails,
    files,
    forms,
    pins,
    printed_copy,
    services,
    slots,
)
from reporting.draft import (
    STEPS,
    STEPS_BY_SLUG,
    AddressStep,
    Draft,
    FilesStep,
    FormStep,
    ItemsStep,
    Step,
    VisitStep,
    item_row,
    raw_items,
    raw_step,
    typed_answers,
)
from reporting.models import (
    HOLD_LIFETIME,
    Item,
    Report,
    ReportPin,
    ScreeningExit,
    Site,
    Visit,
    grouped_pin,
    total_of,
)

ACCESS_KEY = "reporting_access"
# When the browser last used its access (seconds since the epoch, to the minute).
ACCESS_SEEN_KEY = "reporting_access_seen"
DONE_KEY = "reporting_done"
# The PIN of the report just submitted without an email address, until its receipt shows it once.
RECEIPT_PIN_KEY = "reporting_receipt_pin"
SEEN_RESOLUTION = 60


# Access to a resident's own report: submitting it, spending a single-use emailed link, or its
# reference with the receipt's PIN, puts its id in the session, under a fresh session key;
# nothing else does. Like a staff member's, that session ends when the browser closes and after
# RESIDENT_SESSION_IDLE_MINUTES without a look at the report, for computers people share.


def _grant_access(request, report: Report) -> None:
    granted = [pk for pk in request.session.get(ACCESS_KEY, []) if pk != report.pk]
    request.session.cycle_key()
    request.session.set_expiry(0)
    request.session[ACCESS_KEY] = [*granted[-9:], report.pk]
    request.session[ACCESS_SEEN_KEY] = int(time.time())


def _forget_access(request) -> None:
    for key in (ACCESS_KEY, ACCESS_SEEN_KEY, DONE_KEY, RECEIPT_PIN_KEY):
        request.session.pop(key, None)


def _report_for(request, reference: str) -> Report | None:
    granted = request.session.get(ACCESS_KEY)
    if not granted:
        return None
    now = int(time.time())
    seen = request.session.get(ACCESS_SEEN_KEY, 0)
    if now - seen > settings.RESIDENT_SESSION_IDLE_MINUTES * 60:
        _forget_access(request)
        return None
    if now - seen >= SEEN_RESOLUTION:
        request.session[ACCESS_SEEN_KEY] = now
    return (
        Report.objects.filter(reference=reference, pk__in=granted)
        .select_related("reason", "survey_invitation")
        .first()
    )


def _own_report(view):
    """A status page view, given the report its URL names when this browser has access to it;
    any other browser is sent to the look-up."""

    @wraps(view)
    def wrapper(request, reference, **kwargs):
        report = _report_for(request, reference)
        if report is None:
            return redirect("reporting:lookup")
        return view(request, report, **kwargs)

    return wrapper


def _own_visit(view):
    """A view of one of the report's visits (below `_own_report`), given the visit while the
    resident may still change it, each post counted against the client's limit; another
    report's visit is not found."""

    @wraps(view)
    def wrapper(request, report: Report, visit_id: int):
        visit = get_object_or_404(report.visits, pk=visit_id)
        if not visit.changeable_by_resident:
            messages.error(request, _("This visit can no longer be changed online. Call 311 for help."))
            return redirect("reporting:status", reference=report.reference)
        if request.method == "POST" and not ratelimit.allow(request, "hold"):
            return ratelimit.too_many_requests(request, "hold")
        return view(request, report, visit)

    return wrapper


def _posted(request):
    """The submitted data, or None for a GET (an empty POST is still a submission)."""
    return request.POST if request.method == "POST" else None


def _refuse_uploads(request):
    """The 429 page when the files posted take the client past its limits (posts, then bytes a
    day), or None."""
    if not request.FILES:
        return None
    if not ratelimit.allow(request, "upload"):
        return ratelimit.too_many_requests(request, "upload")
    if not ratelimit.allow(request, "upload_bytes", ratelimit.posted_bytes(request)):
        return ratelimit.too_many_requests(request, "upload_bytes")
    return None


# Start and screening


@require_safe
def start(request):
    return render(request, "reporting/start.html", {"file_limits": files.limits_text()})


@require_http_methods(["GET", "POST"])
def screening(request):
    form = forms.ScreeningForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        exit = form.exit()
        if exit:
            ScreeningExit.record(exit)
            return redirect("reporting:exit", exit=exit)
        Draft.start(request.session)
        return redirect("reporting:step", step=STEPS[0].slug)
    return render(request, "reporting/screening.html", {"form": form})


@require_safe
def screening_exit(request, exit):
    if exit not in ScreeningExit.Exit.values:
        raise Http404
    return render(request, "reporting/exit.html", {"exit": exit})


# The form, in steps


def _step_context(current: Step | None, draft: Draft, **context) -> dict:
    """The step indicator's context for a step, or for the review (None) that follows them."""
    steps = draft.steps()
    index = len(steps) if current is None else steps.index(current)
    return {
        # Once the resident has reached the review, changing one answer can go straight back to it.
        "can_review": draft.reviewed,
        "steps": steps,
        "step": "review" if current is None else current.slug,
        "step_number": index + 1,
        "step_count": len(steps) + 1,
        "step_title": _("Review and submit") if current is None else current.title,
        **context,
    }


def _next_url(request, draft: Draft, current: Step) -> str:
    steps = draft.steps()
    index = steps.index(current)
    if request.POST.get("action") == "back":
        return (
            reverse("reporting:step", args=[steps[index - 1].slug])
            if index
            else reverse("reporting:screening")
        )
    if request.POST.get("action") == "review" or index + 1 == len(steps):
        return reverse("reporting:review")
    return reverse("reporting:step", args=[steps[index + 1].slug])


@require_http_methods(["GET", "POST"])
def step(request, step):
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    draft = Draft(request.session)
    if not draft.exists:
        return (
            _draft_expired(request, current) if request.method == "POST" else redirect("reporting:screening")
        )
    if not current.applies(draft):
        # A step the resident's answers skip (the visit, for one who chose no visit): the next.
        later = [step for step in draft.steps() if STEPS.index(step) > STEPS.index(current)]
        return redirect("reporting:step", step=later[0].slug) if later else redirect("reporting:review")
    return STEP_VIEWS[type(current)](request, draft, current)


def _draft_expired(request, current: Step | None):
    """A step was sent with no draft in the session (it expired, or the browser lost it): keep
    what this page sent for the next draft, and show it, with the way to start again."""
    raw = {}
    if isinstance(current, FormStep):
        raw = raw_step(current.form_class, request.POST)
    elif isinstance(current, ItemsStep):
        raw = raw_items(request.POST)
    if raw:
        Draft.recover(request.session, current.slug, raw)
    answers = typed_answers(current, raw) if current else []
    return render(request, "reporting/expired.html", {"answers": answers, "step": current})


def _form_step(request, draft: Draft, current: FormStep):
    if request.method == "POST":
        draft.put(current.slug, raw_step(current.form_class, request.POST))
        if not draft.wants_visit() and draft.forget_visit():
            services.release_hold(draft.id)
        form = draft.form(current)
        if form.is_valid() or request.POST.get("action") == "back":
            return redirect(_next_url(request, draft, current))
    else:
        form = draft.form(current, initial={"language": get_language()})
    return render(request, current.template, _step_context(current, draft, form=form, intro=current.intro))


def _items_step(request, draft: Draft, current: ItemsStep):
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        drop = int(remove) if remove.isdecimal() else None
        # Only the last removal can be undone, and only until the next press of a button.
        removed = draft.forget_removed_item()
        restore = removed if "restore" in request.POST else None
        draft.put(current.slug, raw_items(request.POST, drop=drop, restore=restore))
        row = item_row(request.POST, drop) if drop is not None else {}
        if any(row.values()):
            draft.keep_removed_item(drop, row)
        action = request.POST.get("action")
        formset = draft.item_formset()
        if "remove" in request.POST or restore is not None:
            return redirect("reporting:step", step=current.slug)
        if action == "add" and formset.is_valid():
            return redirect(reverse("reporting:step", args=[current.slug]) + "?more=1#items-new")
        if action == "back" or (action != "add" and formset.is_valid()):
            return redirect(_next_url(request, draft, current))
    else:
        formset = draft.item_formset(more="more" in request.GET)
    context = _step_context(current, draft, formset=formset, removed_item=draft.removed_item)
    return render(request, current.template, context)


def _files_step(request, draft: Draft, current: FilesStep):
    uploads = list(draft.uploads())
    form = forms.FilesForm(kept_count=len(uploads), kept_size=sum(upload.size for upload in uploads))
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        if remove.isdecimal():
            services.discard_pending_uploads(draft.uploads().filter(pk=remove))
            return redirect("reporting:step", step=current.slug)
        if refused := _refuse_uploads(request):
            return refused
        form = forms.FilesForm(
            request.POST, request.FILES, kept_count=form.kept_count, kept_size=form.kept_size
        )
        if form.is_valid():
            try:
                for checked in form.cleaned_data["files"]:
                    services.add_pending_upload(draft.id, checked)
            except services.StorageUnavailable as error:
                form.add_error(None, error.message)
                context = _step_context(current, draft, form=form, uploads=draft.uploads())
                return render(request, current.template, context, status=503)
            if request.POST.get("action") == "upload":
                return redirect("reporting:step", step=current.slug)
            return redirect(_next_url(request, draft, current))
        if request.POST.get("action") == "back":
            return redirect(_next_url(request, draft, current))
    context = _step_context(current, draft, form=form, uploads=uploads)
    return render(request, current.template, context)


def _visit_step(request, draft: Draft, current: VisitStep):
    if request.POST.get("action") == "back":
        return redirect(_next_url(request, draft, current))
    form = _visit_form(draft, _posted(request))
    chosen = request.method == "POST" and form.is_valid() and _choose_visit(request, draft, current, form)
    if chosen:
        return chosen
    if form.is_bound and form.needs_address() and draft.visit.get("place") != slots.HOME:
        # Home it is, once the address is given: the step shows home's times on the way back.
        services.release_hold(draft.id)
        draft.choose_visit(slots.HOME)
    context = _step_context(
        current,
        draft,
        form=form,
        any_free=len(form.fields["place"].choices) > 1,
        hold_minutes=int(HOLD_LIFETIME.total_seconds() // 60),
    )
    return render(request, current.template, context)


def _visit_form(draft: Draft, data=None) -> forms.VisitForm:
    """The places with free times in the next two weeks, and the free times at the place posted
    or chosen before, the nearest to a time just taken from the resident first."""
    chosen = draft.visit
    return forms.VisitForm(
        data,
        initial=chosen,
        free=slots.free_slots(draft_id=draft.id),
        place=(data or {}).get("place") or chosen.get("place", ""),
        nearest=draft.nearest_slots(),
        sites=Site.objects.listed(),
        home_address=draft.home_address(),
    )


def _choose_visit(request, draft: Draft, current: VisitStep, form):
    """A place chosen shows its free times; a time chosen is held for the resident while they
    finish, or, taken meanwhile, the nearest free ones are offered. None when a time is missing."""
    place, slot = form.cleaned_data["place"], form.cleaned_data["slot"]
    action = request.POST.get("action")
    here = reverse("reporting:step", args=[current.slug]) + "#id_slot"
    if place != draft.visit.get("place"):
        services.release_hold(draft.id)
        draft.choose_visit(place)
        if place != forms.CALL:
            return redirect(here)
    if action == "show":
        return redirect(here)
    if place == forms.CALL:
        return redirect(_next_url(request, draft, current))
    if slot is None:
        form.add_error("slot", _("Choose a time, or choose Call me to arrange it."))
        return None
    if not ratelimit.allow(request, "hold"):
        return ratelimit.too_many_requests(request, "hold")
    try:
        services.hold_slot(draft.id, slot)
    except services.SlotTaken as taken:
        return _time_taken(request, draft, taken)
    draft.choose_visit(place, slot)
    return redirect(_next_url(request, draft, current))


def _time_taken(request, draft: Draft, taken: services.SlotTaken):
    """Back to the visit step, which says the time was taken and offers the nearest free ones."""
    draft.choose_visit(draft.visit["place"], nearest=taken.nearest)
    messages.error(request, taken.message)
    return redirect("reporting:step", step="visit")


# How each kind of step is answered.
STEP_VIEWS = {
    FormStep: _form_step,
    AddressStep: _form_step,
    ItemsStep: _items_step,
    FilesStep: _files_step,
    VisitStep: _visit_step,
}


@require_POST
def address_suggestions(request):
    """The City's addresses closest to what the resident has typed so far in "Where did it
    happen?", for the field's suggestions (reporting/static/reporting/address_combobox.js), only
    while a draft is under way. A POST, so what was typed is in no address and no log line; it is
    not kept either. Over the client's limit, no suggestions, which the field takes as none."""
    if not Draft(request.session).exists:
        return JsonResponse({"suggestions": []}, status=403)
    if not ratelimit.allow(request, "suggest"):
        response = JsonResponse({"suggestions": []}, status=429)
        response["Retry-After"] = str(ratelimit.LIMITS["suggest"][1])
        return response
    typed = request.POST.get("address", "")[: forms.ADDRESS_MAX_LENGTH]
    points = addresses.geocoder().suggest(typed) if len(typed.strip()) >= forms.SUGGEST_AFTER else []
    suggestions = [{"id": point.pk, "label": point.label, "address": point.address} for point in points]
    return JsonResponse({"suggestions": suggestions[: addresses.OFFERED]})


@never_cache
@require_http_methods(["GET", "POST"])
def review(request):
    draft = Draft(request.session)
    if not draft.exists and request.method == "POST" and request.session.get(DONE_KEY):
        # Submit pressed again after the report was made: it was made once; show its receipt.
        messages.success(request, _("Your report was already sent. This is its receipt."))
        return redirect("reporting:done")
    if not draft.exists:
        return _draft_expired(request, None) if request.method == "POST" else redirect("reporting:screening")
    incomplete = draft.first_incomplete_step()
    if incomplete:
        messages.error(request, _("Some answers are missing or need a fix. Please check this step."))
        return redirect("reporting:step", step=incomplete.slug)
    draft.mark_reviewed()
    form = forms.ReviewForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if form.is_bot():
            form.add_error(None, _("We could not accept this form. Please try again."))
        elif not ratelimit.allow(request, "submit"):
            return ratelimit.too_many_requests(request, "submit")
        else:
            return _submit(request, draft, form)
    items = [Item(**item) for item in draft.items()]
    return render(
        request,
        "reporting/review.html",
        _step_context(
            None,
            draft,
            form=form,
            report=Report(**draft.report_fields()),
            items=items,
            total=total_of(items),
            uploads=draft.uploads(),
            wants_visit=draft.wants_visit(),
            visit=draft.chosen_visit(),
        ),
    )


def _submit(request, draft: Draft, form):
    fields = draft.report_fields()
    pin = "" if fields["email"] else draft.receipt_pin()
    try:
        report = services.submit_report(
            fields={**fields, "false_report_acknowledged": True},
            items=draft.items(),
            uploads=list(draft.uploads()),
            pin=pin,
            draft_id=draft.id,
            slot=draft.visit_slot(),
        )
    except services.SlotTaken as taken:
        return _time_taken(request, draft, taken)
    except DatabaseError:
        form.add_error(None, _("We could not save your report. Nothing was saved; please try again."))
        return render(request, "reporting/review.html", _step_context(None, draft, form=form), status=503)
    draft.clear()
    replaced_key = request.session.session_key
    _grant_access(request, report)
    request.session[DONE_KEY] = report.reference
    request.session[RECEIPT_PIN_KEY] = pin
    _leave_a_note_that_it_was_sent(request, replaced_key, report)
    return redirect("reporting:done")


def _leave_a_note_that_it_was_sent(request, session_key: str | None, report: Report) -> None:
    """A second press of Submit, sent before the first was answered, carries the session key the
    first replaced (`_grant_access`). Under that key, for a few minutes, only a note that the
    report was sent: that press goes on to the receipt, where the browser shows it with the new
    key, instead of to "your draft has expired". The note opens nothing."""
    if not session_key:
        return
    note = type(request.session)(session_key)
    note.clear()  # starts it empty, keeping the key (loading the deleted session would drop it)
    note[DONE_KEY] = report.reference
    note.set_expiry(5 * 60)
    # CreateError: the second press saved the session under that key again first.
    with suppress(CreateError):
        note.save(must_create=True)


@never_cache
@require_safe
def done(request):
    reference = request.session.get(DONE_KEY)
    report = _report_for(request, reference) if reference else None
    if report is None:
        return redirect("reporting:start")
    # The receipt shows the PIN once; the session keeps it no longer.
    pin = request.session.pop(RECEIPT_PIN_KEY, "")
    context = {
        "report": report,
        "pin": grouped_pin(pin),
        "pin_shown_before": not pin and not report.email and hasattr(report, "pin"),
        "visit": report.visits.select_related("site").filter(outcome=Visit.Outcome.BOOKED).first(),
        **emails.link_lifetimes(),
    }
    return render(request, "reporting/done.html", context)


# Status


def _render_lookup(request, form=None, pin_form=None):
    context = {
        "form": form or forms.LookupForm(),
        "pin_form": pin_form or forms.PinLookupForm(),
        **emails.link_lifetimes(),
    }
    return render(request, "reporting/lookup.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = forms.LookupForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "lookup"):
            return ratelimit.too_many_requests(request, "lookup")
        services.send_access_link(form.cleaned_data["reference"], form.cleaned_data["email"])
        # The same page whether or not the pair matched a report: only the mailbox learns.
        return render(request, "reporting/lookup_sent.html", emails.link_lifetimes())
    return _render_lookup(request, form=form)


@never_cache
@require_POST
def lookup_pin(request):
    """The reference and the receipt's PIN let the browser in, as a spent emailed link does."""
    form = forms.PinLookupForm(request.POST)
    if form.is_valid():
        if not ratelimit.allow(request, "pin"):
            return ratelimit.too_many_requests(request, "pin")
        report = pins.open_with_pin(
            form.cleaned_data["reference"], form.cleaned_data["pin"], ratelimit.client_key(request)
        )
        if report is not None:
            _grant_access(request, report)
            return redirect("reporting:status", reference=report.reference)
        # One answer for an unknown reference, a wrong PIN and a spent or expired one.
        form.add_error(
            None,
            _(
                "This reference number and PIN do not open a report. Check both on your receipt. "
                "After %(limit)d wrong tries in all, or once it has expired, a PIN stops working: "
                "call 311 and we will give you a new one."
            )
            % {"limit": ReportPin.WRONG_TRIES_LIMIT},
        )
    return _render_lookup(request, pin_form=form)


@never_cache
@require_http_methods(["GET", "POST"])
def status_link(request, token):
    """An emailed link asks before it is spent, so a mail scanner following it spends nothing."""
    if not ratelimit.allow(request, "link"):
        return ratelimit.too_many_requests(request, "link")
    if request.method == "POST":
        report = services.use_access_link(token)
        if report is not None:
            _grant_access(request, report)
            return redirect("reporting:status", reference=report.reference)
    elif services.find_access_link(token) is not None:
        return render(request, "reporting/link_confirm.html")
    return render(request, "reporting/link_unusable.html", status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def visit_calendar(request, token):
    """A texted link to a visit's calendar file asks before it is spent, as an emailed link to a
    report does; spent, it gives the file to add to the phone's calendar."""
    if not ratelimit.allow(request, "link"):
        return ratelimit.too_many_requests(request, "link")
    if request.method == "POST":
        visit = services.use_calendar_link(token)
        if visit is not None:
            response = HttpResponse(calendar.visit_file(visit), content_type=calendar.CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{calendar.FILENAME}"'
            return response
    elif services.find_calendar_link(token) is not None:
        return render(request, "reporting/calendar_confirm.html")
    return render(request, "reporting/calendar_unusable.html", status=410)


@never_cache
@require_POST
def sign_out(request):
    """Forget on this browser every report it was let into; the draft of a new one stays."""
    _forget_access(request)
    request.session.cycle_key()
    messages.success(request, _("You are signed out of your reports on this browser."))
    return redirect("reporting:lookup")


def _render_status(request, report: Report, answer_form=None, status=200):
    items = list(report.items.all())
    return render(
        request,
        "reporting/status.html",
        {
            "report": report,
            "items": items,
            "total": total_of(items),
            "attachments": report.attachments.all(),
            "messages_list": report.messages.all(),
            "visits": report.visits.select_related("site"),
            "corrections": corrections.of_report(report),
            "answer_form": answer_form or forms.AnswerForm(),
        },
        status=status,
    )


def _change_report(request, report: Report, change, success: str, **arguments):
    """Make a resident's change to their report through its service, say on the status page
    whether it was made, and go back there."""
    try:
        change(report, **arguments)
    except services.ReportingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("reporting:status", reference=report.reference)


@never_cache
@require_safe
@_own_report
def status(request, report: Report):
    return _render_status(request, report)


@never_cache
@require_safe
@_own_report
def copy(request, report: Report):
    """The PDF copy of an accepted report, for the resident's insurer; each download is recorded."""
    if not report.has_printable_copy:
        messages.error(request, _("A copy to print is ready once your report is accepted."))
        return redirect("reporting:status", reference=report.reference)
    services.record_resident_copy(report)
    return printed_copy.copy_response(report)


@never_cache
@require_POST
@_own_report
def answer(request, report: Report):
    form = forms.AnswerForm(request.POST)
    if not form.is_valid():
        return _render_status(request, report, form, status=400)
    return _change_report(
        request,
        report,
        services.answer_info_request,
        _("Thank you. Your answer was sent to the City."),
        body=form.cleaned_data["body"],
    )


@never_cache
@require_http_methods(["GET", "POST"])
@_own_report
def supplement(request, report: Report):
    if not report.accepts_supplements:
        return redirect("reporting:status", reference=report.reference)
    if request.method == "POST":
        if not ratelimit.allow(request, "add"):
            return ratelimit.too_many_requests(request, "add")
        if not ratelimit.allow_for_report(report.pk, "add"):
            return ratelimit.too_many_requests(request, "add", ratelimit.REPORT_LIMITS)
    if refused := _refuse_uploads(request):
        return refused
    status = 200
    note_form = forms.SupplementForm(_posted(request))
    formset = forms.OptionalItemFormSet(_posted(request), prefix="items")
    # Files added later share the report's limits with the files already on it.
    kept_count, kept_size = report.kept_files()
    files_form = forms.FilesForm(
        _posted(request),
        request.FILES if request.method == "POST" else None,
        kept_count=kept_count,
        kept_size=kept_size,
    )
    if request.method == "POST" and note_form.is_valid() and formset.is_valid() and files_form.is_valid():
        checked_files = files_form.cleaned_data["files"]
        if note_form.cleaned_data["note"] or formset.items() or checked_files:
            try:
                return _change_report(
                    request,
                    report,
                    services.add_supplement,
                    _("Thank you. What you added is now part of your report."),
                    note=note_form.cleaned_data["note"],
                    items=formset.items(),
                    checked_files=checked_files,
                )
            except services.StorageUnavailable as error:
                files_form.add_error(None, error.message)
                status = 503
        else:
            note_form.add_error(None, _("Add a note, an item or a file before you send."))
    return render(
        request,
        "reporting/supplement.html",
        {
            "report": report,
            "note_form": note_form,
            "formset": formset,
            "files_form": files_form,
            "kept_count": kept_count,
            "kept_size": kept_size,
        },
        status=status,
    )


@never_cache
@require_POST
@_own_report
def survey(request, report: Report):
    """The residents' survey from the status page, by a fresh link (the emailed one stops working)."""
    token = emails.survey_token(report)
    if token is None:
        messages.error(
            request,
            _("The survey cannot be answered for this report: it was answered already, or it has ended."),
        )
        return redirect("reporting:status", reference=report.reference)
    return redirect("surveys:answer", token=token)


@never_cache
@require_http_methods(["GET", "POST"])
@_own_report
def withdraw(request, report: Report):
    # A report no longer open offers no form; a form sent anyway is refused with a message.
    if request.method == "GET" and not report.is_open:
        return redirect("reporting:status", reference=report.reference)
    form = forms.WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        return _change_report(
            request,
            report,
            services.withdraw,
            _("Your report is withdrawn."),
            reason=form.cleaned_data["reason"],
        )
    return render(request, "reporting/withdraw.html", {"report": report, "form": form})


@never_cache
@require_http_methods(["GET", "POST"])
@_own_report
@_own_visit
def move_visit(request, report: Report, visit: Visit):
    """Another free time at the same place, the nearest to one just taken first."""
    form = _times_form(visit, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_visit(visit, actor=None, slot=form.cleaned_data["slot"])
        except services.SlotTaken as taken:
            messages.error(request, taken.message)
            form = _times_form(visit, nearest=taken.nearest)
        except services.ReportingError as error:
            messages.error(request, error.message)
            return redirect("reporting:status", reference=report.reference)
        else:
            messages.success(request, _("Your visit is moved to the new time."))
            return redirect("reporting:status", reference=report.reference)
    return render(request, "reporting/visit_move.html", {"report": report, "visit": visit, "form": form})


def _times_form(visit: Visit, data=None, nearest=()) -> forms.TimesForm:
    """The free times at the visit's place, its own time freed but not offered."""
    free = [
        slot
        for slot in slots.free_slots(**slots.at_place(visit.site_id), moving=visit)
        if (slot.day, slot.start) != (visit.date, visit.window_start)
    ]
    return forms.TimesForm(data, free=free, place=slots.place_of(visit.site_id), nearest=nearest)


@never_cache
@require_http_methods(["GET", "POST"])
@_own_report
@_own_visit
def cancel_visit(request, report: Report, visit: Visit):
    if request.method == "POST":
        return _change_report(
            request, report, lambda _report: services.cancel_visit(visit), _("Your visit is cancelled.")
        )
    return render(request, "reporting/visit_cancel.html", {"report": report, "visit": visit})
