"""Made-up resident reports for local development (`make run`), so the staff queue has work in
it. Every one is from a "Demo resident" at example.org; never loaded in production
(`manage.py load_demo_reports` refuses to run without DEBUG)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from reporting import services
from reporting.models import Reason, Report

DEMO_EMAIL_DOMAIN = "demo.example.org"

# (kind, follow-up, channel, place, address, narrative, items, language, what staff did, and the
# phone number or home address the follow-up needs: fictional 555-01xx numbers)
DEMO_REPORTS = [
    (
        "theft",
        "online",
        "online",
        "street",
        "1200 Nicollet Mall",
        "My bike was locked to the rack outside the library. When I came back the lock was cut.",
        [
            {
                "kind": "bicycle",
                "description": "Blue mountain bike",
                "brand": "Trek",
                "serial_number": "WTU0451",
                "quantity": 1,
                "value": "450.00",
            }
        ],
        "en",
        None,
        {},
    ),
    (
        "damage",
        "phone",
        "online",
        "vehicle",
        "2800 E Lake St",
        "Someone broke the passenger window of my car overnight. Nothing was taken.",
        [],
        "es",
        "request_info",
        {"phone": "+16125550142"},
    ),
    (
        "both",
        "visit",
        "online",
        "home",
        "1500 E Franklin Ave",
        "The garage door was forced open and two power tools were taken.",
        [
            {
                "kind": "tools",
                "description": "Cordless drill",
                "brand": "DeWalt",
                "quantity": 1,
                "value": "180.00",
            },
            {
                "kind": "tools",
                "description": "Circular saw",
                "brand": "Makita",
                "quantity": 1,
                "value": "220.00",
            },
        ],
        "so",
        "accept",
        {"home_address": "1500 E Franklin Ave"},
    ),
    (
        "theft",
        "phone",
        "phone",
        "apartment",
        "350 S 5th St",
        "A package left in the lobby was gone an hour after it was delivered.",
        [{"kind": "package", "description": "Box with winter boots", "quantity": 1, "value": "95.00"}],
        "hmn",
        "assign",
        {"phone": "+16125550187"},
    ),
    (
        "damage",
        "online",
        "online",
        "street",
        "3000 Hiawatha Ave",
        "Graffiti was painted on the City streetlight pole in front of my house.",
        [],
        "en",
        "refer",
        {},
    ),
]


# The demo staff account (accounts.demo) that takes and works the demo reports.
REPORT_TAKER = "reporttaker"


def load_demo_reports() -> int:
    """Create the demo reports once; returns how many demo reports there are."""
    existing = Report.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if existing.exists():
        return existing.count()
    staff = get_user_model().objects.get(username=REPORT_TAKER)
    # Demo residents do not exist: their emails are sent at once, to nowhere, never queued.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        for number, row in enumerate(DEMO_REPORTS, start=1):
            kind, follow_up, channel, place, address, narrative, items, language, action, contact = row
            report = services.submit_report(
                fields={
                    "kind": kind,
                    "follow_up": follow_up,
                    "occurred_from": timezone.localdate() - timedelta(days=number),
                    "address": address,
                    "place_type": place,
                    "narrative": narrative,
                    "full_name": f"Demo resident {number}",
                    "email": f"resident{number}@{DEMO_EMAIL_DOMAIN}",
                    "language": language,
                    "false_report_acknowledged": True,
                    **contact,
                },
                items=items,
                channel=channel,
                taken_by=staff if channel != "online" else None,
            )
            if action == "request_info":
                services.request_info(report, actor=staff, body="Could you add a photo of the damage?")
            elif action == "accept":
                services.accept(report, actor=staff)
            elif action == "assign":
                services.assign(report, actor=staff, assignee=staff)
            elif action == "refer":
                reason = Reason.objects.filter(action=Reason.Action.REFER).first()
                services.refer(report, actor=staff, reason=reason)
    return existing.count()
