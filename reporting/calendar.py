"""A visit's calendar file (iCalendar, RFC 5545): attached to each email about the visit, and
behind the single-use link a text message carries. It says when and where in the resident's
language, never who.

A visit is one event in the resident's calendar for its whole life: a moved visit carries the
first one's `calendar_uid` one step on in `calendar_sequence`, so the calendar changes the event
it has rather than adding another, and a cancelled one removes it (METHOD:CANCEL, one step on)."""

from datetime import timedelta
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from reporting.models import Visit

FILENAME = "visit.ics"
CONTENT_TYPE = "text/calendar"
PRODUCT = "-//City of Minneapolis//Alternatives to police response//EN"


def event_uid(visit: Visit) -> str:
    """The event's id in every calendar: the same for a visit and each one it was moved to."""
    return f"{visit.calendar_uid}@{urlsplit(settings.SITE_URL).hostname}"


def visit_file(visit: Visit) -> bytes:
    """The calendar file of the visit as it stands: a request to add or change the event, or,
    once the visit is cancelled, to remove it."""
    report = visit.report
    with translation.override(report.language):
        event = Event()
        event.add("uid", event_uid(visit))
        event.add("sequence", visit.calendar_sequence + (1 if visit.cancelled else 0))
        event.add("dtstamp", timezone.now())
        event.add("dtstart", visit.starts_at)
        event.add("dtend", visit.ends_at)
        event.add("status", "CANCELLED" if visit.cancelled else "CONFIRMED")
        event.add("summary", _("City visit about report %(reference)s") % {"reference": report.reference})
        event.add(
            "location", visit.site.one_line() if visit.site else _("Your home, or the address you gave us")
        )
        event.add(
            "description",
            _("A City staff member will meet you about your report %(reference)s.")
            % {"reference": report.reference}
            + " "
            + _("If this time does not work for you, call 311."),
        )
        event.add(
            "organizer",
            f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}",
            parameters={"CN": _("City of Minneapolis")},
        )
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if visit.cancelled else "REQUEST")
    calendar.add_component(event)
    # The City's time zone rules around the visit's day only, not since 1970.
    calendar.add_missing_timezones(
        first_date=visit.date - timedelta(days=366), last_date=visit.date + timedelta(days=366)
    )
    return calendar.to_ical()
