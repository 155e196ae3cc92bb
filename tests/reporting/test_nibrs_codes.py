"""The codes of the file for the police records system, checked against the FBI's NIBRS User
Manual: the tables here are copied from the manual (Data Elements 6, 14 and 15), not from our
code, and the file must give each kind of item under each offense the code the manual gives it."""

import csv
import io
from decimal import Decimal

import pytest

from accounts.roles import REPORT_TAKERS
from reporting import records_export, services
from tests.factories import make_report, make_staff

pytestmark = pytest.mark.django_db

# Data Element 6, UCR Offense Code: the offenses a theft or property-damage report can be.
MANUAL_OFFENSES = {
    "23F": "Theft From Motor Vehicle",
    "23G": "Theft of Motor Vehicle Parts or Accessories",
    "23H": "All Other Larceny",
    "290": "Destruction/Damage/Vandalism of Property",
}
# Data Element 14, Type Property Loss/Etc.
STOLEN, DESTROYED = "7", "4"
# Data Element 15, Property Description: the descriptions a kind of item on our form falls
# within alone. The other kinds span several: a bicycle (04 Bicycles) or a scooter (a motor
# scooter is 24 Other Motor Vehicles); 07 Computer Hardware/Software, 26 Radios/TVs/VCRs/DVD
# Players or 75 Portable Electronic Communications; 20 Money, 09 Credit/Debit Cards or 21
# Negotiable Instruments; 36 Tools or equipment of many descriptions; 65 Identity Documents or
# 48 Documents/Personal or Business; structures (29 to 35) or 03 Automobiles for damaged property;
# and whatever was in a package. Their code is left for records staff.
MANUAL_PROPERTY = {
    "17": "Jewelry/Precious Metals/Gems",
    "25": "Purses/Handbags/Wallets",
    "38": "Vehicle Parts/Accessories",
}

# What happened, where, the kind of item; the offense, the loss and the property description it
# is given. Where it happened decides between 23F and 23H ("vehicle" is the form's "Vehicle",
# any other place is as "street"); a vehicle part is 23G wherever it was taken.
TABLE = [
    ("theft", "street", "bicycle", "23H", STOLEN, ""),
    ("theft", "vehicle", "bicycle", "23F", STOLEN, ""),
    ("damage", "street", "bicycle", "290", DESTROYED, ""),
    ("theft", "street", "electronics", "23H", STOLEN, ""),
    ("theft", "vehicle", "electronics", "23F", STOLEN, ""),
    ("damage", "street", "electronics", "290", DESTROYED, ""),
    ("theft", "street", "bag", "23H", STOLEN, "25"),
    ("theft", "vehicle", "bag", "23F", STOLEN, "25"),
    ("damage", "street", "bag", "290", DESTROYED, "25"),
    ("theft", "street", "money", "23H", STOLEN, ""),
    ("theft", "vehicle", "money", "23F", STOLEN, ""),
    ("damage", "street", "money", "290", DESTROYED, ""),
    ("theft", "street", "jewelry", "23H", STOLEN, "17"),
    ("theft", "vehicle", "jewelry", "23F", STOLEN, "17"),
    ("damage", "street", "jewelry", "290", DESTROYED, "17"),
    ("theft", "street", "tools", "23H", STOLEN, ""),
    ("theft", "vehicle", "tools", "23F", STOLEN, ""),
    ("damage", "street", "tools", "290", DESTROYED, ""),
    ("theft", "street", "vehicle_part", "23G", STOLEN, "38"),
    ("theft", "vehicle", "vehicle_part", "23G", STOLEN, "38"),
    ("damage", "street", "vehicle_part", "290", DESTROYED, "38"),
    ("theft", "street", "package", "23H", STOLEN, ""),
    ("theft", "vehicle", "package", "23F", STOLEN, ""),
    ("damage", "street", "package", "290", DESTROYED, ""),
    ("theft", "street", "documents", "23H", STOLEN, ""),
    ("theft", "vehicle", "documents", "23F", STOLEN, ""),
    ("damage", "street", "documents", "290", DESTROYED, ""),
    ("theft", "street", "property", "23H", STOLEN, ""),
    ("theft", "vehicle", "property", "23F", STOLEN, ""),
    ("damage", "street", "property", "290", DESTROYED, ""),
    ("theft", "street", "other", "23H", STOLEN, ""),
    ("theft", "vehicle", "other", "23F", STOLEN, ""),
    ("damage", "street", "other", "290", DESTROYED, ""),
    # Theft and damage: the damaged property was damaged, any other item stolen.
    ("both", "street", "property", "290", DESTROYED, ""),
    ("both", "street", "jewelry", "23H", STOLEN, "17"),
    ("both", "vehicle", "bag", "23F", STOLEN, "25"),
    ("both", "street", "vehicle_part", "23G", STOLEN, "38"),
]


def exported(report) -> list[dict]:
    services.accept(report, actor=make_staff(REPORT_TAKERS))
    record = records_export.export_daily()
    with record.file.open("rb") as file:
        return list(csv.DictReader(io.StringIO(file.read().decode())))


@pytest.mark.parametrize(("what", "where", "kind", "offense", "loss", "description"), TABLE)
def test_each_kind_of_item_is_given_the_codes_of_the_nibrs_manual(
    what, where, kind, offense, loss, description
):
    report, _token = make_report(
        kind=what,
        place_type=where,
        items=[{"kind": kind, "description": "Taken or broken", "quantity": 2, "value": Decimal("10.40")}],
    )

    [row] = [row for row in exported(report) if row["item_description"]]

    assert (row["offense_code"], row["offense"]) == (offense, MANUAL_OFFENSES[offense])
    assert row["property_loss_code"] == loss
    assert (row["property_description_code"], row["property_description"]) == (
        description,
        MANUAL_PROPERTY.get(description, ""),
    )
    # Data Element 16: the value in whole dollars, rounded (2 at $10.40).
    assert (row["quantity"], row["property_value"]) == ("2", "21")


@pytest.mark.parametrize(
    ("what", "where", "offenses"),
    [
        ("theft", "street", ["23H"]),
        ("theft", "vehicle", ["23F"]),
        ("damage", "vehicle", ["290"]),
        ("both", "street", ["23H", "290"]),
        ("both", "vehicle", ["23F", "290"]),
    ],
)
def test_each_offense_the_report_names_has_a_row_when_no_item_is_listed(what, where, offenses):
    report, _token = make_report(kind=what, place_type=where)

    rows = exported(report)

    assert [row["offense_code"] for row in rows] == offenses
    assert {row["property_loss_code"] for row in rows if row["offense_code"] == "290"} <= {DESTROYED}
    assert all(row["item_kind"] == row["property_value"] == "" for row in rows)


def test_a_report_of_both_with_only_damaged_property_still_reports_the_theft():
    report, _token = make_report(
        kind="both", items=[{"kind": "property", "description": "Back door", "value": 250}]
    )

    rows = exported(report)

    assert [(row["offense_code"], row["item_description"]) for row in rows] == [
        ("290", "Back door"),
        ("23H", ""),
    ]


def test_items_taken_from_a_car_and_its_parts_are_two_offenses():
    report, _token = make_report(
        place_type="vehicle",
        items=[
            {"kind": "vehicle_part", "description": "Catalytic converter", "value": 900},
            {"kind": "electronics", "description": "Phone", "value": 300},
        ],
    )

    rows = exported(report)

    assert [(row["offense_code"], row["item_description"]) for row in rows] == [
        ("23G", "Catalytic converter"),
        ("23F", "Phone"),
    ]


def test_an_item_without_a_value_has_none_in_the_file():
    report, _token = make_report(items=[{"kind": "other", "description": "Garden gnome"}])

    [row] = exported(report)

    assert row["property_value"] == ""
