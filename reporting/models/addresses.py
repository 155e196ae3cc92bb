"""The City's list of address points, each with its ward and neighborhood, which the address a
resident types is matched against (`reporting.addresses`), and the imports that bring it in."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AddressPoint(models.Model):
    """One address of the City's list, as the City writes it."""

    city_id = models.CharField(
        _("City's address id"), max_length=20, unique=True, help_text=_("The id the City's list gives it.")
    )
    address = models.CharField(_("address"), max_length=200)
    ward = models.PositiveSmallIntegerField(_("ward"))
    neighborhood = models.CharField(_("neighborhood"), max_length=100)
    # The address's words in their long forms ("500 south 4th street"), made by
    # reporting.addresses.search_text, which is what a resident's typing is compared with.
    search_text = models.CharField(_("words searched"), max_length=200, editable=False)
    is_demo = models.BooleanField(
        _("made up"), default=False, help_text=_("A made-up address of the demo data, not a real one.")
    )

    class Meta:
        verbose_name = _("address point")
        verbose_name_plural = _("address points")
        ordering = ["search_text", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(address=""), name="reporting_addresspoint_address_given"),
            models.CheckConstraint(condition=~Q(search_text=""), name="reporting_addresspoint_words_given"),
            models.CheckConstraint(
                condition=~Q(neighborhood=""), name="reporting_addresspoint_neighborhood_given"
            ),
        ]
        indexes = [
            # The points with the house number and a word of the street typed (reporting.addresses.match).
            GinIndex(SearchVector("search_text", config="simple"), name="reporting_address_words_idx"),
            # The ward and neighborhood filters' choices, and reports by ward (reporting.admin.queue).
            models.Index(fields=["ward"], name="reporting_address_ward_idx"),
            models.Index(fields=["neighborhood"], name="reporting_address_nbhd_idx"),
        ]

    def __str__(self):
        return self.address

    @property
    def label(self) -> str:
        """The address as a resident chooses it: with its neighborhood, which they know."""
        return f"{self.address} ({self.neighborhood})"


class AddressImport(models.Model):
    """A file of the City's address list, imported by the worker (`reporting.address_import`):
    its rows are checked, with progress, then saved all at once, or not at all when one is bad."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to start")
        CHECKING = "checking", _("Checking the rows")
        SAVING = "saving", _("Saving the addresses")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Not imported: rows to fix")

    file_name = models.CharField(_("file"), max_length=255)
    # Where the file waits in the "import_export" storage until the worker has read it.
    stored_name = models.CharField(max_length=255, editable=False)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    rows_checked = models.PositiveIntegerField(_("rows checked"), default=0)
    new_count = models.PositiveIntegerField(_("new addresses"), default=0)
    changed_count = models.PositiveIntegerField(_("changed addresses"), default=0)
    # [[row number, reason], ...]: what to fix in the file, row by row.
    errors = models.JSONField(_("rows to fix"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now, editable=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("address import")
        verbose_name_plural = _("address imports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_checked__lte=models.F("row_count")),
                name="reporting_addressimport_checked_within_rows",
            ),
        ]

    def __str__(self):
        return self.file_name

    @property
    def percent_checked(self) -> int:
        return 100 * self.rows_checked // self.row_count if self.row_count else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED)


# Minneapolis's wards, which the figures by ward and the ward shapes are numbered by.
WARDS = range(1, 14)


class WardImport(models.Model):
    """A GeoJSON file of the wards' shapes that was imported (`reporting.ward_import`): each import
    replaces every shape, so this is the history of who brought in which file."""

    file_name = models.CharField(_("file"), max_length=255)
    ward_count = models.PositiveSmallIntegerField(_("wards"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("imported by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("ward shapes import")
        verbose_name_plural = _("ward shapes imports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name


class WardBoundary(models.Model):
    """The shape of one ward as the City drew it, kept as a GeoJSON geometry (a Polygon or a
    MultiPolygon of longitudes and latitudes); the data page draws the wards from them."""

    ward = models.PositiveSmallIntegerField(_("ward"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    geometry = models.JSONField(_("shape (GeoJSON geometry)"))
    imported_in = models.ForeignKey(
        WardImport, verbose_name=_("imported in"), on_delete=models.PROTECT, related_name="boundaries"
    )

    class Meta:
        verbose_name = _("ward shape")
        verbose_name_plural = _("ward shapes")
        ordering = ["ward"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ward__gte=WARDS.start) & Q(ward__lt=WARDS.stop),
                name="reporting_wardboundary_ward_known",
            ),
        ]

    def __str__(self):
        return self.name
