"""Made-up resident reports, City sites and address list for local development (`make run`), so
the staff queue has work in it, a visit can be booked and an address matched at once. Every
report is from a "Demo resident" at example.org, every site and address point is marked as made
up; never loaded in production (`manage.py load_demo_reports` refuses to run without DEBUG)."""

from datetime import time, timedelta

from django.contrib.auth import get_user_model
from django.test.utils import override_settings
from django.utils import timezone

from reporting import addresses, services
from reporting.models import AddressPoint, Availability, Reason, Report, Site

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


# Made-up sites: the City's pages name none. Addresses are of no real building.
DEMO_SITES = [
    {
        "name_en": "Demo site: East Lake Street",
        "name_es": "Sitio de demostración: East Lake Street",
        "name_so": "Goob tijaabo ah: East Lake Street",
        "name_hmn": "Qhov chaw sim: East Lake Street",
        "address": "100 Example Lane\nMinneapolis, MN 55400",
        "room_en": "Front desk",
        "room_es": "Recepción",
        "room_so": "Miiska hore",
        "room_hmn": "Lub rooj pem hauv ntej",
        "hours_en": "Monday to Friday, 9 a.m. to 4 p.m.",
        "hours_es": "De lunes a viernes, de 9 a. m. a 4 p. m.",
        "hours_so": "Isniin ilaa Jimce, 9 subaxnimo ilaa 4 galabnimo",
        "hours_hmn": "Hnub Monday txog Friday, 9 teev sawv ntxov txog 4 teev tsaus ntuj",
        "languages_en": "English, Somali, Spanish",
        "languages_es": "Inglés, somalí, español",
        "languages_so": "Ingiriisi, Soomaali, Isbaanish",
        "languages_hmn": "Lus Askiv, lus Somali, lus Mev",
        "accessibility_en": "Step-free entrance; accessible restroom.",
        "accessibility_es": "Entrada sin escalones; baño accesible.",
        "accessibility_so": "Albaab aan jaranjaro lahayn; musqul la geli karo.",
        "accessibility_hmn": "Qhov rooj nkag tsis muaj ntaiv; chav dej siv tau yooj yim.",
        "order": 1,
    },
    {
        "name_en": "Demo site: North Side",
        "name_es": "Sitio de demostración: North Side",
        "name_so": "Goob tijaabo ah: North Side",
        "name_hmn": "Qhov chaw sim: North Side",
        "address": "200 Sample Avenue North\nMinneapolis, MN 55400",
        "room_en": "Room 2",
        "room_es": "Sala 2",
        "room_so": "Qolka 2",
        "room_hmn": "Chav 2",
        "hours_en": "Tuesday and Thursday, noon to 7 p.m.",
        "hours_es": "Martes y jueves, de mediodía a 7 p. m.",
        "hours_so": "Talaado iyo Khamiis, duhurka ilaa 7 fiidnimo",
        "hours_hmn": "Hnub Tuesday thiab Thursday, 12 teev tav su txog 7 teev tsaus ntuj",
        "languages_en": "English, Hmong",
        "languages_es": "Inglés, hmong",
        "languages_so": "Ingiriisi, Hmong",
        "languages_hmn": "Lus Askiv, lus Hmoob",
        "accessibility_en": "Elevator to the second floor.",
        "accessibility_es": "Ascensor al segundo piso.",
        "accessibility_so": "Wiish loo raaco dabaqa labaad.",
        "accessibility_hmn": "Muaj elevator mus rau theem ob.",
        "order": 2,
    },
]


def load_demo_sites() -> list[Site]:
    """Create the made-up sites once; returns them."""
    if not Site.objects.filter(is_demo=True).exists():
        for fields in DEMO_SITES:
            Site.objects.create(is_demo=True, **fields)
    return list(Site.objects.filter(is_demo=True))


# A made-up address list, as the City writes its addresses: real street names, but numbers,
# wards and neighborhoods given here, not taken from the City's list. (street, ward, neighborhood)
DEMO_STREETS = [
    ("Nicollet Mall", 7, "Downtown West"),
    ("S 4th St", 3, "Downtown East"),
    ("E Lake St", 9, "Powderhorn Park"),
    ("W Lake St", 10, "Lowry Hill East"),
    ("Chicago Ave", 8, "Central"),
    ("E Franklin Ave", 6, "Ventura Village"),
    ("Hennepin Ave", 7, "Loring Park"),
    ("Cedar Ave S", 2, "Cedar Riverside"),
]
DEMO_HOUSE_NUMBERS = range(100, 3100, 100)


def demo_address_points() -> list[AddressPoint]:
    """The made-up address list, unsaved: a point every hundred numbers along each demo street."""
    return [
        AddressPoint(
            city_id=f"DEMO-{street_number}-{number}",
            address=f"{number} {street}",
            ward=ward,
            neighborhood=neighborhood,
            search_text=addresses.search_text(f"{number} {street}"),
            is_demo=True,
        )
        for street_number, (street, ward, neighborhood) in enumerate(DEMO_STREETS)
        for number in DEMO_HOUSE_NUMBERS
    ]


def load_demo_addresses() -> int:
    """Create the made-up address list once; returns how many points it has."""
    if not AddressPoint.objects.filter(is_demo=True).exists():
        AddressPoint.objects.bulk_create(demo_address_points())
    return AddressPoint.objects.filter(is_demo=True).count()


# The demo staff account (accounts.demo) that takes and works the demo reports.
REPORT_TAKER = "reporttaker"

# The demo report taker's week, within each demo site's hours: (site's place in DEMO_SITES, or
# None for home visits; kind; weekdays; from; until). With no last day, a demo database loaded
# weeks ago still has times to book.
DEMO_AVAILABILITY = [
    (0, Availability.Kind.BOOKED, (0, 1, 2, 3, 4), time(9), time(12)),
    (0, Availability.Kind.WALK_IN, (0, 2, 4), time(13), time(16)),
    (1, Availability.Kind.BOOKED, (1, 3), time(12), time(15)),
    (1, Availability.Kind.WALK_IN, (1, 3), time(15), time(19)),
    (None, Availability.Kind.BOOKED, (0, 2, 4), time(16, 30), time(19)),
    (None, Availability.Kind.BOOKED, (5,), time(10), time(14)),
]


def load_demo_availability(staff, sites: list[Site]) -> None:
    """The demo report taker's weekly times at the demo sites and at homes, once, so a visit can
    be booked in the form at once."""
    if Availability.objects.filter(staff=staff).exists():
        return
    Availability.objects.bulk_create(
        Availability(
            staff=staff,
            site=None if place is None else sites[place],
            kind=kind,
            weekday=weekday,
            starts=starts,
            ends=ends,
        )
        for place, kind, weekdays, starts, ends in DEMO_AVAILABILITY
        for weekday in weekdays
    )


def load_demo_reports() -> int:
    """Create the demo sites, address list and reports once; returns how many demo reports there are."""
    sites = load_demo_sites()
    load_demo_addresses()
    staff = get_user_model().objects.get(username=REPORT_TAKER)
    load_demo_availability(staff, sites)
    existing = Report.objects.filter(email__endswith=f"@{DEMO_EMAIL_DOMAIN}")
    if existing.exists():
        return existing.count()
    # Demo residents do not exist: their emails are sent at once, to nowhere, never queued.
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        for number, row in enumerate(DEMO_REPORTS, start=1):
            kind, follow_up, channel, place, address, narrative, items, language, action, contact = row
            report = services.submit_report(
                fields={
                    "address_point": addresses.geocoder().match(address).exact,
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
                services.schedule_visit(
                    report,
                    actor=staff,
                    date=timezone.localdate() + timedelta(days=1),
                    window_start=time(10),
                    window_end=time(10, 45),
                    staff=staff,
                    site=sites[0],
                )
            elif action == "assign":
                services.assign(report, actor=staff, assignee=staff)
                services.record_call(
                    report,
                    actor=staff,
                    result="answered",
                    outcome="Went through the package's details.",
                    minutes=10,
                )
            elif action == "refer":
                reason = Reason.objects.filter(action=Reason.Action.REFER).first()
                services.refer(report, actor=staff, reason=reason)
    return existing.count()
