"""Why a workflow step cannot happen, as the person who tried it is told. Below the services, so
the modules they use (PINs, exports) raise the same errors without importing them."""

from django.utils.translation import gettext_lazy as _

from reporting.models import Report


class ReportingError(Exception):
    """A workflow step that cannot happen; the message is meant for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class InvalidTransition(ReportingError):
    @classmethod
    def for_report(cls, report: Report) -> "InvalidTransition":
        return cls(
            _("This report is “%(status)s”, so that cannot be done now.")
            % {"status": report.get_status_display()}
        )


class NotPermitted(ReportingError):
    pass


class StorageUnavailable(Exception):
    """The file store refused a write (full, read-only, unreachable); nothing was saved. Apart
    from ReportingError: the form is shown again with what was typed, rather than left."""

    message = _("We could not store your files just now. Please try again in a few minutes.")
