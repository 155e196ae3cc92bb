"""The four funded 2021 pilots get the initiative's phases as their own, so the other programs no
longer borrow them; and the partners the City's pages do not name for a program are taken off it.

Only rows still as they were seeded change: a program staff gave phases or other partners keeps them.
"""

from django.db import migrations

FUNDED_PILOTS = (
    "mobile-crisis-teams",
    "911-behavioral-health-training",
    "mental-health-professionals-in-911",
    "city-staff-take-reports",
)
PHASE_COLUMNS = (
    "kind",
    "starts_on",
    "ends_on",
    "date_precision",
    *(
        f"{field}{suffix}"
        for field in ("name", "description")
        for suffix in ("", "_en", "_es", "_so", "_hmn")
    ),
)

# Program slug: (partners as seeded, the ones the City's pages tie to the program). The pages
# name where each of these programs works (911, 311, Traffic Control) and no other partner.
PARTNERS = {
    "mobile-crisis-teams": (
        {
            "Minneapolis 911 (Emergency Communications)",
            "Minneapolis Police Department",
            "Minneapolis Fire Department and Emergency Medical Services",
            "Hennepin County COPE mobile crisis team",
        },
        set(),
    ),
    "911-behavioral-health-training": (
        {"Minneapolis 911 (Emergency Communications)"},
        {"Minneapolis 911 (Emergency Communications)"},
    ),
    "mental-health-professionals-in-911": (
        {"Minneapolis 911 (Emergency Communications)", "Minneapolis Police Department"},
        {"Minneapolis 911 (Emergency Communications)"},
    ),
    "community-de-escalation-training": ({"Office of Violence Prevention"}, set()),
    "property-damage-and-parking-calls-to-311": (
        {"Minneapolis 311", "Minneapolis Police Department"},
        {"Minneapolis 311"},
    ),
    "online-reporting": ({"Minneapolis 311", "Minneapolis Police Department"}, set()),
    "reporting-awareness-campaign": ({"Minneapolis 311"}, {"Minneapolis 311"}),
    "city-staff-take-reports": ({"Minneapolis Police Department"}, set()),
    "parking-calls-to-traffic-control": (
        {"Traffic Control", "Minneapolis 311", "Minneapolis Police Department"},
        {"Traffic Control"},
    ),
    "community-safety-ambassadors": ({"Community Safety Office"}, set()),
}


def _set_partners(apps, which: int, to: int) -> None:
    """Programs whose partners are still the `which` set get the `to` set."""
    Program = apps.get_model("pilots", "Program")
    Partner = apps.get_model("pilots", "Partner")
    for slug, sets in PARTNERS.items():
        program = Program.objects.filter(slug=slug).first()
        if program and set(program.partners.values_list("name_en", flat=True)) == sets[which]:
            program.partners.set(Partner.objects.filter(name_en__in=sets[to]))


def seed_phases_and_partners(apps, schema_editor):
    Program = apps.get_model("pilots", "Program")
    Phase = apps.get_model("pilots", "Phase")
    initiative = list(Phase.objects.filter(program__isnull=True).values(*PHASE_COLUMNS))
    for program in Program.objects.filter(slug__in=FUNDED_PILOTS, phases__isnull=True):
        Phase.objects.bulk_create(Phase(program=program, **columns) for columns in initiative)
    _set_partners(apps, which=0, to=1)


def unseed_phases_and_partners(apps, schema_editor):
    Phase = apps.get_model("pilots", "Phase")
    for columns in Phase.objects.filter(program__isnull=True).values("kind", "starts_on", "ends_on"):
        Phase.objects.filter(program__slug__in=FUNDED_PILOTS, **columns).delete()
    _set_partners(apps, which=1, to=0)


class Migration(migrations.Migration):
    dependencies = [("pilots", "0011_status_date_inferred")]

    operations = [migrations.RunPython(seed_phases_and_partners, unseed_phases_and_partners)]
