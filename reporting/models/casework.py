"""The staff's work on a report: history, messages, reasons, visits, evidence and custody."""

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, IntegerRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import ExpressionWrapper, F, Func, Q, Value
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from reporting.models.reports import Item, Report, one_of
from reporting.models.uploads import Attachment, private_path


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(self.model)

    def delete(self):
        raise AppendOnlyError(self.model)


class AppendOnlyError(Exception):
    def __init__(self, model):
        super().__init__(f"{model._meta.verbose_name} records are only ever added to")


class AppendOnlyModel(models.Model):
    """Rows are written once; the database trigger from the migrations refuses UPDATE and DELETE too."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(type(self))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(type(self))


class HistoryEntry(AppendOnlyModel):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Report filed")
        STATUS = "status", _("Status changed")
        NOTE = "note", _("Staff note")
        MESSAGE = "message", _("Message")
        VIEW = "view", _("Viewed by staff")
        FILE_ACCESS = "file_access", _("File opened by staff")
        ASSIGNMENT = "assignment", _("Assigned")
        VISIT = "visit", _("Visit scheduled")
        SUPPLEMENT = "supplement", _("Information added")
        EVIDENCE = "evidence", _("Evidence logged")
        CUSTODY = "custody", _("Evidence changed hands")
        COPY = "copy", _("Copy downloaded by the resident")
        CORRECTION = "correction", _("Report corrected by staff")
        VISIT_RECORDED = "visit_done", _("What happened at a visit")
        CALL = "call", _("Follow-up call")
        ADDRESS_MATCH = "address", _("Address matched by staff")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="history"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the resident or the system acted."),
    )
    from_status = models.CharField(_("from status"), max_length=12, choices=Report.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=12, choices=Report.Status.choices, blank=True)
    text = models.TextField(_("details"), blank=True)
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("file"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.ForeignKey(
        "Evidence",
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["created_at", "id"]
        indexes = [
            # A report's history in order, on the staff report page.
            models.Index(fields=["report", "created_at"], name="reporting_history_report_idx"),
            # What residents did lately, newest first (reporting.dashboard, the staff notices).
            models.Index(
                fields=["-created_at"],
                condition=Q(actor__isnull=True, kind__in=["status", "supplement"]),
                name="reporting_history_resident_idx",
            ),
        ]

    def __str__(self):
        return f"{self.report_id} {self.get_kind_display()}"


class Message(models.Model):
    class Direction(models.TextChoices):
        TO_RESIDENT = "to_resident", _("From the City to the resident")
        FROM_RESIDENT = "from_resident", _("From the resident to the City")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="messages"
    )
    direction = models.CharField(_("direction"), max_length=14, choices=Direction.choices)
    body = models.TextField(_("message"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_info_request = models.BooleanField(_("asks for more information"), default=False)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(direction="to_resident") | Q(author__isnull=True),
                name="reporting_message_resident_has_no_staff_author",
            ),
        ]

    def __str__(self):
        return self.body[:60]


class MessageTemplate(models.Model):
    """Staff-edited wording for messages to residents, translated per field."""

    class Purpose(models.TextChoices):
        INFO_REQUEST = "info_request", _("Ask for more information")
        GENERAL = "general", _("General message")

    name = models.CharField(_("name"), max_length=100, unique=True)
    purpose = models.CharField(_("used to"), max_length=14, choices=Purpose.choices)
    body = models.TextField(_("message"))
    active = models.BooleanField(_("offered to staff"), default=True)

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["purpose", "name"]

    def __str__(self):
        return self.name


class Reason(models.Model):
    """Why a report was referred elsewhere or declined, and where the resident should go."""

    class Action(models.TextChoices):
        REFER = "refer", _("Refer")
        DECLINE = "decline", _("Decline")

    class Destination(models.TextChoices):
        MPD = "mpd", _("Minneapolis Police Department")
        CITY_311 = "311", _("Minneapolis 311")
        TRAFFIC_CONTROL = "traffic_control", _("Traffic Control")
        OTHER_AGENCY = "other_agency", _("Another agency")
        NONE = "none", _("Nowhere else")

    action = models.CharField(_("used to"), max_length=8, choices=Action.choices)
    label = models.CharField(_("reason"), max_length=150)
    explanation = models.TextField(_("what the resident is told"))
    destination = models.CharField(
        _("where the resident should go"), max_length=16, choices=Destination.choices
    )
    destination_details = models.CharField(
        _("how to reach them"),
        max_length=300,
        blank=True,
        help_text=_("For another agency: its name and contact."),
    )
    active = models.BooleanField(_("offered to staff"), default=True)

    class Meta:
        verbose_name = _("reason")
        verbose_name_plural = _("reasons for referral or decline")
        ordering = ["action", "label"]
        constraints = [
            models.UniqueConstraint(fields=["action", "label"], name="reporting_reason_unique_label"),
            models.CheckConstraint(
                condition=~Q(destination="other_agency") | ~Q(destination_details=""),
                name="reporting_reason_other_agency_named",
            ),
        ]

    def __str__(self):
        return self.label


def _at_city_time(day, time) -> Func:
    """A day and a time of day on the City's clock, as a moment (timestamp with time zone)."""
    moment = ExpressionWrapper(F(day) + F(time), output_field=models.DateTimeField())
    return Func(Value(settings.TIME_ZONE), moment, function="timezone", output_field=models.DateTimeField())


# A visit's staff member as a range of one (core PostgreSQL has no GiST operator class for a plain
# integer) and its window as a time range: two visits of one staff member may not overlap.
VISIT_STAFF = Func(
    F("staff"), F("staff"), Value("[]"), function="int4range", output_field=IntegerRangeField()
)
VISIT_PERIOD = Func(
    _at_city_time("date", "window_start"),
    _at_city_time("date", "window_end"),
    function="tstzrange",
    output_field=DateTimeRangeField(),
)
DOUBLE_BOOKED = _("This staff member already has a visit at that time. Choose another time or someone else.")


# The visits that hold a staff member's time (Visit.Outcome's values): a moved or cancelled one frees it.
HOLDING_TIME = ["booked", "held", "not_there"]


class VisitQuerySet(models.QuerySet):
    def due_for_reminder(self, reminded: str, ahead: timedelta, until: timedelta, now=None):
        """Booked visits starting within `ahead` of now and more than `until` from now, not yet
        reminded (`reminded` names the field that says when), booked more than `ahead` before
        their start (a visit booked later was just told of)."""
        now = now or timezone.now()
        return (
            self.alias(visit_start=_at_city_time("date", "window_start"))
            .filter(
                outcome=Visit.Outcome.BOOKED,
                # The days the start can fall on, for the index of booked visits by day.
                date__range=(timezone.localdate(now + until), timezone.localdate(now + ahead)),
                visit_start__gt=now + until,
                visit_start__lte=now + ahead,
                created_at__lt=F("visit_start") - ahead,
            )
            .filter(**{f"{reminded}__isnull": True})
        )


class Visit(models.Model):
    """A visit booked for a report, at a City site or at the resident's, and what happened."""

    DOUBLE_BOOKED = DOUBLE_BOOKED

    class Outcome(models.TextChoices):
        BOOKED = "booked", _("Booked, not yet recorded")
        HELD = "held", _("Held")
        NOT_THERE = "not_there", _("The resident was not there")
        MOVED = "moved", _("Moved to another time")
        CANCELLED_BY_RESIDENT = "cancelled_resident", _("Cancelled by the resident")
        CANCELLED_BY_CITY = "cancelled_city", _("Cancelled by the City")

    HOLDS_TIME = HOLDING_TIME

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField(_("date"))
    window_start = models.TimeField(_("from"))
    window_end = models.TimeField(_("until"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        related_name="visits",
    )
    site = models.ForeignKey(
        "Site",
        verbose_name=_("City site"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        help_text=_("Empty for a visit at the resident's home or another place."),
    )
    place = models.CharField(_("place"), max_length=200)
    created_at = models.DateTimeField(_("scheduled at"), default=timezone.now, editable=False)
    outcome = models.CharField(
        _("what happened"), max_length=20, choices=Outcome.choices, default=Outcome.BOOKED
    )
    report_taken = models.BooleanField(_("report taken"), default=False)
    evidence_collected = models.ManyToManyField(
        "Evidence", verbose_name=_("evidence collected"), blank=True, related_name="visits"
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes spent"), null=True, blank=True, help_text=_("Travel included.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    # The visit as the resident's calendar knows it: a moved visit keeps the first one's id, one
    # more in sequence, so the calendar changes the event it has.
    calendar_uid = models.UUIDField(default=uuid.uuid4, editable=False)
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    # When the resident was reminded the day before, and a couple of hours before.
    reminded_day_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_hours_before_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "window_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=F("window_start")), name="reporting_visit_window_ordered"
            ),
            ExclusionConstraint(
                name="reporting_visit_staff_not_double_booked",
                expressions=[(VISIT_STAFF, RangeOperators.OVERLAPS), (VISIT_PERIOD, RangeOperators.OVERLAPS)],
                condition=Q(outcome__in=HOLDING_TIME),
                violation_error_message=DOUBLE_BOOKED,
            ),
            # What happened is recorded once, with who recorded it.
            models.CheckConstraint(
                condition=Q(outcome="booked", recorded_at__isnull=True)
                | (~Q(outcome="booked") & Q(recorded_at__isnull=False)),
                name="reporting_visit_outcome_recorded_with_time",
            ),
            models.CheckConstraint(
                condition=Q(outcome="held") | Q(report_taken=False),
                name="reporting_visit_report_taken_when_held",
            ),
        ]
        indexes = [
            # The reminders job's look-up every ten minutes, among the visits still booked.
            models.Index(fields=["date"], condition=Q(outcome="booked"), name="reporting_visit_booked_idx"),
        ]

    def __str__(self):
        return f"{self.report} {self.date}"

    def starts(self) -> str:
        """When it starts, as staff read it in the history and the forms."""
        return f"{self.date:%Y-%m-%d} {self.window_start:%H:%M}"

    @property
    def changeable_by_resident(self) -> bool:
        """Booked, still to come, on a report the City still works: the resident may move or
        cancel it from the status page."""
        return self.outcome == self.Outcome.BOOKED and self.starts_at > timezone.now() and self.report.is_open

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.date, self.window_start, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.date, self.window_end, tzinfo=ZoneInfo(settings.TIME_ZONE))

    @property
    def cancelled(self) -> bool:
        return self.outcome in (self.Outcome.CANCELLED_BY_RESIDENT, self.Outcome.CANCELLED_BY_CITY)

    @property
    def where(self) -> str:
        """Where it is, in the language of whoever reads it now: a City site's own words for its
        name and address, or the place given (`place` keeps the words of the one who booked it)."""
        return self.site.one_line() if self.site_id else self.place


class Call(models.Model):
    """A phone call staff made to follow a report up, and what came of it."""

    class Result(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        NO_ANSWER = "no_answer", _("No answer")
        MESSAGE_LEFT = "message_left", _("No answer, message left")
        WRONG_NUMBER = "wrong_number", _("Wrong or unreachable number")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="calls"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("made by"), on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    report_taken = models.BooleanField(_("report taken"), default=False)
    outcome = models.TextField(_("outcome"), blank=True, help_text=_("What was said or agreed."))
    minutes = models.PositiveSmallIntegerField(_("minutes spent"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("phone call")
        verbose_name_plural = _("phone calls")
        ordering = ["made_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="answered") | Q(report_taken=False),
                name="reporting_call_report_taken_when_answered",
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.made_at:%Y-%m-%d %H:%M}"


# What staff may correct on the report itself; the rest of Correction.Field are an item's.
CORRECTED_REPORT_FIELDS = ("address", "place_type", "occurred_from", "occurred_to")


class Correction(models.Model):
    """One value of a report that staff corrected: the place, a date or an item's detail, what it
    said before and after, and why. The resident's own account (the narrative) is never corrected;
    their report shows each correction beside what they wrote (reporting.corrections).

    Rows are only added; the retention schedule deletes them with their report, and deletes those
    of the place when it removes a report's addresses."""

    class Field(models.TextChoices):
        ADDRESS = "address", _("Where")
        PLACE_TYPE = "place_type", _("Type of place")
        OCCURRED_FROM = "occurred_from", _("Happened on or after")
        OCCURRED_TO = "occurred_to", _("Happened on or before")
        DESCRIPTION = "description", _("Description")
        BRAND = "brand", _("Brand")
        MODEL = "model", _("Model")
        SERIAL_NUMBER = "serial_number", _("Serial number")
        QUANTITY = "quantity", _("How many")
        VALUE = "value", _("Value of one, in dollars")

    REPORT_FIELDS = CORRECTED_REPORT_FIELDS

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="corrections"
    )
    item = models.ForeignKey(
        Item,
        verbose_name=_("item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
        help_text=_("For a correction of an item; empty for the place and dates."),
    )
    field = models.CharField(_("what was corrected"), max_length=16, choices=Field.choices)
    before = models.CharField(_("before"), max_length=300, blank=True)
    after = models.CharField(_("after"), max_length=300, blank=True)
    reason = models.TextField(_("why"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("corrected by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("corrected at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(before=F("after")), name="reporting_correction_changes_something"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="reporting_correction_reason_given"),
            models.CheckConstraint(
                condition=Q(item__isnull=True, field__in=CORRECTED_REPORT_FIELDS)
                | (Q(item__isnull=False) & ~Q(field__in=CORRECTED_REPORT_FIELDS)),
                name="reporting_correction_item_fields_name_an_item",
            ),
        ]

    def __str__(self):
        return f"{self.report_id} {self.get_field_display()}"


one_of(Correction, "field", Correction.Field)


def evidence_upload_path(instance, filename):
    return private_path("evidence", filename)


class Evidence(models.Model):
    """What staff collect: a digital file, or a physical item with its tag and storage place."""

    class Kind(models.TextChoices):
        DIGITAL = "digital", _("Digital file")
        PHYSICAL = "physical", _("Physical item")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    file = models.FileField(_("file"), upload_to=evidence_upload_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)
    tag_number = models.CharField(_("tag number"), max_length=50, blank=True)
    storage_location = models.CharField(_("stored at"), max_length=200, blank=True)
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("collected by"), on_delete=models.PROTECT, related_name="+"
    )
    collected_at = models.DateTimeField(_("collected at"), default=timezone.now)
    created_at = models.DateTimeField(_("logged at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["collected_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="digital") | (~Q(file="") & ~Q(sha256="")),
                name="reporting_evidence_digital_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(kind="physical") | (~Q(tag_number="") & ~Q(storage_location="")),
                name="reporting_evidence_physical_is_tagged",
            ),
            models.UniqueConstraint(
                fields=["tag_number"], condition=~Q(tag_number=""), name="reporting_evidence_tag_unique"
            ),
        ]

    def __str__(self):
        return self.tag_number or self.description

    @property
    def first_transfer_at(self):
        """The earliest moment the item can change hands: the minute it was collected (custody
        times are given to the minute). The trigger of migration 0015 holds the same rule."""
        return self.collected_at.replace(second=0, microsecond=0)

    def collected_later_message(self) -> str:
        """Why a change of custody dated before `first_transfer_at` is refused."""
        collected_at = formats.date_format(timezone.localtime(self.collected_at), "DATETIME_FORMAT")
        return _("This item was collected at %(collected_at)s: it cannot change hands before then.") % {
            "collected_at": collected_at
        }


class CustodyTransfer(AppendOnlyModel):
    """One link in an item's chain of custody: who handed it to whom, and when."""

    evidence = models.ForeignKey(
        Evidence, verbose_name=_("evidence"), on_delete=models.PROTECT, related_name="custody_transfers"
    )
    from_holder = models.CharField(_("handed over by"), max_length=150)
    to_holder = models.CharField(_("received by"), max_length=150)
    transferred_at = models.DateTimeField(_("when"), default=timezone.now)
    storage_location = models.CharField(_("stored at afterwards"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("custody transfer")
        verbose_name_plural = _("chain of custody")
        ordering = ["transferred_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_holder=F("to_holder")), name="reporting_custodytransfer_between_two_holders"
            ),
            # Not in the future: not after it was written down.
            models.CheckConstraint(
                condition=Q(transferred_at__lte=F("created_at")),
                name="reporting_custodytransfer_not_after_recording",
            ),
            # Not before the item was collected: a rule across two tables, held by a trigger
            # (migration 0015, reporting_custodytransfer_after_collection).
        ]

    def __str__(self):
        return f"{self.from_holder} → {self.to_holder}"


class ExportRecord(AppendOnlyModel):
    """Each export of reports: who, when, how many, and whether personal data was included."""

    exported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("exported by"), on_delete=models.PROTECT, related_name="+"
    )
    included_personal_data = models.BooleanField(_("included personal data"))
    report_count = models.PositiveIntegerField(_("reports exported"))
    filters = models.TextField(_("filters used"), blank=True)
    created_at = models.DateTimeField(_("exported at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.exported_by} {self.created_at:%Y-%m-%d %H:%M}"


class AccessRecord(AppendOnlyModel):
    """Each time staff see residents' data: a report page, a page of the queue, a report's admin
    history, a file, an export, a printed copy, a report passed on to another agency. Supervisors
    list them by report and by staff member."""

    class Kind(models.TextChoices):
        REPORT_PAGE = "report_page", _("Report page")
        QUEUE = "queue", _("Queue of reports")
        HISTORY_PAGE = "history_page", _("Report's change history")
        HISTORY_LIST = "history_list", _("List of report history")
        FILE = "file", _("File")
        EXPORT = "export", _("Export")
        COPY = "copy", _("Printed copy of a report")
        SCHEDULE = "schedule", _("Schedule of visits or run sheet")
        HANDOFF = "handoff", _("Report passed on to another agency")
        FIGURES = "figures", _("Figures by one breakdown, no count hidden")

    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what was seen"), max_length=12, choices=Kind.choices)
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The report opened; empty for a page of a list or an export."),
    )
    report_ids = ArrayField(
        models.IntegerField(),
        verbose_name=_("reports listed"),
        default=list,
        blank=True,
        help_text=_("For a page of a list or an export: every report on it."),
    )
    search = models.CharField(_("searched for"), max_length=200, blank=True)
    filters = models.TextField(_("filters and page"), blank=True)
    attachment = models.ForeignKey(
        Attachment, verbose_name=_("file"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    evidence = models.ForeignKey(
        "Evidence",
        verbose_name=_("evidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    export = models.ForeignKey(
        ExportRecord,
        verbose_name=_("export"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("access to residents' data")
        verbose_name_plural = _("accesses to residents' data")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Who looked at a report (reporting.admin.lists.AccessRecordAdmin, filter by report).
            models.Index(fields=["report", "-created_at"], name="reporting_access_report_idx"),
            # The same, for the pages of the queue and the exports that listed it.
            GinIndex(fields=["report_ids"], name="reporting_access_listed_idx"),
            # What a staff member looked at (the same list, filter by staff member).
            models.Index(fields=["staff", "-created_at"], name="reporting_access_staff_idx"),
        ]

    def __str__(self):
        return f"{self.staff} {self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"
