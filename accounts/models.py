from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.client_ip import client_ip


class SignInEventKind(models.TextChoices):
    SIGNED_IN = "signed_in", _("Signed in")
    SIGNED_OUT = "signed_out", _("Signed out")
    FAILED_SIGN_IN = "failed_sign_in", _("Failed sign-in")
    LOCKED_OUT = "locked_out", _("Locked out")
    ENROLLED = "enrolled", _("Second factor set up")
    VERIFIED = "verified", _("Second factor verified")
    FAILED_CODE = "failed_code", _("Wrong second-factor code")
    RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")


class SignInEvent(models.Model):
    """One step of a staff sign-in, kept for audit. Append-only (a trigger refuses changes);
    it never holds a password or a code."""

    Kind = SignInEventKind  # defined outside so that Meta.constraints can name its values

    kind = models.CharField(_("event"), max_length=20, choices=Kind.choices)
    # The account signed in, or the username that was tried: no foreign key, so the record
    # outlives the account and names what was typed for accounts that do not exist.
    username = models.CharField(_("username"), max_length=150)
    client_ip = models.CharField(_("client address"), max_length=64)
    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("sign-in event")
        verbose_name_plural = _("sign-in events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["username", "occurred_at"], name="accounts_event_username_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SignInEventKind.values), name="accounts_signinevent_kind_valid"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username}"

    @classmethod
    def record(cls, kind, request, username):
        return cls.objects.create(
            kind=kind,
            username=(username or "")[: cls._meta.get_field("username").max_length],
            client_ip=client_ip(request) if request is not None else "",
        )
