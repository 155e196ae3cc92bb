"""Records of the PINs residents follow their reports with: who gave each one and how, and the
wrong tries at the look-up, which Supervisors read (`reporting.pins`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reporting.models.reports import Report


class PinIssue(models.Model):
    """One PIN given to a resident: on the online receipt, or by staff, only in ways that reach
    the resident and nobody posing as them (never read out to someone who rang in)."""

    class Delivery(models.TextChoices):
        RECEIPT = "receipt", _("On the receipt of the online form")
        TEXT = "text", _("By text message to the number on file")
        CALL_BACK = "call_back", _("Read out on a call back to the number on file")
        IN_PERSON = "in_person", _("Given to the resident in person")

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="pin_issues"
    )
    delivery = models.CharField(_("how it was given"), max_length=10, choices=Delivery.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the online form gave it."),
    )
    created_at = models.DateTimeField(_("given at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("PIN given")
        verbose_name_plural = _("PINs given")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.report} {self.get_delivery_display()}"


class WrongPin(models.Model):
    """A wrong reference and PIN pair at the look-up. The reference is kept as typed (unknown ones
    too: many of them are the sign of someone walking through numbers); the client only as the
    rate limits' salted hash of its address."""

    reference = models.CharField(_("reference number typed"), max_length=30)
    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when no report has this reference number."),
    )
    client = models.CharField(_("client (hashed address)"), max_length=40)
    created_at = models.DateTimeField(_("tried at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("wrong PIN")
        verbose_name_plural = _("wrong PINs")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The burst check counts the references tried in the last hour (reporting.pins).
            models.Index(fields=["created_at"], name="reporting_wrongpin_created_idx"),
        ]

    def __str__(self):
        return f"{self.reference} {self.created_at:%Y-%m-%d %H:%M}"
