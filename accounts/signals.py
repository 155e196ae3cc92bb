"""Sign-in events from Django's and django-axes' signals; the second-factor views record theirs."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import SignInEvent
from accounts.sessions import start_staff_session


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    start_staff_session(request, user)
    SignInEvent.record(SignInEvent.Kind.SIGNED_IN, request, user.get_username())


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        SignInEvent.record(SignInEvent.Kind.SIGNED_OUT, request, user.get_username())


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    SignInEvent.record(SignInEvent.Kind.FAILED_SIGN_IN, request, credentials.get("username"))


@receiver(user_locked_out)
def _locked_out(sender, request, username, **kwargs):
    SignInEvent.record(SignInEvent.Kind.LOCKED_OUT, request, username)
