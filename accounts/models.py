import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin

from core.client_ip import client_ip


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


class RecoveryCodeHasher(PBKDF2PasswordHasher):
    """PBKDF2-SHA256 with a random salt per code, at fewer rounds than a password gets: a sign-in
    checks all ten codes, and each code is already random (40 bits), unlike a chosen password."""

    iterations = 10_000


class RecoveryCodeDevice(ThrottlingMixin, Device):
    """A staff member's recovery codes, for when their phone is lost: each signs in once.

    Only a salted hash of each code is stored (`RecoveryCode`); the codes themselves are shown
    once, when they are made. Wrong codes are throttled like the app's (django-otp)."""

    class Meta:
        verbose_name = _("recovery codes")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user"], name="accounts_recoverycodedevice_one_per_user")
        ]

    def get_throttle_factor(self):
        return settings.OTP_RECOVERY_CODE_THROTTLE_FACTOR

    def verify_token(self, token):
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        with transaction.atomic():
            # Locked, so that two sign-ins at once cannot both use the same code.
            codes = list(self.codes.select_for_update())
            # Every code is checked, so the time taken does not tell which one matched.
            matches = [code.pk for code in codes if RecoveryCodeHasher().verify(token, code.digest)]
            if matches:
                RecoveryCode.objects.filter(pk__in=matches).delete()
                self.throttle_reset()
            else:
                self.throttle_increment()
        return bool(matches)


class RecoveryCode(models.Model):
    """One unused recovery code, as a salted hash; deleted when it is used."""

    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        # Never the digest: nothing shows it.
        return str(_("recovery code"))

    @classmethod
    def new_codes(cls, device: RecoveryCodeDevice, count: int) -> list[str]:
        """Make `count` new codes for `device`, store their hashes and return the codes."""
        hasher = RecoveryCodeHasher()
        codes = [b32encode(secrets.token_bytes(5)).decode().lower() for _i in range(count)]
        cls.objects.bulk_create(
            cls(device=device, digest=hasher.encode(code, hasher.salt())) for code in codes
        )
        return codes
