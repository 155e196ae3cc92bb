"""The FBI's NIBRS codes that the file for the police records system gives each offense and item
(`reporting.records_export`), and the rules that choose them from what the form asks. Codes and
names are those of the FBI's NIBRS User Manual: Data Element 6 (UCR Offense Code), 14 (Type
Property Loss/Etc.) and 15 (Property Description). docs/records-export.md explains each rule."""

from decimal import ROUND_HALF_UP, Decimal

from reporting.models import Item, Report

THEFT_FROM_MOTOR_VEHICLE = "23F"
MOTOR_VEHICLE_PARTS = "23G"
ALL_OTHER_LARCENY = "23H"
DAMAGE = "290"
# Data Element 6. Stolen motor vehicles (240) are sent to the police by the screening questions
# before the form, and the form cannot tell the other larcenies (23A to 23E) from 23H.
OFFENSES = {
    THEFT_FROM_MOTOR_VEHICLE: "Theft From Motor Vehicle",
    MOTOR_VEHICLE_PARTS: "Theft of Motor Vehicle Parts or Accessories",
    ALL_OTHER_LARCENY: "All Other Larceny",
    DAMAGE: "Destruction/Damage/Vandalism of Property",
}
LARCENIES = (THEFT_FROM_MOTOR_VEHICLE, MOTOR_VEHICLE_PARTS, ALL_OTHER_LARCENY)

# Data Element 14: what happened to the property under each offense.
STOLEN = "7"
DESTROYED = "4"
LOSSES = {STOLEN: "Stolen/Etc.", DESTROYED: "Destroyed/Damaged/Vandalized"}

# Data Element 15, for the kinds of item that fall within one description. The other kinds span
# several (a phone or a computer, cash or a card, a bicycle or a motor scooter), so the file
# leaves their code empty and records staff choose it from the item's description.
PROPERTY_DESCRIPTIONS = {
    Item.Kind.BAG: ("25", "Purses/Handbags/Wallets"),
    Item.Kind.JEWELRY: ("17", "Jewelry/Precious Metals/Gems"),
    Item.Kind.VEHICLE_PART: ("38", "Vehicle Parts/Accessories"),
}


def larceny(report: Report, item: Item | None) -> str:
    """A vehicle part is 23G wherever it was taken; anything else taken where the resident said
    it happened in or at a vehicle is 23F; the rest is 23H."""
    if item is not None and item.kind == Item.Kind.VEHICLE_PART:
        return MOTOR_VEHICLE_PARTS
    if report.place_type == Report.PlaceType.VEHICLE:
        return THEFT_FROM_MOTOR_VEHICLE
    return ALL_OTHER_LARCENY


def was_damaged(report: Report, item: Item) -> bool:
    """Whether the item was damaged rather than stolen. The form does not ask it of each item:
    in a report of both, an item of the kind "damaged property" was damaged and any other stolen."""
    if report.kind == Report.Kind.BOTH:
        return item.kind == Item.Kind.PROPERTY
    return report.kind == Report.Kind.DAMAGE


def offense_lines(report: Report, items: list[Item]) -> list[tuple[str, Item | None]]:
    """Each item under its offense, then each offense the report names that no item came under,
    with no item: a theft with nothing listed is still a theft."""
    lines = [(DAMAGE if was_damaged(report, item) else larceny(report, item), item) for item in items]
    codes = {code for code, _item in lines}
    if report.kind != Report.Kind.DAMAGE and not codes & set(LARCENIES):
        lines.append((larceny(report, None), None))
    if report.kind != Report.Kind.THEFT and DAMAGE not in codes:
        lines.append((DAMAGE, None))
    return lines


def loss(offense: str) -> str:
    return DESTROYED if offense == DAMAGE else STOLEN


def property_value(item: Item) -> int | None:
    """Data Element 16: the items' value in whole dollars, rounded; None when none was given."""
    if item.value is None:
        return None
    return int((item.value * item.quantity).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
