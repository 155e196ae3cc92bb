"""Resident reports of theft and property damage, and the City staff's work on them.

Workflows that change a report (submit, accept, refer, ...) live in `reporting.services`; the
models hold the data, the integrity rules the database can enforce, and small rules about one row.
"""

import hashlib
import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import connection, models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, Now, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Postgres sequences created by migration 0001; numbers never repeat, even across processes.
REFERENCE_SEQUENCE = "reporting_report_reference_seq"
CASE_NUMBER_SEQUENCE = "reporting_report_case_number_seq"


def next_in_sequence(sequence: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        return cursor.fetchone()[0]


def hash_token(token: str) -> str:
    """The stored form of a resident's private access token: only the hash is kept."""
    return hashlib.sha256(token.encode()).hexdigest()


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Report.OPEN_STATUSES)

    def with_totals(self):
        """Annotate `item_count` and `items_value` (quantity times value, summed)."""
        return self.annotate(
            item_count=Coalesce(Sum("items__quantity"), 0),
            items_value=Coalesce(
                Sum(F("items__quantity") * F("items__value"), output_field=models.DecimalField()),
                Decimal("0"),
            ),
        )

    def overdue_info_requests(self, now=None):
        """Reports still waiting for the resident after the deadline given with the request."""
        return self.filter(status=Report.Status.NEEDS_INFO, info_requested_until__lt=now or timezone.now())


class Report(models.Model):
    class Kind(models.TextChoices):
        THEFT = "theft", _("Theft")
        DAMAGE = "damage", _("Property damage")
        BOTH = "both", _("Theft and property damage")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("By phone")
        IN_PERSON = "in_person", _("In person")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        NEEDS_INFO = "needs_info", _("More information needed")
        ACCEPTED = "accepted", _("Accepted")
        REFERRED = "referred", _("Referred")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CLOSED = "closed", _("Closed")

    class FollowUp(models.TextChoices):
        ONLINE = "online", _("Online only")
        PHONE = "phone", _("A phone call")
        VISIT = "visit", _("An in-person visit from City staff")

    class PlaceType(models.TextChoices):
        HOME = "home", _("Home or yard")
        APARTMENT = "apartment", _("Apartment building common area or garage")
        BUSINESS = "business", _("Business or workplace")
        VEHICLE = "vehicle", _("Vehicle")
        STREET = "street", _("Street, sidewalk or alley")
        PARK = "park", _("Park")
        TRANSIT = "transit", _("Bus, train or transit stop")
        OTHER = "other", pgettext_lazy("place type", "Somewhere else")

    class AgeRange(models.TextChoices):
        UNDER_18 = "under_18", _("Under 18")
        FROM_18 = "18_24", _("18 to 24")
        FROM_25 = "25_34", _("25 to 34")
        FROM_35 = "35_44", _("35 to 44")
        FROM_45 = "45_54", _("45 to 54")
        FROM_55 = "55_64", _("55 to 64")
        FROM_65 = "65_plus", _("65 or older")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class RaceEthnicity(models.TextChoices):
        AMERICAN_INDIAN = "american_indian", _("American Indian or Alaska Native")
        ASIAN = "asian", _("Asian or Asian American")
        BLACK = "black", _("Black or African American")
        HISPANIC = "hispanic", _("Hispanic or Latino")
        PACIFIC_ISLANDER = "pacific_islander", _("Native Hawaiian or Pacific Islander")
        WHITE = "white", _("White")
        MULTIPLE = "multiple", _("More than one")
        ANOTHER = "another", _("Another race or ethnicity")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NONBINARY = "nonbinary", _("Nonbinary")
        ANOTHER = "another", _("Another gender")
        PREFER_NOT = "prefer_not", _("Prefer not to say")

    OPEN_STATUSES = (Status.SUBMITTED, Status.NEEDS_INFO, Status.ACCEPTED)
    # Decisions that end the City's work; a Supervisor may reopen them.
    FINAL_STATUSES = (Status.REFERRED, Status.DECLINED, Status.WITHDRAWN, Status.CLOSED)

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    case_number = models.CharField(
        _("case number"),
        max_length=20,
        blank=True,
        editable=False,
        help_text=_("Issued when the report is accepted; insurers ask for it."),
    )
    kind = models.CharField(_("what happened"), max_length=10, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_taken",
        help_text=_("The staff member who took a report by phone or in person."),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    follow_up = models.CharField(_("follow-up wanted"), max_length=10, choices=FollowUp.choices)

    occurred_from = models.DateField(_("happened on or after"))
    occurred_to = models.DateField(
        _("happened on or before"), null=True, blank=True, help_text=_("Only when the exact date is unknown.")
    )
    address = models.CharField(_("address where it happened"), max_length=200)
    place_type = models.CharField(_("type of place"), max_length=12, choices=PlaceType.choices)
    narrative = models.TextField(_("what happened, in the resident's words"))

    full_name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=30, blank=True)
    home_address = models.CharField(_("home address"), max_length=200, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    # Optional, for the pilot's equity evaluation; blank means the question was skipped.
    age_range = models.CharField(_("age"), max_length=16, choices=AgeRange.choices, blank=True)
    race_ethnicity = models.CharField(
        _("race or ethnicity"), max_length=16, choices=RaceEthnicity.choices, blank=True
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)

    false_report_acknowledged = models.BooleanField(_("acknowledged that a false report is a crime"))
    access_token_hash = models.CharField(max_length=64, unique=True, editable=False)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports_assigned",
    )
    info_requested_until = models.DateTimeField(
        _("waiting for information until"),
        null=True,
        blank=True,
        help_text=_("After this the report closes itself and the resident is told."),
    )
    reason = models.ForeignKey(
        "Reason",
        verbose_name=_("reason for referral or decline"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    decided_at = models.DateTimeField(
        _("decided at"),
        null=True,
        blank=True,
        help_text=_("When it was first accepted, referred or declined."),
    )
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        permissions = [
            ("reopen_report", "Can reopen a decided or closed report"),
            ("export_report", "Can export reports without personal data"),
            ("export_personal_data", "Can export reports with personal data"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case_number"],
                condition=~Q(case_number=""),
                name="reporting_report_case_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(occurred_from__lte=Now()), name="reporting_report_occurred_not_in_future"
            ),
            models.CheckConstraint(
                condition=Q(occurred_to__isnull=True)
                | (Q(occurred_to__gte=F("occurred_from")) & Q(occurred_to__lte=Now())),
                name="reporting_report_occurred_range_ordered",
            ),
            models.CheckConstraint(
                condition=Q(channel="online") | Q(taken_by__isnull=False),
                name="reporting_report_staff_channel_has_taker",
            ),
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""), name="reporting_report_has_contact"
            ),
            models.CheckConstraint(
                condition=Q(case_number="") | Q(decided_at__isnull=False),
                name="reporting_report_case_number_after_decision",
            ),
        ]
        indexes = [
            # The staff queue: open reports by status, newest first.
            models.Index(fields=["status", "-created_at"], name="reporting_report_queue_idx"),
            # The staff queue unfiltered or by age: newest first, as the admin orders it.
            models.Index(fields=["-created_at", "-id"], name="reporting_report_newest_idx"),
            # Staff search by words of the name or address (reporting.admin.ReportAdmin).
            GinIndex(
                SearchVector("full_name", "address", config="simple"), name="reporting_report_words_idx"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def accepts_supplements(self) -> bool:
        return self.is_open

    @property
    def total_value(self) -> Decimal:
        return sum((item.total_value for item in self.items.all()), Decimal("0"))

    def token_matches(self, token: str) -> bool:
        return self.access_token_hash == hash_token(token)


class Item(models.Model):
    class Kind(models.TextChoices):
        BICYCLE = "bicycle", _("Bicycle or scooter")
        ELECTRONICS = "electronics", _("Phone, computer or other electronics")
        BAG = "bag", _("Wallet, purse or bag")
        MONEY = "money", _("Cash, cards or checks")
        JEWELRY = "jewelry", _("Jewelry or watch")
        TOOLS = "tools", _("Tools or equipment")
        VEHICLE_PART = "vehicle_part", _("Vehicle part (catalytic converter, plates, wheels)")
        PACKAGE = "package", _("Package or delivery")
        DOCUMENTS = "documents", _("ID or documents")
        PROPERTY = "property", _("Damaged property (window, door, fence, car)")
        OTHER = "other", pgettext_lazy("item kind", "Something else")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("kind of item"), max_length=16, choices=Kind.choices)
    description = models.CharField(_("description"), max_length=300)
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=100, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), default=1)
    value = models.DecimalField(
        _("value of one, in dollars"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    added_later = models.BooleanField(
        _("added after submission"), default=False, help_text=_("Supplemental information.")
    )
    created_at = models.DateTimeField(_("added at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="reporting_item_quantity_positive"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="reporting_item_value_not_negative"
            ),
        ]
        indexes = [
            # Staff search by serial number.
            models.Index(fields=["serial_number"], name="reporting_item_serial_idx"),
            # Staff search by serial number, whatever its case (reporting.admin.ReportAdmin).
            models.Index(Upper("serial_number"), name="reporting_item_serial_ci_idx"),
        ]

    def __str__(self):
        return self.description

    @property
    def total_value(self) -> Decimal:
        return (self.value or Decimal("0")) * self.quantity


def _private_path(folder: str, filename: str) -> str:
    # Stored names never carry the resident's file name; the extension follows the sniffed type.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"reporting/{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


def original_upload_path(instance, filename):
    return _private_path("originals", filename)


def viewing_copy_path(instance, filename):
    return _private_path("viewing", filename)


class StoredFile(models.Model):
    """A checked upload: the untouched original with its hash, and a clean copy for viewing."""

    class ContentType(models.TextChoices):
        JPEG = "image/jpeg", "JPEG"
        PNG = "image/png", "PNG"
        HEIC = "image/heic", "HEIC"
        PDF = "application/pdf", "PDF"

    original = models.FileField(_("original file"), upload_to=original_upload_path, max_length=200)
    original_name = models.CharField(_("file name given"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the original"), max_length=64)
    content_type = models.CharField(_("type"), max_length=20, choices=ContentType.choices)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    viewing_copy = models.FileField(
        _("viewing copy"),
        upload_to=viewing_copy_path,
        max_length=200,
        blank=True,
        help_text=_("Images only: re-encoded without EXIF or location data."),
    )
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type != self.ContentType.PDF

    def delete_files(self) -> None:
        for field in (self.original, self.viewing_copy):
            if field:
                field.storage.delete(field.name)


class Attachment(StoredFile):
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="attachments"
    )
    added_later = models.BooleanField(_("added after submission"), default=False)

    class Meta:
        verbose_name = _("photo or document")
        verbose_name_plural = _("photos and documents")
        ordering = ["created_at", "id"]


class PendingUploadQuerySet(models.QuerySet):
    def abandoned(self, older_than):
        return self.filter(created_at__lt=timezone.now() - older_than)


class PendingUpload(StoredFile):
    """A file a resident uploaded in the form before submitting; tied to their draft, not a report."""

    draft = models.CharField(max_length=32, db_index=True, editable=False)

    objects = PendingUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")
        ordering = ["created_at", "id"]


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


class Visit(models.Model):
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
    place = models.CharField(_("place"), max_length=200)
    created_at = models.DateTimeField(_("scheduled at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["date", "window_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=F("window_start")), name="reporting_visit_window_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.report} {self.date}"


def evidence_upload_path(instance, filename):
    return _private_path("evidence", filename)


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


class ScreeningExit(models.Model):
    """How many residents the screening sent elsewhere, per exit and day. No personal data."""

    class Exit(models.TextChoices):
        DANGER = "danger", _("Danger or happening now: 911")
        INJURY = "injury", _("Someone hurt: 911")
        WEAPON = "weapon", _("Weapon involved or stolen: police")
        SUSPECT = "suspect", _("Known suspect: police")
        OUTSIDE = "outside", _("Outside Minneapolis: local agency")
        VEHICLE = "vehicle", _("Stolen vehicle: police")
        PARKING = "parking", _("Parking problem: 311 or Traffic Control")
        CITY_PROPERTY = "city_property", _("Damage to City property: 311")

    exit = models.CharField(_("exit"), max_length=16, choices=Exit.choices)
    date = models.DateField(_("date"))
    count = models.PositiveIntegerField(_("residents sent"), default=0)

    class Meta:
        verbose_name = _("screening exit")
        verbose_name_plural = _("screening exits")
        ordering = ["-date", "exit"]
        constraints = [
            models.UniqueConstraint(fields=["exit", "date"], name="reporting_screeningexit_one_row_per_day"),
        ]

    def __str__(self):
        return f"{self.get_exit_display()} {self.date}: {self.count}"

    @classmethod
    def record(cls, exit: str) -> None:
        """Count one resident sent to `exit` today, safely under concurrent requests."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (exit, date, count) VALUES (%s, %s, 1) "  # noqa: S608
                "ON CONFLICT (exit, date) DO UPDATE SET count = EXCLUDED.count + "
                f"{cls._meta.db_table}.count",
                [exit, timezone.localdate()],
            )


class RateLimit(models.Model):
    """Requests per client key and fixed time window, shared by every app server."""

    key = models.CharField(max_length=100)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="reporting_ratelimit_one_row_per_window"
            ),
        ]
        indexes = [
            # Pruning expired windows.
            models.Index(fields=["window_start"], name="reporting_ratelimit_window_idx"),
        ]

    def __str__(self):
        return self.key

    @classmethod
    def hit(cls, key: str, window_start) -> int:
        """Add one request to the window and return how many it now holds (one atomic statement)."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {cls._meta.db_table} (key, window_start, count) VALUES (%s, %s, 1) "  # noqa: S608
                "ON CONFLICT (key, window_start) DO UPDATE SET count = "
                f"{cls._meta.db_table}.count + 1 RETURNING count",
                [key, window_start],
            )
            return cursor.fetchone()[0]


class WorkflowSettings(models.Model):
    """Settings staff may change without a deploy; there is exactly one row."""

    info_request_days = models.PositiveSmallIntegerField(
        _("days to wait for requested information"),
        default=14,
        help_text=_("After this many days without an answer the report closes itself."),
    )

    class Meta:
        verbose_name = _("workflow settings")
        verbose_name_plural = _("workflow settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="reporting_workflowsettings_single_row"),
            models.CheckConstraint(
                condition=Q(info_request_days__gte=1) & Q(info_request_days__lte=90),
                name="reporting_workflowsettings_days_in_range",
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "WorkflowSettings":
        settings_row, _created = cls.objects.get_or_create(pk=1)
        return settings_row
