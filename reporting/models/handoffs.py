"""Reports passed on to the agency a referral names (`reporting.handoffs`): where each destination
receives them, and what became of each report passed on."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from reporting.models.casework import Reason
from reporting.models.reports import Report, one_of

Destination = Reason.Destination
# The destinations the City names, which can each have one address. "Another agency" is named
# reason by reason, in its words, so no single address serves it; "nowhere else" is nowhere.
ADDRESSABLE = [Destination.MPD, Destination.CITY_311, Destination.TRAFFIC_CONTROL]


class HandoffAddress(models.Model):
    """Where the reports referred to one destination are sent, as a PDF by email; without an
    address the resident is only told whom to call. Only Supervisors change it; each change is
    kept (audit/tracking.py) and announced to the other Supervisors."""

    destination = models.CharField(
        _("destination"), max_length=16, choices=Destination.choices, unique=True, editable=False
    )
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_(
            "Reports referred here go to this address, when the resident agreed. Leave it empty to "
            "only tell the resident whom to call."
        ),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("address for reports passed on")
        verbose_name_plural = _("addresses for reports passed on")
        ordering = ["destination"]
        constraints = [
            models.CheckConstraint(
                condition=Q(destination__in=[str(value) for value in ADDRESSABLE]),
                name="reporting_handoffaddress_named_destination",
            ),
        ]

    def __str__(self):
        return str(self.get_destination_display())


class Handoff(models.Model):
    """A referred report passed on to its destination, or held back for want of the resident's
    consent; how its delivery went. It holds no personal data: the packet is made when it is sent
    and kept nowhere, and the row goes with its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NO_CONSENT = "no_consent", _("Not passed on: no consent")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="handoffs"
    )
    reason = models.ForeignKey(
        Reason, verbose_name=_("reason for referral"), on_delete=models.PROTECT, related_name="+"
    )
    # As the reason named it when the report was referred.
    destination = models.CharField(_("destination"), max_length=16, choices=Destination.choices)
    email = models.EmailField(_("sent to"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    error = models.TextField(_("last error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("tries"), default=0)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("referred by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report passed on")
        verbose_name_plural = _("reports passed on")
        ordering = ["-created_at", "-id"]
        permissions = [("resend_handoff", "Can send a report passed on again")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="no_consent", email="") | (~Q(status="no_consent") & ~Q(email="")),
                name="reporting_handoff_address_when_passed_on",
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="reporting_handoff_sent_with_time",
            ),
        ]
        indexes = [
            # The Supervisors' list of hand-offs that failed (reporting.admin.lists.HandoffAdmin).
            models.Index(
                fields=["-created_at"], condition=Q(status="failed"), name="reporting_handoff_failed_idx"
            ),
        ]

    def __str__(self):
        return f"{self.report_id} {self.get_destination_display()}"

    @property
    def passes_on(self) -> bool:
        """Whether the report goes to its destination (it is not held back for want of consent)."""
        return self.status != self.Status.NO_CONSENT


one_of(Handoff, "status", Handoff.Status)
