"""Reports and their items, with the sequences their numbers come from."""

import hashlib
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import F, Q, Sum
from django.db.models.functions import Coalesce, Now, Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from reporting.models.follow_up import FollowUpFigures

# Postgres sequences created by migration 0001; numbers never repeat, even across processes.
REFERENCE_SEQUENCE = "reporting_report_reference_seq"
CASE_NUMBER_SEQUENCE = "reporting_report_case_number_seq"
# How reporting.forms.normalise_phone stores a US or Canadian number.
NORTH_AMERICAN_PHONE = re.compile(r"\+1[0-9]{10}")


def next_in_sequence(sequence: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(%s)", [sequence])
        return cursor.fetchone()[0]


def hash_token(token: str) -> str:
    """The stored form of a resident's access link token: only the hash is kept."""
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


class Report(FollowUpFigures, models.Model):
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
    # Final decisions of the City's that the residents' survey asks about (a withdrawal is theirs).
    SURVEYED_STATUSES = (Status.REFERRED, Status.DECLINED, Status.CLOSED)
    # What the resident confirms on the review page; the printed copy repeats it.
    FALSE_REPORT_STATEMENT = _(
        "I understand that making a false police report is a crime, and what I wrote is true."
    )
    # What the resident may agree to on the "About you" step; the packet passed on repeats it.
    HANDOFF_CONSENT_STATEMENT = _(
        "If this report belongs to another agency, the City may pass it on to them."
    )

    reference = models.CharField(_("reference number"), max_length=20, unique=True, editable=False)
    # The online form's draft this report was submitted from: a second press of Submit, or a retry
    # after an outage, finds the report already made rather than making another.
    draft_id = models.CharField(_("draft"), max_length=32, blank=True, editable=False)
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
    # The point of the City's address list the address was matched to, by the resident or staff;
    # empty while it is unmatched (reporting.addresses).
    address_point = models.ForeignKey(
        "AddressPoint",
        verbose_name=_("address in the City's list"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    # The matched point's ward, kept when the retention schedule removes the address, so that
    # the figures by ward do not change (reporting.models.ReportFigures reads the point's ward
    # while there is one).
    kept_ward = models.PositiveSmallIntegerField(_("ward kept for the figures"), null=True, editable=False)
    place_note = models.CharField(_("nearest corner or landmark"), max_length=200, blank=True)
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
    handoff_consent = models.BooleanField(
        _("agreed that the City may pass the report on"),
        default=False,
        help_text=_(
            "If the report belongs to another agency, the City sends it to them; without this, the "
            "resident is only told whom to call."
        ),
    )

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
        help_text=_(
            "When the decision that stands was made; empty while a reopened report waits for a new one."
        ),
    )
    # The report's one link to the residents' survey, made with the first message that offers it
    # (reporting.emails.survey_token): one answer per report. Only the invitation knows it was
    # used; nothing leads from it to the answers (surveys.models).
    survey_invitation = models.OneToOneField(
        "surveys.Invitation",
        verbose_name=_("survey link"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(
        _("contact details removed at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the retention schedule removed the name, contact details and addresses."),
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
            models.UniqueConstraint(
                fields=["draft_id"], condition=~Q(draft_id=""), name="reporting_report_one_per_draft"
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
            # Until the retention schedule removes the contact details of a long-closed report.
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="reporting_report_has_contact",
            ),
            models.CheckConstraint(
                condition=Q(case_number="") | Q(decided_at__isnull=False),
                name="reporting_report_case_number_after_decision",
            ),
            # The forms' rules (reporting.forms, reporting.staff_forms), kept by the data too; each
            # choice field holds one of its choices (`one_of`, below the class).
            models.CheckConstraint(condition=~Q(narrative=""), name="reporting_report_narrative_given"),
            # The name and the address are removed from a long-closed report (reporting.retention),
            # and with them the means of the follow-up it asked for.
            models.CheckConstraint(
                condition=~Q(full_name="") | Q(anonymised_at__isnull=False),
                name="reporting_report_name_given",
            ),
            models.CheckConstraint(
                condition=~Q(address="") | Q(anonymised_at__isnull=False),
                name="reporting_report_address_given",
            ),
            models.CheckConstraint(
                condition=~Q(follow_up="phone") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="reporting_report_phone_call_has_number",
            ),
            models.CheckConstraint(
                condition=~Q(follow_up="visit")
                | ~Q(phone="")
                | ~Q(home_address="")
                | Q(anonymised_at__isnull=False),
                name="reporting_report_visit_can_be_arranged",
            ),
        ]
        indexes = [
            # The staff queue: open reports by status, newest first.
            models.Index(fields=["status", "-created_at"], name="reporting_report_queue_idx"),
            # The staff queue unfiltered or by age: newest first, as the admin orders it.
            models.Index(fields=["-created_at", "-id"], name="reporting_report_newest_idx"),
            # Staff search by words of the name or address (reporting.admin.queue).
            GinIndex(
                SearchVector("full_name", "address", config="simple"), name="reporting_report_words_idx"
            ),
        ]

    def __str__(self):
        return self.reference

    def clean(self):
        """The follow-up asked for has the means to do it: staff taking a report by phone or in
        person see this beside the field, rather than the constraint's refusal on saving."""
        if self.anonymised_at:
            return
        if self.follow_up == self.FollowUp.PHONE and not self.phone:
            raise ValidationError({"phone": _("A phone call needs a phone number.")})
        if self.follow_up == self.FollowUp.VISIT and not (self.phone or self.home_address):
            raise ValidationError({"home_address": _("A visit needs a home address or a phone number.")})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def visit_to_arrange(self) -> bool:
        """The resident chose a visit and none is booked (they asked to be called to arrange one,
        or the one booked was cancelled): staff arrange it with them. Reads the visits prefetched."""
        return (
            self.follow_up == self.FollowUp.VISIT
            and self.is_open
            and not any(visit.outcome == "booked" for visit in self.visits.all())
        )

    @property
    def phone_display(self) -> str:
        """The phone number as people write it: (612) 555-0123 for a North American one."""
        if NORTH_AMERICAN_PHONE.fullmatch(self.phone):
            digits = self.phone[2:]
            return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        return self.phone

    @property
    def survey_to_answer(self) -> bool:
        """The residents' survey may be offered: the report is at a final decision of the City's and
        its survey is not answered yet. Reads the invitation, so select it with the report."""
        invitation = self.survey_invitation
        return self.status in self.SURVEYED_STATUSES and not (invitation and invitation.is_used)

    @property
    def accepts_supplements(self) -> bool:
        return self.is_open

    @property
    def has_printable_copy(self) -> bool:
        """An accepted report, also once closed, has a copy for the resident's insurer; a withdrawn
        one does not: the resident took it back."""
        return bool(self.case_number) and self.status != self.Status.WITHDRAWN

    @property
    def total_value(self) -> Decimal | None:
        return total_of(self.items.all())

    def kept_files(self) -> tuple[int, int]:
        """How many files the report holds and their size in all, for the upload limits."""
        sizes = list(self.attachments.values_list("size", flat=True))
        return len(sizes), sum(sizes)


def one_of(model: type[models.Model], field: str, choices: type[models.Choices]) -> None:
    """Add the constraint that `field` holds one of its choices, named <app>_<model>_<field>_known.
    Added after the class is made: its Meta cannot name the choices nested in the class."""
    name = f"{model._meta.db_table}_{field}_known"
    known = models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)
    model._meta.constraints.append(known)


one_of(Report, "kind", Report.Kind)
one_of(Report, "channel", Report.Channel)
one_of(Report, "follow_up", Report.FollowUp)
one_of(Report, "place_type", Report.PlaceType)


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
            # Its kind is one of its choices (`one_of`, below the class).
            models.CheckConstraint(condition=~Q(description=""), name="reporting_item_description_given"),
        ]
        indexes = [
            # Staff search by serial number.
            models.Index(fields=["serial_number"], name="reporting_item_serial_idx"),
            # Staff search by serial number, whatever its case (reporting.admin.queue).
            models.Index(Upper("serial_number"), name="reporting_item_serial_ci_idx"),
        ]

    def __str__(self):
        return self.description

    @property
    def total_value(self) -> Decimal:
        return (self.value or Decimal("0")) * self.quantity


one_of(Item, "kind", Item.Kind)


def total_of(items) -> Decimal | None:
    """What the items are worth together, or None when the resident gave no value for any: a
    total of $0.00 would say they are worth nothing."""
    valued = [item.total_value for item in items if item.value is not None]
    return sum(valued, Decimal("0")) if valued else None


# A PIN the City draws: 10 digits, shown 3-3-4. Receipts from before drew 6; those still open
# their report until they expire.
PIN_LENGTH = 10
OLD_PIN_LENGTH = 6
PIN_PATTERN = re.compile(rf"[0-9]{{{PIN_LENGTH}}}|[0-9]{{{OLD_PIN_LENGTH}}}")
# The random end of a reference number: letters and digits nobody mistakes for another (no 0/O,
# 1/I/L, 2/Z, 5/S, 8/B, 6/G, Q), so a reference cannot be found by counting up from another.
REFERENCE_ALPHABET = "3479ACDEFHJKMNPRTUVWXY"
REFERENCE_RANDOM_LENGTH = 5


def random_reference_part() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_RANDOM_LENGTH))


def new_pin() -> str:
    """A PIN the City draws for a report: 10 random digits."""
    return f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"


def grouped_pin(pin: str) -> str:
    """A PIN as the receipt shows it, 3-3-4 like a phone number: 274 913 0586."""
    if len(pin) != PIN_LENGTH:
        return pin
    return f"{pin[:3]} {pin[3:6]} {pin[6:]}"


class ReportPin(models.Model):
    """The PIN a resident without an email address follows their report with. Only its hash is
    kept. It is spent after WRONG_TRIES_LIMIT wrong tries in all, from anywhere, and expires
    (`reporting.pins.expired`); staff then give the resident a new one (`reporting.pins`)."""

    WRONG_TRIES_LIMIT = 10

    report = models.OneToOneField(
        Report, on_delete=models.CASCADE, primary_key=True, related_name="pin", verbose_name=_("report")
    )
    pin_hash = models.CharField(max_length=128, editable=False)
    failures = models.PositiveSmallIntegerField(_("wrong tries"), default=0, editable=False)
    created_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("report PIN")
        verbose_name_plural = _("report PINs")

    def __str__(self):
        return str(self.report_id)

    @property
    def is_spent(self) -> bool:
        return self.failures >= self.WRONG_TRIES_LIMIT


class SingleUseLinkQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())


class SingleUseLink(models.Model):
    """A link that works once, until it expires; only its token's hash is stored, so the table
    cannot be read back into links."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SingleUseLinkQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="%(app_label)s_%(class)s_expires_after_creation",
            ),
        ]
        indexes = [
            # Pruning expired links.
            models.Index(fields=["expires_at"], name="%(app_label)s_%(class)s_exp_idx"),
        ]


class AccessLink(SingleUseLink):
    """A single-use link emailed to the address on a report; using it lets one browser see the
    report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="access_links")

    class Meta(SingleUseLink.Meta):
        verbose_name = _("access link")
        verbose_name_plural = _("access links")

    def __str__(self):
        return f"{self.report_id} {self.created_at:%Y-%m-%d %H:%M}"
